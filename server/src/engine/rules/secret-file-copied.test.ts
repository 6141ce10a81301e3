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
    },
    {
      name: 'SSH private key for a private git dependency (Go)',
      code: 'FROM golang:1.27\nCOPY id_rsa /root/.ssh/id_rsa\nRUN go mod download\n',
      errors: [{ line: 2, message: 'SSH private key' }],
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
