import { copyFromUnknownStage } from './copy-from-unknown-stage';
import { ruleTester } from './testing/ruleTester';

ruleTester(copyFromUnknownStage, {
  valid: [
    {
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    },
    {
      name: 'stage names are case-insensitive',
      code: 'FROM golang:1.27 AS build\nFROM scratch\nCOPY --from=Build /app /app\n',
    },
    { name: 'index of an earlier stage', code: 'FROM golang:1.27\nFROM scratch\nCOPY --from=0 /app /app\n' },
    {
      name: 'image with a tag',
      code: 'FROM alpine:3.24\nCOPY --from=nginx:1.27-alpine /etc/nginx/nginx.conf /etc/nginx/\n',
    },
    {
      name: 'image with a registry path, no tag',
      code: 'FROM debian:bookworm-slim\nCOPY --from=ghcr.io/astral-sh/uv /uv /uvx /bin/\n',
    },
    {
      name: 'image by digest',
      code: 'FROM alpine:3.24\nCOPY --from=tianon/gosu@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /gosu /usr/local/bin/\n',
    },
    {
      name: 'well-known official image without a tag',
      code: 'FROM debian:bookworm-slim\nCOPY --from=busybox /bin/busybox /busybox\n',
    },
    {
      name: 'plain name: a local image or a named build context (buildah test input)',
      code: 'FROM alpine\n# use from=<image> as mount source\nRUN --mount=type=bind,source=.,from=buildkitbase,target=/test cat /test/hello\n',
    },
    {
      name: 'plain name unlike any stage in a multi-stage file',
      code: 'FROM python:3.13-slim AS base\nFROM base\nRUN --mount=type=bind,from=wheels,target=/wheels pip install /wheels/*.whl\n',
    },
    {
      name: 'template placeholder',
      code: 'FROM {{baseImage}} AS installer\nFROM scratch\nCOPY --from={{baseImage}} /x /x\n',
    },
    {
      name: 'mount from an earlier stage',
      code: 'FROM node:22 AS deps\nFROM node:22-slim\nRUN --mount=type=bind,from=deps,source=/app/node_modules,target=/m cp -r /m .\n',
    },
    {
      name: 'Windows file, CRLF, named stage',
      code: '# escape=`\r\nFROM mcr.microsoft.com/dotnet/framework/sdk:4.8 AS build\r\nFROM mcr.microsoft.com/dotnet/framework/aspnet:4.8\r\nCOPY --from=build C:\\out C:\\inetpub\\wwwroot\r\n',
    },
  ],
  invalid: [
    {
      name: 'misspelt stage',
      code: 'FROM golang:1.27 AS builder\nRUN go build -o /app .\nFROM scratch\nCOPY --from=buidler /app /app\n',
      errors: [{ line: 4, column: 13, message: 'did you mean `builder`?' }],
    },
    {
      name: 'stage referenced before it is defined',
      code: 'FROM alpine:3.24 AS final\nCOPY --from=build /app /app\nFROM golang:1.27 AS build\n',
      errors: [{ line: 2, message: 'defined later (line 3)' }],
    },
    {
      name: 'index past the last stage',
      code: 'FROM golang:1.27\nFROM alpine:3.24\nCOPY --from=2 /app /app\n',
      errors: [{ line: 3, message: 'no stage 2' }],
    },
    {
      name: 'its own stage',
      code: 'FROM golang:1.27 AS build\nCOPY --from=build /a /b\n',
      errors: [{ line: 2, message: 'itself' }],
    },
    {
      name: 'a variable',
      code: 'ARG BUILDER=build\nFROM golang:1.27 AS build\nFROM alpine:3.24\nCOPY --from=${BUILDER} /app /app\n',
      errors: [{ line: 4, message: 'does not expand variables' }],
    },
    {
      name: 'part of a stage name (docker/compose), in a mount; CRLF',
      code: 'FROM golang:1.27 AS license-set\r\nRUN addlicense -c x .\r\nFROM scratch AS license-update\r\nRUN --mount=type=bind,from=set,target=/out ls /out\r\n',
      errors: [{ line: 4, message: 'did you mean `license-set`?' }],
    },
    {
      name: 'upper-case name cannot be an image',
      code: 'FROM alpine:3.24\nCOPY --from=Assets /dist /srv\n',
      errors: [{ line: 2, message: 'cannot be an image name' }],
    },
  ],
});
