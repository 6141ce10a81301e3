import { addInsteadOfCopy } from './add-instead-of-copy';
import { ruleTester } from './testing/ruleTester';

ruleTester(addInsteadOfCopy, {
  valid: [
    { name: 'COPY for local files', code: 'FROM node:22-alpine\nCOPY package.json ./\nCOPY . .\n' },
    {
      name: 'ADD unpacks a local tarball (Debian rootfs)',
      code: 'FROM scratch\nADD rootfs.tar.xz /\nCMD ["bash"]\n',
    },
    {
      name: 'compressed archives of every kind',
      code: 'FROM alpine:3.24\nADD app.tgz /opt/\nADD data.tar.gz assets.tar.bz2 /srv/\nADD jdk.tar.zst /opt/java/\n',
    },
    {
      name: 'a remote file with --checksum is verified',
      code: 'FROM alpine:3.24\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://mirrors.edge.kernel.org/pub/linux/kernel/Historic/linux-0.01.tar.gz /\n',
    },
    {
      name: 'a git repository (BuildKit clones it)',
      code: 'FROM golang:1.27\nADD https://github.com/moby/buildkit.git#v0.16.0 /src\nADD git@github.com:acme/private.git /private\n',
    },
    {
      name: 'a download verified by a later RUN (sha256sum, cosign)',
      code: 'FROM alpine:3.24\nWORKDIR /tmp/fetch\nADD https://www.python.org/ftp/python/3.13.1/Python-3.13.1.tar.xz /tmp/fetch/python.tar.xz\nADD https://www.python.org/ftp/python/3.13.1/Python-3.13.1.tar.xz.sigstore /tmp/fetch/python.tar.xz.sigstore\nRUN apk add --no-cache cosign && cosign verify-blob --bundle python.tar.xz.sigstore python.tar.xz\nADD https://example.com/tool /usr/local/bin/tool\nRUN echo "${TOOL_SHA256}  /usr/local/bin/tool" | sha256sum -c -\n',
    },
    {
      name: 'git URL with BuildKit query options',
      code: 'FROM golang:1.27\nADD https://github.com/opencontainers/runc.git?ref=v1.2.0&keep-git-dir=1 .\n',
    },
    {
      name: 'a source from an unset build argument',
      code: 'FROM alpine:3.24\nARG ARTIFACT\nADD ${ARTIFACT} /opt/\n',
    },
    {
      name: 'a tarball and a plain file together (ADD is needed)',
      code: 'FROM alpine:3.24\nADD vendor.tar.gz README.md /opt/\n',
    },
  ],
  invalid: [
    {
      name: 'ADD of the build context (Python)',
      code: 'FROM python:3.13-slim\nWORKDIR /app\nADD . /app\nCMD ["python", "app.py"]\n',
      errors: [{ line: 3, column: 1, message: 'Use COPY' }],
      fixTitles: ['Replace ADD with COPY'],
      output: 'FROM python:3.13-slim\nWORKDIR /app\nCOPY . /app\nCMD ["python", "app.py"]\n',
    },
    {
      name: 'lower-case keyword and flags kept (Java jar)',
      code: 'FROM eclipse-temurin:21-jre\nadd --chown=1001:0 --chmod=644 --link target/app.jar /app/app.jar\n',
      errors: [{ line: 2 }],
      output:
        'FROM eclipse-temurin:21-jre\ncopy --chown=1001:0 --chmod=644 --link target/app.jar /app/app.jar\n',
    },
    {
      name: 'exec form (PHP)',
      code: 'FROM php:8.4-apache\nADD ["src/", "/var/www/html/"]\n',
      errors: [{ line: 2 }],
      output: 'FROM php:8.4-apache\nCOPY ["src/", "/var/www/html/"]\n',
    },
    {
      name: 'a .zip is not unpacked by ADD (.NET)',
      code: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nADD publish.zip /app/\n',
      errors: [{ line: 2 }],
      output: 'FROM mcr.microsoft.com/dotnet/aspnet:10.0\nCOPY publish.zip /app/\n',
    },
    {
      name: 'heredoc source, indented with a continuation (Ruby)',
      code: 'FROM ruby:3.4\n  ADD --chmod=755 \\\n    bin/ /usr/local/bin/\n',
      errors: [{ line: 2, column: 3 }],
      output: 'FROM ruby:3.4\n  COPY --chmod=755 \\\n    bin/ /usr/local/bin/\n',
    },
    {
      name: 'ADD-only flags are dropped',
      code: 'FROM golang:1.27\nADD --keep-git-dir=true --link go.mod go.sum ./\n',
      errors: [{ line: 2 }],
      output: 'FROM golang:1.27\nCOPY --link go.mod go.sum ./\n',
    },
    {
      name: 'a URL without a checksum: reported, no fix (gosu download)',
      code: 'FROM debian:bookworm-slim\nADD https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu\n',
      errors: [{ line: 2, message: '--checksum' }],
      fixTitles: [],
    },
    {
      name: 'Windows escape character and CRLF',
      code: '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nADD app `\r\n    C:/app\r\n',
      errors: [{ line: 3 }],
      output:
        '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nCOPY app `\r\n    C:/app\r\n',
    },
  ],
});
