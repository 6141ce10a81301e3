// `lean-dockerfile check` reads compose and bake files like the editor does: their target decides the
// shipped stage and their args the ARG values; --target / --build-arg win, --no-build-files turns it off.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function cli(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Report {
  files: Array<{ path: string; diagnostics: Array<{ rule: string; line: number }> }>;
}

/** 1-based lines of a rule's findings in the one file checked. */
function linesOf(stdout: string, rule: string): number[] {
  const report = JSON.parse(stdout) as Report;
  return report.files.flatMap((f) => f.diagnostics.filter((d) => d.rule === rule).map((d) => d.line));
}

// 2 FROM … AS dev, 3 USER root, 6 FROM … AS prod (no USER: the node image runs as root)
const STAGES = [
  '# syntax=docker/dockerfile:1',
  'FROM node:22-alpine AS dev',
  'USER root',
  'CMD ["node", "--watch", "server.js"]',
  '',
  'FROM node:22-alpine AS prod',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

const TAGGED = 'ARG TAG=latest\nFROM alpine:${TAG}\nUSER 65532\nCMD ["true"]\n';

describe('lean-dockerfile check with compose and bake files', () => {
  let dir: string;
  const write = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-cli-buildfiles-'));
    write('compose.yaml', 'services:\n  api:\n    build:\n      context: api\n      target: dev\n');
    write('api/Dockerfile', STAGES);
    write(
      'tagged/compose.yaml',
      'services:\n  app:\n    build:\n      context: .\n      args: {TAG: "3.20"}\n',
    );
    write('tagged/Dockerfile', TAGGED);
    write('baked/docker-bake.hcl', 'target "default" {\n  target = "dev"\n}\n');
    write('baked/Dockerfile', STAGES);
    write('broken/compose.yaml', 'services:\n  app:\n    build: {context: ., target: dev\n');
    write('broken/Dockerfile', STAGES);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('ships the compose target: root-user reports on dev, not on the last stage', () => {
    const r = cli(['check', 'api', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(linesOf(r.stdout, 'root-user'), [3]);
  });

  it('--no-build-files checks the last stage as docker build would', () => {
    const r = cli(['check', 'api', '--format', 'json', '--no-build-files'], dir);
    assert.deepEqual(linesOf(r.stdout, 'root-user'), [6]);
  });

  it('an explicit --target wins over the compose target', () => {
    const r = cli(['check', 'api', '--format', 'json', '--target', 'prod'], dir);
    assert.deepEqual(linesOf(r.stdout, 'root-user'), [6]);
  });

  it('reads build files only up to the working directory', () => {
    const r = cli(['check', '.', '--format', 'json'], path.join(dir, 'api'));
    assert.deepEqual(
      linesOf(r.stdout, 'root-user'),
      [6],
      'compose.yaml above the working directory is not read',
    );
  });

  it('uses compose args for FROM lines, and --build-arg wins over them', () => {
    const fromCompose = cli(['check', 'tagged', '--format', 'json'], dir);
    assert.deepEqual(linesOf(fromCompose.stdout, 'latest-tag'), [], 'TAG=3.20 from compose.yaml');
    const explicit = cli(['check', 'tagged', '--format', 'json', '--build-arg', 'TAG=latest'], dir);
    assert.deepEqual(linesOf(explicit.stdout, 'latest-tag'), [2]);
    const off = cli(['check', 'tagged', '--format', 'json', '--no-build-files'], dir);
    assert.deepEqual(linesOf(off.stdout, 'latest-tag'), [2]);
  });

  it('--build-arg applies to standard input too, and NAME alone takes the environment', () => {
    const pinned = cli(['check', '-', '--format', 'json', '--build-arg=TAG=3.20'], dir, TAGGED);
    assert.deepEqual(linesOf(pinned.stdout, 'latest-tag'), []);
    const r = spawnSync(process.execPath, [CLI, 'check', '-', '--format', 'json', '--build-arg', 'TAG'], {
      input: TAGGED,
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, TAG: '3.21' },
    });
    assert.deepEqual(linesOf(r.stdout, 'latest-tag'), []);
  });

  it('reads docker-bake.hcl targets', () => {
    const r = cli(['check', 'baked', '--format', 'json'], dir);
    assert.deepEqual(linesOf(r.stdout, 'root-user'), [3]);
  });

  it('warns about a broken compose file and checks with the defaults', () => {
    const r = cli(['check', 'broken', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(linesOf(r.stdout, 'root-user'), [6]);
    assert.match(r.stderr, /lean-dockerfile: .*broken[\\/]compose\.yaml: line \d+:/);
  });

  it('rejects a --build-arg without a name and documents the options', () => {
    const bad = cli(['check', 'api', '--build-arg', '=x'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--build-arg expects NAME=VALUE/);
    const help = cli(['--help'], dir);
    assert.match(help.stdout, /--build-arg NAME=VALUE/);
    assert.match(help.stdout, /--no-build-files/);
  });
});
