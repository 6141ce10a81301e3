import { rootUser } from './root-user';
import { ruleTester } from './testing/ruleTester';

ruleTester(rootUser, {
  valid: [
    {
      name: 'Node app switches to the built-in node user',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nRUN npm ci --omit=dev\nUSER node\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'Go builder runs as root, the distroless :nonroot runtime does not',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app ./cmd/app\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: 'Rust builder as root, debian runtime with its own user',
      code: 'FROM rust:1 AS builder\nWORKDIR /usr/src/app\nCOPY . .\nRUN cargo build --release\n\nFROM debian:bookworm-slim\nRUN groupadd -r app && useradd -r -g app app\nCOPY --from=builder /usr/src/app/target/release/app /usr/local/bin/app\nUSER app\nCMD ["app"]\n',
    },
    {
      name: 'final stage FROM a stage inherits its USER',
      code: 'FROM python:3.13-slim AS base\nRUN useradd -m appuser\nUSER appuser\n\nFROM base AS final\nCOPY app.py /home/appuser/\nCMD ["python", "/home/appuser/app.py"]\n',
    },
    {
      name: 'numeric uid and gid',
      code: 'FROM alpine:3.24\nCOPY app /usr/local/bin/app\nUSER 10001:10001\nENTRYPOINT ["app"]\n',
    },
    {
      name: 'USER root for installs, then back to an unprivileged user',
      code: 'FROM eclipse-temurin:21-jre\nUSER root\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 1001\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n',
    },
    {
      name: 'Chainguard images run as nonroot by default',
      code: 'FROM cgr.dev/chainguard/go:latest-dev AS build\nCOPY . .\nRUN go build -o /app .\nFROM cgr.dev/chainguard/static:latest\nCOPY --from=build /app /app\nENTRYPOINT ["/app"]\n',
    },
    {
      name: '.NET chiseled images run as the app user',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release -o /app\nFROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled\nCOPY --from=build /app /app\nENTRYPOINT ["dotnet", "/app/Api.dll"]\n',
    },
    {
      name: 'USER from a variable that resolves to a non-root uid',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nARG APP_UID=1654\nCOPY app /app\nUSER $APP_UID\nENTRYPOINT ["/app/Api"]\n',
    },
    {
      name: 'USER from a variable set by the base image (unknown here)',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY app /app\nUSER $APP_UID\nENTRYPOINT ["/app/Api"]\n',
    },
    {
      name: 'postgres keeps its entrypoint, which steps down to the postgres user',
      code: 'FROM postgres:18-alpine\nCOPY init.sql /docker-entrypoint-initdb.d/\n',
    },
    {
      name: 'an image that installs gosu to drop privileges in its entrypoint',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gosu && rm -rf /var/lib/apt/lists/*\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["redis-server"]\n',
    },
    {
      name: 'su-exec in the command',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache su-exec && adduser -D app\nCMD ["su-exec", "app", "/usr/local/bin/app"]\n',
    },
    {
      name: 'unknown base image: its user cannot be told',
      code: 'FROM ghcr.io/acme/runtime:2.1\nCOPY app /app\nCMD ["/app"]\n',
    },
    {
      name: 'Windows images are out of scope',
      code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY app.exe C:/app/\nCMD ["C:/app/app.exe"]\n',
    },
    {
      name: 'scratch stage that only exports build output (no command)',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /out/tool ./cmd/tool\nFROM scratch AS binaries\nCOPY --from=build /out/tool /\n',
    },
    {
      name: 'a builder that is not shipped may stay root',
      code: 'FROM node:22 AS deps\nRUN npm ci\nFROM node:22-slim\nCOPY --from=deps /node_modules /app/node_modules\nUSER node\nCMD ["node", "/app/index.js"]\n',
    },
    {
      name: 'a language base image (docker-library python): its command is a REPL',
      code: 'FROM debian:bookworm-slim\nENV PYTHON_VERSION=3.13.1\nRUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates\nCMD ["python3"]\n',
    },
    {
      name: 'Node base image with an entrypoint wrapper and CMD node',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache nodejs\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node"]\n',
    },
    {
      name: 'a toolbox image without a command of its own (CI build image)',
      code: 'FROM golang:1.27\nRUN go install golang.org/x/tools/cmd/goimports@latest\n',
    },
    {
      name: 'a JRE base image: entrypoint script only, no command (Temurin)',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends tzdata\nCOPY --chmod=755 entrypoint.sh /__cacert_entrypoint.sh\nENTRYPOINT ["/__cacert_entrypoint.sh"]\n',
    },
    {
      name: 'haproxy runs as its own user (table default_user)',
      code: 'FROM haproxy:latest\nCOPY haproxy.cfg /usr/local/etc/haproxy/haproxy.cfg\n',
    },
  ],
  invalid: [
    {
      name: 'fix: Add USER node with --chown on app copies',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD [\"node\", \"server.js\"]\n',
      errors: [{ line: 1, column: 1 }],
      fixTitle: 'Add USER node',
      output:
        'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node package*.json ./\nRUN npm ci --omit=dev\nCOPY --chown=node:node . .\nUSER node\nCMD [\"node\", \"server.js\"]\n',
    },
    {
      name: 'Node app without USER',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
      errors: [
        {
          line: 1,
          column: 1,
          message: '`node:22-alpine` runs as root by default. The node images have a `node` user',
        },
      ],
      fixTitles: ['Add USER node', 'Add USER nodejs'],
    },
    {
      name: 'explicit USER root at the end',
      code: 'FROM python:3.13-slim\nRUN useradd -m app\nUSER app\nRUN pip install --user flask\nUSER root\nCMD ["python", "-m", "flask", "run"]\n',
      errors: [{ line: 5, column: 6, message: '`USER root` is the last USER' }],
    },
    {
      name: 'USER 0 counts as root',
      code: 'FROM ubuntu:24.04\nUSER 0\nCMD ["bash"]\n',
      errors: [{ line: 2, message: '`USER 0`' }],
    },
    {
      name: 'USER 0:0 counts as root',
      code: 'FROM alpine:3.24\nUSER 0:0\nENTRYPOINT ["/bin/sh"]\n',
      errors: [{ line: 2, message: '`USER 0:0`' }],
    },
    {
      name: 'root:group is root',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM alpine:3.24\nCOPY --from=build /app /app\nUSER root:app\nCMD ["/app"]\n',
      errors: [{ line: 5, message: 'root:app' }],
    },
    {
      name: 'multi-stage: only the final stage is reported, the builder is fine',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n\nFROM debian:bookworm-slim\nCOPY --from=build /app /usr/local/bin/app\nCMD ["app"]\n',
      errors: [{ line: 6, message: 'no USER is set' }],
    },
    {
      name: 'final stage FROM a builder that ended as root',
      code: 'FROM ruby:3.4-slim AS app\nWORKDIR /app\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nFROM app\nCOPY . .\nCMD ["bundle", "exec", "puma"]\n',
      errors: [{ line: 5, message: '`ruby:3.4-slim` runs as root' }],
    },
    {
      name: 'inherited USER root from the base stage',
      code: 'FROM php:8.4-fpm-alpine AS base\nUSER root\nFROM base\nCOPY . /var/www/html\n',
      errors: [{ line: 2, message: '`USER root`' }],
    },
    {
      name: 'scratch image with a binary and no USER',
      code: 'FROM rust:1-alpine AS build\nRUN cargo build --release --target x86_64-unknown-linux-musl\nFROM scratch\nCOPY --from=build /target/x86_64-unknown-linux-musl/release/app /app\nENTRYPOINT ["/app"]\n',
      errors: [{ line: 3, message: 'USER 65532:65532' }],
    },
    {
      name: 'distroless without :nonroot runs as root',
      code: 'FROM maven:3-eclipse-temurin-21 AS build\nRUN mvn -q package\nFROM gcr.io/distroless/java21-debian12\nCOPY --from=build /target/app.jar /app.jar\nCMD ["/app.jar"]\n',
      errors: [{ line: 3, message: ':nonroot' }],
    },
    {
      name: 'redis with its privilege-dropping entrypoint replaced',
      code: 'FROM redis:7\nCOPY redis.conf /etc/redis.conf\nENTRYPOINT ["redis-server", "/etc/redis.conf"]\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'USER resolved from an ARG default',
      code: 'FROM alpine:3.24\nARG RUN_AS=root\nUSER ${RUN_AS}\nCMD ["sh"]\n',
      errors: [{ line: 3, message: '`USER ${RUN_AS}`' }],
    },
    {
      name: 'a named target is checked too',
      code: 'FROM node:22-slim AS dev\nCMD ["npm", "run", "dev"]\nFROM node:22-slim AS prod\nUSER node\nCMD ["node", "index.js"]\n',
      targets: ['dev'],
      errors: [{ line: 1, message: '`dev`' }],
    },
    {
      name: '.NET images without chiseled run as root',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nWORKDIR /app\nCOPY out/ .\nENTRYPOINT ["dotnet", "Web.dll"]\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'nginx serving files keeps the base image server command',
      code: 'FROM nginx:alpine\nCOPY dist/ /usr/share/nginx/html/\n',
      errors: [{ line: 1, message: 'addgroup' }],
    },
    {
      name: 'an entrypoint script with no CMD runs the application',
      code: 'FROM python:3.13-slim\nCOPY . /app\nENTRYPOINT ["/app/docker-entrypoint.sh"]\n',
      errors: [{ line: 1 }],
    },
    {
      name: 'PHP apache image, CRLF',
      code: 'FROM php:8.4-apache\r\nCOPY src/ /var/www/html/\r\n',
      errors: [{ line: 1, message: 'groupadd' }],
    },
  ],
});
