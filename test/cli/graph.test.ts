// `lean-dockerfile graph`: the bundled CLI over pipes, and the same command over the whole corpus.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { StageGraph } from '../../common/graph';
import { runGraphCommand } from '../../server/src/cli/graph';
import { corpusFiles } from '../support/shared';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function cli(args: string[], input?: string, cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const MULTI = [
  'ARG NODE_VERSION=22',
  'FROM node:${NODE_VERSION}-alpine AS deps',
  'RUN npm ci',
  'FROM deps AS build',
  'RUN npm run build',
  'FROM deps AS dev',
  'CMD ["npm", "run", "dev"]',
  'FROM gcr.io/distroless/nodejs22-debian12',
  'COPY --from=build /app/dist /app',
  'COPY --from=0 /app/node_modules /app/node_modules',
  'RUN --mount=type=bind,from=busybox:1.36,source=/bin/busybox,target=/bb ["/bb", "true"]',
  '',
].join('\n');

describe('lean-dockerfile graph', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-graph-'));
    file = path.join(dir, 'Dockerfile');
    writeFileSync(file, MULTI);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract: nodes with id/kind/name/base/shipped, edges with from/to/kind', () => {
    const r = cli(['graph', file, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const graph = JSON.parse(r.stdout) as StageGraph;
    assert.deepEqual(
      graph.nodes.map(({ id, kind, name, base, shipped }) => ({ id, kind, name, base, shipped })),
      [
        { id: 'stage:0', kind: 'stage', name: 'deps', base: 'node:22-alpine', shipped: false },
        { id: 'stage:1', kind: 'stage', name: 'build', base: 'deps', shipped: false },
        { id: 'stage:2', kind: 'stage', name: 'dev', base: 'deps', shipped: false },
        {
          id: 'stage:3',
          kind: 'stage',
          name: '3',
          base: 'gcr.io/distroless/nodejs22-debian12',
          shipped: true,
        },
        {
          id: 'image:node:22-alpine',
          kind: 'image',
          name: 'node:22-alpine',
          base: 'node:22-alpine',
          shipped: false,
        },
        {
          id: 'image:gcr.io/distroless/nodejs22-debian12',
          kind: 'image',
          name: 'gcr.io/distroless/nodejs22-debian12',
          base: 'gcr.io/distroless/nodejs22-debian12',
          shipped: true,
        },
        {
          id: 'image:busybox:1.36',
          kind: 'image',
          name: 'busybox:1.36',
          base: 'busybox:1.36',
          shipped: false,
        },
      ],
    );
    assert.deepEqual(
      graph.edges.map(({ from, to, kind }) => ({ from, to, kind })),
      [
        { from: 'image:node:22-alpine', to: 'stage:0', kind: 'from' },
        { from: 'stage:0', to: 'stage:1', kind: 'from' },
        { from: 'stage:0', to: 'stage:2', kind: 'from' },
        { from: 'image:gcr.io/distroless/nodejs22-debian12', to: 'stage:3', kind: 'from' },
        { from: 'stage:1', to: 'stage:3', kind: 'copy' },
        { from: 'stage:0', to: 'stage:3', kind: 'copy' },
        { from: 'image:busybox:1.36', to: 'stage:3', kind: 'mount' },
      ],
    );
    assert.deepEqual(graph.problems, []);
  });

  it('prints Mermaid and DOT', () => {
    const mermaid = cli(['graph', file, '--format', 'mermaid']);
    assert.equal(mermaid.code, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /^flowchart LR\n/);
    assert.match(mermaid.stdout, /^ {2}s1 -.->\|copy\| s3$/m);
    assert.match(mermaid.stdout, /^ {2}class s3,i1 shipped$/m);
    const dot = cli(['graph', file, '--format=dot']);
    assert.equal(dot.code, 0, dot.stderr);
    assert.match(dot.stdout, /^digraph stages \{/);
    assert.match(dot.stdout, /"stage:1" -> "stage:3" \[label="copy", style=dashed\];/);
  });

  it('--target shows what is built and skipped, and ships the target', () => {
    const r = cli(['graph', '-', '--target', 'DEV'], MULTI);
    assert.equal(r.code, 0, r.stderr);
    const graph = JSON.parse(r.stdout) as StageGraph;
    assert.equal(graph.target, 'stage:2');
    assert.deepEqual(
      graph.nodes.filter((n) => n.built).map((n) => n.name),
      ['deps', 'dev', 'node:22-alpine'],
    );
    assert.deepEqual(
      graph.nodes.filter((n) => n.shipped).map((n) => n.name),
      ['deps', 'dev', 'node:22-alpine'],
    );
  });

  it('reads standard input, and reports problems inside the graph with exit 0', () => {
    const r = cli(['graph', '-'], 'FROM alpine:3.24\nCOPY --from=3 /x /x\n');
    assert.equal(r.code, 0, r.stderr);
    const graph = JSON.parse(r.stdout) as StageGraph;
    assert.deepEqual(
      graph.problems.map((p) => [p.kind, p.line]),
      [['bad-index', 2]],
    );
  });

  it('exits 2 on usage errors, unreadable files and unknown targets', () => {
    for (const args of [
      ['graph'],
      ['graph', file, file],
      ['graph', file, '--format', 'svg'],
      ['graph', file, '--bogus'],
      ['graph', path.join(dir, 'missing')],
      ['graph', file, '--target', 'nope'],
    ]) {
      const r = cli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.equal(r.stdout, '', args.join(' '));
      assert.match(r.stderr, /^lean-dockerfile: /, args.join(' '));
    }
    assert.match(cli(['graph', file, '--target', 'nope']).stderr, /named stages: deps, build, dev/);
    const help = cli(['graph', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: lean-dockerfile graph <file\|->/);
    assert.match(cli(['--help']).stdout, /lean-dockerfile graph <file\|->/);
  });
});

describe('lean-dockerfile graph over the corpus', () => {
  const files = corpusFiles();

  // A process per file and format would take minutes: every file goes through the command's own entry
  // point in this process, and a spread sample through the bundled dist/cli.js.
  it('prints JSON and Mermaid for every corpus file without errors', () => {
    assert.ok(files.length > 900, `expected the full corpus, found ${files.length} files`);
    let stages = 0;
    for (const file of files) {
      for (const format of ['json', 'mermaid'] as const) {
        let out = '';
        let err = '';
        const code = runGraphCommand([file, '--format', format], {
          readFile: (p) => readFileSync(p, 'utf8'),
          stdout: (t) => (out += t),
          stderr: (t) => (err += t),
        });
        assert.equal(code, 0, `${file} ${format}: ${err}`);
        if (format === 'json') {
          const graph = JSON.parse(out) as StageGraph;
          stages += graph.nodes.filter((n) => n.kind === 'stage').length;
        } else {
          assert.match(out, /^flowchart LR\n/, file);
        }
      }
    }
    assert.ok(stages > files.length, `${stages} stages in ${files.length} files`);
  });

  it('runs the bundled CLI on a sample of corpus files', () => {
    const step = Math.max(1, Math.floor(files.length / 12));
    const sample = files.filter((_, i) => i % step === 0);
    for (const file of sample) {
      for (const format of ['json', 'mermaid']) {
        const r = cli(['graph', file, '--format', format]);
        assert.equal(r.code, 0, `${file} ${format}: ${r.stderr}`);
        if (format === 'json') assert.ok(Array.isArray((JSON.parse(r.stdout) as StageGraph).nodes));
      }
    }
  });
});
