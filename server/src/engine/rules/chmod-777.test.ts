import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chmod777, withoutWrite, worldWritable } from './chmod-777';
import { ruleTester } from './testing/ruleTester';

ruleTester(chmod777, {
  valid: [
    {
      name: 'owner-writable modes',
      code: 'FROM node:22-alpine\nRUN chmod 755 /usr/local/bin/entrypoint.sh && chmod -R u=rwX,go=rX /app\nRUN chmod 0644 /etc/app.conf && chmod +x run.sh\n',
    },
    {
      name: 'sticky world-writable folders (docker-library golang GOPATH, /tmp)',
      code: 'FROM golang:1.27\nRUN mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH"\nRUN chmod 1777 /tmp/shared && chmod o+wt /srv/drop\n',
    },
    {
      name: 'group-writable for OpenShift arbitrary uids',
      code: 'FROM python:3.13-slim\nRUN chgrp -R 0 /app && chmod -R g=u /app && chmod 775 /app/data\n',
    },
    {
      name: '+w without who follows the umask',
      code: 'FROM alpine:3.24\nRUN chmod +w /app/config.yml && chmod -w /app/readonly\n',
    },
    {
      name: 'COPY --chmod without world write',
      code: 'FROM alpine:3.24\nCOPY --chmod=755 entrypoint.sh /usr/local/bin/\n',
    },
    {
      name: 'a temporary folder deleted in the same RUN (nginx local apt repo)',
      code: 'FROM debian:bookworm-slim\nRUN tempDir="$(mktemp -d)" \\\n    && chmod 777 "$tempDir" \\\n    && cd "$tempDir" && apt-get source nginx \\\n    && rm -rf "$tempDir"\n',
    },
    {
      name: 'mkdir with a private mode',
      code: 'FROM debian:bookworm-slim\nRUN mkdir -m 700 /root/.ssh && install -m 0644 app.conf /etc/\n',
    },
  ],
  invalid: [
    {
      name: 'chmod -R 777 on the app folder (Node)',
      code: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN chmod -R 777 /app\n',
      errors: [{ line: 4, column: 14, message: '`chmod -R 777`' }],
      fixTitles: ['Use mode u=rwX,go=rX (no write access for group and others)'],
      output: 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nRUN chmod -R u=rwX,go=rX /app\n',
    },
    {
      name: 'chmod 777 on one script keeps execute bits: 755',
      code: 'FROM python:3.13-slim\nCOPY start.sh /start.sh\nRUN chmod 777 /start.sh\n',
      errors: [{ line: 3, column: 11 }],
      output: 'FROM python:3.13-slim\nCOPY start.sh /start.sh\nRUN chmod 755 /start.sh\n',
    },
    {
      name: 'flags after the mode, continuation and indentation kept (PHP storage)',
      code: 'FROM php:8.4-fpm\nRUN chown -R www-data:www-data /var/www \\\n    && chmod 777 -R /var/www/storage\n',
      errors: [{ line: 3, column: 14 }],
      output:
        'FROM php:8.4-fpm\nRUN chown -R www-data:www-data /var/www \\\n    && chmod u=rwX,go=rX -R /var/www/storage\n',
    },
    {
      name: 'symbolic a+rwx',
      code: 'FROM ruby:3.4\nRUN chmod a+rwx /app/tmp\n',
      errors: [{ line: 2, message: 'a+rwx' }],
      output: 'FROM ruby:3.4\nRUN chmod u+rwx,go+rx /app/tmp\n',
    },
    {
      name: 'o+w alone',
      code: 'FROM alpine:3.24\nRUN chmod o+w /var/log/app.log\n',
      errors: [{ line: 2 }],
      fixTitles: ['Use mode u=rwX,go=rX (no write access for group and others)'],
      output: 'FROM alpine:3.24\nRUN chmod u=rwX,go=rX /var/log/app.log\n',
    },
    {
      name: '666 on a file',
      code: 'FROM debian:bookworm-slim\nRUN touch /var/run/app.pid && chmod 0666 /var/run/app.pid\n',
      errors: [{ line: 2 }],
      output: 'FROM debian:bookworm-slim\nRUN touch /var/run/app.pid && chmod 0644 /var/run/app.pid\n',
    },
    {
      name: 'COPY --chmod=777 (Go binary)',
      code: 'FROM alpine:3.24\nCOPY --chmod=777 --from=ghcr.io/acme/app:1 /app /app\n',
      errors: [{ line: 2, column: 14, message: 'COPY --chmod=777' }],
      output: 'FROM alpine:3.24\nCOPY --chmod=755 --from=ghcr.io/acme/app:1 /app /app\n',
    },
    {
      name: 'mkdir -m 777 (Java logs)',
      code: 'FROM eclipse-temurin:21-jre\nRUN mkdir -p -m 777 /opt/app/logs\n',
      errors: [{ line: 2, column: 17 }],
      output: 'FROM eclipse-temurin:21-jre\nRUN mkdir -p -m 755 /opt/app/logs\n',
    },
    {
      name: 'install --mode=0777',
      code: 'FROM alpine:3.24\nRUN install --mode=0777 -d /data\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.24\nRUN install --mode=0755 -d /data\n',
    },
    {
      name: 'inside sh -c: reported without a fix',
      code: 'FROM alpine:3.24\nRUN sh -c "chmod 777 /data"\n',
      errors: [{ line: 2 }],
      fixTitles: [],
    },
    {
      name: 'CRLF file with sudo',
      code: 'FROM ubuntu:24.04\r\nRUN sudo chmod 777 /opt/app\r\n',
      errors: [{ line: 2 }],
      output: 'FROM ubuntu:24.04\r\nRUN sudo chmod 755 /opt/app\r\n',
    },
  ],
});

describe('chmod modes', () => {
  it('tells world-writable modes', () => {
    for (const m of ['777', '0777', '666', '2777', '0002', 'a+rwx', 'o+w', 'ugo=rwx', 'u+x,o+w', 'a=rw'])
      assert.equal(worldWritable(m), true, m);
    for (const m of ['755', '1777', '0775', '+w', 'u+w', 'g+w', 'o-w', 'a+rx', 'o+wt', '=rwx'])
      assert.equal(worldWritable(m), false, m);
  });
  it('removes group and other write access, keeping the rest', () => {
    assert.equal(withoutWrite('777'), '755');
    assert.equal(withoutWrite('2777'), '2755');
    assert.equal(withoutWrite('0666'), '0644');
    assert.equal(withoutWrite('a+rwx'), 'u+rwx,go+rx');
    assert.equal(withoutWrite('ugo=rwx'), 'u=rwx,go=rx');
    assert.equal(withoutWrite('o=rw'), 'o=r');
    assert.equal(withoutWrite('u+x,o+w'), 'u+x');
  });
});
