// Smoke test: a graph (and its exports) for every file of the shared corpus, without throwing, with
// edges that only join existing nodes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sharedDir } from '../../../../test/support/shared';
import { parseDockerfile } from '../model/parse';
import { shippedStages } from '../stages';
import { buildGraph, graphForTarget } from './build';
import { toDot, toMermaid } from './export';

describe('stage graph over the shared corpus', () => {
  const corpus = path.join(sharedDir(), 'corpus');
  const files = [
    ...readdirSync(path.join(corpus, 'files'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name)),
    ...['large-1k.Dockerfile', 'large-5k.Dockerfile']
      .map((n) => path.join(corpus, 'large', n))
      .filter((p) => existsSync(p)),
  ];

  it('builds a consistent graph for every file', (t) => {
    assert.ok(files.length > 900, `expected the full corpus, found ${files.length} files`);
    let stages = 0;
    let edges = 0;
    const problems = new Map<string, number>();
    for (const file of files) {
      const model = parseDockerfile(readFileSync(file, 'utf8'));
      const graph = buildGraph({ model, shipped: shippedStages(model, []) });
      const ids = new Set(graph.nodes.map((n) => n.id));
      assert.equal(ids.size, graph.nodes.length, `${file}: duplicate node ids`);
      for (const e of graph.edges)
        assert.ok(ids.has(e.from) && ids.has(e.to), `${file}: edge ${e.from} → ${e.to} joins unknown nodes`);
      assert.equal(graph.nodes.filter((n) => n.kind === 'stage').length, model.stages.length, file);
      if (model.stages.length > 0)
        assert.ok(
          graph.nodes.some((n) => n.shipped),
          `${file}: nothing shipped`,
        );
      for (const named of graph.nodes.filter((n) => n.named)) {
        // Duplicate names (a build error) resolve to the first stage of that name.
        const first = graph.nodes.find((n) => n.named && n.name.toLowerCase() === named.name.toLowerCase());
        assert.equal(graphForTarget(graph, named.name).target, first?.id, file);
      }
      toMermaid(graph);
      toDot(graph);
      stages += model.stages.length;
      edges += graph.edges.length;
      for (const p of graph.problems) problems.set(p.kind, (problems.get(p.kind) ?? 0) + 1);
    }
    t.diagnostic(
      `graph corpus: ${files.length} files, ${stages} stages, ${edges} edges, problems ${JSON.stringify(Object.fromEntries(problems))}`,
    );
  });
});
