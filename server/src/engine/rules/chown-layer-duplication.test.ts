import { chownLayerDuplication } from './chown-layer-duplication';
import { ruleTester } from './testing/ruleTester';

ruleTester(chownLayerDuplication, {
  valid: [
    {
      name: 'COPY --chown from the start',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'chown of a folder created by RUN, before any COPY into it',
      code: 'FROM python:3.13-slim\nRUN useradd -r app && mkdir -p /data && chown -R app:app /data\nCOPY . /app\nUSER app\n',
    },
    {
      name: 'chown of a different folder than the COPY',
      code: 'FROM node:22-alpine\nCOPY . /app\nRUN mkdir -p /var/cache/app && chown -R node:node /var/cache/app\n',
    },
    {
      name: 'chmod +x of one copied script is not recursive',
      code: 'FROM alpine:3.24\nCOPY entrypoint.sh /usr/local/bin/\nRUN chmod +x /usr/local/bin/entrypoint.sh\n',
    },
    {
      name: 'COPY of a file next to the chowned folder',
      code: 'FROM php:8.4-fpm\nCOPY php.ini /usr/local/etc/php/\nRUN chown -R www-data:www-data /var/www/html\n',
    },
    {
      name: 'a builder stage: its layers are not shipped',
      code: 'FROM node:22 AS build\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\nFROM node:22-alpine\nCOPY --from=build /app/dist /app\n',
    },
    {
      name: 'a root filesystem copied to / does not claim every folder',
      code: 'FROM alpine:3.24\nCOPY rootfs/ /\nRUN chown -R nobody /var/lib/nginx\n',
    },
    {
      name: 'one copied config file: a few KB, not worth a warning',
      code: 'FROM busybox:latest\nCOPY prometheus.yml /etc/prometheus/prometheus.yml\nWORKDIR /prometheus\nRUN chown -R nobody:nobody /etc/prometheus /prometheus\nCMD ["prometheus"]\n',
    },
    {
      name: 'files this RUN writes itself before changing them',
      code: 'FROM alpine:3.24\nCOPY --from=chroot /chroot /chroot\nRUN touch /chroot/var/log/nginx/access.log && echo "" > /chroot/etc/resolv.conf && chown -R www-data /chroot/var/log/nginx /chroot/etc/resolv.conf\n',
    },
    {
      name: 'chown in a later stage on files of an earlier stage',
      code: 'FROM node:22 AS build\nCOPY . /app\nFROM node:22-alpine\nRUN mkdir /app && chown -R node:node /app\n',
    },
  ],
  invalid: [
    {
      name: 'Node: COPY . . then chown -R',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\nUSER node\nCMD ["node", "server.js"]\n',
      errors: [{ line: 4, column: 5, message: 'COPY --chown=node:node' }],
      fixTitles: ['Use COPY --chown=node:node and remove this RUN'],
      output:
        'FROM node:22-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'relative target resolved with WORKDIR, chown and chmod together, CRLF',
      code: 'FROM python:3.13-slim\r\nWORKDIR /srv\r\nCOPY app/ ./app/\r\nRUN chown -R 1000:1000 app && chmod -R 755 app\r\n',
      errors: [
        { line: 4, column: 5 },
        { line: 4, column: 31 },
      ],
      output: 'FROM python:3.13-slim\r\nWORKDIR /srv\r\nCOPY --chown=1000:1000 --chmod=755 app/ ./app/\r\n',
    },
    {
      name: 'an existing --chown gets the new owner',
      code: 'FROM ruby:3.4-slim\nCOPY --chown=root:root . /rails\nRUN chown -R rails:rails /rails\n',
      errors: [{ line: 3 }],
      output: 'FROM ruby:3.4-slim\nCOPY --chown=rails:rails . /rails\n',
    },
    {
      name: 'the files of a --from copy are duplicated too',
      code: 'FROM golang:1.27 AS build\nRUN go build -o /out/app .\nFROM debian:bookworm-slim\nCOPY --from=build /out/ /opt/app/\nRUN chown -R nobody /opt\n',
      errors: [{ line: 5 }],
      output:
        'FROM golang:1.27 AS build\nRUN go build -o /out/app .\nFROM debian:bookworm-slim\nCOPY --chown=nobody --from=build /out/ /opt/app/\n',
    },
    {
      name: 'a RUN between could have created files: no fix',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nRUN chown -R node:node /app\n',
      errors: [{ line: 5 }],
      fixTitles: [],
    },
    {
      name: 'more commands in the RUN: no fix',
      code: 'FROM python:3.13-slim\nCOPY . /app\nRUN useradd app && chown -R app:app /app\n',
      errors: [{ line: 3, column: 20 }],
      fixTitles: [],
    },
    {
      name: 'symbolic chmod mode: no fix',
      code: 'FROM alpine:3.24\nCOPY scripts /opt/scripts\nRUN chmod -R a+rX /opt/scripts\n',
      errors: [{ line: 3 }],
      fixTitles: [],
    },
    {
      name: 'owner from a variable: no fix',
      code: 'FROM python:3.13-slim\nARG UID=1000\nCOPY . /app\nRUN chown -R $UID /app\n',
      errors: [{ line: 4 }],
      fixTitles: [],
    },
  ],
});
