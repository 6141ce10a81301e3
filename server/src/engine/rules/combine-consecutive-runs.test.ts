import { combineConsecutiveRuns } from './combine-consecutive-runs';
import { ruleTester } from './testing/ruleTester';

const MERGE = 'Merge into the RUN on line 2';

ruleTester(combineConsecutiveRuns, {
  valid: [
    {
      name: 'one RUN with everything',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl git && rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'different package managers (system packages, then Python packages)',
      code: 'FROM python:3.13-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*\nRUN pip install --no-cache-dir psycopg\n',
    },
    {
      name: 'a COPY between breaks the sequence (cache-friendly ordering)',
      code: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir --upgrade pip\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
    },
    {
      name: 'consecutive RUNs that do not both install',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache curl\nRUN adduser -D app\n',
    },
    {
      name: 'separate stages',
      code: 'FROM alpine:3.24 AS a\nRUN apk add --no-cache curl\nFROM alpine:3.24\nRUN apk add --no-cache git\n',
    },
    {
      name: 'update alone is not an install',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y curl\n',
    },
  ],
  invalid: [
    {
      name: 'two apk RUNs on single lines',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache curl\nRUN apk add --no-cache git\n',
      errors: [{ line: 3, column: 1, message: 'line 2' }],
      fixTitles: [MERGE],
      output: 'FROM alpine:3.24\nRUN apk add --no-cache curl && \\\n    apk add --no-cache git\n',
    },
    {
      name: 'leading && style, multi-line, CRLF',
      code: 'FROM debian:bookworm-slim\r\nRUN apt-get update \\\r\n  && apt-get install -y --no-install-recommends curl \\\r\n  && rm -rf /var/lib/apt/lists/*\r\nRUN apt-get update \\\r\n  && apt-get install -y --no-install-recommends git \\\r\n  && rm -rf /var/lib/apt/lists/*\r\n',
      errors: [{ line: 5 }],
      output:
        'FROM debian:bookworm-slim\r\nRUN apt-get update \\\r\n  && apt-get install -y --no-install-recommends curl \\\r\n  && rm -rf /var/lib/apt/lists/* \\\r\n  && apt-get update \\\r\n  && apt-get install -y --no-install-recommends git \\\r\n  && rm -rf /var/lib/apt/lists/*\r\n',
    },
    {
      name: 'a comment between is kept inside the merged RUN',
      code: 'FROM fedora:41\nRUN dnf install -y gcc && dnf clean all\n# tools for the tests\nRUN dnf install -y make && dnf clean all\n',
      errors: [{ line: 4 }],
      output:
        'FROM fedora:41\nRUN dnf install -y gcc && dnf clean all && \\\n    # tools for the tests\n    dnf install -y make && dnf clean all\n',
    },
    {
      name: 'three in a row: two findings',
      code: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir flask\nRUN pip install --no-cache-dir gunicorn\nRUN pip install --no-cache-dir redis\n',
      errors: [{ line: 3 }, { line: 4 }],
      output:
        'FROM python:3.13-slim\nRUN pip install --no-cache-dir flask && \\\n    pip install --no-cache-dir gunicorn\nRUN pip install --no-cache-dir redis\n',
    },
    {
      name: 'cd in the first RUN would move the second: no fix',
      code: 'FROM debian:bookworm-slim\nRUN cd /tmp && apt-get update && apt-get install -y curl\nRUN apt-get install -y ./local.deb\n',
      errors: [{ line: 3 }],
      fixTitles: [],
    },
    {
      name: 'different mounts: no fix',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y git\n',
      errors: [{ line: 3 }],
      fixTitles: [],
    },
    {
      name: 'semicolon style stays',
      code: 'FROM debian:bookworm-slim\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl; \\\n\trm -rf /var/lib/apt/lists/*\nRUN set -eux; apt-get update; apt-get install -y git; rm -rf /var/lib/apt/lists/*\n',
      errors: [{ line: 6 }],
      output:
        'FROM debian:bookworm-slim\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl; \\\n\trm -rf /var/lib/apt/lists/*; \\\n\tset -eux; apt-get update; apt-get install -y git; rm -rf /var/lib/apt/lists/*\n',
    },
  ],
});
