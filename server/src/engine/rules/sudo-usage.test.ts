import { sudoUsage } from './sudo-usage';
import { ruleTester } from './testing/ruleTester';

ruleTester(sudoUsage, {
  valid: [
    {
      name: 'root steps without sudo, then an unprivileged user',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nRUN useradd -m app\nUSER app\n',
    },
    {
      name: 'installing sudo or configuring sudoers is not using it',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y sudo && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev\n',
    },
    {
      name: 'gosu and su-exec are not sudo',
      code: 'FROM alpine:3.24\nRUN apk add --no-cache su-exec\nCMD ["su-exec", "app", "server"]\n',
    },
    {
      name: 'a word that only contains sudo',
      code: 'FROM alpine:3.24\nRUN echo pseudo && ls /etc/sudoers.d\n',
    },
  ],
  invalid: [
    {
      name: 'sudo apt-get as root (Ubuntu)',
      code: 'FROM ubuntu:24.04\nRUN sudo apt-get update\n',
      errors: [{ line: 2, column: 5, message: 'already runs as root' }],
      fixTitles: ['Drop sudo'],
      output: 'FROM ubuntu:24.04\nRUN apt-get update\n',
    },
    {
      name: 'sudo with options and a kept assignment',
      code: 'FROM debian:bookworm-slim\nRUN sudo -E DEBIAN_FRONTEND=noninteractive apt-get install -y git\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:bookworm-slim\nRUN DEBIAN_FRONTEND=noninteractive apt-get install -y git\n',
    },
    {
      name: 'sudo -u root is root',
      code: 'FROM python:3.13-slim\nRUN sudo -u root pip install --no-cache-dir flask\n',
      errors: [{ line: 2 }],
      output: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir flask\n',
    },
    {
      name: 'second command of a continued RUN, indentation kept (Node)',
      code: 'FROM node:22\nRUN npm ci \\\n    && sudo npm install -g pm2\n',
      errors: [{ line: 3, column: 8 }],
      output: 'FROM node:22\nRUN npm ci \\\n    && npm install -g pm2\n',
    },
    {
      name: 'sudo at the end of a line before a continuation',
      code: 'FROM alpine:3.24\nRUN sudo \\\n  apk add --no-cache bash\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.24\nRUN apk add --no-cache bash\n',
    },
    {
      name: 'two sudo commands: one finding each',
      code: 'FROM ubuntu:24.04\nRUN sudo apt-get update && sudo apt-get install -y make\n',
      errors: [
        { line: 2, column: 5 },
        { line: 2, column: 28 },
      ],
    },
    {
      name: 'as a non-root user: no fix, the step needs USER root',
      code: 'FROM ubuntu:24.04\nRUN useradd -m dev\nUSER dev\nRUN sudo apt-get install -y vim\n',
      errors: [{ line: 4, message: 'USER root' }],
      fixTitles: [],
    },
    {
      name: 'sudo -u another user: no fix',
      code: 'FROM postgres:18\nRUN sudo -u postgres initdb -D /var/lib/postgresql/data\n',
      errors: [{ line: 2, message: 'switches user' }],
      fixTitles: [],
    },
    {
      name: 'unknown base user (devcontainer image): no fix',
      code: 'FROM ghcr.io/rails/devcontainer/images/ruby:3.4\nRUN sudo apt-get update\n',
      errors: [{ line: 2, message: 'USER root' }],
      fixTitles: [],
    },
    {
      name: 'inside sh -c: no fix',
      code: 'FROM ubuntu:24.04\nRUN sh -c "sudo make install"\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'escape character backtick and CRLF (Windows-style file on Linux)',
      code: '# escape=`\r\nFROM ubuntu:24.04\r\nRUN sudo apt-get update `\r\n    && sudo apt-get install -y curl\r\n',
      errors: [{ line: 3 }, { line: 4 }],
      output:
        '# escape=`\r\nFROM ubuntu:24.04\r\nRUN apt-get update `\r\n    && sudo apt-get install -y curl\r\n',
    },
  ],
});
