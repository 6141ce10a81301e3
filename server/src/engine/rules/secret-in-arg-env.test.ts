import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSecretVariableName } from './lib/security';
import { secretInArgEnv } from './secret-in-arg-env';
import { ruleTester } from './testing/ruleTester';

ruleTester(secretInArgEnv, {
  valid: [
    {
      name: 'docker-library GPG key fingerprints are public',
      code: 'FROM debian:bookworm-slim\nENV GPG_KEY A035C8C19219BA821ECEA86B64E628F8D684696D\nENV GPG_KEYS 4ED778F539E3634C779C87C6D7062848A1AB005C B9E2F5981AA6E0CD28160D9FF13993A75599653C\nENV RABBITMQ_PGP_KEY_ID=0x0A9AF2115F4687BD29803A206B73A36E6026DFCA\nARG PGP_KEYSERVER=keyserver.ubuntu.com\n',
    },
    {
      name: 'public keys and Next.js public variables',
      code: 'FROM node:22-alpine\nARG NEXT_PUBLIC_STRIPE_KEY\nENV SSH_PUBLIC_KEY=/etc/ssh/host.pub\n',
    },
    {
      name: 'names that point to a secret rather than hold it',
      code: 'FROM postgres:18\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password\nENV KEY_PATH=/etc/app/key.pem\nARG TOKEN_URL=https://auth.example.com/token\nENV SSH_AUTH_SOCK=/ssh-agent\nENV POSTGRES_HOST_AUTH_METHOD=trust\n',
    },
    {
      name: 'switches, not secrets',
      code: 'FROM mysql:8.4\nENV MYSQL_ALLOW_EMPTY_PASSWORD=yes\nENV MYSQL_RANDOM_ROOT_PASSWORD=1\n',
    },
    {
      name: 'a value under /run/secrets',
      code: 'FROM alpine:3.24\nENV DB_PASSWORD=/run/secrets/db\n',
    },
    {
      name: 'ordinary variables',
      code: 'ARG GO_VERSION=1.27\nFROM golang:${GO_VERSION}\nENV GOPATH=/go PATH=/go/bin:$PATH CGO_ENABLED=0\nARG KEYCLOAK_VERSION=26.0\nENV APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE=1\n',
    },
    {
      name: '.NET configuration key set to a setting name (dotnet-monitor)',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nENV DefaultProcess__Filters__0__Key=ProcessId \\\n    DefaultProcess__Filters__0__Value=1\n',
    },
    {
      name: 'PWD is the working directory',
      code: 'FROM alpine:3.24\nENV PWD=/app\n',
    },
    {
      name: 'an AWS region is not a credential',
      code: 'FROM amazon/aws-cli:2.17.0\nENV AWS_DEFAULT_REGION=eu-west-1\n',
    },
  ],
  invalid: [
    {
      name: 'npm token as a build argument',
      code: 'FROM node:22-alpine\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\n',
      errors: [{ line: 2, column: 5, message: '`NPM_TOKEN` looks like a credential: build arguments' }],
      fixTitles: ['Use a secret mount for NPM_TOKEN (build with --secret id=NPM_TOKEN,env=NPM_TOKEN)'],
      // `env=` needs Dockerfile syntax 1.10: the file gets a `# syntax=` line that asks for it.
      output:
        '# syntax=docker/dockerfile:1\nFROM node:22-alpine\nRUN --mount=type=secret,id=NPM_TOKEN,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc\n',
    },
    {
      name: 'one of several build arguments, on continued lines, read by two RUNs (Go)',
      code: '# syntax=docker/dockerfile:1.10\nFROM golang:1.27 AS build\nARG GOPROXY=direct \\\n    GITHUB_TOKEN \\\n    GOPRIVATE=github.com/acme\nRUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\nRUN go mod download\nRUN GITHUB_TOKEN=$GITHUB_TOKEN go build -o /app .\n',
      errors: [{ line: 4, column: 5, message: 'GITHUB_TOKEN' }],
      output:
        '# syntax=docker/dockerfile:1.10\nFROM golang:1.27 AS build\nARG GOPROXY=direct \\\n    GOPRIVATE=github.com/acme\nRUN --mount=type=secret,id=GITHUB_TOKEN,env=GITHUB_TOKEN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"\nRUN go mod download\nRUN --mount=type=secret,id=GITHUB_TOKEN,env=GITHUB_TOKEN GITHUB_TOKEN=$GITHUB_TOKEN go build -o /app .\n',
    },
    {
      name: 'no fix when the frontend is pinned older than secret mounts with env=',
      code: '# syntax=docker/dockerfile:1.4\nFROM alpine:3.24\nARG API_TOKEN\nRUN wget --header "Authorization: Bearer $API_TOKEN" https://example.com/artifact\n',
      errors: [{ line: 3, message: 'API_TOKEN' }],
      fixTitles: [],
    },
    {
      name: 'no fix when an instruction other than RUN uses the variable',
      code: 'FROM alpine:3.24\nARG REGISTRY_PASSWORD\nLABEL build.password-hash=${REGISTRY_PASSWORD}\nRUN echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin\n',
      errors: [{ line: 2, message: 'REGISTRY_PASSWORD' }],
      fixTitles: [],
    },
    {
      name: 'database password in ENV (Python)',
      code: 'FROM python:3.13-slim\nENV DATABASE_URL=postgres://db/app DATABASE_PASSWORD=changeme\n',
      errors: [{ line: 2, column: 36, message: 'ENV values are stored' }],
      // The running app reads it: moving it to a build secret would take it away from the app.
      fixTitles: [],
    },
    {
      name: 'legacy ENV form',
      code: 'FROM httpd:2.4\nENV NAGIOSADMIN_PASS nagios\n',
      errors: [{ line: 2, column: 5, message: 'NAGIOSADMIN_PASS' }],
    },
    {
      name: 'AWS credentials as build arguments',
      code: 'FROM amazon/aws-cli:2.17.0\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\nRUN aws s3 cp s3://bucket/artifact.tgz /tmp/\n',
      errors: [{ line: 2 }, { line: 3 }],
      // aws reads them from its environment without naming them: no RUN is found to mount them on.
      fixTitles: [],
    },
    {
      name: 'Rails, Django, Laravel keys',
      code: 'FROM ruby:3.4\nENV SECRET_KEY_BASE=abc\nFROM python:3.13\nENV DJANGO_SECRET_KEY=xyz\nFROM php:8.4-fpm\nENV APP_KEY=base64:xyz\n',
      errors: [{ line: 2 }, { line: 4 }, { line: 6 }],
    },
    {
      name: 'API key, GitHub token, compound names, global ARG',
      code: 'ARG GITHUB_TOKEN\nFROM golang:1.27\nARG API_KEY=dev\nARG ACCESSTOKEN\nENV STRIPE_APIKEY=sk_test\n',
      errors: [{ line: 1 }, { line: 3 }, { line: 4 }, { line: 5 }],
      fixTitles: [],
    },
    {
      name: 'no fix for a build argument with a default: builds without the secret would lose it',
      code: 'FROM alpine:3.24\nARG API_KEY=dev\nRUN wget --header "X-Api-Key: $API_KEY" https://example.com/data\n',
      errors: [{ line: 2, message: 'API_KEY' }],
      fixTitles: [],
    },
    {
      name: 'GPG private key and passphrase are secrets',
      code: 'FROM debian:bookworm-slim\nARG GPG_PRIVATE_KEY\nARG GPG_PASSPHRASE\n',
      errors: [{ line: 2 }, { line: 3 }],
    },
    {
      name: 'quoted value with spaces, several names',
      code: 'FROM eclipse-temurin:21-jre\nENV JAVA_OPTS="-Xmx512m -Xms256m" KEYSTORE_PASSWORD="s3cret pass" JWT_SECRET=x\n',
      errors: [
        { line: 2, column: 35, message: 'KEYSTORE_PASSWORD' },
        { line: 2, column: 67, message: 'JWT_SECRET' },
      ],
    },
    {
      name: '.NET connection string password and NuGet credentials',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nARG NUGET_AUTH\nENV SA_PASSWORD=Your_password123\n',
      errors: [{ line: 2 }, { line: 3 }],
    },
  ],
});

describe('isSecretVariableName', () => {
  const secret = [
    'GITHUB_TOKEN',
    'db_password',
    'DB_PASSWD',
    'DB_PWD',
    'api_key',
    'PRIVATE_KEY',
    'CLIENT_SECRET',
    'GOOGLE_CREDENTIALS',
    'NPMTOKEN',
    'AUTH',
    'KEY',
    'AWS_ACCESS_KEY_ID',
    'SSH_KEY',
    'NODE_AUTH_TOKEN',
  ];
  const notSecret = [
    'GPG_KEY',
    'GPG_KEYS',
    'PUBLIC_KEY',
    'KEY_PATH',
    'PASSWORD_FILE',
    'TOKEN_URL',
    'KEYCLOAK_URL',
    'PASSENGER_APP_ENV',
    'PWD',
    'CLIENT_ID',
    'AUTH_TYPE',
    'MONKEY',
    'SECRETS_DIR',
  ];
  it('recognises credential names', () => {
    for (const name of secret) assert.equal(isSecretVariableName(name), true, name);
  });
  it('leaves public and descriptive names alone', () => {
    for (const name of notSecret) assert.equal(isSecretVariableName(name), false, name);
  });
});
