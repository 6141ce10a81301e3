import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../analyze';

// These tests are about silencing three rules; other rules that fire on the samples (several CMDs,
// root-user on `FROM node` + CMD, …) are left out so that new rules do not change the expectations.
const UNDER_TEST = new Set(['latest-tag', 'json-args-recommended', 'maintainer-deprecated']);
const ids = (text: string, environment = {}) =>
  analyze(text, { environment })
    .findings.filter((f) => UNDER_TEST.has(f.ruleId))
    .map((f) => `${f.range.start.line + 1}:${f.ruleId}`);

describe('ignore comments and targets', () => {
  it('ignores the next instruction for our own, hadolint and alias names', () => {
    const text = [
      'FROM node',
      '# lean-dockerfile ignore=json-args-recommended',
      'CMD node a.js',
      '# hadolint ignore=DL3025',
      'CMD node \\',
      '  b.js',
      'CMD node c.js',
      '',
    ].join('\n');
    assert.deepEqual(ids(text), ['1:latest-tag', '7:json-args-recommended']);
  });

  it('ignores whole files: ignore-file, hadolint global, # check=skip and .hadolint.yaml', () => {
    const text = 'FROM node\nCMD node a.js\nMAINTAINER x\n';
    assert.deepEqual(ids(`# lean-dockerfile ignore-file=latest-tag\n${text}`), [
      '3:json-args-recommended',
      '4:maintainer-deprecated',
    ]);
    assert.deepEqual(ids(`# hadolint global ignore=DL4000\n${text}`), [
      '2:latest-tag',
      '3:json-args-recommended',
    ]);
    assert.deepEqual(ids(`# check=skip=JSONArgsRecommended\n${text}`), [
      '2:latest-tag',
      '4:maintainer-deprecated',
    ]);
    assert.deepEqual(
      ids(`# check=skip=all\n${text}`),
      ['2:latest-tag'],
      'skip=all silences the BuildKit-aliased rules only',
    );
    assert.deepEqual(ids(text, { hadolintIgnored: ['DL3006'] }), [
      '2:json-args-recommended',
      '3:maintainer-deprecated',
    ]);
  });

  it('reports unknown names in our own pragmas only', () => {
    const result = analyze(
      '# lean-dockerfile ignore-file=latset-tag\n# hadolint ignore=DL3999\nFROM alpine:3.24\n',
    );
    assert.deepEqual(
      result.findings.map((f) => [f.ruleId, f.severity, f.range.start.line, f.range.start.character]),
      [['unknown-rule-id', 'info', 0, 30]],
    );
  });

  it('reads build targets from comments', () => {
    const result = analyze(
      'FROM alpine:3.24 AS debug\n# lean-dockerfile target=debug\nFROM alpine:3.24 AS final\n',
    );
    assert.deepEqual([...result.shipped].sort(), [0, 1]);
  });
  it('turns BuildKit-aliased findings into errors with # check=error=true, and still skips', () => {
    const result = analyze(
      '# check=skip=MaintainerDeprecated;error=true\nFROM node\nMAINTAINER x\nCMD node a.js\n',
    );
    const bySeverity = result.findings
      .filter((f) => UNDER_TEST.has(f.ruleId))
      .map((f) => `${f.ruleId}:${f.severity}`);
    // latest-tag has no BuildKit alias and keeps its severity; JSONArgsRecommended is BuildKit's.
    assert.deepEqual(bySeverity, ['latest-tag:warning', 'json-args-recommended:error']);
  });
});
