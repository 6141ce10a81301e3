import { undefinedVar } from './undefined-var';
import { ruleTester } from './testing/ruleTester';

ruleTester(undefinedVar, {
  valid: [
    { name: 'ARG declared in the stage', code: 'FROM alpine:3.24 AS base\nARG foo\nCOPY $foo .\n' },
    {
      name: 'global ARG declared again in the stage',
      code: 'ARG VERSION=1.2.3\nFROM alpine:3.24\nARG VERSION\nLABEL org.opencontainers.image.version=$VERSION\n',
    },
    {
      name: 'ENV and ARG inherited through FROM <stage>',
      code: 'FROM node:22-alpine AS base\nARG APP_USER=node\nENV APP_HOME=/srv/app\nFROM base AS prod\nWORKDIR ${APP_HOME}\nCOPY --chown=$APP_USER:$APP_USER . .\n',
    },
    {
      name: 'RUN is expanded by the shell, not checked',
      code: 'FROM alpine:3.24\nRUN echo "$UNDEFINED_IN_DOCKERFILE"\n',
    },
    {
      name: 'exec-form CMD is not expanded',
      code: 'FROM alpine:3.24\nCMD ["sh", "-c", "echo $PORT"]\n',
    },
    {
      name: 'set by the golang image',
      code: 'FROM golang:1.27\nENV PATH=$GOPATH/bin:/usr/local/go/bin:$PATH\n',
    },
    { name: 'set by the node image', code: 'FROM node:22-bookworm-slim\nLABEL node.version=$NODE_VERSION\n' },
    {
      name: 'set by an image at the root of a stage chain',
      code: 'FROM python:3.13-slim AS base\nFROM base\nLABEL python=${PYTHON_VERSION}\n',
    },
    {
      name: 'default or alternative given',
      code: 'FROM alpine:3.24\nENV PORT=${PORT:-8080} OPTS=${EXTRA:+--extra}\n',
    },
    { name: '$$ and escaped dollars', code: 'FROM alpine:3.24\nLABEL price=\\$5 pid=$$ pos=$1\n' },
    { name: 'single quotes are literal', code: "FROM alpine:3.24\nLABEL example='$NOT_A_VARIABLE'\n" },
    {
      name: 'backtick escape',
      code: '# escape=`\nFROM alpine:3.24\nLABEL note=`$LITERAL\n',
    },
    {
      name: 'unknown base image may set it',
      code: 'FROM registry.example.com/platform/java-base:17\nENV PATH=$APP_HOME/bin:$PATH\n',
    },
    {
      name: 'platform ARG declared in the stage',
      code: 'FROM alpine:3.24\nARG TARGETARCH\nCOPY bin/linux-$TARGETARCH/app /usr/local/bin/app\n',
    },
    {
      name: 'predefined proxy ARGs',
      code: 'FROM debian:bookworm-slim\nENV http_proxy=$HTTP_PROXY no_proxy=${NO_PROXY}\n',
    },
    { name: 'HOME', code: 'FROM node:22\nWORKDIR $HOME/app\n' },
    {
      name: 'legacy ENV defines its key for later instructions',
      code: 'FROM debian:bookworm-slim\nENV GOSU_VERSION 1.17\nLABEL gosu=$GOSU_VERSION\n',
    },
    {
      name: 'appending to a variable an unknown image may set',
      code: 'FROM nvidia/cuda:12.6.0-runtime-ubuntu24.04\nENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH\n',
    },
    {
      name: 'Windows: names are case-insensitive and images unknown',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nARG version=1\r\nENV APP_VERSION=$VERSION `\r\n    APP_HOME=C:\\app\r\nWORKDIR $env:ProgramFiles\r\n',
    },
    {
      name: 'inside the alternative word of the same variable (docker-library tomcat)',
      code: 'FROM eclipse-temurin:21-jre\nENV TOMCAT_NATIVE_LIBDIR=/usr/local/tomcat/native-jni-lib\nENV LD_LIBRARY_PATH ${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$TOMCAT_NATIVE_LIBDIR\n',
    },
    { name: 'inside a default word', code: 'FROM alpine:3.24\nENV CONF=${CONF_DIR:-$XDG_CONFIG_HOME/app}\n' },
    {
      name: 'docker-library template placeholders',
      code: 'FROM alpine:{{ .alpine }}\nENV DOCKER_{{ $key | ascii_upcase }}_VERSION {{ .version }}\n',
    },
    {
      name: 'ARG-heavy docker-library style file',
      code: [
        'ARG BASE_IMAGE=debian:bookworm-slim',
        'FROM ${BASE_IMAGE}',
        'ARG TARGETARCH',
        'ARG GOSU_VERSION=1.17',
        'ENV GOSU_VERSION=${GOSU_VERSION} \\',
        '    PATH=/usr/local/bin:$PATH',
        'COPY gosu-${TARGETARCH} /usr/local/bin/gosu',
        'EXPOSE ${PORT:-6379}',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'global ARG not declared again',
      code: 'ARG VERSION=1.2.3\nFROM alpine:3.24\nLABEL org.opencontainers.image.version=$VERSION\n',
      errors: [{ line: 3, column: 40, message: 'is a global ARG (line 1)' }],
    },
    {
      name: "BuildKit's example",
      code: 'FROM alpine:3.24 AS base\nCOPY $foo .\n',
      errors: [{ line: 2, column: 6, message: 'the base image `alpine` does not either' }],
    },
    {
      name: 'misspelt PATH',
      code: 'FROM alpine:3.24\nENV PATH=$PAHT:/app/bin\n',
      errors: [{ line: 2, message: 'did you mean `$PATH`?' }],
    },
    {
      name: 'used before it is defined',
      code: 'FROM node:22-alpine\nWORKDIR $APP_DIR\nENV APP_DIR=/srv/app\n',
      errors: [{ line: 2, message: 'comes later, on line 3' }],
    },
    {
      name: 'set earlier in the same ENV',
      code: 'FROM python:3.13-slim\nENV APP=/app DATA=$APP/data\n',
      errors: [{ line: 2, column: 19, message: 'this same ENV' }],
    },
    {
      name: 'defined in another stage',
      code: 'FROM golang:1.27 AS build\nARG APP=server\nRUN go build -o /out/$APP .\nFROM alpine:3.24\nCOPY --from=build /out/$APP /usr/local/bin/\n',
      errors: [{ line: 5, message: 'defined in another stage (`ARG APP`, line 2)' }],
    },
    {
      name: 'platform ARG without ARG in the stage, even on an unknown base',
      code: 'FROM --platform=$BUILDPLATFORM example.org/tools:1 AS build\nCOPY dist/$TARGETOS-$TARGETARCH/app /app\n',
      errors: [
        { line: 2, column: 11, message: 'only after `ARG TARGETOS`' },
        { line: 2, column: 21, message: 'ARG TARGETARCH' },
      ],
    },
    {
      name: '--chown values are expanded',
      code: 'FROM node:22-slim\nCOPY --chown=$APP_USER:$APP_GROUP . /app\n',
      errors: [
        { line: 2, column: 14 },
        { line: 2, column: 24 },
      ],
    },
    {
      name: 'pattern operators are not defaults',
      code: 'FROM debian:bookworm-slim\nARG FULL=1.2.3\nENV MAJOR=${FULL%%.*} MINOR=${PATCH#*.}\n',
      errors: [{ line: 3, column: 29 }],
    },
    {
      name: 'appending to a variable a known image does not set',
      code: 'FROM debian:bookworm-slim\nENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH\n',
      errors: [{ line: 2, column: 30, message: 'expands to an empty string' }],
    },
    {
      name: 'unknown base image: only names the file declares elsewhere',
      code: 'ARG APP_VERSION=1.0\nFROM registry.example.com/base:1\nLABEL version=$APP_VERSION vendor=$VENDOR\n',
      errors: [{ line: 3, column: 15, message: 'Unless the base image sets it' }],
    },
    {
      name: 'continuation lines and CRLF; scratch',
      code: 'FROM golang:1.27 AS build\r\nFROM scratch\r\nCOPY --from=build \\\r\n     /go/bin/${BINARY} /app\r\n',
      errors: [{ line: 4, column: 14 }],
    },
    {
      name: 'USER, EXPOSE, VOLUME and STOPSIGNAL are expanded',
      code: 'FROM ubuntu:24.04\nUSER $APP_UID\nEXPOSE $PORT\nVOLUME ["$DATA_DIR"]\nSTOPSIGNAL $SIGNAL\n',
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }, { line: 5 }],
    },
  ],
});
