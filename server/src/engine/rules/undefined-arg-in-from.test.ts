import { undefinedArgInFrom } from './undefined-arg-in-from';
import { ruleTester } from './testing/ruleTester';

ruleTester(undefinedArgInFrom, {
  valid: [
    { code: 'ARG GO_VERSION=1.27\nFROM golang:${GO_VERSION}-alpine AS build\n' },
    { name: 'declared without a default', code: 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n' },
    {
      name: 'automatic platform ARGs need no declaration',
      code: 'FROM --platform=$BUILDPLATFORM golang:1.27 AS build\nFROM --platform=${TARGETPLATFORM} alpine:3.24\n',
    },
    {
      name: 'docker-library style: several global ARGs',
      code: 'ARG REGISTRY=docker.io\nARG NODE_MAJOR=22\nARG VARIANT=bookworm-slim\nFROM ${REGISTRY}/library/node:${NODE_MAJOR}-${VARIANT}\n',
    },
    { name: 'no variables', code: 'FROM alpine:3.24\nARG VERSION\n' },
    { name: 'escaped dollar', code: 'FROM alpine:3.24\\$x\n' },
    {
      name: 'Windows file with backtick escape and ARG-chosen tag',
      code: '# escape=`\r\nARG REPO=mcr.microsoft.com/dotnet/runtime\r\nARG TAG=9.0-nanoserver-ltsc2022\r\nFROM $REPO:$TAG\r\n',
    },
    {
      name: 'ARG-heavy docker-library style file',
      code: 'ARG BUILDPACK_DEPS_TAG=bookworm\nARG PG_MAJOR=17\nFROM buildpack-deps:${BUILDPACK_DEPS_TAG}-curl AS fetch\nARG PG_MAJOR\nFROM postgres:${PG_MAJOR}-${BUILDPACK_DEPS_TAG}\n',
    },
  ],
  invalid: [
    {
      code: 'FROM alpine:${ALPINE_VERSION}\nRUN apk add --no-cache curl\n',
      errors: [{ line: 1, column: 13, message: '`$ALPINE_VERSION` is not declared before the first FROM' }],
    },
    {
      name: 'ARG declared after FROM',
      code: 'FROM python:3.13-slim AS base\nARG PY_TAG=3.12-slim\nFROM python:${PY_TAG}\n',
      errors: [{ line: 3, message: 'line 2 is inside a stage' }],
    },
    {
      name: 'misspelt global ARG',
      code: 'ARG NODE_VERSION=22\nFROM node:${NODE_VERSON}-alpine\n',
      errors: [{ line: 2, message: 'Did you mean `$NODE_VERSION`?' }],
    },
    {
      name: 'with a default it still cannot be set',
      code: 'FROM ${REGISTRY:-docker.io}/library/nginx:1.27\n',
      errors: [{ line: 1, column: 6, message: 'its default' }],
    },
    {
      name: 'in the platform flag; CRLF',
      code: 'FROM --platform=$PLATFORM alpine:3.24\r\n',
      errors: [{ line: 1, column: 17 }],
    },
  ],
});
