import { secretFileCopied } from './secret-file-copied';
import { ruleTester } from './testing/ruleTester';

ruleTester(secretFileCopied, {
  valid: [
    {
      name: 'Node manifests only',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY src/ ./src/\n',
    },
    {
      name: '.env.example and .env.sample are templates',
      code: 'FROM php:8.4-fpm\nCOPY .env.example /var/www/.env.example\nCOPY .env.sample .env.dist ./\n',
    },
    {
      name: 'a template copied to .env',
      code: 'FROM php:8.4-fpm\nWORKDIR /var/www\nCOPY .env.example .env\n',
    },
    {
      name: 'CA certificate into the trust store',
      code: 'FROM debian:bookworm-slim\nCOPY certs/corp-root.pem /usr/local/share/ca-certificates/corp-root.crt\nCOPY proxy.pem /usr/local/share/ca-certificates/\nRUN update-ca-certificates\n',
    },
    {
      name: 'certificates and chains are public',
      code: 'FROM nginx:alpine\nCOPY cert.pem fullchain.pem /etc/nginx/certs/\n',
    },
    {
      name: 'an APT signing key is public',
      code: 'FROM debian:bookworm-slim\nCOPY nginx_signing.key /tmp/\nCOPY repo.key /etc/apt/keyrings/repo.asc\n',
    },
    {
      name: 'copied from another stage, not from the build context',
      code: 'FROM alpine:3.24 AS keys\nRUN ssh-keygen -t ed25519 -f /id_ed25519 -N ""\nFROM alpine:3.24\nCOPY --from=keys /id_ed25519.pub /etc/ssh/\nCOPY --from=keys /etc/ssl/private/server.key /tmp/\n',
    },
    {
      name: 'a key file copied under a public-key name (Jenkins war signing key)',
      code: 'FROM eclipse-temurin:21-jdk\nCOPY jenkins.io-2026.key /war/jenkins-key.pub\n',
    },
    {
      name: 'a sample env file copied to its real name (Next.js)',
      code: 'FROM node:22-alpine\nCOPY .env.production.sample .env.production\n',
    },
    {
      name: 'public SSH key and known_hosts',
      code: 'FROM alpine:3.24\nCOPY id_ed25519.pub /root/.ssh/authorized_keys\nCOPY known_hosts /root/.ssh/known_hosts\n',
    },
    {
      name: 'a wildcard that names nothing in particular',
      code: 'FROM python:3.13-slim\nCOPY *.py ./\nCOPY * /app/\n',
    },
    {
      name: 'secret mounted for one step, not copied',
      code: 'FROM node:22\nCOPY package*.json ./\nRUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n',
    },
    {
      name: 'remote URL and git sources',
      code: 'FROM alpine:3.24\nADD --checksum=sha256:0000000000000000000000000000000000000000000000000000000000000000 https://example.com/release/server.key /tmp/\n',
    },
    {
      name: 'heredoc content is written in the Dockerfile itself',
      code: 'FROM alpine:3.24\nCOPY <<EOF /app/.env.defaults\nLOG_LEVEL=info\nEOF\n',
    },
  ],
  invalid: [
    {
      name: '.env copied into a Node image',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json .env ./\n',
      errors: [{ line: 3, column: 19, message: 'environment file' }],
      fixTitles: [],
    },
    {
      name: '.env.production',
      code: 'FROM node:22-alpine\nCOPY .env.production /app/\n',
      errors: [{ line: 2, column: 6, message: '`.env.production`' }],
      fixTitles: [],
    },
    {
      name: 'SSH private key for a private git dependency (Go)',
      code: 'FROM golang:1.27\nCOPY id_rsa /root/.ssh/id_rsa\nRUN go mod download\n',
      errors: [{ line: 2, message: 'SSH private key' }],
      fixTitles: ['Use a secret mount for id_rsa (build with --secret id=id_rsa,src=id_rsa)'],
      // go fetches private modules with git, which reads ~/.ssh/id_rsa.
      output:
        '# syntax=docker/dockerfile:1\nFROM golang:1.27\nRUN --mount=type=secret,id=id_rsa,target=/root/.ssh/id_rsa go mod download\n',
    },
    {
      name: 'key copied under another name into ~/.ssh',
      code: 'FROM python:3.13\nCOPY deploy_key /root/.ssh/id_ed25519\n',
      errors: [{ line: 2, message: 'SSH private key' }],
    },
    {
      name: 'the whole .ssh directory',
      code: 'FROM ruby:3.4\nCOPY .ssh /root/.ssh\nRUN bundle install\n',
      errors: [{ line: 2, message: 'SSH directory' }],
    },
    {
      name: '.npmrc and .pypirc',
      code: 'FROM node:22\nCOPY .npmrc package.json ./\nRUN npm ci\nFROM python:3.13\nCOPY .pypirc /root/\n',
      errors: [
        { line: 2, message: 'npm' },
        { line: 5, message: 'PyPI' },
      ],
      // Only the secret leaves the COPY; npm reads the .npmrc of the folder it runs in.
      output:
        '# syntax=docker/dockerfile:1\nFROM node:22\nCOPY package.json ./\nRUN --mount=type=secret,id=npmrc,target=/.npmrc npm ci\nFROM python:3.13\nCOPY .pypirc /root/\n',
    },
    {
      name: 'a registry token file for npm in the shipped stage (Node)',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json .npmrc ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
      errors: [{ line: 3, column: 37, message: 'npm' }],
      output:
        '# syntax=docker/dockerfile:1\nFROM node:22-alpine\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci --omit=dev\nCOPY . .\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'a signing key used by name in a builder stage that is not shipped',
      code: 'FROM alpine:3.24 AS sign\nWORKDIR /work\nCOPY release.tar signing-key.pem ./\nRUN openssl dgst -sha256 -sign signing-key.pem -out release.sig release.tar\nFROM alpine:3.24\nCOPY --from=sign /work/release.sig /release.sig\n',
      errors: [{ line: 3, column: 18, message: 'private key' }],
      output:
        '# syntax=docker/dockerfile:1\nFROM alpine:3.24 AS sign\nWORKDIR /work\nCOPY release.tar ./\nRUN --mount=type=secret,id=signing-key.pem,target=/work/signing-key.pem openssl dgst -sha256 -sign signing-key.pem -out release.sig release.tar\nFROM alpine:3.24\nCOPY --from=sign /work/release.sig /release.sig\n',
    },
    {
      name: 'no fix when the shipped image may read it at run time (an .env a RUN also reads)',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY .env ./\nRUN node scripts/check-env.js .env\nCMD ["node", "server.js"]\n',
      errors: [{ line: 3, message: 'environment file' }],
      fixTitles: [],
    },
    {
      name: 'no fix when a later stage copies the folder the secret is in',
      code: 'FROM node:22 AS build\nWORKDIR /app\nCOPY .npmrc ./\nRUN npm ci\nFROM node:22-slim\nCOPY --from=build /app /app\n',
      errors: [{ line: 3, message: 'npm' }],
      fixTitles: [],
    },
    {
      name: 'no fix for a COPY --chown: the mount would be owned by root',
      code: 'FROM node:22\nWORKDIR /app\nCOPY --chown=node:node .npmrc ./\nRUN npm ci\n',
      errors: [{ line: 3, message: 'npm' }],
      fixTitles: [],
    },
    {
      name: 'no fix when the Dockerfile pins a frontend older than secret mounts',
      code: '# syntax=docker/dockerfile:1.1\nFROM node:22\nWORKDIR /app\nCOPY .npmrc ./\nRUN npm ci\n',
      errors: [{ line: 4, message: 'npm' }],
      fixTitles: [],
    },
    {
      name: 'TLS private key and PKCS#12 keystore (Java)',
      code: 'FROM eclipse-temurin:21-jre\nCOPY server.key /etc/ssl/private/\nCOPY keystore.p12 /app/\n',
      errors: [
        { line: 2, message: '`.key`' },
        { line: 3, message: 'PKCS#12' },
      ],
    },
    {
      name: 'private key PEM and ambiguous PEM',
      code: 'FROM nginx:alpine\nCOPY privkey.pem /etc/nginx/\nCOPY tls.pem /etc/nginx/\n',
      errors: [
        { line: 2, message: 'private key' },
        { line: 3, message: 'may hold a private key' },
      ],
    },
    {
      name: '.NET signing certificate (.pfx)',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY ["certs/aspnetapp.pfx", "/https/"]\n',
      errors: [{ line: 2, message: 'PKCS#12' }],
    },
    {
      name: 'AWS credentials, kubeconfig, git credentials, netrc',
      code: 'FROM alpine:3.24\nCOPY .aws/credentials /root/.aws/credentials\nCOPY kubeconfig /root/.kube/config\nCOPY .git-credentials /root/\nCOPY .netrc /root/\n',
      errors: [
        { line: 2, message: 'AWS' },
        { line: 3, message: 'kubeconfig' },
        { line: 4, message: 'Git credentials' },
        { line: 5, message: 'netrc' },
      ],
    },
    {
      name: 'glob that picks up .env files',
      code: 'FROM python:3.13-slim\nCOPY .env* ./\n',
      errors: [{ line: 2, message: 'environment file' }],
      fixTitles: [],
    },
    {
      name: 'ADD of a PEM key (PHP), continued line',
      code: 'FROM php:8.4-apache\nADD config/app.ini \\\n    config/jwt/private.pem /var/www/config/\n',
      errors: [{ line: 3, column: 5, message: 'private key' }],
    },
    {
      name: 'source through an ARG default',
      code: 'FROM alpine:3.24\nARG KEY_FILE=id_ed25519\nCOPY ${KEY_FILE} /root/.ssh/\n',
      errors: [{ line: 3, message: 'SSH private key' }],
    },
  ],
});
