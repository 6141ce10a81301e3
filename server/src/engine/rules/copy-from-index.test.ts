import { copyFromIndex } from './copy-from-index';
import { ruleTester } from './testing/ruleTester';

ruleTester(copyFromIndex, {
  valid: [
    {
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    },
    {
      name: 'image reference',
      code: 'FROM alpine:3.24\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/\n',
    },
    {
      name: 'index out of range belongs to copy-from-unknown-stage',
      code: 'FROM alpine:3.24\nFROM alpine:3.24\nCOPY --from=5 /a /a\n',
    },
  ],
  invalid: [
    {
      name: 'unnamed Go builder gets its image name',
      code: 'FROM golang:1.27\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=0 /out/app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 4, column: 13, message: 'stage 0 (`FROM golang:1.27`, line 1)' }],
      fixTitles: ['Name stage 0 golang and use the name'],
      output:
        'FROM golang:1.27 AS golang\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=golang /out/app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'named stage: only the reference changes, every numeric reference to it',
      code: 'FROM node:22 AS deps\nRUN npm ci\nFROM node:22-slim\nCOPY --from=0 /app/node_modules ./node_modules\nRUN --mount=type=bind,from=0,source=/root/.npm,target=/cache ls /cache\n',
      errors: [{ line: 4 }, { line: 5, message: '`from=0`' }],
      fixTitles: ['Use the stage name deps'],
      output:
        'FROM node:22 AS deps\nRUN npm ci\nFROM node:22-slim\nCOPY --from=deps /app/node_modules ./node_modules\nRUN --mount=type=bind,from=deps,source=/root/.npm,target=/cache ls /cache\n',
    },
    {
      name: 'image name already used as a plain reference: another name, lower-case keyword',
      code: 'from golang:1.27\nrun go build -o /app .\nfrom golang\ncopy --from=0 /app /app\n',
      errors: [{ line: 4 }],
      output:
        'from golang:1.27 as golang-build\nrun go build -o /app .\nfrom golang\ncopy --from=golang-build /app /app\n',
    },
    {
      name: 'base from an ARG default: named after the resolved image; CRLF',
      code: 'ARG BASE=rust:1.90\r\nFROM ${BASE}\r\nRUN cargo build --release\r\nFROM debian:bookworm-slim\r\nCOPY --from=0 /target/release/app /usr/local/bin/app\r\n',
      errors: [{ line: 5 }],
      output:
        'ARG BASE=rust:1.90\r\nFROM ${BASE} AS rust\r\nRUN cargo build --release\r\nFROM debian:bookworm-slim\r\nCOPY --from=rust /target/release/app /usr/local/bin/app\r\n',
    },
    {
      name: 'second stage by number; registry image',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:9.0 AS build\nFROM mcr.microsoft.com/dotnet/sdk:9.0\nRUN dotnet publish -o /out\nFROM mcr.microsoft.com/dotnet/aspnet:9.0\nCOPY --from=1 /out /app\n',
      errors: [{ line: 5 }],
      output:
        'FROM mcr.microsoft.com/dotnet/sdk:9.0 AS build\nFROM mcr.microsoft.com/dotnet/sdk:9.0 AS sdk\nRUN dotnet publish -o /out\nFROM mcr.microsoft.com/dotnet/aspnet:9.0\nCOPY --from=sdk /out /app\n',
    },
    {
      name: 'Windows file with backtick escape',
      code: '# escape=`\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8\nRUN msbuild app.sln\nFROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\nCOPY --from=0 C:\\app\\bin C:\\inetpub\\wwwroot\n',
      errors: [{ line: 5 }],
      output:
        '# escape=`\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS sdk\nRUN msbuild app.sln\nFROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\nCOPY --from=sdk C:\\app\\bin C:\\inetpub\\wwwroot\n',
    },
  ],
});
