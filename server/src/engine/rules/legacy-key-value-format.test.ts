import { legacyKeyValueFormat } from './legacy-key-value-format';
import { ruleTester } from './testing/ruleTester';

ruleTester(legacyKeyValueFormat, {
  valid: [
    { code: 'FROM python:3.13-slim\nENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1\n' },
    {
      name: 'quoted value with spaces',
      code: 'FROM node:22\nLABEL org.opencontainers.image.title="My App"\n',
    },
    { name: 'ARG has no legacy form', code: 'FROM alpine:3.24\nARG VERSION\n' },
    {
      name: 'multi-line new form',
      code: 'FROM golang:1.27\nENV CGO_ENABLED=0 \\\n    GOOS=linux \\\n    GOARCH=amd64\n',
    },
    { name: 'quoted key with =', code: 'FROM alpine:3.24\nLABEL "com.example.vendor"="ACME Incorporated"\n' },
  ],
  invalid: [
    {
      name: 'docker-library style version pin',
      code: 'FROM debian:bookworm-slim\nENV PYTHON_VERSION 3.13.1\n',
      errors: [{ line: 2, column: 5, message: '`ENV PYTHON_VERSION=<value>`' }],
      fixTitles: ['Use ENV PYTHON_VERSION=…'],
      output: 'FROM debian:bookworm-slim\nENV PYTHON_VERSION=3.13.1\n',
    },
    {
      name: 'value with a variable',
      code: 'FROM golang:1.27\nENV PATH /usr/local/go/bin:$PATH\n',
      errors: [{ line: 2 }],
      output: 'FROM golang:1.27\nENV PATH=/usr/local/go/bin:$PATH\n',
    },
    {
      name: 'rest of the line is the value: quoted',
      code: 'FROM eclipse-temurin:21-jre\nENV JAVA_OPTS -Xms256m -Xmx512m\n',
      errors: [{ line: 2 }],
      output: 'FROM eclipse-temurin:21-jre\nENV JAVA_OPTS="-Xms256m -Xmx512m"\n',
    },
    {
      name: 'LABEL with a quoted value keeps its quotes',
      code: 'FROM nginx:1.27\nLABEL maintainer "NGINX Docker Maintainers <docker-maint@nginx.com>"\n',
      errors: [{ line: 2, column: 7 }],
      fixTitles: ['Use LABEL maintainer=…'],
      output: 'FROM nginx:1.27\nLABEL maintainer="NGINX Docker Maintainers <docker-maint@nginx.com>"\n',
    },
    {
      name: 'mixed quoting: reported, no fix',
      code: 'FROM alpine:3.24\nENV GREETING "hello" world\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'Windows backtick escape: backslashes are literal',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nENV GIT_HOME C:\\Program Files\\Git\r\n',
      errors: [{ line: 3 }],
      output:
        '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nENV GIT_HOME="C:\\Program Files\\Git"\r\n',
    },
    {
      name: 'value on a continuation line',
      code: 'FROM ruby:3.4\nENV BUNDLE_PATH \\\n    /usr/local/bundle\n',
      errors: [{ line: 2 }],
      output: 'FROM ruby:3.4\nENV BUNDLE_PATH=/usr/local/bundle\n',
    },
    {
      name: 'lower-case keyword, indented',
      code: 'from alpine:3.24\n  env LANG C.UTF-8\n',
      errors: [{ line: 2, column: 7 }],
      output: 'from alpine:3.24\n  env LANG=C.UTF-8\n',
    },
    {
      name: 'docker-library template placeholder with blanks gets quotes',
      code: 'FROM alpine:{{ .alpine }}\nENV MEMCACHED_VERSION {{ .version }}\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:{{ .alpine }}\nENV MEMCACHED_VERSION="{{ .version }}"\n',
    },
    {
      name: 'backslash escape in an unquoted value: no fix',
      code: 'FROM alpine:3.24\nENV MSG hello\\ big world\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
  ],
});
