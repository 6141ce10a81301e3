import { secretDeletedLater } from './secret-deleted-later';
import { ruleTester } from './testing/ruleTester';

ruleTester(secretDeletedLater, {
  valid: [
    {
      name: 'token written, used and deleted in one RUN (Node)',
      code: 'FROM node:22-alpine\nARG NPM_TOKEN\nCOPY package*.json ./\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > ~/.npmrc && npm ci --omit=dev && rm -f ~/.npmrc\n',
    },
    {
      name: 'secret mount instead of a file',
      code: 'FROM python:3.13-slim\nRUN --mount=type=secret,id=pip,target=/root/.config/pip/pip.conf pip install --no-cache-dir -r requirements.txt\n',
    },
    {
      name: 'written under a tmpfs mount: never in a layer',
      code: 'FROM golang:1.27\nRUN --mount=type=tmpfs,target=/root/.ssh echo "$KEY" > /root/.ssh/id_ed25519 && go mod download\nRUN rm -rf /root/.ssh\n',
    },
    {
      name: 'deleting other files is fine',
      code: 'FROM debian:bookworm-slim\nCOPY .env.example /app/\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/* /tmp/*\n',
    },
    {
      name: 'a secret copied but never deleted is secret-file-copied, not this rule',
      code: 'FROM ruby:3.4\nCOPY .netrc /root/.netrc\nRUN bundle install\n',
    },
    {
      name: 'ambiguous COPY into a folder: deleting something else inside it is fine',
      code: 'FROM node:22\nCOPY .npmrc /app\nRUN rm -rf /app/node_modules\n',
    },
    {
      name: 'a secret mount target deleted defensively later',
      code: 'FROM node:22\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nRUN rm -f /root/.npmrc\n',
    },
    {
      name: 'a key generated and deleted in one RUN',
      code: 'FROM alpine:3.24\nWORKDIR /certs\nRUN CAROOT=$(pwd) mkcert -cert-file cert.pem -key-file key.pem localhost && rm -f rootCA-key.pem\n',
    },
    {
      name: 'a folder made and removed in one RUN',
      code: 'FROM node:22\nRUN mkdir -p /root/.ssh && ssh-keyscan github.com >> /root/.ssh/known_hosts && npm ci && rm -rf /root/.ssh\n',
    },
    {
      name: 'known_hosts is not a secret',
      code: 'FROM alpine:3.24\nRUN ssh-keyscan github.com >> /root/.ssh/known_hosts\nRUN rm /root/.ssh/known_hosts\n',
    },
  ],
  invalid: [
    {
      name: 'SSH key copied, used, deleted in a later RUN (Go private modules)',
      code: 'FROM golang:1.27 AS build\nCOPY id_rsa /root/.ssh/id_rsa\nRUN go mod download\nRUN rm -f /root/.ssh/id_rsa\n',
      errors: [{ line: 4, column: 11, message: 'copied into the image on line 2' }],
      fixTitles: ['Use a secret mount for id_rsa (build with --secret id=id_rsa,src=id_rsa)'],
      // go reads ~/.ssh/id_rsa (through git); the RUN that only deleted it goes.
      output:
        '# syntax=docker/dockerfile:1\nFROM golang:1.27 AS build\nRUN --mount=type=secret,id=id_rsa,target=/root/.ssh/id_rsa go mod download\n',
    },
    {
      name: 'COPY then delete, even in the very next RUN (Python)',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY .pypirc /root/.pypirc\nRUN pip install --no-cache-dir -r requirements.txt && rm /root/.pypirc\n',
      errors: [{ line: 4, message: 'PyPI' }],
      // The RUN that deletes it had it for its other commands: it keeps it, mounted, without the rm.
      output:
        '# syntax=docker/dockerfile:1\nFROM python:3.13-slim\nWORKDIR /app\nRUN --mount=type=secret,id=pypirc,target=/root/.pypirc pip install --no-cache-dir -r requirements.txt\n',
    },
    {
      name: 'key made private, used and deleted over continued lines (Rust), an existing syntax line kept',
      code: '# syntax=docker/dockerfile:1.7\nFROM rust:1 AS build\nWORKDIR /src\nCOPY deploy_key /root/.ssh/id_ed25519\nRUN chmod 600 /root/.ssh/id_ed25519 \\\n    && cargo fetch\nCOPY . .\nRUN cargo build --release \\\n    && rm -f /root/.ssh/id_ed25519 target/debug.log\n',
      errors: [{ line: 9, column: 14, message: 'copied into the image on line 4' }],
      output:
        '# syntax=docker/dockerfile:1.7\nFROM rust:1 AS build\nWORKDIR /src\nRUN --mount=type=secret,id=deploy_key,target=/root/.ssh/id_ed25519 cargo fetch\nCOPY . .\nRUN --mount=type=secret,id=deploy_key,target=/root/.ssh/id_ed25519 cargo build --release \\\n    && rm -f target/debug.log\n',
    },
    {
      name: 'no fix when a later step works in the folder the COPY created',
      code: 'FROM golang:1.27\nCOPY id_rsa /root/.ssh/id_rsa\nRUN ssh-keyscan github.com >> /root/.ssh/known_hosts && go mod download\nRUN rm /root/.ssh/id_rsa\n',
      errors: [{ line: 4, message: 'SSH' }],
      fixTitles: [],
    },
    {
      name: 'no fix when the deleting script is not a flat list of commands',
      code: 'FROM node:22\nCOPY .npmrc /root/.npmrc\nRUN npm ci\nRUN npm run build || rm -f /root/.npmrc\n',
      errors: [{ line: 4, message: 'npm' }],
      fixTitles: [],
    },
    {
      name: 'no fix for a RUN as another user: a secret is mounted readable by root only',
      code: 'FROM node:22\nCOPY .npmrc /home/node/.npmrc\nUSER node\nRUN cat /home/node/.npmrc && npm ci\nRUN rm -f /home/node/.npmrc\n',
      errors: [{ line: 5, message: 'npm' }],
      fixTitles: [],
    },
    {
      name: 'npmrc written in one RUN and deleted in the next',
      code: 'FROM node:22-alpine\nARG NPM_TOKEN\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc\nRUN npm ci\nRUN rm /root/.npmrc\n',
      errors: [{ line: 5, column: 8, message: 'was written into the image on line 3' }],
      // Written by a RUN, not copied: there is no file to mount instead.
      fixTitles: [],
    },
    {
      name: 'npm config set of an auth token writes ~/.npmrc',
      code: 'FROM node:22\nRUN npm config set //npm.pkg.github.com/:_authToken "$GH_TOKEN"\nRUN npm ci && npm run build\nRUN rm -f ~/.npmrc\n',
      errors: [{ line: 4, message: 'line 2' }],
    },
    {
      name: 'relative paths resolve against WORKDIR (.env in PHP app)',
      code: 'FROM php:8.4-fpm\nWORKDIR /var/www\nCOPY .env ./\nRUN php artisan config:cache\nRUN rm .env\n',
      errors: [{ line: 5, message: 'environment file' }],
      // Nothing found that reads it before the delete (artisan reads .env without naming it): no fix.
      fixTitles: [],
    },
    {
      name: 'deleting the whole .ssh folder',
      code: 'FROM rust:1\nCOPY .ssh /root/.ssh\nRUN cargo fetch\nRUN rm -rf /root/.ssh\n',
      errors: [{ line: 4, message: 'SSH' }],
      // A secret mount is one file, not a folder.
      fixTitles: [],
    },
    {
      name: 'a glob delete',
      code: 'FROM eclipse-temurin:21-jdk\nCOPY signing/release-key.pem /tmp/keys/\nRUN ./gradlew assemble\nRUN rm -f /tmp/keys/*.pem\n',
      errors: [{ line: 4, message: 'private key' }],
    },
    {
      name: 'deleted in a stage built FROM the one that copied it',
      code: 'FROM ruby:3.4 AS base\nCOPY .git-credentials /root/\nRUN bundle install\nFROM base\nRUN rm /root/.git-credentials\n',
      errors: [{ line: 5, message: 'stage `base`' }],
      // The file lives on in another stage until then: not a rewrite of one stage.
      fixTitles: [],
    },
    {
      name: 'written with tee, deleted later inside sh -c',
      code: 'FROM alpine:3.24\nRUN printf "machine github.com login x password %s" "$TOKEN" | tee /root/.netrc\nRUN sh -c "git clone https://github.com/acme/lib && rm /root/.netrc"\n',
      errors: [{ line: 3, message: 'netrc' }],
    },
    {
      name: 'a CA key generated by a tool in an earlier RUN (BuildKit create-certs example)',
      code: 'FROM alpine:edge AS gen\nWORKDIR /certs\nRUN CAROOT=$(pwd) mkcert -cert-file daemon/cert.pem -key-file daemon/key.pem localhost\nRUN cp -f rootCA.pem daemon/ca.pem\nRUN rm -f rootCA.pem rootCA-key.pem\n',
      errors: [{ line: 5, column: 22, message: 'this RUN did not create it' }],
      // Where the file came from is not known: nothing to replace with a mount.
      fixTitles: [],
    },
    {
      name: 'reading a key with < is not writing it: the key came from an earlier layer',
      code: 'FROM alpine:3.24\nRUN ssh-add - < /root/.ssh/id_rsa\nRUN rm -f /root/.ssh/id_rsa\n',
      errors: [{ line: 3, message: 'this RUN did not create it' }],
    },
    {
      name: '.env brought in by COPY . . and deleted later (Node)',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nRUN rm -f .env\n',
      errors: [{ line: 5, message: 'environment file' }],
    },
    {
      name: 'key written via cp from a secret mount, deleted later (.NET)',
      code: 'FROM mcr.microsoft.com/dotnet/sdk:10.0\nRUN --mount=type=secret,id=key cp /run/secrets/key /root/.ssh/id_ed25519\nRUN dotnet restore\nRUN rm /root/.ssh/id_ed25519\n',
      errors: [{ line: 4, message: 'line 2' }],
    },
  ],
});
