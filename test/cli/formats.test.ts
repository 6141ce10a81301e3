import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const cli = (args: string[], cwd: string, input?: string) =>
  spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', timeout: 30_000 });

describe('output formats', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-formats-'));
    mkdirSync(path.join(dir, 'app'));
    writeFileSync(
      path.join(dir, 'app', 'Dockerfile'),
      'FROM node\nMAINTAINER jane, "50%"\nCMD node server.js\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints SARIF 2.1.0 that validates against the official schema', () => {
    const r = cli(['check', 'app', '--format', 'sarif'], dir);
    assert.equal(r.status, 1, r.stderr);
    const log = JSON.parse(r.stdout) as Log;
    // The OASIS SARIF 2.1.0 (rtm.5) JSON schema, shipped in @microsoft/jest-sarif; draft-04, and one of
    // its patterns is not valid in unicode mode.
    const schema = JSON.parse(
      readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

    const run = log.runs[0]!;
    const ids = run.tool.driver.rules!.map((r) => r.id);
    for (const id of ['json-args-recommended', 'latest-tag', 'maintainer-deprecated', 'unknown-rule-id'])
      assert.ok(ids.includes(id), id);
    const latest = run.tool.driver.rules!.find((r) => r.id === 'latest-tag')!;
    assert.match(latest.helpUri!, /docs\/rules\/latest-tag\.md$/);
    // Results of the three rules the sample is written for (others may fire too).
    const under = new Set(['latest-tag', 'maintainer-deprecated', 'json-args-recommended']);
    const results = run.results!.filter((x) => under.has(x.ruleId!));
    assert.deepEqual(
      results.map((x) => [x.ruleId, x.level, x.locations![0]!.physicalLocation!.region!.startLine]),
      [
        ['latest-tag', 'warning', 1],
        ['maintainer-deprecated', 'warning', 2],
        ['json-args-recommended', 'warning', 3],
      ],
    );
    const cmd = results[2]!;
    assert.equal(run.tool.driver.rules![cmd.ruleIndex!]!.id, 'json-args-recommended');
    assert.deepEqual(cmd.fixes![0]!.artifactChanges[0]!.replacements[0], {
      deletedRegion: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 19 },
      insertedContent: { text: '["node", "server.js"]' },
    });
    assert.equal(cmd.locations![0]!.physicalLocation!.artifactLocation!.uri, 'app/Dockerfile');
  });

  it('prints GitHub workflow commands with escaped properties and data', () => {
    const r = cli(
      ['check', '-', '--format', 'github', '--rule', 'latest-tag=error', '--rule', 'DL4000=info'],
      dir,
      'FROM node\nMAINTAINER a\n',
    );
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.match(
      lines[0]!,
      /^::error file=<stdin>,line=1,col=6,endLine=1,endColumn=10,title=latest-tag::`node` has no tag/,
    );
    assert.match(
      lines[1]!,
      /^::notice file=<stdin>,line=2,col=1,endLine=2,endColumn=11,title=maintainer-deprecated::/,
    );
  });

  it('prints nothing in github format for a clean file', () => {
    const r = cli(['check', '-', '--format', 'github'], dir, 'FROM alpine:3.24\nUSER 65532\nCMD ["true"]\n');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, '');
  });
});
