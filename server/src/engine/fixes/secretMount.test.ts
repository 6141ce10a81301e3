import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, fixesFor } from '../analyze';
import { parseDockerfile } from '../model/parse';
import { applyEdits } from './apply';
import { syntaxHeaderEdits } from './secretMount';

/** The text after the fix of the finding of `rule` on `line` (1-based), or undefined when none is offered. */
function fixed(text: string, rule: string, line: number): string | undefined {
  const analysis = analyze(text);
  const finding = analysis.findings.find((f) => f.ruleId === rule && f.range.start.line + 1 === line);
  assert.ok(finding, `no ${rule} finding on line ${line}`);
  const [fix] = fixesFor(analysis, finding);
  return fix && applyEdits(text, fix.edits);
}

describe('syntaxHeaderEdits', () => {
  const header = (text: string, minMinor: number): string | undefined => {
    const edits = syntaxHeaderEdits(parseDockerfile(text), minMinor);
    return edits && applyEdits(text, edits);
  };

  it('adds `# syntax=docker/dockerfile:1` above everything when the file has no syntax line', () => {
    assert.equal(
      header('# escape=\\\nFROM alpine:3.24\n', 10),
      '# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:3.24\n',
    );
    assert.equal(header('FROM alpine:3.24\r\n', 10), '# syntax=docker/dockerfile:1\r\nFROM alpine:3.24\r\n');
  });

  it('keeps a syntax line that gives the feature, whatever its spelling', () => {
    for (const value of [
      'docker/dockerfile:1',
      'docker.io/docker/dockerfile:1',
      'docker/dockerfile:1.10',
      'docker/dockerfile:1.12.1-labs',
      'docker/dockerfile:labs',
      'docker/dockerfile',
      'docker/dockerfile:1.10@sha256:' + 'a'.repeat(64),
    ]) {
      const text = `# syntax=${value}\nFROM alpine:3.24\n`;
      assert.equal(header(text, 10), text, value);
    }
  });

  it('offers nothing for an older pin, a digest without a tag or another frontend', () => {
    for (const value of [
      'docker/dockerfile:1.4',
      'docker/dockerfile:1.9.0',
      'docker/dockerfile@sha256:' + 'a'.repeat(64),
      'example.com/my/frontend:2',
    ])
      assert.equal(header(`# syntax=${value}\nFROM alpine:3.24\n`, 10), undefined, value);
    // Secret files need 1.2 only.
    assert.ok(header('# syntax=docker/dockerfile:1.4\nFROM alpine:3.24\n', 2));
  });
});

describe('Use a secret mount', () => {
  it('drops an ENV that forwards a build argument, and the ARG, in a builder stage', () => {
    const text =
      'FROM alpine:3.24 AS fetch\nARG GITHUB_TOKEN\nENV GITHUB_TOKEN=$GITHUB_TOKEN\nRUN curl -fsSL -H "Authorization: token $GITHUB_TOKEN" -o /release.tgz https://api.github.com/x\nFROM scratch\nCOPY --from=fetch /release.tgz /\n';
    assert.equal(
      fixed(text, 'secret-in-arg-env', 3),
      '# syntax=docker/dockerfile:1\nFROM alpine:3.24 AS fetch\nRUN --mount=type=secret,id=GITHUB_TOKEN,env=GITHUB_TOKEN curl -fsSL -H "Authorization: token $GITHUB_TOKEN" -o /release.tgz https://api.github.com/x\nFROM scratch\nCOPY --from=fetch /release.tgz /\n',
    );
    // The ARG alone cannot go: the ENV reads it.
    assert.equal(fixed(text, 'secret-in-arg-env', 2), undefined);
    // In the shipped stage the ENV is also there for the running app: no fix.
    assert.equal(
      fixed(
        'FROM alpine:3.24\nARG GITHUB_TOKEN\nENV GITHUB_TOKEN=$GITHUB_TOKEN\nRUN curl -H "Authorization: token $GITHUB_TOKEN" https://api.github.com/x\n',
        'secret-in-arg-env',
        3,
      ),
      undefined,
    );
  });

  it('keeps CRLF line endings, lower-case keywords and a RUN in exec form', () => {
    const text =
      'from python:3.13-slim\r\nworkdir /app\r\ncopy .netrc /root/.netrc\r\nrun ["pip", "install", "-r", "requirements.txt"]\r\nrun rm /root/.netrc\r\n';
    assert.equal(
      fixed(text, 'secret-deleted-later', 5),
      '# syntax=docker/dockerfile:1\r\nfrom python:3.13-slim\r\nworkdir /app\r\nrun --mount=type=secret,id=netrc,target=/root/.netrc ["pip", "install", "-r", "requirements.txt"]\r\n',
    );
  });

  it('offers nothing when a RUN changes the file (a read-only mount would fail it)', () => {
    assert.equal(
      fixed(
        'FROM node:22\nCOPY .npmrc /root/.npmrc\nRUN echo "save-exact=true" >> /root/.npmrc && npm ci\nRUN rm /root/.npmrc\n',
        'secret-deleted-later',
        4,
      ),
      undefined,
    );
    assert.equal(
      fixed(
        'FROM golang:1.27\nCOPY id_rsa /root/.ssh/id_rsa\nRUN chmod 644 /root/.ssh/id_rsa && go mod download\nRUN rm /root/.ssh/id_rsa\n',
        'secret-deleted-later',
        4,
      ),
      undefined,
    );
  });

  it('tells deletes of other paths from deletes that may take the file with them', () => {
    const text = (cleanup: string): string =>
      `FROM debian:bookworm-slim\nCOPY .netrc /root/.netrc\nRUN apt-get update && apt-get install -y --no-install-recommends git && ${cleanup}\nRUN git clone https://git.example.com/app.git /src\nRUN rm -f /root/.netrc\n`;
    assert.equal(
      fixed(text('rm -rf /var/lib/apt/lists/*'), 'secret-deleted-later', 5),
      '# syntax=docker/dockerfile:1\nFROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*\nRUN --mount=type=secret,id=netrc,target=/root/.netrc git clone https://git.example.com/app.git /src\n',
    );
    // A glob over root's home deletes it there, in a RUN whose script cannot lose just the file.
    assert.equal(fixed(text('rm -rf /root/.*'), 'secret-deleted-later', 3), undefined);
    assert.equal(fixed(text('rm -rf /root/.*'), 'secret-file-copied', 2), undefined);
  });

  it('is the same rewrite for secret-file-copied and secret-deleted-later', () => {
    const text =
      'FROM golang:1.27 AS build\nCOPY id_rsa /root/.ssh/id_rsa\nRUN go mod download\nRUN rm -f /root/.ssh/id_rsa\n';
    const copied = fixed(text, 'secret-file-copied', 2);
    assert.ok(copied);
    assert.equal(copied, fixed(text, 'secret-deleted-later', 4));
  });
});
