import { tlsVerificationDisabled } from './tls-verification-disabled';
import { ruleTester } from './testing/ruleTester';

ruleTester(tlsVerificationDisabled, {
  valid: [
    {
      name: 'curl with verification and a custom CA',
      code: 'FROM alpine:3.24\nRUN curl -fsSL --cacert /etc/ssl/certs/corp.pem -o /tmp/x https://internal.example.com/x\n',
    },
    {
      name: 'a value that merely looks like -k',
      code: 'FROM alpine:3.24\nRUN curl -H "-k: 1" -o out https://example.com/ && grep -k pattern file\n',
    },
    {
      name: 'pip with an index URL, no trusted host',
      code: 'FROM python:3.13-slim\nRUN pip install --no-cache-dir --index-url https://pypi.example.com/simple -r requirements.txt\n',
    },
    {
      name: 'strict-ssl true and verification on',
      code: 'FROM node:22-alpine\nRUN npm config set strict-ssl true\nENV NODE_TLS_REJECT_UNAUTHORIZED=1 PYTHONHTTPSVERIFY=1\n',
    },
    {
      name: 'git sslVerify true',
      code: 'FROM alpine:3.24\nRUN git config --global http.sslVerify true\n',
    },
    {
      name: 'wget with certificate checks',
      code: 'FROM debian:bookworm-slim\nRUN wget -q --ca-certificate=/etc/ssl/certs/ca.pem https://example.com/file\n',
    },
  ],
  invalid: [
    {
      name: 'curl -k in combined flags',
      code: 'FROM alpine:3.24\nRUN curl -fsSLk https://example.com/tool.tar.gz | tar -xz\n',
      errors: [{ line: 2, column: 10, message: 'accepts any certificate' }],
      fixTitles: [],
    },
    {
      name: 'curl --insecure (Go toolchain download)',
      code: 'FROM debian:bookworm-slim\nRUN curl --insecure -o go.tgz https://go.dev/dl/go1.27.0.linux-amd64.tar.gz\n',
      errors: [{ line: 2, column: 10, message: '`curl --insecure`' }],
    },
    {
      name: 'wget --no-check-certificate',
      code: 'FROM ubuntu:24.04\nRUN wget --no-check-certificate https://example.com/installer.sh\n',
      errors: [{ line: 2, column: 10, message: 'wget' }],
    },
    {
      name: 'pip --trusted-host (Python) and python -m pip',
      code: 'FROM python:3.13-slim\nRUN pip install --trusted-host pypi.org --trusted-host files.pythonhosted.org flask\nRUN python3 -m pip install --trusted-host=pypi.internal gunicorn\n',
      errors: [{ line: 2 }, { line: 2 }, { line: 3 }],
    },
    {
      name: 'npm strict-ssl false (Node) and yarn',
      code: 'FROM node:22\nRUN npm config set strict-ssl false && npm ci\nRUN yarn config set strict-ssl false\n',
      errors: [{ line: 2, message: 'strict-ssl' }, { line: 3 }],
    },
    {
      name: 'git http.sslVerify false, both forms',
      code: 'FROM golang:1.27\nRUN git config --global http.sslVerify false\nRUN git -c http.sslVerify=false clone https://git.example.com/lib.git\n',
      errors: [{ line: 2 }, { line: 3 }],
    },
    {
      name: 'ENV switches (any value of GIT_SSL_NO_VERIFY counts)',
      code: 'FROM node:22-alpine\nENV NODE_TLS_REJECT_UNAUTHORIZED=0\nENV GIT_SSL_NO_VERIFY=false\nENV PYTHONHTTPSVERIFY 0\n',
      errors: [
        { line: 2, column: 5, message: 'every container' },
        { line: 3, message: 'git' },
        { line: 4, message: 'Python' },
      ],
    },
    {
      name: 'command prefix, env wrapper and export',
      code: 'FROM node:22\nRUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm install\nRUN env GIT_SSL_NO_VERIFY=1 git clone https://git.example.com/x.git\nRUN export PYTHONHTTPSVERIFY=0 && python3 fetch.py\n',
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }],
    },
    {
      name: 'Composer disable-tls (PHP) and apt Verify-Peer',
      code: 'FROM php:8.4-cli\nRUN composer config -g disable-tls true\nRUN apt-get -o Acquire::https::Verify-Peer=false update\n',
      errors: [{ line: 2 }, { line: 3 }],
    },
    {
      name: 'ARG default that disables checks',
      code: 'FROM python:3.13\nARG PIP_TRUSTED_HOST=pypi.internal\nRUN pip install -r requirements.txt\n',
      errors: [{ line: 2, message: 'pip' }],
    },
  ],
});
