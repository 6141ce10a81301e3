import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageGraph } from '../../../../common/graph';
import { analyze } from '../analyze';
import { parseDockerfile } from '../model/parse';
import { shippedStages } from '../stages';
import { buildGraph, graphForTarget } from './build';

function graphOf(lines: string[], targets: string[] = []): StageGraph {
  const model = parseDockerfile(`${lines.join('\n')}\n`);
  return buildGraph({ model, shipped: shippedStages(model, targets) });
}

const nodeSummary = (g: StageGraph) => g.nodes.map((n) => [n.id, n.kind, n.name, n.base, n.shipped]);
const edgeSummary = (g: StageGraph) => g.edges.map((e) => `${e.from} -${e.kind}-> ${e.to}`);
const problemKinds = (g: StageGraph) => g.problems.map((p) => [p.kind, p.line]);

const MULTI = [
  'ARG GO_VERSION=1.23',
  'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS Build',
  'RUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .',
  'FROM build AS test',
  'RUN go test ./...',
  'FROM alpine:3.20 AS certs',
  'RUN apk add --no-cache ca-certificates',
  'FROM scratch',
  'COPY --from=BUILD /app /app',
  'COPY --from=2 /etc/ssl/certs /etc/ssl/certs',
  'COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types',
  'RUN --mount=type=bind,from=busybox:1.36,source=/bin/busybox,target=/busybox true',
];

describe('buildGraph', () => {
  it('has a node per stage and per external image, with ARG-substituted references', () => {
    const g = graphOf(MULTI);
    assert.deepEqual(nodeSummary(g), [
      // Only the FROM chain of the last stage ships: COPY --from takes files, not the stage.
      ['stage:0', 'stage', 'Build', 'golang:1.23-alpine', false],
      ['stage:1', 'stage', 'test', 'build', false],
      ['stage:2', 'stage', 'certs', 'alpine:3.20', false],
      ['stage:3', 'stage', '3', 'scratch', true],
      ['image:golang:1.23-alpine', 'image', 'golang:1.23-alpine', 'golang:1.23-alpine', false],
      ['image:alpine:3.20', 'image', 'alpine:3.20', 'alpine:3.20', false],
      ['image:nginx:1.27', 'image', 'nginx:1.27', 'nginx:1.27', false],
      ['image:busybox:1.36', 'image', 'busybox:1.36', 'busybox:1.36', false],
    ]);
    const golang = g.nodes.find((n) => n.id === 'image:golang:1.23-alpine')!;
    assert.equal(golang.raw, 'golang:${GO_VERSION}-alpine');
    assert.equal(golang.line, 2);
    assert.deepEqual(problemKinds(g), []);
  });

  it('connects FROM <stage> by name, COPY --from by name (any case), by index and by image, mounts', () => {
    assert.deepEqual(edgeSummary(graphOf(MULTI)), [
      'image:golang:1.23-alpine -from-> stage:0',
      'stage:0 -from-> stage:1',
      'image:alpine:3.20 -from-> stage:2',
      'stage:0 -copy-> stage:3',
      'stage:2 -copy-> stage:3',
      'image:nginx:1.27 -copy-> stage:3',
      'image:busybox:1.36 -mount-> stage:3',
    ]);
  });

  it('keeps stage details: index, name, FROM position, platform, scratch', () => {
    const g = graphOf(MULTI);
    const build = g.nodes[0]!;
    assert.equal(build.index, 0);
    assert.equal(build.named, true);
    assert.equal(build.platform, '$BUILDPLATFORM');
    assert.deepEqual([build.line, build.column], [2, 1]);
    const final = g.nodes[3]!;
    assert.equal(final.named, false);
    assert.equal(final.scratch, true);
    assert.equal(final.platform, undefined);
    // scratch is the empty image: no node for it.
    assert.ok(!g.nodes.some((n) => n.name === 'scratch'));
  });

  it('merges repeated references into one edge with a count and the first line', () => {
    const g = graphOf([
      'FROM golang:1.23 AS build',
      'FROM alpine:3.20',
      'COPY --from=build /a /a',
      'COPY --from=build /b /b',
      'COPY --from=0 /c /c',
    ]);
    assert.deepEqual(
      g.edges.filter((e) => e.kind === 'copy').map((e) => [e.from, e.to, e.count, e.line]),
      [['stage:0', 'stage:1', 3, 3]],
    );
  });

  it('shares one image node between FROM and COPY --from of the same reference', () => {
    const g = graphOf([
      'FROM node:22-alpine AS deps',
      'FROM alpine:3.20',
      'COPY --from=node:22-alpine /x /x',
    ]);
    assert.equal(g.nodes.filter((n) => n.name === 'node:22-alpine').length, 1);
    assert.deepEqual(edgeSummary(g), [
      'image:node:22-alpine -from-> stage:0',
      'image:alpine:3.20 -from-> stage:1',
      'image:node:22-alpine -copy-> stage:1',
    ]);
  });

  it('marks shipped stages (last, targets, FROM chains) and the images at their roots', () => {
    const lines = ['FROM node:22 AS base', 'FROM base AS dev', 'FROM base AS prod', 'FROM nginx:1.27 AS web'];
    const shipped = (g: StageGraph) => g.nodes.filter((n) => n.shipped).map((n) => n.name);
    assert.deepEqual(shipped(graphOf(lines)), ['web', 'nginx:1.27']);
    assert.deepEqual(shipped(graphOf(lines, ['prod'])), ['base', 'prod', 'web', 'node:22', 'nginx:1.27']);
  });

  it('reports unknown stages, bad indexes, self and forward references without throwing', () => {
    const g = graphOf([
      'FROM alpine:3.20 AS one',
      'COPY --from=one /x /x',
      'COPY --from=7 /x /x',
      'COPY --from=later /x /x',
      'COPY --from=biulder /x /x',
      'COPY --from=busybox /bin/sh /bin/sh',
      'COPY --from=${SRC} /x /x',
      'FROM later AS two',
      'FROM alpine:3.20 AS later',
    ]);
    assert.deepEqual(problemKinds(g), [
      ['forward-reference', 8],
      ['self-reference', 2],
      ['bad-index', 3],
      ['forward-reference', 4],
      ['unknown-stage', 5],
      ['variable', 7],
    ]);
    assert.deepEqual(edgeSummary(g), [
      'image:alpine:3.20 -from-> stage:0',
      'stage:2 -from-> stage:1',
      'image:alpine:3.20 -from-> stage:2',
      'stage:2 -copy-> stage:0',
      'image:biulder -copy-> stage:0',
      'image:busybox -copy-> stage:0',
      'image:${SRC} -copy-> stage:0',
    ]);
    assert.ok(g.edges.filter((e) => e.forward).length === 2);
    assert.equal(g.nodes.find((n) => n.id === 'image:${SRC}')?.unresolved, true);
    assert.match(g.problems.find((p) => p.kind === 'unknown-stage')!.message, /biulder/);
  });

  it('reports cycles made of forward references, and terminates', () => {
    const g = graphOf(['FROM b AS a', 'FROM a AS b', 'COPY --from=c /x /x', 'FROM b AS c']);
    const cycles = g.problems.filter((p) => p.kind === 'cycle');
    assert.equal(cycles.length, 2, JSON.stringify(g.problems));
    assert.match(cycles[0]!.message, /a → b → a|b → a → b/);
    const view = graphForTarget(g, 'a');
    assert.deepEqual(
      view.nodes.filter((n) => n.built).map((n) => n.name),
      ['a', 'b', 'c'],
    );
  });

  it('names an unresolved ARG in FROM as written and says so', () => {
    const g = graphOf(['ARG BASE', 'FROM ${BASE}', 'RUN true']);
    assert.deepEqual(nodeSummary(g), [
      ['stage:0', 'stage', '0', '${BASE}', true],
      ['image:${BASE}', 'image', '${BASE}', '${BASE}', true],
    ]);
    assert.deepEqual(problemKinds(g), [['variable', 2]]);
  });

  it('handles an empty file, FROM without an image, and text that is no Dockerfile', () => {
    assert.deepEqual(graphOf(['']), { nodes: [], edges: [], problems: [] });
    const g = graphOf(['FROM', 'RUN true']);
    assert.deepEqual(problemKinds(g), [['missing-base', 1]]);
    const binary = String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 37) % 256));
    assert.doesNotThrow(() => graphOf([binary]));
  });

  it('counts findings per stage with the worst severity', () => {
    const text = 'FROM node AS build\nRUN npm ci\nFROM alpine:3.20\nCOPY --from=build /x /x\nCMD run\n';
    const analysis = analyze(text, { rules: { 'latest-tag': 'error' } });
    const g = buildGraph(analysis);
    const build = g.nodes.find((n) => n.name === 'build')!;
    const expected = analysis.findings.filter((f) => f.range.start.line < 2);
    assert.equal(build.findings, expected.length);
    assert.ok(build.findings! > 0);
    assert.equal(build.worst, 'error');
    const final = g.nodes.find((n) => n.index === 1)!;
    assert.equal(final.findings, analysis.findings.length - expected.length);
  });

  it('adds base-image sizes from the bundled table', () => {
    const g = graphOf(['FROM alpine:3.24']);
    const alpine = g.nodes.find((n) => n.kind === 'image')!;
    assert.ok(alpine.size, 'alpine:3.24 is in the table');
    assert.ok((alpine.size.bytes ?? 0) > 1e6);
    assert.equal(graphOf(['FROM example.com/own/image:1']).nodes[1]!.size, undefined);
  });

  it('takes stage sizes from the size model when given', () => {
    const model = parseDockerfile('FROM alpine:3.20\n');
    const g = buildGraph(
      { model, shipped: new Set([0]) },
      { stageSize: () => ({ bytes: 42e6, compressedBytes: null, basis: 'estimate' }) },
    );
    assert.equal(g.nodes[0]!.size?.bytes, 42e6);
  });
});

describe('graphForTarget', () => {
  const lines = [
    'FROM golang:1.23 AS build',
    'FROM build AS test',
    'FROM alpine:3.20 AS tools',
    'FROM gcr.io/distroless/static-debian12 AS final',
    'COPY --from=build /app /app',
    'RUN --mount=from=tools,source=/bin/sh,target=/sh true',
  ];
  const built = (g: StageGraph) => g.nodes.filter((n) => n.built).map((n) => n.name);
  const skipped = (g: StageGraph) => g.nodes.filter((n) => n.built === false).map((n) => n.name);

  it('builds the last stage and its dependencies by default', () => {
    const g = graphForTarget(graphOf(lines));
    assert.equal(g.target, 'stage:3');
    assert.deepEqual(built(g), [
      'build',
      'tools',
      'final',
      'golang:1.23',
      'alpine:3.20',
      'gcr.io/distroless/static-debian12',
    ]);
    assert.deepEqual(skipped(g), ['test']);
    // Only the FROM chain ends up in the image.
    assert.deepEqual(
      g.nodes.filter((n) => n.shipped).map((n) => n.name),
      ['final', 'gcr.io/distroless/static-debian12'],
    );
  });

  it('follows FROM chains for a named target (any case) and skips the rest', () => {
    const g = graphForTarget(graphOf(lines), 'TEST');
    assert.equal(g.target, 'stage:1');
    assert.deepEqual(built(g), ['build', 'test', 'golang:1.23']);
    assert.deepEqual(
      g.nodes.filter((n) => n.shipped).map((n) => n.name),
      ['build', 'test', 'golang:1.23'],
    );
  });

  it('reports an unknown target and falls back to the default', () => {
    const g = graphForTarget(graphOf(lines), 'nope');
    assert.deepEqual(
      g.problems.map((p) => p.kind),
      ['unknown-target'],
    );
    assert.match(g.problems[0]!.message, /named stages: build, test, tools, final/);
    assert.equal(g.target, 'stage:3');
  });

  it('leaves the input graph untouched and copes with no stages', () => {
    const original = graphOf(lines);
    const copy = JSON.parse(JSON.stringify(original)) as StageGraph;
    graphForTarget(original, 'test');
    assert.deepEqual(original, copy);
    assert.equal(graphForTarget(graphOf([''])).target, undefined);
  });
});
