import { apkNoCache } from './apk-no-cache';
import { ruleTester } from './testing/ruleTester';

ruleTester(apkNoCache, {
  valid: [
    {
      name: 'alpine with --no-cache',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache ca-certificates tzdata\n',
    },
    { name: 'flag before the action', code: 'FROM node:22-alpine\nRUN apk --no-cache add libc6-compat\n' },
    {
      name: 'cache mount on /var/cache/apk',
      code: 'FROM golang:1.27-alpine AS build\nRUN --mount=type=cache,target=/var/cache/apk apk add git build-base\n',
    },
    {
      name: 'cache mount on /etc/apk/cache (the apk cache symlink)',
      code: 'FROM alpine:3.24\nRUN --mount=type=cache,target=/etc/apk/cache apk add --update curl\n',
    },
    {
      name: 'index removed later in the same RUN',
      code: 'FROM php:8.4-alpine\nRUN apk add --update icu-dev && docker-php-ext-install intl && rm -rf /var/cache/apk/*\n',
    },
    {
      name: 'apk cache clean in the same RUN',
      code: 'FROM alpine:3.24\nRUN apk add curl && apk cache clean\n',
    },
    {
      name: '--no-network downloads nothing (docker-library run-deps)',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache --virtual .build-deps gcc && make && apk add --no-network --virtual .rundeps $runDeps && apk del --no-network .build-deps\n',
    },
    { name: 'apk del is not an install', code: 'FROM alpine:3.24\nRUN apk del .build-deps\n' },
    {
      name: 'chainguard wolfi-base with --no-cache',
      code: 'FROM cgr.dev/chainguard/wolfi-base\nRUN apk add --no-cache python-3.12\n',
    },
    {
      name: 'apt on debian is another rule',
      code: 'FROM debian:bookworm-slim\nRUN apt-get install -y curl\n',
    },
  ],
  invalid: [
    {
      name: 'apk add --update',
      code: 'FROM alpine:3.24\nRUN apk add --update curl\n',
      errors: [{ line: 2, column: 5, message: '--no-cache' }],
      fixTitles: ['Add --no-cache'],
      output: 'FROM alpine:3.24\nRUN apk add --no-cache --update curl\n',
    },
    {
      name: 'apk update then add, in a Python alpine stage',
      code: 'FROM python:3.13-alpine\nRUN apk update && apk add postgresql-libs\nCMD ["python", "app.py"]\n',
      errors: [{ line: 2, column: 19 }],
      output:
        'FROM python:3.13-alpine\nRUN apk update && apk add --no-cache postgresql-libs\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'virtual group, continued lines, CRLF',
      code: 'FROM ruby:3.4-alpine\r\nRUN apk add --virtual .build-deps \\\r\n      build-base \\\r\n  && bundle install \\\r\n  && apk del .build-deps\r\n',
      errors: [{ line: 2, column: 5 }],
      output:
        'FROM ruby:3.4-alpine\r\nRUN apk add --no-cache --virtual .build-deps \\\r\n      build-base \\\r\n  && bundle install \\\r\n  && apk del .build-deps\r\n',
    },
    {
      name: 'a cache mount elsewhere does not count',
      code: 'FROM node:22-alpine\nRUN --mount=type=cache,target=/root/.npm apk add git && npm ci\n',
      errors: [{ line: 2, column: 42 }],
      output:
        'FROM node:22-alpine\nRUN --mount=type=cache,target=/root/.npm apk add --no-cache git && npm ci\n',
    },
    {
      name: 'rm before the install does not clean what it downloads',
      code: 'FROM alpine:3.24\nRUN rm -rf /var/cache/apk/* && apk add curl\n',
      errors: [{ line: 2, column: 32 }],
      output: 'FROM alpine:3.24\nRUN rm -rf /var/cache/apk/* && apk add --no-cache curl\n',
    },
    {
      name: 'heredoc body',
      code: 'FROM alpine:3.24\nRUN <<EOF\n  apk add git\nEOF\n',
      errors: [{ line: 3, column: 3 }],
      output: 'FROM alpine:3.24\nRUN <<EOF\n  apk add --no-cache git\nEOF\n',
    },
    {
      name: 'exec form: no fix',
      code: 'FROM alpine:3.24\nRUN ["apk", "add", "curl"]\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
  ],
});
