import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const cli = (args: string[], cwd: string, input?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', timeout: 30_000 });

const BEFORE = 'FROM alpine:3.24\nMAINTAINER jane\nCMD node a.js\nENTRYPOINT run --port $PORT\n';

describe('lean-dockerfile fix', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-fix-'));
    writeFileSync(path.join(dir, 'Dockerfile'), BEFORE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints one rule’s fix applied, by id or alias, without touching the file', () => {
    const r = cli(['fix', 'Dockerfile', '--rule', 'DL4000'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      r.stdout,
      'FROM alpine:3.24\nLABEL org.opencontainers.image.authors="jane"\nCMD node a.js\nENTRYPOINT run --port $PORT\n',
    );
    assert.equal(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), BEFORE);
  });

  it('uses a rule’s first fix when none is preferred', () => {
    const r = cli(
      ['fix', '-', '--rule', 'json-args-recommended'],
      dir,
      'FROM alpine:3.24\nENTRYPOINT run --port $PORT\n',
    );
    assert.equal(r.stdout, 'FROM alpine:3.24\nENTRYPOINT ["/bin/sh", "-c", "exec run --port $PORT"]\n');
  });

  it('writes every safe fix with --write and says when there is nothing to fix', () => {
    const r = cli(['fix', 'Dockerfile', '--write'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(
      readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
      'FROM alpine:3.24\nLABEL org.opencontainers.image.authors="jane"\nCMD ["node", "a.js"]\nENTRYPOINT run --port $PORT\n',
    );
    const again = cli(['fix', 'Dockerfile', '--rule', 'maintainer-deprecated'], dir);
    assert.match(again.stderr, /nothing to fix for maintainer-deprecated/);
  });

  it('check --fix applies safe fixes and reports what is left', () => {
    const r = cli(['check', 'Dockerfile', '--fix', '--format', 'json'], dir);
    assert.equal(r.status, 1);
    const left = (
      JSON.parse(r.stdout) as { files: Array<{ diagnostics: Array<{ rule: string; line: number }> }> }
    ).files[0]!.diagnostics.filter((d) => d.rule !== 'root-user');
    assert.deepEqual(
      left.map((d) => [d.rule, d.line]),
      [['json-args-recommended', 4]],
    );
    assert.match(readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), /^LABEL org\.opencontainers/m);
  });

  it('rejects fix without exactly one file', () => {
    const r = cli(['fix', 'a', 'b'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /fix takes exactly one file/);
  });
});
