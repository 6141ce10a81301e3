import { workdirRelativePath } from './workdir-relative-path';
import { ruleTester } from './testing/ruleTester';

ruleTester(workdirRelativePath, {
  valid: [
    { code: 'FROM node:22-alpine\nWORKDIR /usr/src/app\nCOPY . .\n' },
    {
      name: 'relative after an absolute one (BuildKit checks only the first)',
      code: 'FROM golang:1.27\nWORKDIR /src\nWORKDIR cmd/server\nRUN go build\n',
    },
    {
      name: 'absolute WORKDIR inherited from the parent stage',
      code: 'FROM python:3.13-slim AS base\nWORKDIR /app\nFROM base AS test\nWORKDIR tests\n',
    },
    { name: 'starts with a variable', code: 'FROM node:22\nENV APP_HOME=/srv/app\nWORKDIR $APP_HOME\n' },
    {
      name: 'Windows drive path',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n',
    },
    { name: 'quoted absolute path', code: 'FROM alpine:3.24\nWORKDIR "/opt/my app"\n' },
  ],
  invalid: [
    {
      code: 'FROM nginx:1.27 AS web\nWORKDIR usr/share/nginx/html\nCOPY public .\n',
      errors: [{ line: 2, column: 9, message: '`usr/share/nginx/html`' }],
    },
    {
      name: 'dot-relative in a later stage that does not inherit',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nFROM alpine:3.24\nWORKDIR ./app\n',
      errors: [{ line: 4 }],
    },
    {
      name: 'only the first relative one is reported',
      code: 'FROM ruby:3.4\r\nWORKDIR app\r\nWORKDIR lib\r\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'Windows relative path',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nWORKDIR app\\bin\r\n',
      errors: [{ line: 3, column: 9 }],
    },
  ],
});
