import { rmInLaterLayer } from './rm-in-later-layer';
import { ruleTester } from './testing/ruleTester';

ruleTester(rmInLaterLayer, {
  valid: [
    {
      name: 'download, extract and delete in one RUN',
      code: 'FROM debian:bookworm-slim\nRUN curl -fsSL -o /tmp/node.tar.xz https://nodejs.org/dist/v22.0.0/node-v22.0.0-linux-x64.tar.xz \\\n && tar -xJf /tmp/node.tar.xz -C /usr/local --strip-components=1 \\\n && rm /tmp/node.tar.xz\n',
    },
    {
      name: 'apt lists removed in the RUN that downloaded them',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'deleting what the base image brought (nothing of ours created it)',
      code: 'FROM debian:bookworm-slim\nRUN rm -rf /var/lib/apt/lists/* /usr/share/doc\n',
    },
    {
      name: 'build deps added and removed in the same RUN',
      code: 'FROM python:3.13-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && pip install --no-cache-dir psycopg2 && apk del .build-deps\n',
    },
    {
      name: 'files deleted in another stage than the one that created them',
      code: 'FROM golang:1.27 AS build\nRUN git clone https://github.com/example/app /src\nFROM alpine:3.24\nRUN rm -rf /src\n',
    },
    {
      name: 'a path next to the created one',
      code: 'FROM alpine:3.24\nRUN wget -O /tmp/app.tar.gz https://example.org/app.tar.gz\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm -rf /tmp/other\n',
    },
    {
      name: 'deleted under a cache mount',
      code: 'FROM node:22-alpine\nRUN npm ci\nRUN --mount=type=cache,target=/root/.npm rm -rf /root/.npm/_logs\n',
    },
    {
      name: 'builder stage: COPY --from takes the final files, earlier layers do not matter',
      code: 'FROM golang:1.27 AS build\nRUN wget -O /tmp/protoc.zip https://example.org/protoc.zip\nRUN unzip /tmp/protoc.zip -d /usr/local && rm /tmp/protoc.zip\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /usr/local/bin/protoc /protoc\n',
    },
    {
      name: 'files of the base image inside a folder a COPY also filled (/etc)',
      code: 'FROM debian:bookworm-slim\nCOPY files/etc/ /etc/\nRUN rm -f /etc/systemd/system/*.wants/*\n',
    },
    {
      name: 'named files copied into a folder do not claim the whole folder',
      code: 'FROM ruby:3.4-slim\nWORKDIR /rails\nCOPY Gemfile Gemfile.lock ./\nRUN bundle install && rm -rf /rails/vendor/cache\n',
    },
    {
      name: 'a copied manifest deleted later costs a few KB',
      code: 'FROM ruby:3.4\nCOPY Gemfile Gemfile.lock /tmp/rails/\nRUN cd /tmp/rails && bundle install\nRUN rm -rf /tmp/rails\nCMD ["irb"]\n',
    },
    {
      name: 'pip cache not created with --no-cache-dir',
      code: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir flask\nRUN rm -rf /root/.cache\n',
    },
  ],
  invalid: [
    {
      name: 'apt lists deleted in a later RUN',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*\n',
      errors: [
        {
          line: 3,
          column: 5,
          message: '`/var/lib/apt/lists` was downloaded (`apt-get update`) by the RUN on line 2',
        },
      ],
      fixTitles: ['Move the delete into the RUN on line 2'],
      output:
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'a download deleted later, ENV between, continued RUN, CRLF',
      code: 'FROM eclipse-temurin:21-jre\r\nRUN curl -fsSL https://example.org/agent.jar \\\r\n      -o /tmp/agent.jar \\\r\n && cp /tmp/agent.jar /opt/agent.jar\r\nENV JAVA_TOOL_OPTIONS=-javaagent:/opt/agent.jar\r\nRUN rm -f /tmp/agent.jar\r\n',
      errors: [{ line: 6, column: 5, message: 'downloaded by the RUN on line 2' }],
      output:
        'FROM eclipse-temurin:21-jre\r\nRUN curl -fsSL https://example.org/agent.jar \\\r\n      -o /tmp/agent.jar \\\r\n && cp /tmp/agent.jar /opt/agent.jar \\\r\n && rm -f /tmp/agent.jar\r\nENV JAVA_TOOL_OPTIONS=-javaagent:/opt/agent.jar\r\n',
    },
    {
      name: 'wget into WORKDIR, deleted two RUNs later: reported, no fix',
      code: 'FROM ubuntu:24.04\nWORKDIR /tmp\nRUN wget https://example.org/tool-1.0.tar.gz\nRUN tar -xzf tool-1.0.tar.gz -C /opt\nRUN rm tool-1.0.tar.gz\n',
      errors: [{ line: 5, message: '`/tmp/tool-1.0.tar.gz`' }],
      fixTitles: [],
    },
    {
      name: 'a COPY deleted later',
      code: 'FROM python:3.13-slim\nCOPY wheels/ /tmp/wheels/\nRUN pip install --no-cache-dir /tmp/wheels/*.whl\nRUN rm -rf /tmp/wheels\n',
      errors: [{ line: 4, message: 'added by COPY on line 2' }],
      fixTitles: [],
    },
    {
      name: 'part of the context removed after COPY . .',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev && rm -rf .git tests\n',
      errors: [{ line: 4, column: 26, message: '.dockerignore' }],
    },
    {
      name: 'an archive added from a URL and removed later',
      code: 'FROM alpine:3.24\nADD https://example.org/python.tar.xz /tmp/python-fetch/\nRUN tar -xJf /tmp/python-fetch/python.tar.xz -C /usr/src && rm -rf /tmp/python-fetch\nCMD ["python3"]\n',
      errors: [{ line: 3, message: 'Download it in the RUN that uses it' }],
    },
    {
      name: 'a tarball copied from a builder stage and removed later',
      code: 'FROM rust:1 AS build\nRUN tar -czf /tmp/lib.tar.gz /usr/lib/x\nFROM debian:bookworm-slim\nCOPY --from=build /tmp/lib.tar.gz /tmp/lib.tar.gz\nRUN tar -C / -xzf /tmp/lib.tar.gz && rm /tmp/lib.tar.gz\n',
      errors: [{ line: 5, message: 'Copy only what the image needs from that stage' }],
    },
    {
      name: 'build tools purged in a later RUN',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gcc make && rm -rf /var/lib/apt/lists/*\nCOPY . /src\nRUN make -C /src\nRUN apt-get purge -y gcc make\n',
      errors: [{ line: 5, message: '`gcc` was installed by the RUN on line 2' }],
    },
    {
      name: 'apk virtual group deleted in a later RUN',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache --virtual .build-deps build-base\nRUN apk del .build-deps\n',
      errors: [{ line: 3 }],
    },
    {
      name: 'npm cache cleaned in a later RUN',
      code: 'FROM node:22-alpine\nCOPY package*.json ./\nRUN npm ci --omit=dev\nRUN npm cache clean --force\n',
      errors: [{ line: 4, message: '/root/.npm' }],
    },
    {
      name: 'git clone removed in a later RUN of a derived stage',
      code: 'FROM golang:1.27 AS base\nRUN git clone --depth 1 https://github.com/example/app.git /go/app\nFROM base\nRUN go build -C /go/app -o /bin/app . && rm -rf /go/app\n',
      errors: [{ line: 4, message: 'cloned' }],
    },
  ],
});
