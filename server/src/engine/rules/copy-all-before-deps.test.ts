import { copyAllBeforeDeps } from './copy-all-before-deps';
import { ruleTester } from './testing/ruleTester';

ruleTester(copyAllBeforeDeps, {
  valid: [
    {
      name: 'Node: manifests first',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'Go: go.mod first, build after the sources',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n',
    },
    {
      name: 'Python: requirements first',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\n',
    },
    {
      name: 'installing the project itself needs the sources',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir .\n',
    },
    {
      name: 'npm install of a named package is not the manifest install',
      code: 'FROM node:22-alpine\nCOPY . /app\nRUN npm install -g serve\n',
    },
    {
      name: 'Rust build with cache mounts rebuilds incrementally',
      code: 'FROM rust:1 AS build\nWORKDIR /app\nCOPY . .\nRUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/app/target cargo build --release\n',
    },
    {
      name: 'uv: dependencies first with bind mounts, the project after the sources',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    --mount=type=bind,source=uv.lock,target=uv.lock \\\n    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\\n    uv sync --locked --no-install-project\nCOPY . /app\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n',
    },
    {
      name: 'Next.js: node_modules from a deps stage, production install after the build',
      code: 'FROM node:22-alpine AS deps\nWORKDIR /app\nCOPY package.json yarn.lock ./\nRUN yarn install --frozen-lockfile\nFROM node:22-alpine AS builder\nWORKDIR /app\nCOPY . .\nCOPY --from=deps /app/node_modules ./node_modules\nRUN yarn build && yarn install --production --ignore-scripts --prefer-offline\n',
    },
    {
      name: 'COPY --from is not the build context',
      code: 'FROM node:22 AS deps\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nFROM node:22-alpine\nWORKDIR /app\nCOPY --from=deps /app .\nRUN npm ci\n',
    },
  ],
  invalid: [
    {
      name: 'Node: npm ci after COPY . .',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
      errors: [{ line: 3, column: 6, message: 'package.json and the lock file' }],
      fixTitles: ['Copy package*.json and run `npm ci` before `COPY .`'],
      output:
        'FROM node:22-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'Python: --chown kept on the manifest copy, CRLF',
      code: 'FROM python:3.13-slim\r\nWORKDIR /srv\r\nCOPY --chown=app:app . /srv\r\nRUN pip install --no-cache-dir -r requirements/base.txt\r\nUSER app\r\n',
      errors: [{ line: 3, message: '`requirements/base.txt`' }],
      output:
        'FROM python:3.13-slim\r\nWORKDIR /srv\r\nCOPY --chown=app:app requirements/base.txt /srv/\r\nRUN pip install --no-cache-dir -r requirements/base.txt\r\nCOPY --chown=app:app . /srv\r\nUSER app\r\n',
    },
    {
      name: 'Go: go mod download',
      code: 'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
      errors: [{ line: 3 }],
      output:
        'FROM golang:1.27 AS build\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /app /app\n',
    },
    {
      name: 'Go: a blank line between stays between',
      code: 'FROM golang:1.22 AS build\nWORKDIR /go/src/app\nCOPY . .\n\nRUN go mod download\nRUN go vet -v\n',
      errors: [{ line: 3 }],
      output:
        'FROM golang:1.22 AS build\nWORKDIR /go/src/app\nCOPY go.mod go.sum ./\nRUN go mod download\n\nCOPY . .\nRUN go vet -v\n',
    },
    {
      name: 'a comment between: no fix (it belongs to one of them)',
      code: 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n# fetch modules\nRUN go mod download\n',
      errors: [{ line: 3 }],
      fixTitles: [],
    },
    {
      name: 'Ruby: bundle install',
      code: 'FROM ruby:3.4-slim\nWORKDIR /rails\nCOPY . .\nRUN bundle install\n',
      errors: [{ line: 3 }],
      output:
        'FROM ruby:3.4-slim\nWORKDIR /rails\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install\nCOPY . .\n',
    },
    {
      name: 'Java: mvn dependency:go-offline',
      code: 'FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /build\nCOPY . .\nRUN mvn -B dependency:go-offline\nRUN mvn -B package\n',
      errors: [{ line: 3 }],
      output:
        'FROM maven:3-eclipse-temurin-21 AS build\nWORKDIR /build\nCOPY pom.xml ./\nRUN mvn -B dependency:go-offline\nCOPY . .\nRUN mvn -B package\n',
    },
    {
      name: 'Rust: cargo build without cache mounts, no simple fix',
      code: 'FROM rust:1 AS build\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n',
      errors: [{ line: 3, message: 'cargo-chef' }],
      fixTitles: [],
    },
    {
      name: 'yarn with a build in the same RUN: reported, no fix',
      code: 'FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN yarn install --frozen-lockfile && yarn build\n',
      errors: [{ line: 3, message: 'yarn.lock' }],
      fixTitles: [],
    },
    {
      name: '.NET restore, PHP composer: reported without a fix',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:8.0 AS build\nWORKDIR /src\nCOPY . .\nRUN dotnet restore\nFROM composer:2 AS vendor\nWORKDIR /app\nADD . /app\nRUN composer install --no-dev\n',
      errors: [
        { line: 3, message: '*.csproj' },
        { line: 7, message: 'composer.lock' },
      ],
      fixTitles: [],
    },
    {
      name: 'a WORKDIR between: the install runs elsewhere, no fix',
      code: 'FROM node:22-alpine\nCOPY . /src\nWORKDIR /src\nRUN npm install\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
  ],
});
