import { cdInsteadOfWorkdir } from './cd-instead-of-workdir';
import { ruleTester } from './testing/ruleTester';

ruleTester(cdInsteadOfWorkdir, {
  valid: [
    { code: 'FROM node:22-alpine\nWORKDIR /app\nRUN npm ci\n' },
    {
      name: 'cd in a subshell',
      code: 'FROM golang:1.27\nWORKDIR /src\nRUN (cd tools && go install ./...) && go build ./...\n',
    },
    {
      name: 'cd later in the RUN',
      code: 'FROM debian:bookworm-slim\nRUN set -eux; cd /tmp; curl -fsSLO https://example.org/x.tgz\n',
    },
    { name: 'cd - goes back', code: 'FROM alpine:3.24\nRUN cd - && ls\n' },
    { name: 'cd with no directory', code: 'FROM alpine:3.24\nRUN cd && ls\n' },
    { name: 'in a block', code: 'FROM alpine:3.24\nRUN { cd /tmp && ls; }\n' },
    {
      name: 'heredoc scripts are scripts',
      code: 'FROM alpine:3.24\nRUN <<EOF\ncd /tmp\nwget https://example.org/x\nEOF\n',
    },
    { name: 'exec form', code: 'FROM alpine:3.24\nRUN ["sh", "-c", "cd /tmp && ls"]\n' },
    { name: 'piped cd', code: 'FROM alpine:3.24\nRUN cd /tmp | cat\n' },
  ],
  invalid: [
    {
      name: 'builder stage: safe rewrite',
      code: 'FROM node:22 AS build\nCOPY . /app\nRUN cd /app && npm ci && npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
      errors: [{ line: 3, column: 5, message: 'only for this RUN' }],
      fixTitles: ['Use WORKDIR /app'],
      output:
        'FROM node:22 AS build\nCOPY . /app\nWORKDIR /app\nRUN npm ci && npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
    },
    {
      name: 'continuation and indentation kept, added keyword upper case; next is an absolute WORKDIR',
      code: 'from python:3.13-slim as build\n  run cd /src && \\\n      pip wheel -w /wheels .\n  workdir /app\n  run ls\nfrom python:3.13-slim\n',
      errors: [{ line: 2, column: 7 }],
      output:
        'from python:3.13-slim as build\n  WORKDIR /src\n  run pip wheel -w /wheels .\n  workdir /app\n  run ls\nfrom python:3.13-slim\n',
    },
    {
      name: 'cd alone has no effect; CRLF',
      code: 'FROM golang:1.27 AS build\r\nRUN cd /go/src/app\r\nCOPY . /go/src/app\r\nFROM scratch\r\n',
      errors: [{ line: 2, message: 'has no effect' }],
      output: 'FROM golang:1.27 AS build\r\nWORKDIR /go/src/app\r\nCOPY . /go/src/app\r\nFROM scratch\r\n',
    },
    {
      name: 'shipped stage: the working directory would change, no fix',
      code: 'FROM python:3.13-slim\nCOPY . /app\nRUN cd /app && pip install .\nCMD ["python", "-m", "app"]\n',
      errors: [{ line: 3 }],
      fixTitles: [],
    },
    {
      name: 'relative directory: no fix',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nRUN cd cmd/server && go build -o /out/server\nFROM scratch\n',
      errors: [{ line: 3 }],
      fixTitles: [],
    },
    {
      name: 'a later RUN depends on the directory: no fix',
      code: 'FROM node:22 AS build\nRUN cd /app && npm ci\nRUN npm run build\nFROM nginx:1.27\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'cd again in the same RUN: no fix',
      code: 'FROM debian:bookworm AS build\nRUN cd /usr/src && make && cd /opt && make install\nFROM debian:bookworm-slim\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'variable directory, semicolon',
      code: 'FROM golang:1.27\nRUN cd $GOPATH/src/app; go install\n',
      errors: [{ line: 2, message: '`cd $GOPATH/src/app`' }],
      fixTitles: [],
    },
    {
      name: 'with a mount flag',
      code: 'FROM rust:1.90 AS build\nCOPY . /src\nRUN --mount=type=cache,target=/usr/local/cargo/registry cd /src && cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/app /usr/local/bin/app\n',
      errors: [{ line: 3 }],
      output:
        'FROM rust:1.90 AS build\nCOPY . /src\nWORKDIR /src\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/app /usr/local/bin/app\n',
    },
    {
      name: 'Windows path: reported without a fix',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022 AS build\r\nRUN cd C:\\src && nmake\r\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\r\n',
      errors: [{ line: 3 }],
      fixTitles: [],
    },
    {
      name: 'cd alone in a lower-case file keeps the casing',
      code: 'from golang:1.27 as build\nrun cd /go/src/app\ncopy . /go/src/app\nfrom scratch\n',
      errors: [{ line: 2 }],
      output: 'from golang:1.27 as build\nworkdir /go/src/app\ncopy . /go/src/app\nfrom scratch\n',
    },
  ],
});
