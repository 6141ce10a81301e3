import { stageNameCasing } from './stage-name-casing';
import { ruleTester } from './testing/ruleTester';

ruleTester(stageNameCasing, {
  valid: [
    { code: 'FROM golang:1.27 AS build\nFROM scratch\nCOPY --from=build /app /app\n' },
    { name: 'digits, dots, dashes and underscores', code: 'FROM node:22 AS deps-v2.1_x\n' },
    { name: 'upper-case image, lower-case stage', code: 'FROM mcr.microsoft.com/dotnet/sdk:9.0 AS build\n' },
  ],
  invalid: [
    {
      name: 'renames the stage and every reference',
      code: [
        'FROM golang:1.27 AS Builder',
        'RUN go build -o /out/app .',
        'FROM Builder AS Test',
        'RUN go test ./...',
        'FROM gcr.io/distroless/static-debian12',
        'COPY --from=Builder /out/app /app',
        'COPY --from=BUILDER /etc/ssl/certs /etc/ssl/certs',
        '',
      ].join('\n'),
      errors: [{ line: 1, column: 21, message: '`builder`' }, { line: 3 }],
      fixTitles: ['Rename stage to builder (and 3 references)'],
      output: [
        'FROM golang:1.27 AS builder',
        'RUN go build -o /out/app .',
        'FROM builder AS Test',
        'RUN go test ./...',
        'FROM gcr.io/distroless/static-debian12',
        'COPY --from=builder /out/app /app',
        'COPY --from=builder /etc/ssl/certs /etc/ssl/certs',
        '',
      ].join('\n'),
    },
    {
      name: 'RUN --mount from= references, CRLF kept',
      code: 'FROM node:22 AS NodeDeps\r\nRUN npm ci\r\nFROM node:22-slim\r\nRUN --mount=type=bind,from=NodeDeps,source=/node_modules,target=/m cp -r /m ./node_modules\r\n',
      errors: [{ line: 1 }],
      output:
        'FROM node:22 AS nodedeps\r\nRUN npm ci\r\nFROM node:22-slim\r\nRUN --mount=type=bind,from=nodedeps,source=/node_modules,target=/m cp -r /m ./node_modules\r\n',
    },
    {
      name: 'lower-case references stay; no references at all',
      code: 'FROM rust:1.90 AS RustBuild\nFROM debian:bookworm-slim\nCOPY --from=rustbuild /app /app\n',
      errors: [{ line: 1 }],
      fixTitles: ['Rename stage to rustbuild'],
      output: 'FROM rust:1.90 AS rustbuild\nFROM debian:bookworm-slim\nCOPY --from=rustbuild /app /app\n',
    },
    {
      name: 'Windows file with backtick continuation',
      code: '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:9.0-nanoserver-ltsc2022 AS Build\nRUN dotnet publish `\n    -c Release -o C:\\out\nFROM mcr.microsoft.com/dotnet/aspnet:9.0-nanoserver-ltsc2022\nCOPY --from=Build C:\\out C:\\app\n',
      errors: [{ line: 2 }],
      output:
        '# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:9.0-nanoserver-ltsc2022 AS build\nRUN dotnet publish `\n    -c Release -o C:\\out\nFROM mcr.microsoft.com/dotnet/aspnet:9.0-nanoserver-ltsc2022\nCOPY --from=build C:\\out C:\\app\n',
    },
  ],
});
