import assert from 'node:assert/strict';
import { buildGraph } from './graph';
import { estimateSizes } from './size/estimate';
import { RULES } from './rules';
import type { Rule } from './rules/types';
import { describe, it } from 'node:test';
import { analyze, fixesFor } from './analyze';
import { applyEdits } from './fixes/apply';
import { fixAllEdits } from './fixes/fixAll';

const ids = (text: string, options = {}): string[] => analyze(text, options).findings.map((f) => f.ruleId);

describe('analyze', () => {
  it('passes dockerfile-utils problems through as syntax-* findings', () => {
    const result = analyze('FROM alpine:3.24\nFOO bar\nfrom alpine:3.24\n');
    const syntax = result.findings.filter((f) => f.ruleId.startsWith('syntax-'));
    assert.deepEqual(
      syntax.map((f) => [f.ruleId, f.severity, f.range.start.line]),
      [
        ['syntax-unknown-instruction', 'error', 1],
        ['syntax-casing-instruction', 'warning', 2],
      ],
    );
  });

  it('does not report MAINTAINER twice', () => {
    assert.deepEqual(ids('FROM alpine:3.24\nMAINTAINER jane\n'), ['maintainer-deprecated']);
  });

  it('applies severity settings by id and by alias, and turns rules off', () => {
    const text = 'FROM node\nCMD node server.js\n';
    // `FROM node` with a CMD also draws root-user, which this test is not about.
    const bySeverity = (o: object) =>
      analyze(text, o)
        .findings.filter((f) => f.ruleId !== 'root-user')
        .map((f) => `${f.ruleId}:${f.severity}`);
    assert.deepEqual(bySeverity({}), ['latest-tag:warning', 'json-args-recommended:warning']);
    assert.deepEqual(bySeverity({ rules: { 'latest-tag': 'error', JSONArgsRecommended: 'off' } }), [
      'latest-tag:error',
    ]);
    assert.deepEqual(bySeverity({ rules: { DL3006: 'info' } }), [
      'latest-tag:info',
      'json-args-recommended:warning',
    ]);
    assert.deepEqual(bySeverity({ rules: { 'syntax-casing-instruction': 'off' } }), [
      'latest-tag:warning',
      'json-args-recommended:warning',
    ]);
  });

  it('fix-all applies every preferred fix once and is idempotent', () => {
    const text = 'FROM alpine:3.24\nMAINTAINER jane\nCMD node server.js\nENTRYPOINT run --port $PORT\n';
    const first = applyEdits(text, fixAllEdits(analyze(text)));
    assert.equal(
      first,
      'FROM alpine:3.24\nLABEL org.opencontainers.image.authors="jane"\nCMD ["node", "server.js"]\nENTRYPOINT run --port $PORT\n',
    );
    assert.deepEqual(fixAllEdits(analyze(first)), [], 'nothing preferred is left to fix');
  });

  it('gives no fixes for syntax passthrough findings', () => {
    const result = analyze('FROM alpine:3.24\nFOO bar\n');
    assert.deepEqual(fixesFor(result, result.findings[0]!), []);
  });
});

describe('bad input never throws and stays bounded', () => {
  const cases: Array<[string, string]> = [
    ['empty file', ''],
    ['only whitespace and comments', '\n\n  # nothing\n'],
    ['binary bytes', String.fromCharCode(...Array.from({ length: 2048 }, (_, i) => (i * 7919) % 256))],
    ['NUL bytes inside an instruction', 'FROM alpine\u0000:3.24\nRUN echo \u0000\u0001\u0002\n'],
    ['a 1 MB single line', `FROM alpine:3.24\nRUN echo ${'x'.repeat(1_000_000)}\n`],
    ['a 1 MB line of words and operators', `FROM alpine:3.24\nRUN ${'a && b | c ; '.repeat(70_000)}\n`],
    ['BOM', '\uFEFFFROM node\nCMD node server.js\n'],
    ['CRLF', 'FROM node\r\nMAINTAINER x\r\nCMD node server.js\r\n'],
    [
      'backtick escape directive',
      '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN powershell -Command `\r\n    Write-Host hi\r\n',
    ],
    ['odd escape directive', '# escape=x\nFROM alpine:3.24\n'],
    ['unterminated heredoc', 'FROM alpine:3.24\nRUN <<EOF\napt-get update\n'],
    ['half-typed instructions', 'FROM\nRUN\nCOPY --from=\nCMD [\nENTRYPOINT ["a",\nENV\nARG =\nFROM a AS\n'],
    ['broken JSON arrays', 'FROM alpine:3.24\nCMD ["a", "b"\nENTRYPOINT ["\\u00"]\nRUN [,,]\n'],
    ['ENV referencing itself before FROM (dockerfile-ast stack overflow)', 'ENV a $b\n'],
    ['ENV self reference before FROM', 'ENV a=$a\nFROM alpine:3.24\nRUN echo $a\n'],
    ['unbalanced quotes and substitutions', 'FROM alpine:3.24\nRUN echo "$(( ${x:- "\nCMD \'\n'],
    ['only a continuation', '\\\n\\\n\\'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const result = analyze(text);
      assert.deepEqual(result.failures, []);
      for (const f of result.findings) for (const fix of fixesFor(result, f)) applyEdits(text, fix.edits);
      assert.ok(Array.isArray(result.findings));
    });
  }

  it('half-typed FROM yields a syntax diagnostic rather than nothing', () => {
    assert.ok(ids('FROM\n').includes('syntax-argument-missing'));
  });
});

describe('variables that double with every line', () => {
  it('never make a rule, the size model or the graph fail (values past a bound stay unexpanded)', () => {
    const lines = ['ARG B=y'];
    for (let i = 0; i < 40; i++) lines.push('ARG B=${B}${B}');
    lines.push('FROM alpine:$B', 'ENV A=x');
    for (let i = 0; i < 40; i++) lines.push('ENV A=$A$A');
    lines.push('RUN rm -rf /tmp/$A', '');
    const analysis = analyze(lines.join('\n'));
    assert.deepEqual(analysis.failures, []);
    const estimate = estimateSizes(analysis.model, analysis.shipped);
    assert.equal(estimate.stages.length, 1);
    assert.equal(buildGraph(analysis).nodes.filter((n) => n.kind === 'stage').length, 1);
  });
});

describe('a rule that throws', () => {
  it('is reported as a failure once, and every other rule still reports', () => {
    const rules = RULES as Rule[];
    const broken: Rule = {
      meta: {
        id: 'test-broken-rule',
        category: 'correctness',
        severity: 'warning',
        aliases: [],
        description: 'Throws on every file (test only).',
      },
      check() {
        throw new Error('broken on purpose');
      },
    };
    rules.unshift(broken);
    try {
      const analysis = analyze('FROM node\nMAINTAINER x\n');
      assert.deepEqual(analysis.failures, [{ ruleId: 'test-broken-rule', message: 'broken on purpose' }]);
      const ids = new Set(analysis.findings.map((f) => f.ruleId));
      assert.ok(ids.has('latest-tag') && ids.has('maintainer-deprecated'), [...ids].join());
    } finally {
      rules.splice(rules.indexOf(broken), 1);
    }
  });
});

describe("dockerfile-utils' stage-name check", () => {
  // Unguarded, this file keeps validate() busy for minutes: the test's timeout is the assertion.
  it(
    'does not hang on a long invalid stage name (its regular expression backtracks exponentially)',
    {
      timeout: 10_000,
    },
    () => {
      const analysis = analyze('# escape=`\nFROM a:b `\nENV COMPLUS_NGenProtectedProcess_FeatureEnabled=0\n');
      assert.deepEqual(analysis.failures, []);
      // A short invalid name is still reported by the validator.
      const short = analyze('FROM alpine AS Bad!Name\nCMD ["sh"]\n');
      assert.ok(short.findings.some((f) => f.ruleId === 'syntax-invalid-build-stage-name'));
    },
  );
});
