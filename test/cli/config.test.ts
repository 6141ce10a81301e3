// Every configuration source makes a finding disappear (or changes its severity) from the CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const DOCKERFILE = 'FROM node\nMAINTAINER jane\nCMD node server.js\n';
// The configuration sources are tested on three rules; others that fire on the sample are left out.
const UNDER_TEST = new Set(['latest-tag', 'maintainer-deprecated', 'json-args-recommended']);

interface Json {
  files: Array<{ diagnostics: Array<{ rule: string; severity: string }> }>;
}

describe('configuration sources', () => {
  let dir: string;
  const write = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const check = (...extra: string[]) => {
    const r = spawnSync(process.execPath, [CLI, 'check', 'svc/Dockerfile', '--format', 'json', ...extra], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    return {
      rules: (JSON.parse(r.stdout) as Json).files[0]!.diagnostics.filter((d) => UNDER_TEST.has(d.rule)).map(
        (d) => `${d.rule}:${d.severity}`,
      ),
      stderr: r.stderr,
    };
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-config-'));
    write('svc/Dockerfile', DOCKERFILE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const ALL = ['latest-tag:warning', 'maintainer-deprecated:warning', 'json-args-recommended:warning'];

  it('has all three findings without configuration', () => {
    assert.deepEqual(check().rules, ALL);
  });

  it('reads the nearest .lean-dockerfile.json upwards', () => {
    write('.lean-dockerfile.json', JSON.stringify({ rules: { 'latest-tag': 'off', DL4000: 'error' } }));
    assert.deepEqual(check().rules, ['maintainer-deprecated:error', 'json-args-recommended:warning']);
  });

  it('reports a malformed .lean-dockerfile.json and keeps going', () => {
    write('.lean-dockerfile.json', JSON.stringify({ rules: { 'latest-tag': 'loud' }, colour: 'blue' }));
    const r = check();
    assert.deepEqual(r.rules, ALL);
    assert.match(r.stderr, /rules\.latest-tag must be one of error, warning, info, off/);
    assert.match(r.stderr, /unknown key "colour"/);
  });

  it('honours .hadolint.yaml ignored and override', () => {
    write('svc/.hadolint.yaml', 'ignored:\n  - DL3006\noverride:\n  error:\n    - DL3025\n');
    assert.deepEqual(check().rules, ['maintainer-deprecated:warning', 'json-args-recommended:error']);
  });

  it('lets --rule win over .lean-dockerfile.json, and --ignore / --rule-set turn rules off', () => {
    write('.lean-dockerfile.json', JSON.stringify({ rules: { 'latest-tag': 'off' } }));
    assert.deepEqual(check('--rule', 'latest-tag=info').rules, [
      'latest-tag:info',
      'maintainer-deprecated:warning',
      'json-args-recommended:warning',
    ]);
    assert.deepEqual(check('--ignore', 'DL4000,json-args-recommended').rules, []);
    assert.deepEqual(
      check('--rule-set', 'security').rules.filter((r) => !r.startsWith('latest-tag')),
      [],
    );
  });

  it('uses an explicit --config file', () => {
    write('other.json', JSON.stringify({ rules: { 'json-args-recommended': 'off' } }));
    assert.deepEqual(check('--config', 'other.json').rules, [
      'latest-tag:warning',
      'maintainer-deprecated:warning',
    ]);
  });
});
