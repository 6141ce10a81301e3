// Every real Dockerfile of the shared corpus goes through the whole engine: nothing may throw, and
// every offered fix must apply cleanly, parse no worse, silence its finding and be idempotent.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, fixesFor } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { sharedDir } from '../support/shared';

const corpus = path.join(sharedDir(), 'corpus');

describe('shared corpus', () => {
  const files = existsSync(path.join(corpus, 'files'))
    ? readdirSync(path.join(corpus, 'files'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
    : [];

  it('analyses every file without failures; every fix parses no worse, silences its finding and is idempotent', () => {
    assert.ok(files.length > 900, `expected the full corpus, found ${files.length} files`);
    // Style warnings about keyword casing are not parsing (a fix writes new lines in the file's casing).
    const syntax = (r: ReturnType<typeof analyze>) =>
      r.findings.filter((f) => f.ruleId.startsWith('syntax-') && f.ruleId !== 'syntax-casing-instruction');
    const at = (r: ReturnType<typeof analyze>, ruleId: string, line: number) =>
      r.findings.filter((f) => f.ruleId === ruleId && f.range.start.line === line).length;
    let findings = 0;
    let applied = 0;
    const perRule = new Map<string, number>();
    const failures: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const result = analyze(text);
      assert.deepEqual(result.failures, [], file);
      const syntaxBefore = syntax(result);
      const kindsBefore = new Set(syntaxBefore.map((f) => f.ruleId));
      findings += result.findings.length;
      for (const finding of result.findings) {
        for (const fix of fixesFor(result, finding)) {
          applied++;
          perRule.set(finding.ruleId, (perRule.get(finding.ruleId) ?? 0) + 1);
          const where = `${path.basename(path.dirname(file))}/${path.basename(file)}:${finding.range.start.line + 1} ${finding.ruleId} "${fix.title}"`;
          const fixed = applyEdits(text, fix.edits);
          const after = analyze(fixed);
          const syntaxAfter = syntax(after);
          if (
            syntaxAfter.length > syntaxBefore.length ||
            syntaxAfter.some((f) => !kindsBefore.has(f.ruleId))
          ) {
            failures.push(`${where}: parses worse`);
          }
          // Fixes that only create files (.dockerignore) change nothing in the text.
          if (fix.edits.length === 0) continue;
          const line = finding.range.start.line;
          if (
            at(after, finding.ruleId, line) >= at(result, finding.ruleId, line) &&
            fixed.split('\n')[line] === text.split('\n')[line]
          ) {
            failures.push(`${where}: the finding is still there`);
          }
          // Idempotence: the same finding (same place, same text under it) must not be fixed again. A
          // different finding that moved onto this line (the next CMD after one was removed) is not it.
          const textAt = (t: string, r: typeof finding.range) =>
            t.split('\n')[r.start.line]?.slice(r.start.character, r.start.character + 40);
          const again = after.findings.find(
            (f) =>
              f.ruleId === finding.ruleId &&
              f.range.start.line === line &&
              f.range.start.character === finding.range.start.character &&
              textAt(fixed, f.range) === textAt(text, finding.range),
          );
          const second = again ? fixesFor(after, again).find((x) => x.title === fix.title) : undefined;
          if (second && applyEdits(fixed, second.edits) !== fixed)
            failures.push(`${where}: applying it twice changes the file again`);
        }
      }
    }
    const table = [...perRule]
      .sort((a, b) => b[1] - a[1])
      .map(([id, n]) => `  ${id.padEnd(34)} ${String(n).padStart(5)}`);
    console.log(
      `\n${files.length} files, ${findings} findings, ${applied} fixes applied, ${failures.length} failures\n${table.join('\n')}\n`,
    );
    assert.deepEqual(failures, []);
    assert.ok(findings > 0 && applied > 0, 'the corpus has findings with fixes');
  });

  it('builds stages for the large files', () => {
    for (const name of ['large-1k.Dockerfile', 'large-5k.Dockerfile']) {
      const result = analyze(readFileSync(path.join(corpus, 'large', name), 'utf8'));
      assert.deepEqual(result.failures, []);
      assert.ok(result.model.stages.length > 10, `${name} has many stages`);
    }
  });
});
