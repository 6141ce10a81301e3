import { unusedStage } from './unused-stage';
import { ruleTester } from './testing/ruleTester';

ruleTester(unusedStage, {
  valid: [
    {
      name: 'unnamed builder used by index',
      code: 'FROM golang:1.27\nRUN go build -o /app .\nFROM scratch\nCOPY --from=0 /app /app\n',
    },
    {
      name: 'named stages are possible --target builds',
      code: 'FROM node:22 AS test\nRUN npm test\nFROM node:22-alpine AS prod\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'used through a RUN mount',
      code: 'FROM alpine:3.24\nRUN echo hi > /x\nFROM alpine:3.24\nRUN --mount=type=bind,from=0,source=/x,target=/x cat /x\n',
    },
    {
      name: 'a named stage used as a base',
      code: 'FROM debian:bookworm-slim AS base\nFROM base\nCMD ["bash"]\n',
    },
    {
      name: 'a variable --from may name any stage',
      code: 'ARG SRC=0\nFROM alpine:3.24\nRUN echo x > /x\nFROM alpine:3.24\nCOPY --from=${SRC} /x /x\n',
    },
    {
      name: 'a template whose conditionals choose the stage',
      code: '{{ if env.variant == "alpine" then ( -}}\nFROM alpine:{{ .alpine.version }}\n{{ ) else ( -}}\nFROM debian:{{ .debian.version }}-slim\n{{ ) end -}}\nCMD ["sh"]\n',
    },
    { name: 'a single stage', code: 'FROM python:3.13-slim\nCMD ["python"]\n' },
  ],
  invalid: [
    {
      name: 'leftover first stage',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache curl\n\nFROM debian:bookworm-slim\nCMD ["bash"]\n',
      errors: [{ line: 1, column: 1, message: 'Stage 0 (`FROM alpine:3.24`)' }],
      fixTitles: ['Remove unused stage 0', 'Name the stage `stage-0`'],
      output: '\nFROM debian:bookworm-slim\nCMD ["bash"]\n',
    },
    {
      name: 'naming it instead, lower-case keywords kept',
      code: 'from golang:1.27\nrun go vet ./...\nfrom golang:1.27 as build\nrun go build -o /app .\n',
      errors: [{ line: 1 }],
      fixTitle: 'Name the stage `stage-0`',
      output:
        'from golang:1.27 as stage-0\nrun go vet ./...\nfrom golang:1.27 as build\nrun go build -o /app .\n',
    },
    {
      name: 'removal renumbers later --from indexes, CRLF',
      code: 'FROM node:22\r\nRUN npm test\r\nFROM golang:1.27\r\nRUN go build -o /app .\r\nFROM scratch\r\nCOPY --from=1 /app /app\r\n',
      errors: [{ line: 1 }],
      output: 'FROM golang:1.27\r\nRUN go build -o /app .\r\nFROM scratch\r\nCOPY --from=0 /app /app\r\n',
    },
    {
      name: 'a later mount by index: only naming is offered',
      code: 'FROM alpine:3.24\nFROM alpine:3.24\nRUN echo x > /x\nFROM alpine:3.24\nRUN --mount=type=bind,from=1,source=/x,target=/x cat /x\n',
      errors: [{ line: 1 }],
      fixTitles: ['Name the stage `stage-0`'],
    },
    {
      name: 'two unused stages',
      code: 'FROM rust:1\nFROM python:3.13\nFROM gcr.io/distroless/static-debian12\n',
      errors: [{ line: 1 }, { line: 2 }],
      fixTitle: 'Name the stage `stage-0`',
      output: 'FROM rust:1 AS stage-0\nFROM python:3.13\nFROM gcr.io/distroless/static-debian12\n',
    },
  ],
});
