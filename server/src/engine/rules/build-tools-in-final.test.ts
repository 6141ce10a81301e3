import { buildToolsInFinal } from './build-tools-in-final';
import { ruleTester } from './testing/ruleTester';

ruleTester(buildToolsInFinal, {
  valid: [
    {
      name: 'builder installs gcc and runs as root: nothing shipped',
      code: 'FROM python:3.13-slim AS build\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nRUN python -m venv /venv && /venv/bin/pip install --no-cache-dir psycopg2\nFROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nCOPY --from=build /venv /venv\nUSER 1000\nCMD ["/venv/bin/python", "app.py"]\n',
    },
    {
      name: 'apk virtual group removed in the same RUN',
      code: 'FROM python:3.13-alpine\nCOPY requirements.txt .\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev postgresql-dev \\\n && pip install --no-cache-dir -r requirements.txt \\\n && apk del .build-deps\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'apt purge of the same packages in the same RUN',
      code: 'FROM ruby:3.4-slim\nCOPY Gemfile* ./\nRUN apt-get update && apt-get install -y --no-install-recommends build-essential \\\n && bundle install \\\n && apt-get purge -y --auto-remove build-essential \\\n && rm -rf /var/lib/apt/lists/*\nCMD ["rails", "server"]\n',
    },
    {
      name: 'docker-library idiom: apt-mark auto + purge --auto-remove',
      code: 'FROM debian:bookworm-slim\nCOPY app.c /src/\nRUN set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y --no-install-recommends gcc libc6-dev make; make -C /src; apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove; rm -rf /var/lib/apt/lists/*\nCMD ["/src/app"]\n',
    },
    {
      name: 'runtime libraries are not build tools',
      code: 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 udev curl && rm -rf /var/lib/apt/lists/*\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'git without cloning is a runtime tool',
      code: 'FROM node:22-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'a toolchain image on purpose (buildpack-deps style: no app, no command)',
      code: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends gcc g++ make libssl-dev && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'a dev container',
      code: 'FROM mcr.microsoft.com/devcontainers/base:ubuntu\nRUN apt-get update && apt-get install -y build-essential && rm -rf /var/lib/apt/lists/*\nCMD ["sleep", "infinity"]\n',
    },
    {
      name: 'the base already has a compiler (php keeps PHPIZE_DEPS): the base is the issue',
      code: 'FROM php:8.4-fpm\nRUN apt-get update && apt-get install -y libpng-dev && docker-php-ext-install gd\nCOPY . /var/www/html\n',
    },
    {
      name: 'golang base image ships gcc already',
      code: 'FROM golang:1.27\nRUN apt-get update && apt-get install -y gcc libsqlite3-dev\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n',
    },
    {
      name: 'headers without any compiler (unversioned .so link for LD_PRELOAD)',
      code: 'FROM eclipse-temurin:21-jre-noble\nRUN apt-get update && apt-get install -y libjemalloc-dev && rm -rf /var/lib/apt/lists/*\nCOPY docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]\n',
    },
    {
      name: 'a dev container image from another registry',
      code: 'FROM ghcr.io/rails/devcontainer/images/ruby:3.4\nRUN apt-get update && apt-get install -y libpq-dev build-essential\nCOPY . .\nCMD ["sleep", "infinity"]\n',
    },
    {
      name: 'a CI image whose only ADD is a git URL',
      code: 'FROM golang:1.27-alpine AS base\nRUN apk add --no-cache git gcc musl-dev\nFROM base AS build\nADD https://github.com/golangci/golangci-lint.git#v2.8.0 /src\nRUN go build -C /src -o /out/lint ./cmd/golangci-lint\nFROM base\nCOPY --from=build /out/lint /usr/bin/\n',
    },
    {
      name: 'an interactive environment (CMD bash) built on purpose',
      code: 'FROM fedora:41\nRUN dnf install -y make golang gpgme-devel libseccomp-devel && dnf clean all\nCOPY . /src\nCMD ["/bin/bash"]\n',
    },
    {
      name: 'a CI builder that sets up Go on purpose',
      code: 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y build-essential && rm -rf /var/lib/apt/lists/*\nENV GOPATH=/home/prow/go PATH=/usr/local/go/bin:$PATH\nCOPY wrapper.sh /usr/local/bin/\nENTRYPOINT ["wrapper.sh"]\n',
    },
    {
      name: 'tini running a shell: a work environment',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache build-base ruby-dev\nCOPY Gemfile .\nRUN bundle install\nENTRYPOINT ["/sbin/tini", "-g", "sh"]\n',
    },
    {
      name: 'make is the command the image runs',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y make && rm -rf /var/lib/apt/lists/*\nCOPY Makefile .\nENTRYPOINT ["make"]\n',
    },
  ],
  invalid: [
    {
      name: 'fix: split Python into builder + slim runtime with the venv',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER 10001\nCMD [\"python\", \"app.py\"]\n',
      errors: [{ line: 3, column: 66 }],
      output:
        'FROM python:3.13-slim AS builder\nWORKDIR /app\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY requirements.txt .\nRUN python -m venv /opt/venv\nENV PATH=\"/opt/venv/bin:$PATH\"\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n\nFROM python:3.13-slim\nWORKDIR /app\nENV PATH=\"/opt/venv/bin:$PATH\"\n# lean-dockerfile: the builder installs libpq-dev: the app may need the matching run-time libraries here\nCOPY --from=builder /opt/venv /opt/venv\nCOPY --from=builder /app /app\nUSER 10001\nCMD [\"python\", \"app.py\"]\n',
    },
    {
      name: 'Python: gcc and headers kept in the final stage',
      code: 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\nCMD ["python", "/app/app.py"]\n',
      errors: [{ line: 2, column: 66, message: '`gcc`, `libpq-dev` stay in this shipped image' }],
      fixTitles: ['Split into builder stage: Python → python:3.13-slim'],
    },
    {
      name: 'alpine build-base without removal',
      code: 'FROM node:22-alpine\nRUN apk add --no-cache python3 make g++\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
      errors: [{ line: 2, column: 32, message: '`make`, `g++` stay' }],
    },
    {
      name: 'removal of only some packages',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gcc make libzip-dev && make -C /src && apt-get purge -y libzip-dev\nCOPY . /src\nCMD ["/src/app"]\n',
      errors: [{ line: 2, message: '`gcc`, `make` stay' }],
    },
    {
      name: 'removed in a later RUN is too late',
      code: 'FROM ruby:3.4-slim\nRUN apt-get update && apt-get install -y build-essential\nCOPY . .\nRUN bundle install\nRUN apt-get purge -y build-essential\nCMD ["rails", "server"]\n',
      errors: [{ line: 2 }],
    },
    {
      name: 'git used to clone sources',
      code: 'FROM golang:1.27-alpine\nRUN apk add --no-cache git && git clone https://github.com/example/tool /src\nCMD ["/src/tool"]\n',
      errors: [{ line: 2, message: '`git`' }],
    },
    {
      name: 'dnf on ubi, in a base stage that the final stage builds on',
      code: 'FROM registry.access.redhat.com/ubi9/ubi AS base\nRUN dnf install -y gcc-c++ python3-devel && dnf clean all\nFROM base\nCOPY . /opt/app\nCMD ["python3", "/opt/app/main.py"]\n',
      errors: [{ line: 2, message: '`gcc-c++`, `python3-devel`' }],
    },
  ],
});
