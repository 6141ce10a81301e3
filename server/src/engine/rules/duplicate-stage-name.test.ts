import { duplicateStageName } from './duplicate-stage-name';
import { ruleTester } from './testing/ruleTester';

ruleTester(duplicateStageName, {
  valid: [
    {
      name: 'distinct names in a Go multi-stage build',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /out/app ./cmd/app\nFROM gcr.io/distroless/static-debian12 AS runtime\nCOPY --from=build /out/app /app\n',
    },
    {
      name: 'unnamed stages do not clash',
      code: 'FROM node:22 \nRUN npm ci\nFROM node:22\nRUN npm test\n',
    },
    {
      name: 'a stage built FROM another reuses its name only as a base',
      code: 'FROM python:3.13-slim AS base\nFROM base AS dev\nFROM base AS prod\n',
    },
    {
      name: 'Windows file with backtick escape',
      code: '# escape=`\r\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build\r\nRUN msbuild app.sln `\r\n    /p:Configuration=Release\r\nFROM mcr.microsoft.com/dotnet/framework/aspnet:4.8 AS runtime\r\n',
    },
  ],
  invalid: [
    {
      name: 'same name twice',
      code: 'FROM debian:bookworm AS builder\nRUN apt-get update\nFROM golang:1.27 AS builder\nRUN go build ./...\n',
      errors: [{ line: 3, column: 21, message: 'already used by the stage on line 1' }],
    },
    {
      name: 'names differ only in case',
      code: 'FROM maven:3.9-eclipse-temurin-21 AS Build\nRUN mvn package\nFROM eclipse-temurin:21-jre AS build\n',
      errors: [{ line: 3, message: '`build`' }],
    },
    {
      name: 'third occurrence reported too, CRLF',
      code: 'FROM alpine:3.24 AS x\r\nFROM alpine:3.24 AS x\r\nFROM alpine:3.24 AS x\r\n',
      errors: [{ line: 2 }, { line: 3, message: 'line 1' }],
    },
  ],
});
