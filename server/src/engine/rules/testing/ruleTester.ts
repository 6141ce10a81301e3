// One table-driven tester for every rule. Besides running the cases it checks the cases themselves
// (no duplicates, invalid cases must expect findings, outputs must differ from the input) and every
// fix: the result still parses as well as before, the rule no longer fires there, and applying the
// fix again changes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, fixesFor, type Analysis } from '../../analyze';
import { applyEdits } from '../../fixes/apply';
import type { Finding } from '../../findings';
import type { AnalysisEnvironment, Rule } from '../types';

export interface ValidCase {
  name?: string;
  code: string;
  targets?: string[];
  /** Facts about the file's surroundings (e.g. whether a .dockerignore exists). */
  environment?: AnalysisEnvironment;
}

export interface ExpectedFinding {
  /** 1-based line of the finding's start. */
  line: number;
  /** 1-based column of the finding's start. */
  column?: number;
  /** A piece of the message that must appear. */
  message?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The file after applying the fix titled `fixTitle` (or the first fix) of the first finding. */
  output?: string;
  fixTitle?: string;
  /** Titles of all fixes offered for the first finding, in order. */
  fixTitles?: string[];
  /** Paths of the files the fix (`fixTitle` or the first) creates, for fixes that create files. */
  createsFiles?: string[];
}

const label = (c: ValidCase): string =>
  c.name ?? JSON.stringify(c.code.length > 70 ? `${c.code.slice(0, 67)}...` : c.code);

function run(rule: Rule, c: ValidCase): { analysis: Analysis; own: Finding[] } {
  const analysis = analyze(c.code, { targets: c.targets, environment: c.environment });
  assert.deepEqual(analysis.failures, [], 'no rule may throw');
  return { analysis, own: analysis.findings.filter((f) => f.ruleId === rule.meta.id) };
}

// A fix writes new lines in the file's own keyword casing, so in a lower-case file it adds casing
// warnings of a kind that is already there: those are style, not parsing.
const STYLE_ONLY = new Set(['syntax-casing-instruction']);

function syntaxCount(analysis: Analysis): number {
  return analysis.findings.filter((f) => f.ruleId.startsWith('syntax-') && !STYLE_ONLY.has(f.ruleId)).length;
}

function syntaxKinds(analysis: Analysis): Set<string> {
  return new Set(analysis.findings.filter((f) => f.ruleId.startsWith('syntax-')).map((f) => f.ruleId));
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    it('has well-formed test cases', () => {
      const seen = new Set<string>();
      for (const c of [...cases.valid, ...cases.invalid]) {
        const key = JSON.stringify([c.code, c.targets ?? [], c.environment ?? {}]);
        assert.ok(!seen.has(key), `duplicate case ${label(c)}`);
        seen.add(key);
      }
      for (const c of cases.invalid) {
        assert.ok(c.errors.length > 0, `invalid case without expected findings: ${label(c)}`);
        if (c.output !== undefined) assert.notEqual(c.output, c.code, `output equals code: ${label(c)}`);
      }
      assert.ok(cases.valid.length > 0 && cases.invalid.length > 0, 'needs valid and invalid cases');
      if (rule.fix)
        assert.ok(
          cases.invalid.some((c) => c.output !== undefined || c.createsFiles !== undefined),
          'a rule with a fix needs cases with output (or createsFiles)',
        );
    });

    for (const c of cases.valid) {
      it(`valid: ${label(c)}`, () => {
        const { own } = run(rule, c);
        assert.deepEqual(
          own.map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`),
          [],
        );
      });
    }

    for (const c of cases.invalid) {
      it(`invalid: ${label(c)}`, () => {
        const { analysis, own } = run(rule, c);
        assert.equal(
          own.length,
          c.errors.length,
          `expected ${c.errors.length} finding(s), got: ${own.map((f) => f.message).join(' | ')}`,
        );
        c.errors.forEach((expected, i) => {
          const f = own[i]!;
          assert.equal(f.range.start.line + 1, expected.line, `finding ${i} line`);
          if (expected.column !== undefined)
            assert.equal(f.range.start.character + 1, expected.column, `finding ${i} column`);
          if (expected.message !== undefined)
            assert.ok(
              f.message.includes(expected.message),
              `message "${f.message}" lacks "${expected.message}"`,
            );
          assert.equal(f.severity, rule.meta.severity);
        });
        const fixes = fixesFor(analysis, own[0]!);
        if (c.fixTitles)
          assert.deepEqual(
            fixes.map((x) => x.title),
            c.fixTitles,
          );
        if (c.createsFiles) {
          const creating = c.fixTitle ? fixes.find((x) => x.title === c.fixTitle) : fixes[0];
          assert.ok(creating, 'no fix offered');
          assert.deepEqual(
            (creating.createFiles ?? []).map((f) => f.path),
            c.createsFiles,
          );
          for (const f of creating.createFiles ?? [])
            assert.ok(f.content.trim().length > 0, `${f.path} is empty`);
        }
        if (c.output === undefined) return;
        const fix = c.fixTitle ? fixes.find((x) => x.title === c.fixTitle) : fixes[0];
        assert.ok(fix, `no fix ${c.fixTitle ?? ''} offered; got ${fixes.map((x) => x.title).join(', ')}`);
        const fixed = applyEdits(c.code, fix.edits);
        assert.equal(fixed, c.output);

        const after = analyze(fixed, { targets: c.targets, environment: c.environment });
        assert.ok(syntaxCount(after) <= syntaxCount(analysis), 'the fix must not make the file parse worse');
        const before = syntaxKinds(analysis);
        const newKinds = [...syntaxKinds(after)].filter((k) => !before.has(k));
        assert.deepEqual(newKinds, [], 'the fix must not introduce new kinds of syntax problems');
        const line = own[0]!.range.start.line;
        assert.ok(
          !after.findings.some((f) => f.ruleId === rule.meta.id && f.range.start.line === line),
          'the rule must not fire again where it was fixed',
        );
        // Idempotence: fixing the fixed file at the same place changes nothing.
        const again = after.findings.find((f) => f.ruleId === rule.meta.id && f.range.start.line === line);
        const second = again ? fixesFor(after, again).find((x) => x.title === fix.title) : undefined;
        assert.equal(
          second ? applyEdits(fixed, second.edits) : fixed,
          fixed,
          'applying the fix twice changes nothing',
        );
      });
    }
  });
}
