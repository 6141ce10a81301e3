import { jsonArgsRecommended } from './json-args-recommended';
import { ruleTester } from './testing/ruleTester';

ruleTester(jsonArgsRecommended, {
  valid: [
    { name: 'exec-form CMD', code: 'FROM node:22-alpine\nCMD ["node", "server.js"]\n' },
    {
      name: 'exec-form ENTRYPOINT with CMD args',
      code: 'FROM golang:1.27 AS build\nFROM gcr.io/distroless/static-debian12:nonroot\nENTRYPOINT ["/app"]\nCMD ["--port", "8080"]\n',
    },
    {
      name: 'custom SHELL in the stage',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nCMD Write-Host hello\n',
    },
    {
      name: 'custom SHELL inherited through FROM stage',
      code: 'FROM debian:bookworm-slim AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nCMD echo hi\n',
    },
    {
      name: 'RUN in shell form is fine',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache curl\nCMD ["sh"]\n',
    },
    { name: 'CMD without arguments', code: 'FROM alpine:3.24\nCMD\n' },
  ],
  invalid: [
    {
      name: 'simple CMD becomes exec form',
      code: 'FROM node:22-alpine\nCMD node server.js\n',
      errors: [{ line: 2, column: 5, message: 'CMD in shell form' }],
      fixTitles: ['Convert CMD to exec form'],
      output: 'FROM node:22-alpine\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'ENTRYPOINT mentions ignored CMD',
      code: 'FROM alpine:3.24\nENTRYPOINT /usr/local/bin/app --verbose\n',
      errors: [{ line: 2, column: 12, message: 'ignores CMD' }],
      output: 'FROM alpine:3.24\nENTRYPOINT ["/usr/local/bin/app", "--verbose"]\n',
    },
    {
      name: 'leading exec is dropped and quotes resolved',
      code: 'FROM python:3.13-slim\nCMD exec gunicorn -b "0.0.0.0:8000" \'app:create()\'\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.13-slim\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:create()"]\n',
    },
    {
      name: 'shell features keep an explicit shell',
      code: 'FROM alpine:3.24\nCMD ./migrate && ./server --port $PORT\n',
      errors: [{ line: 2 }],
      fixTitles: ['Convert CMD to exec form that runs /bin/sh -c explicitly'],
      output: 'FROM alpine:3.24\nCMD ["/bin/sh", "-c", "./migrate && ./server --port $PORT"]\n',
    },
    {
      name: 'single command with a variable gets exec prefix',
      code: 'FROM alpine:3.24\nCMD ./server --port $PORT\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.24\nCMD ["/bin/sh", "-c", "exec ./server --port $PORT"]\n',
    },
    {
      name: 'exec goes after environment assignments',
      code: 'FROM node:22-alpine\nCMD NODE_ENV=production node server.js\n',
      errors: [{ line: 2 }],
      output: 'FROM node:22-alpine\nCMD ["/bin/sh", "-c", "NODE_ENV=production exec node server.js"]\n',
    },
    {
      name: 'an explicit exec is not doubled',
      code: 'FROM node:22-alpine\nCMD exec node server.js --port $PORT\n',
      errors: [{ line: 2 }],
      output: 'FROM node:22-alpine\nCMD ["/bin/sh", "-c", "exec node server.js --port $PORT"]\n',
    },
    {
      name: 'continued CMD across lines',
      code: 'FROM node:22-alpine\nCMD node \\\n    server.js\n',
      errors: [{ line: 2, column: 5 }],
      output: 'FROM node:22-alpine\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'invalid JSON is shell form for BuildKit',
      code: "FROM alpine:3.24\nCMD ['sh']\n",
      errors: [{ line: 2 }],
    },
    {
      name: 'every stage is checked, CRLF kept',
      code: 'FROM golang:1.27 AS build\r\nCMD go test ./...\r\nFROM alpine:3.24\r\nCMD ["/app"]\r\n',
      errors: [{ line: 2 }],
      output:
        'FROM golang:1.27 AS build\r\nCMD ["go", "test", "./..."]\r\nFROM alpine:3.24\r\nCMD ["/app"]\r\n',
    },
  ],
});
