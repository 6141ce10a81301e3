// `lean-dockerfile fix <file> --rule <id>` for every rule that has a fix: the bundled CLI rewrites a
// Dockerfile that triggers the rule, the rule no longer fires on the result, and fixing the result
// again changes nothing. A rule that gains a fix without a fixture here fails the suite.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RULES } from '../../server/src/engine/rules';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const cli = (args: string[], cwd: string, input?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', timeout: 60_000 });

/** A Dockerfile from its lines (LF, final line break). */
const df = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** One Dockerfile per fixable rule, on which the rule fires once and its preferred (or first) fix applies. */
const FIXTURES: Readonly<Record<string, string>> = {
  'add-instead-of-copy': df('FROM alpine:3.24', 'ADD app.py /app/'),
  'apk-no-cache': df('FROM alpine:3.24', 'RUN apk add curl'),
  'apt-lists-not-cleaned': df(
    'FROM debian:bookworm-slim',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl',
  ),
  'apt-no-install-recommends': df(
    'FROM debian:bookworm-slim',
    'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
  ),
  'apt-update-alone': df(
    'FROM debian:bookworm-slim',
    'RUN apt-get update',
    'RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
  ),
  'build-tools-in-final': df(
    'FROM python:3.13-slim',
    'WORKDIR /app',
    'RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev && rm -rf /var/lib/apt/lists/*',
    'COPY requirements.txt .',
    'RUN pip install --no-cache-dir -r requirements.txt',
    'COPY . .',
    'USER 10001',
    'CMD ["python", "app.py"]',
  ),
  'cd-instead-of-workdir': df(
    'FROM node:22 AS build',
    'COPY . /app',
    'RUN cd /app && npm ci && npm run build',
    'FROM nginx:1.27-alpine',
    'COPY --from=build /app/dist /usr/share/nginx/html',
  ),
  'chmod-777': df('FROM alpine:3.24', 'RUN mkdir /data && chmod 777 /data'),
  'chown-layer-duplication': df(
    'FROM node:22-alpine',
    'WORKDIR /app',
    'COPY . .',
    'RUN chown -R node:node /app',
    'USER node',
    'CMD ["node", "server.js"]',
  ),
  'combine-consecutive-runs': df(
    'FROM alpine:3.24',
    'RUN apk add --no-cache curl',
    'RUN apk add --no-cache git',
  ),
  'copy-all-before-deps': df('FROM node:22-alpine', 'WORKDIR /app', 'COPY . .', 'RUN npm ci --omit=dev'),
  'copy-from-index': df(
    'FROM golang:1.27',
    'RUN CGO_ENABLED=0 go build -o /app .',
    'FROM scratch',
    'COPY --from=0 /app /app',
  ),
  'dev-dependencies-in-final': df(
    'FROM node:22-alpine',
    'WORKDIR /app',
    'COPY package*.json ./',
    'RUN npm ci',
  ),
  'eol-base-image': df('FROM node:16-alpine', 'WORKDIR /app', 'CMD ["node", "index.js"]'),
  'from-as-casing': df('FROM debian:bookworm as builder', 'RUN apt-get update'),
  'heavy-final-base': df('FROM node:22', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "server.js"]'),
  'json-args-recommended': df('FROM alpine:3.24', 'CMD node a.js'),
  'latest-tag': df('FROM alpine:latest', 'CMD ["sh"]'),
  'legacy-key-value-format': df('FROM alpine:3.24', 'ENV APP_HOME /app'),
  'maintainer-deprecated': df('FROM alpine:3.24', 'MAINTAINER jane'),
  'missing-dockerignore': df('FROM python:3.13-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["python", "app.py"]'),
  'multiple-cmd-entrypoint': df('FROM alpine:3.24', 'CMD ["a"]', 'CMD ["b"]'),
  'no-pipefail': df(
    'FROM debian:bookworm-slim',
    'RUN curl -fsSL https://example.org/tool.tgz | tar -xz -C /usr/local/bin',
  ),
  'package-cache-left': df('FROM centos:7', 'RUN yum install -y httpd'),
  'pip-no-cache-dir': df('FROM python:3.13-slim', 'RUN pip install flask'),
  'rm-in-later-layer': df(
    'FROM alpine:3.24',
    'RUN wget -O /tmp/tool.tgz https://example.org/tool.tgz && tar -xzf /tmp/tool.tgz -C /opt',
    'RUN rm /tmp/tool.tgz',
  ),
  'root-user': df('FROM node:22-alpine', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "server.js"]'),
  'scratch-missing-ca-certificates': df(
    'FROM golang:1.27 AS build',
    'RUN CGO_ENABLED=0 go build -o /app .',
    'FROM scratch',
    'COPY --from=build /app /app',
    'USER 65532:65532',
    'ENTRYPOINT ["/app"]',
  ),
  'secret-deleted-later': df(
    'FROM golang:1.27 AS build',
    'COPY id_rsa /root/.ssh/id_rsa',
    'RUN go mod download',
    'RUN rm -f /root/.ssh/id_rsa',
  ),
  'secret-file-copied': df(
    'FROM node:22-alpine',
    'WORKDIR /app',
    'COPY package.json package-lock.json .npmrc ./',
    'RUN npm ci --omit=dev',
  ),
  'secret-in-arg-env': df(
    'FROM node:22-alpine',
    'ARG NPM_TOKEN',
    'RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc',
  ),
  'single-stage-toolchain': df(
    'FROM golang:1.27',
    'WORKDIR /src',
    'COPY . .',
    'RUN go build -o /bin/app .',
    'USER 65532',
    'ENTRYPOINT ["/bin/app"]',
  ),
  'stage-name-casing': df(
    'FROM alpine:3.24 AS Build',
    'RUN echo hi > /a',
    'FROM alpine:3.24',
    'COPY --from=Build /a /a',
  ),
  'sudo-usage': df('FROM alpine:3.24', 'RUN sudo apk add --no-cache curl'),
  'unused-stage': df(
    'FROM alpine:3.24',
    'RUN apk add --no-cache curl',
    '',
    'FROM debian:bookworm-slim',
    'CMD ["bash"]',
  ),
};

interface Diagnostic {
  rule: string;
  line: number;
}

/** The rule ids `check` reports for a Dockerfile in `dir`. */
function firing(dir: string, file: string): string[] {
  const r = cli(['check', file, '--format', 'json'], dir);
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  const report = JSON.parse(r.stdout) as { files: Array<{ diagnostics: Diagnostic[] }> };
  return report.files.flatMap((f) => f.diagnostics.map((d) => d.rule));
}

describe('lean-dockerfile fix --rule <id>, for every rule with a fix', () => {
  const fixable = RULES.filter((rule) => rule.fix !== undefined).map((rule) => rule.meta.id);
  let root: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lean-fix-every-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('has a fixture for every fixable rule in the registry, and none for rules without a fix', () => {
    assert.ok(fixable.length >= 30, `only ${fixable.length} fixable rules found`);
    assert.deepEqual(
      fixable.filter((id) => FIXTURES[id] === undefined),
      [],
      'fixable rules without a fixture',
    );
    assert.deepEqual(
      Object.keys(FIXTURES).filter((id) => !fixable.includes(id)),
      [],
      'fixtures of rules without a fix',
    );
  });

  for (const id of fixable) {
    it(id, (t) => {
      const input = FIXTURES[id];
      assert.ok(input !== undefined, `no fixture for ${id}`);
      // Each rule gets its own build context: missing-dockerignore looks at the Dockerfile's folder.
      const dir = mkdtempSync(path.join(root, `${id}-`));
      writeFileSync(path.join(dir, 'Dockerfile'), input);
      assert.ok(firing(dir, 'Dockerfile').includes(id), `${id} does not fire on its fixture`);

      if (id === 'missing-dockerignore') {
        // Its fix creates a file rather than changing the Dockerfile: written with --write.
        const r = cli(['fix', 'Dockerfile', '--rule', id, '--write'], dir);
        assert.equal(r.status, 0, r.stderr);
        assert.ok(existsSync(path.join(dir, '.dockerignore')), 'no .dockerignore created');
        const created = readFileSync(path.join(dir, '.dockerignore'), 'utf8');
        assert.notEqual(created.trim(), '');
        assert.equal(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), input);
        assert.ok(!firing(dir, 'Dockerfile').includes(id), `${id} still fires`);
        const again = cli(['fix', 'Dockerfile', '--rule', id, '--write'], dir);
        assert.match(again.stderr, /nothing to fix/);
        assert.equal(readFileSync(path.join(dir, '.dockerignore'), 'utf8'), created);
        return;
      }

      const first = cli(['fix', 'Dockerfile', '--rule', id], dir);
      assert.equal(first.status, 0, first.stderr);
      const output = first.stdout;
      assert.notEqual(output, input, `fix --rule ${id} changed nothing`);
      assert.equal(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), input, 'fix without --write wrote');
      writeFileSync(path.join(dir, 'Fixed.Dockerfile'), output);
      assert.ok(!firing(dir, 'Fixed.Dockerfile').includes(id), `${id} still fires on:\n${output}`);
      const second = cli(['fix', 'Fixed.Dockerfile', '--rule', id], dir);
      assert.equal(second.status, 0, second.stderr);
      assert.equal(second.stdout, output, 'a second fix changed the file again');
      t.diagnostic(`${id}: ${input.split('\n').length - 1} → ${output.split('\n').length - 1} lines`);
    });
  }
});
