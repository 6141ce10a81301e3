import { noPipefail } from './no-pipefail';
import { ruleTester } from './testing/ruleTester';

ruleTester(noPipefail, {
  valid: [
    { code: 'FROM alpine:3.24\nRUN apk add --no-cache curl\n' },
    {
      name: 'set -o pipefail earlier in the RUN',
      code: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-c"]\nRUN set -o pipefail && curl -fsSL https://example.org/x.tgz | tar -xz\n',
    },
    {
      name: 'set -euo pipefail',
      code: 'FROM ubuntu:24.04\nSHELL ["/bin/bash", "-c"]\nRUN set -euxo pipefail; wget -qO- https://example.org/key | gpg --dearmor -o /usr/share/keyrings/x.gpg\n',
    },
    {
      name: 'SHELL with pipefail',
      code: 'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -\n',
    },
    {
      name: 'SHELL with -eo pipefail inherited from the parent stage',
      code: 'FROM alpine:3.24 AS base\nSHELL ["/bin/ash", "-eo", "pipefail", "-c"]\nFROM base\nRUN wget -qO- https://example.org/x.tgz | tar -xz\n',
    },
    {
      name: 'echo into a checksum tool',
      code: 'FROM debian:bookworm-slim\nRUN echo "$SHA256 *node.tar.xz" | sha256sum -c -\n',
    },
    {
      name: 'into a checksum check (dotnet-docker)',
      code: 'FROM alpine:3.24\nRUN awk \'$2 == "x.tgz"\' sums.txt | sha512sum -c\n',
    },
    {
      name: 'template file',
      code: 'FROM debian:{{ .codename }}\nRUN apt-get install -y curl {{ if env.codename | IN("bookworm") then "x" else "" end }}\n',
    },
    {
      name: 'case patterns are not pipes (docker-nginx)',
      code: 'FROM debian:bookworm-slim\nRUN dpkgArch="$(dpkg --print-architecture)" \\\n    && case "$dpkgArch" in \\\n        amd64|arm64) echo ok ;; \\\n        *) echo other ;; \\\n    esac \\\n    && echo done\n',
    },
    { name: 'yes piped into a tool', code: 'FROM ubuntu:24.04\nRUN yes | sdkmanager --licenses\n' },
    { name: 'into head', code: 'FROM debian:bookworm\nRUN ls -1 /usr/lib | head -n 5\n' },
    { name: 'into grep -q', code: 'FROM alpine:3.24\nRUN apk info | grep -q musl\n' },
    { name: '|| is not a pipe', code: 'FROM alpine:3.24\nRUN test -f /x || touch /x\n' },
    { name: 'pipe inside a quoted string', code: 'FROM alpine:3.24\nRUN echo "a | b" > /x\n' },
    { name: 'exec form', code: 'FROM debian:bookworm\nRUN ["/bin/bash", "-c", "curl x | tar -x"]\n' },
    {
      name: 'Windows default shell',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN type a.txt | findstr foo\n',
    },
    {
      name: 'PowerShell SHELL',
      code: 'FROM mcr.microsoft.com/powershell:lts-ubuntu-22.04\nSHELL ["pwsh", "-Command"]\nRUN Get-ChildItem | Select-Object Name\n',
    },
  ],
  invalid: [
    {
      name: 'Debian: dash has no pipefail, so bash via SHELL',
      code: 'FROM debian:bookworm-slim\nRUN curl -fsSL https://example.org/tool.tgz | tar -xz -C /usr/local/bin\n',
      errors: [{ line: 2, column: 5, message: 'even if `curl` fails' }],
      fixTitles: ['Run with bash and pipefail: add SHELL ["/bin/bash", "-o", "pipefail", "-c"]'],
      output:
        'FROM debian:bookworm-slim\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://example.org/tool.tgz | tar -xz -C /usr/local/bin\n',
    },
    {
      name: 'Alpine: BusyBox ash understands set -o pipefail',
      code: 'FROM alpine:3.24\nRUN wget -qO- https://example.org/x.tgz | tar -xz -C /opt\n',
      errors: [{ line: 2 }],
      fixTitles: ['Add `set -o pipefail &&` to the RUN'],
      output:
        'FROM alpine:3.24\nRUN set -o pipefail && wget -qO- https://example.org/x.tgz | tar -xz -C /opt\n',
    },
    {
      name: 'bash SHELL without pipefail: prefix; set after the pipe does not count',
      code: 'FROM node:22\nSHELL ["/bin/bash", "-c"]\nRUN npm ls --all | tee /deps.txt && set -o pipefail\n',
      errors: [{ line: 3 }],
      output:
        'FROM node:22\nSHELL ["/bin/bash", "-c"]\nRUN set -o pipefail && npm ls --all | tee /deps.txt && set -o pipefail\n',
    },
    {
      name: 'continuation lines, indentation and CRLF kept; python image is Debian',
      code: 'FROM python:3.13\r\n    RUN set -eux; \\\r\n        curl -sSL https://install.python-poetry.org \\\r\n        | python3 -\r\n',
      errors: [{ line: 3 }],
      output:
        'FROM python:3.13\r\n    SHELL ["/bin/bash", "-o", "pipefail", "-c"]\r\n    RUN set -eux; \\\r\n        curl -sSL https://install.python-poetry.org \\\r\n        | python3 -\r\n',
    },
    {
      name: 'RHEL family: /bin/sh is bash',
      code: 'FROM registry.access.redhat.com/ubi9/ubi:9.5\nRUN curl -fsSL https://example.org/x.tgz | tar -xz\n',
      errors: [{ line: 2 }],
      output:
        'FROM registry.access.redhat.com/ubi9/ubi:9.5\nRUN set -o pipefail && curl -fsSL https://example.org/x.tgz | tar -xz\n',
    },
    {
      name: 'unknown base: no fix',
      code: 'FROM example.org/team/base:1\nRUN cat /etc/os-release | grep ID\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'one finding per RUN, only the first risky pipe',
      code: 'FROM alpine:3.24\nRUN echo ok | cat && curl -fsSL x | sh && gzip -dc a.gz | tar -x\n',
      errors: [{ line: 2, column: 22 }],
    },
    {
      name: 'heredoc script under the default shell on Debian',
      code: 'FROM ubuntu:24.04\nRUN <<EOF\nset -e\ncurl -fsSL https://example.org/key | gpg --dearmor > /k.gpg\nEOF\n',
      errors: [{ line: 4 }],
      output:
        'FROM ubuntu:24.04\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF\nset -e\ncurl -fsSL https://example.org/key | gpg --dearmor > /k.gpg\nEOF\n',
    },
    {
      name: 'a pipe after a case statement still counts',
      code: 'FROM alpine:3.24\nRUN case "$(uname -m)" in x86_64|aarch64) ;; esac; wget -qO- https://example.org/x | sh\n',
      errors: [{ line: 2, column: 52 }],
    },
    {
      name: 'explicit /bin/sh SHELL on Alpine',
      code: 'FROM alpine:3.24\nSHELL ["/bin/sh", "-c"]\nRUN find / -name "*.a" | xargs rm -f\n',
      errors: [{ line: 3 }],
      output:
        'FROM alpine:3.24\nSHELL ["/bin/sh", "-c"]\nRUN set -o pipefail && find / -name "*.a" | xargs rm -f\n',
    },
  ],
});
