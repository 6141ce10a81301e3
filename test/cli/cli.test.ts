import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function cli(args: string[], input?: string, cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lean-dockerfile check', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-cli-'));
    const write = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write('app/Dockerfile', 'FROM node\nUSER node\nCMD node server.js\n');
    write('app/Dockerfile.dev', 'FROM node:22-alpine\nUSER node\nCMD ["node", "server.js"]\n');
    write('svc/api.Dockerfile', 'FROM alpine:3.24\nMAINTAINER jane\n');
    write('svc/Containerfile', 'FROM alpine:latest\n');
    write('svc/Dockerfile.dockerignore', 'node_modules\n');
    write('node_modules/pkg/Dockerfile', 'FROM node\n');
    write('clean/Dockerfile', 'FROM alpine:3.24\nUSER 65532\nCMD ["true"]\n');
    write(
      'binary/Dockerfile',
      String.fromCharCode(...Array.from({ length: 1024 }, (_, i) => (i * 13) % 256)),
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract for a directory, finding Dockerfiles by name', () => {
    const r = cli(['check', 'app', 'svc', '--format', 'json'], undefined, dir);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as {
      files: Array<{ path: string; diagnostics: Array<Record<string, unknown>> }>;
    };
    assert.deepEqual(
      report.files.map((f) => f.path),
      [
        path.join('app', 'Dockerfile'),
        path.join('app', 'Dockerfile.dev'),
        path.join('svc', 'Containerfile'),
        path.join('svc', 'api.Dockerfile'),
      ],
    );
    assert.deepEqual(report.files[0]!.diagnostics[1], {
      rule: 'json-args-recommended',
      severity: 'warning',
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 19,
      message: report.files[0]!.diagnostics[1]!.message,
      fixes: ['Convert CMD to exec form'],
    });
    assert.match(String(report.files[0]!.diagnostics[1]!.message), /shell form/);
    assert.deepEqual(report.files[1]!.diagnostics, []);
    assert.deepEqual(
      report.files[3]!.diagnostics.map((d) => [d.rule, d.line, d.column, d.fixes]),
      [['maintainer-deprecated', 2, 1, ['Convert to LABEL org.opencontainers.image.authors']]],
    );
  });

  it('skips dependency folders when searching', () => {
    const r = cli(['check', '.', '--format', 'json'], undefined, dir);
    const paths = (JSON.parse(r.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path);
    assert.ok(!paths.some((p) => p.includes('node_modules')), paths.join(','));
    assert.ok(paths.includes(path.join('binary', 'Dockerfile')));
  });

  it('exits 0 for a clean file and with --fail-on above the worst finding', () => {
    assert.equal(cli(['check', 'clean'], undefined, dir).code, 0);
    assert.equal(cli(['check', 'app', '--fail-on', 'error'], undefined, dir).code, 0);
    assert.equal(cli(['check', 'app', '--fail-on', 'none'], undefined, dir).code, 0);
    assert.equal(cli(['check', 'app', '--fail-on', 'info'], undefined, dir).code, 1);
  });

  it('reads standard input with "-" and applies --rule overrides', () => {
    const r = cli(
      ['check', '-', '--format', 'json', '--rule', 'DL3007=off', '--rule', 'json-args-recommended=error'],
      'FROM node:latest\nUSER node\nCMD node x.js\n',
    );
    assert.equal(r.code, 1);
    const file = (
      JSON.parse(r.stdout) as {
        files: Array<{ path: string; diagnostics: Array<{ rule: string; severity: string }> }>;
      }
    ).files[0]!;
    assert.equal(file.path, '<stdin>');
    assert.deepEqual(
      file.diagnostics.map((d) => [d.rule, d.severity]),
      [['json-args-recommended', 'error']],
    );
  });

  it('prints file:line:column lines and a summary in text format', () => {
    const r = cli(['check', path.join('app', 'Dockerfile')], undefined, dir);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.match(lines[0]!, /^app\/Dockerfile:1:6: warning latest-tag `node` has no tag/);
    assert.match(
      lines[1]!,
      /^app\/Dockerfile:3:5: warning json-args-recommended .*\(fix: Convert CMD to exec form\)$/,
    );
    assert.equal(lines[2], '1 file checked: 0 error(s), 2 warning(s), 0 info.');
  });

  it('exits 2 on usage and I/O errors with a message', () => {
    const usage = cli(['check', '--format', 'xml']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--format must be text, json, sarif or github, not "xml"/);
    assert.equal(cli(['lint']).code, 2);
    assert.equal(cli(['check', '--rule', 'nope']).code, 2);
    const missing = cli(['check', 'does-not-exist'], undefined, dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read does-not-exist: ENOENT/);
  });

  it('prints help and version', () => {
    const help = cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: lean-dockerfile check/);
    assert.match(cli(['--version']).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
