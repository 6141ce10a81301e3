// Stage-chunked parsing (server/src/engine/model/chunks.ts) must give exactly what parsing the whole
// file gives: the same Model (ids, indexes, ranges in document coordinates), the same dockerfile-utils
// problems and the same findings, for every real Dockerfile of the shared corpus and the large files.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createAnalyzer, type Analysis } from '../../server/src/engine/analyze';
import { checkSyntax } from '../../server/src/engine/model/syntax';
import { parseDocument } from '../../server/src/engine/model/document';
import type { Model } from '../../server/src/engine/model/types';
import { sharedDir } from '../support/shared';

const corpus = path.join(sharedDir(), 'corpus');
const WHOLE = Number.POSITIVE_INFINITY;

function comparable(model: Model): unknown {
  return {
    escapeChar: model.escapeChar,
    directives: model.directives,
    comments: model.comments,
    parseError: model.parseError,
    globalArgs: model.globalArgs.map((a) => ({ ...a, instruction: a.instruction.index })),
    instructions: model.instructions,
    stages: model.stages.map((s) => ({
      ...s,
      from: s.from.index,
      instructions: s.instructions.map((i) => i.index),
    })),
  };
}

const findings = (a: Analysis): unknown =>
  a.findings.map((f) => [f.ruleId, f.severity, f.range, f.message, f.data ?? null]);

const sortProblems = <
  T extends { range: { start: { line: number; character: number } }; id: string; message: string },
>(
  problems: T[] | undefined,
): T[] =>
  [...(problems ?? [])].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.id.localeCompare(b.id) ||
      a.message.localeCompare(b.message),
  );

describe('stage-chunked parsing equals whole-file parsing', () => {
  const files = existsSync(path.join(corpus, 'files'))
    ? readdirSync(path.join(corpus, 'files'), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .sort()
    : [];

  it('for every corpus file with more than one stage, cut at every stage', () => {
    assert.ok(files.length > 900, `expected the full corpus, found ${files.length} files`);
    let chunkedFiles = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const chunked = parseDocument(text, { validate: true, minChunkLines: 1 });
      if (chunked.stats.chunks < 2) continue;
      chunkedFiles++;
      assert.equal(chunked.stats.fallback, undefined, `${file}: no fallback`);
      const whole = parseDocument(text, { validate: true, minChunkLines: WHOLE });
      assert.deepEqual(comparable(chunked.model), comparable(whole.model), file);
      // The shared-AST validation gives what dockerfile-utils' own validate() gives.
      assert.deepEqual(sortProblems(whole.syntax), sortProblems(checkSyntax(text)), file);
      assert.deepEqual(sortProblems(chunked.syntax), sortProblems(whole.syntax), file);
      assert.deepEqual(
        findings(createAnalyzer({ minChunkLines: 1 }).analyze(text)),
        findings(createAnalyzer({ minChunkLines: WHOLE }).analyze(text)),
        file,
      );
    }
    assert.ok(chunkedFiles > 250, `most multi-stage files were split (${chunkedFiles})`);
  });

  it('for the large files, with the default chunk size, and after edits', () => {
    for (const name of ['large-1k.Dockerfile', 'large-5k.Dockerfile']) {
      const text = readFileSync(path.join(corpus, 'large', name), 'utf8');
      const analyzer = createAnalyzer();
      const chunked = analyzer.analyze(text);
      const whole = createAnalyzer({ minChunkLines: WHOLE }).analyze(text);
      assert.deepEqual(comparable(chunked.model), comparable(whole.model), name);
      assert.deepEqual(findings(chunked), findings(whole), name);
      // Edits in the middle (a character, a new line, a new stage): incremental = from scratch.
      const middle = text.indexOf('\nRUN ', Math.floor(text.length / 2)) + 1;
      for (const insert of ['x', '\n', 'FROM alpine:3.24 AS inserted\n']) {
        const edited = text.slice(0, middle) + insert + text.slice(middle);
        const incremental = analyzer.analyze(edited);
        const fresh = createAnalyzer({ minChunkLines: WHOLE }).analyze(edited);
        assert.deepEqual(
          comparable(incremental.model),
          comparable(fresh.model),
          `${name} + ${JSON.stringify(insert)}`,
        );
        assert.deepEqual(findings(incremental), findings(fresh), `${name} + ${JSON.stringify(insert)}`);
      }
    }
  });
});
