// Every real Dockerfile of the shared corpus goes through the whole engine: nothing may throw, every
// offered fix must apply cleanly and must not make the file parse worse.
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

  it('analyses every file without failures and applies every fix cleanly', () => {
    assert.ok(files.length > 900, `expected the full corpus, found ${files.length} files`);
    let findings = 0;
    let fixes = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const result = analyze(text);
      assert.deepEqual(result.failures, [], file);
      const syntaxBefore = result.findings.filter((f) => f.ruleId.startsWith('syntax-')).length;
      findings += result.findings.length;
      for (const finding of result.findings) {
        for (const fix of fixesFor(result, finding)) {
          fixes++;
          const fixed = applyEdits(text, fix.edits);
          const after = analyze(fixed).findings.filter((f) => f.ruleId.startsWith('syntax-')).length;
          assert.ok(after <= syntaxBefore, `${fix.title} in ${file} made it parse worse`);
        }
      }
    }
    assert.ok(findings > 0 && fixes > 0, 'the corpus has findings with fixes');
  });

  it('builds stages for the large files', () => {
    for (const name of ['large-1k.Dockerfile', 'large-5k.Dockerfile']) {
      const result = analyze(readFileSync(path.join(corpus, 'large', name), 'utf8'));
      assert.deepEqual(result.failures, []);
      assert.ok(result.model.stages.length > 10, `${name} has many stages`);
    }
  });
});
