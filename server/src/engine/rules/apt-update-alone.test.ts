import { aptUpdateAlone } from './apt-update-alone';
import { ruleTester } from './testing/ruleTester';

ruleTester(aptUpdateAlone, {
  valid: [
    {
      name: 'update and install in one RUN',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'update and upgrade',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'xargs apt-get install from a list',
      code: 'FROM ubuntu:24.04\nCOPY packages.txt /tmp/\nRUN apt-get update && xargs apt-get install -y < /tmp/packages.txt && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'a piped installer script may install',
      code: 'FROM node:22-slim\nRUN apt-get update && curl -fsSL https://example.org/setup.sh | bash -\n',
    },
    {
      name: 'a helper script installs',
      code: 'FROM debian:bookworm-slim\nCOPY install-deps.sh /tmp/\nRUN apt-get update && /tmp/install-deps.sh\n',
    },
    {
      name: 'heredoc script installs',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    {
      name: 'xx-apt-get installs for the target platform',
      code: 'FROM --platform=$BUILDPLATFORM debian:bookworm-slim AS build\nCOPY --from=tonistiigi/xx / /\nRUN apt-get update && xx-apt-get install -y --no-install-recommends gcc libc6-dev\n',
    },
    {
      name: 'apk update is not apt',
      code: 'FROM alpine:3.24\nRUN apk update\n',
    },
    {
      name: 'the word update elsewhere',
      code: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir --upgrade pip && echo apt-get update\n',
    },
  ],
  invalid: [
    {
      name: 'update alone, install in the next RUN',
      code: 'FROM ubuntu:24.04\nRUN apt-get update\nRUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 2, column: 5, message: 'on line 3' }],
      fixTitles: ['Merge `apt-get update` into the RUN on line 3'],
      output:
        'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'ENV between, flags kept, multi-line install, CRLF',
      code: 'FROM debian:bookworm-slim\r\nRUN apt-get update -qq\r\nENV DEBIAN_FRONTEND=noninteractive\r\nRUN apt-get install -y \\\r\n      git \\\r\n  && rm -rf /var/lib/apt/lists/*\r\n',
      errors: [{ line: 2, column: 5 }],
      output:
        'FROM debian:bookworm-slim\r\nENV DEBIAN_FRONTEND=noninteractive\r\nRUN apt-get update -qq && apt-get install -y \\\r\n      git \\\r\n  && rm -rf /var/lib/apt/lists/*\r\n',
    },
    {
      name: 'the next RUN updates itself: remove this one',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 2 }],
      fixTitles: ['Remove this RUN (the install RUN updates the lists itself)'],
      output:
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'install RUN with cache mounts keeps them',
      code: 'FROM ubuntu:24.04\nRUN apt update\nRUN --mount=type=cache,target=/var/cache/apt apt install -y make\n',
      errors: [{ line: 2 }],
      output:
        'FROM ubuntu:24.04\nRUN --mount=type=cache,target=/var/cache/apt apt update && apt install -y make\n',
    },
    {
      name: 'update with other commands: reported, no fix',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && echo updated\nRUN apt-get install -y curl\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'a COPY between changes the sources: no fix',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update\nCOPY sources.list /etc/apt/sources.list\nRUN apt-get install -y curl\n',
      errors: [{ line: 2, message: 'Run it in the same RUN as the install.' }],
      fixTitles: [],
    },
    {
      name: 'update after the last install in the same RUN',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y software-properties-common && apt-get update\n',
      errors: [{ line: 2, column: 72 }],
      fixTitles: [],
    },
    {
      name: 'a builder stage too',
      code: 'FROM golang:1.27 AS build\nRUN apt-get update\nRUN apt-get install -y protobuf-compiler\nFROM scratch\n',
      errors: [{ line: 2 }],
      output:
        'FROM golang:1.27 AS build\nRUN apt-get update && apt-get install -y protobuf-compiler\nFROM scratch\n',
    },
  ],
});
