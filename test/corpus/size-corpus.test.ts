// The size model over every real Dockerfile of the shared corpus: it must never throw nor leave an
// instruction "not estimated", and every range must be ordered.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../../server/src/engine/model/parse';
import { estimateSizes } from '../../server/src/engine/size/estimate';
import { shippedStages } from '../../server/src/engine/stages';
import { sharedDir } from '../support/shared';

const corpus = path.join(sharedDir(), 'corpus', 'files');

describe('size estimates over the shared corpus', () => {
  it('estimates every file with ordered ranges', () => {
    const files = existsSync(corpus)
      ? readdirSync(corpus, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => path.join(e.parentPath, e.name))
      : [];
    assert.ok(files.length > 900, `expected the full corpus, found ${files.length} files`);
    let layers = 0;
    for (const file of files) {
      const model = parseDockerfile(readFileSync(file, 'utf8'));
      const estimate = estimateSizes(model, shippedStages(model, []));
      for (const stage of estimate.stages) {
        assert.ok(stage.total.low <= stage.total.high, file);
        for (const i of stage.instructions) {
          assert.ok(!i.basis.startsWith('not estimated'), `${file}:${i.line + 1}: ${i.basis}`);
          assert.ok(i.bytes.low <= i.bytes.high && i.compressed.low <= i.compressed.high, file);
          if (i.layer) layers++;
        }
      }
    }
    assert.ok(layers > 4_000, `layers estimated: ${layers}`);
  });
});
