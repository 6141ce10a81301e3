import { aptNoInstallRecommends } from './apt-no-install-recommends';
import { ruleTester } from './testing/ruleTester';

ruleTester(aptNoInstallRecommends, {
  valid: [
    {
      name: 'debian slim with the flag',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'flag before the action',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get --no-install-recommends -y install git && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'the setting as -o option',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y -o APT::Install-Recommends=false curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apt.conf.d written by an earlier RUN',
      code: `FROM ubuntu:22.04\nRUN echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/00-no-recommends\nRUN apt-get update && apt-get install -y python3 && rm -rf /var/lib/apt/lists/*\n`,
    },
    {
      name: 'apt.conf.d written in the base stage',
      code: `FROM debian:bookworm-slim AS base\nRUN printf 'APT::Install-Recommends "0";\\n' > /etc/apt/apt.conf.d/99norecommends\nFROM base\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n`,
    },
    {
      name: 'install -f fixes dependencies, no packages named',
      code: 'FROM debian:bookworm-slim\nRUN dpkg -i /tmp/app.deb || apt-get install -f -y\n',
    },
    {
      name: 'other installs are not apt',
      code: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir flask && make install\nRUN npm install -g pnpm\n',
    },
    {
      name: 'a simulated install (apt-get install -s) installs nothing',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && if apt-get install -s "postgresql-17-jit" > /dev/null 2>&1; then apt-get install -y --no-install-recommends postgresql-17-jit; fi && rm -rf /var/lib/apt/lists/*\n',
    },
    { name: 'alpine uses apk', code: 'FROM alpine:3.24\nRUN apk add --no-cache curl\n' },
    {
      name: 'a comment mentioning apt-get install',
      code: 'FROM debian:bookworm-slim\n# apt-get install -y curl would pull recommends\nRUN echo ok\n',
    },
  ],
  invalid: [
    {
      name: 'apt-get install on one line',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 2, column: 23, message: '--no-install-recommends' }],
      fixTitles: ['Add --no-install-recommends'],
      output:
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'apt on ubuntu, continued lines and CRLF kept',
      code: 'FROM ubuntu:24.04\r\nRUN apt update \\\r\n    && apt install -y \\\r\n       python3 \\\r\n       python3-venv \\\r\n    && rm -rf /var/lib/apt/lists/*\r\n',
      errors: [{ line: 3, column: 8 }],
      output:
        'FROM ubuntu:24.04\r\nRUN apt update \\\r\n    && apt install --no-install-recommends -y \\\r\n       python3 \\\r\n       python3-venv \\\r\n    && rm -rf /var/lib/apt/lists/*\r\n',
    },
    {
      name: 'sudo and environment prefix',
      code: 'FROM mcr.microsoft.com/devcontainers/base:ubuntu\nRUN sudo DEBIAN_FRONTEND=noninteractive apt-get -y install libpq5 && sudo rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 2, column: 41 }],
      output:
        'FROM mcr.microsoft.com/devcontainers/base:ubuntu\nRUN sudo DEBIAN_FRONTEND=noninteractive apt-get -y install --no-install-recommends libpq5 && sudo rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'builder stages count too (build time and cache size)',
      code: 'FROM rust:1 AS build\nRUN apt-get update && apt-get install -y musl-tools && rm -rf /var/lib/apt/lists/*\nRUN cargo build --release\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /target/release/app /app\n',
      errors: [{ line: 2 }],
      output:
        'FROM rust:1 AS build\nRUN apt-get update && apt-get install --no-install-recommends -y musl-tools && rm -rf /var/lib/apt/lists/*\nRUN cargo build --release\nFROM gcr.io/distroless/cc-debian12\nCOPY --from=build /target/release/app /app\n',
    },
    {
      name: 'two installs, two findings',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gnupg \\\n && apt-get install -y nodejs && rm -rf /var/lib/apt/lists/*\n',
      errors: [
        { line: 2, column: 23 },
        { line: 3, column: 5 },
      ],
      output:
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y gnupg \\\n && apt-get install -y nodejs && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'heredoc script',
      code: 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n',
      errors: [{ line: 5, column: 1 }],
      output:
        'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\napt-get update\napt-get install --no-install-recommends -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    {
      name: 'inside sh -c: reported, no fix',
      code: 'FROM debian:bookworm-slim\nRUN sh -c "apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*"\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'exec form: reported, no fix',
      code: 'FROM debian:bookworm-slim\nRUN ["apt-get", "install", "-y", "curl"]\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
  ],
});
