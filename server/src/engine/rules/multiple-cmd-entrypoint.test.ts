import { multipleCmdEntrypoint } from './multiple-cmd-entrypoint';
import { ruleTester } from './testing/ruleTester';

ruleTester(multipleCmdEntrypoint, {
  valid: [
    { code: 'FROM node:22-alpine\nCMD ["node", "server.js"]\n' },
    {
      name: 'one CMD per stage',
      code: 'FROM golang:1.27 AS build\nCMD ["go", "test", "./..."]\nFROM alpine:3.24\nCMD ["/app"]\n',
    },
    {
      name: 'HEALTHCHECK CMD is not a CMD',
      code: 'FROM python:3.13-alpine\nHEALTHCHECK --interval=5s CMD wget -qO- http://localhost:8080 || exit 1\nCMD ["python", "-m", "http.server", "8080"]\n',
    },
    {
      name: 'one ENTRYPOINT and one CMD',
      code: 'FROM alpine:3.24\nENTRYPOINT ["/bin/app"]\nCMD ["--help"]\n',
    },
    {
      name: 'alternatives in an ERB template (rails generator)',
      code: 'FROM ruby:3.4-slim\n<% if skip_thruster? -%>\nCMD ["./bin/rails", "server"]\n<% else -%>\nCMD ["./bin/thrust", "./bin/rails", "server"]\n<% end -%>\n',
    },
    { name: 'ONBUILD CMD', code: 'FROM alpine:3.24\nONBUILD CMD ["x"]\nCMD ["y"]\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.24\nCMD echo "Hello, Norway!"\nCMD echo "Hello, Sweden!"\n',
      errors: [{ line: 2, column: 1, message: 'line 3 replaces it' }],
      fixTitles: ['Remove the ignored CMD'],
      output: 'FROM alpine:3.24\nCMD echo "Hello, Sweden!"\n',
    },
    {
      name: 'continuation lines removed with it, CRLF',
      code: 'FROM node:22\r\nENTRYPOINT ["node", \\\r\n  "a.js"]\r\nRUN npm ci\r\nENTRYPOINT ["node", "b.js"]\r\n',
      errors: [{ line: 2, message: 'ENTRYPOINT' }],
      output: 'FROM node:22\r\nRUN npm ci\r\nENTRYPOINT ["node", "b.js"]\r\n',
    },
    {
      name: 'last line without a newline',
      code: 'FROM alpine:3.24\nCMD ["a"]\nCMD ["b"]',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.24\nCMD ["b"]',
    },
    {
      name: 'three CMDs and two ENTRYPOINTs',
      code: 'FROM python:3.13\nCMD ["a"]\nENTRYPOINT ["x"]\nCMD ["b"]\nENTRYPOINT ["y"]\nCMD ["c"]\n',
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'two of each: each earlier one goes',
      code: 'FROM python:3.13\nCMD ["a"]\nCMD ["b"]\nENTRYPOINT ["x"]\nENTRYPOINT ["y"]\n',
      errors: [{ line: 2 }, { line: 4 }],
      output: 'FROM python:3.13\nCMD ["b"]\nENTRYPOINT ["x"]\nENTRYPOINT ["y"]\n',
    },
    {
      name: 'indented instruction',
      code: 'FROM alpine:3.24\n    CMD ["a"]\n    CMD ["b"]\n',
      errors: [{ line: 2, column: 5 }],
      output: 'FROM alpine:3.24\n    CMD ["b"]\n',
    },
    {
      name: 'Windows file with backtick continuation',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nCMD powershell -Command `\r\n    Write-Host one\r\nCMD ["cmd", "/c", "echo two"]\r\n',
      errors: [{ line: 3 }],
      output:
        '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nCMD ["cmd", "/c", "echo two"]\r\n',
    },
  ],
});
