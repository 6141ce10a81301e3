import { aptListsNotCleaned } from './apt-lists-not-cleaned';
import { ruleTester } from './testing/ruleTester';

const APPEND = 'Append `&& rm -rf /var/lib/apt/lists/*`';

ruleTester(aptListsNotCleaned, {
  valid: [
    {
      name: 'docker-library style with ; and set -eux',
      code: 'FROM debian:bookworm-slim\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends ca-certificates; \\\n\trm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'leading && style',
      code: 'FROM python:3.13-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends libpq5 \\\n    && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'cache mounts on the lists and the archives',
      code: 'FROM ubuntu:24.04\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends git\n',
    },
    {
      name: 'cache mount on /var/lib/apt covers the lists',
      code: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl\n',
    },
    {
      name: 'folder removed without a glob',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl && apt-get clean && rm -rf /var/lib/apt/lists /var/cache/apt/archives\n',
    },
    {
      name: 'apt-get distclean',
      code: 'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y curl && apt-get distclean\n',
    },
    {
      name: 'apt-get dist-clean (docker-library style)',
      code: 'FROM debian:trixie-slim\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends ca-certificates; \\\n\tapt-get dist-clean\n',
    },
    {
      name: 'find -delete',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && find /var/lib/apt/lists -type f -delete\n',
    },
    {
      name: 'no update in this RUN: the lists are not downloaded here',
      code: 'FROM debian:bookworm-slim\nCOPY app.deb /tmp/\nRUN apt-get install -y /tmp/app.deb\n',
    },
    {
      name: 'update alone is apt-update-alone’s finding',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update\n',
    },
    {
      name: 'heredoc script that cleans',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    {
      name: 'builder stage: its layers are not shipped (COPY --from takes the files)',
      code: 'FROM golang:1.27 AS build\nRUN apt-get update && apt-get install -y protobuf-compiler\nRUN protoc --version\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /go/bin/app /app\n',
    },
    {
      name: 'clean inside sh -c',
      code: 'FROM debian:bookworm-slim\nRUN sh -c "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"\n',
    },
  ],
  invalid: [
    {
      name: 'one line without clean-up',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      errors: [{ line: 2, column: 23, message: 'rm -rf /var/lib/apt/lists/*' }],
      fixTitles: [APPEND],
      output:
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'order matters: removing before the install cleans nothing',
      code: 'FROM debian:bookworm-slim\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n',
      errors: [{ line: 2, column: 54 }],
      output:
        'FROM debian:bookworm-slim\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apt-get clean does not remove the lists',
      code: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3 && apt-get clean\n',
      errors: [{ line: 2, column: 23, message: '`apt-get clean` does not remove them' }],
      output:
        'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3 && apt-get clean && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'a cache mount on the archives only',
      code: 'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl\n',
      errors: [{ line: 2 }],
      output:
        'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'trailing && continuation style gets a new continued line',
      code: 'FROM node:22-slim\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends \\\n        python3 \\\n        make\nCMD ["node", "index.js"]\n',
      errors: [{ line: 3, column: 5 }],
      output:
        'FROM node:22-slim\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends \\\n        python3 \\\n        make && \\\n    rm -rf /var/lib/apt/lists/*\nCMD ["node", "index.js"]\n',
    },
    {
      name: 'leading && continuation style, CRLF',
      code: 'FROM ruby:3.4-slim\r\nRUN apt-get update -qq \\\r\n  && apt-get install -y --no-install-recommends libpq5\r\n',
      errors: [{ line: 3, column: 6 }],
      output:
        'FROM ruby:3.4-slim\r\nRUN apt-get update -qq \\\r\n  && apt-get install -y --no-install-recommends libpq5 \\\r\n  && rm -rf /var/lib/apt/lists/*\r\n',
    },
    {
      name: 'semicolon style keeps semicolons and tabs',
      code: 'FROM debian:bookworm-slim\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends ca-certificates\n',
      errors: [{ line: 4, column: 2 }],
      output:
        'FROM debian:bookworm-slim\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends ca-certificates; \\\n\trm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'heredoc body gets a new last line',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\n  set -e\n  apt-get update\n  apt-get install -y curl\nEOF\n',
      errors: [{ line: 5, column: 3 }],
      output:
        'FROM debian:bookworm-slim\nRUN <<EOF\n  set -e\n  apt-get update\n  apt-get install -y curl\n  rm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    {
      name: 'sudo in a devcontainer image',
      code: 'FROM mcr.microsoft.com/devcontainers/base:ubuntu\nUSER vscode\nRUN sudo apt-get update && sudo apt-get install -y postgresql-client\n',
      errors: [{ line: 3 }],
      fixTitles: ['Append `&& sudo rm -rf /var/lib/apt/lists/*`'],
      output:
        'FROM mcr.microsoft.com/devcontainers/base:ubuntu\nUSER vscode\nRUN sudo apt-get update && sudo apt-get install -y postgresql-client && sudo rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'upgrade uses the lists too',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get upgrade -y\n',
      errors: [{ line: 2, column: 23 }],
      output: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'add-apt-repository updates by itself',
      code: 'FROM ubuntu:22.04\nRUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get install -y python3.12\n',
      errors: [{ line: 2 }],
      output:
        'FROM ubuntu:22.04\nRUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get install -y python3.12 && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'backtick escape character: reported, the append is left to the user',
      code: '# escape=`\nFROM debian:bookworm-slim\nRUN apt-get update && `\n    apt-get install -y curl\n',
      errors: [{ line: 4 }],
      fixTitles: [],
    },
    {
      name: 'shell comment at the end of the line: no fix',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl # tools\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'a base stage the final stage builds on is shipped',
      code: 'FROM python:3.13-slim AS base\nRUN apt-get update && apt-get install -y libpq5\nFROM base\nCMD ["python"]\n',
      errors: [{ line: 2 }],
      output:
        'FROM python:3.13-slim AS base\nRUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*\nFROM base\nCMD ["python"]\n',
    },
  ],
});
