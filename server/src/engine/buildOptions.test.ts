// AnalyzeOptions.buildTargets and .buildArgs: what a compose/bake file or `docker build --target` /
// `--build-arg` says about the build changes which stages ship and which base images FROM lines use.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, createAnalyzer, type Analysis } from './analyze';
import { shippedStages } from './stages';
import { parseDocument } from './model/document';

// 0 FROM … AS dev, 1 USER root, 2 CMD; 4 FROM … AS prod, 5 USER node, 6 CMD
const DEV_AND_PROD = [
  'FROM node:22-alpine AS dev',
  'USER root',
  'CMD ["node", "server.js"]',
  '',
  'FROM node:22-alpine AS prod',
  'USER node',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

const rootUserLines = (analysis: Analysis): number[] =>
  analysis.findings.filter((f) => f.ruleId === 'root-user').map((f) => f.range.start.line);

describe('build targets', () => {
  it('ship the named stage instead of the last one: root-user reports on dev, not prod', () => {
    assert.deepEqual(rootUserLines(analyze(DEV_AND_PROD)), [], 'by default prod ships, and it runs as node');
    const withTarget = analyze(DEV_AND_PROD, { buildTargets: ['dev'] });
    assert.deepEqual([...withTarget.shipped], [0]);
    assert.deepEqual(rootUserLines(withTarget), [1]);
  });

  it('match stage names case-insensitively and add the FROM chain', () => {
    const text = 'FROM alpine:3.20 AS base\nFROM base AS Debug\nFROM alpine:3.20 AS final\n';
    const model = parseDocument(text).model;
    assert.deepEqual([...shippedStages(model, [], ['DEBUG'])].sort(), [0, 1]);
  });

  it('keep `targets` as stages shipped besides them', () => {
    const model = parseDocument(DEV_AND_PROD).model;
    assert.deepEqual([...shippedStages(model, ['prod'], ['dev'])].sort(), [0, 1]);
    assert.deepEqual(
      [...shippedStages(model, ['dev'])].sort(),
      [0, 1],
      'targets alone add to the last stage',
    );
  });

  it('fall back to the last stage when none names a stage (a typo must not silence the rules)', () => {
    const analysis = analyze(DEV_AND_PROD, { buildTargets: ['nope'] });
    assert.deepEqual([...analysis.shipped], [1]);
    const partly = analyze(DEV_AND_PROD, { buildTargets: ['nope', 'dev'] });
    assert.deepEqual([...partly.shipped], [0]);
  });

  it('change nothing when absent or empty', () => {
    const plain = analyze(DEV_AND_PROD);
    const empty = analyze(DEV_AND_PROD, { buildTargets: [], buildArgs: {} });
    assert.deepEqual([...empty.shipped], [...plain.shipped]);
    assert.deepEqual(empty.findings, plain.findings);
  });
});

describe('build args', () => {
  const TAGGED = 'ARG TAG=latest\nFROM alpine:${TAG}\nUSER 65532\nCMD ["true"]\n';

  it('replace the default of a global ARG where the FROM line is resolved', () => {
    const plain = analyze(TAGGED);
    assert.equal(plain.model.stages[0]?.base?.resolved, 'alpine:latest');
    assert.ok(plain.findings.some((f) => f.ruleId === 'latest-tag'));
    const pinned = analyze(TAGGED, { buildArgs: { TAG: '3.20' } });
    assert.equal(pinned.model.stages[0]?.base?.resolved, 'alpine:3.20');
    assert.equal(pinned.model.stages[0]?.base?.tag, '3.20');
    assert.ok(!pinned.findings.some((f) => f.ruleId === 'latest-tag'));
    // The declaration itself is left as written (fixes and hovers quote the file).
    assert.equal(pinned.model.globalArgs[0]?.value, 'latest');
  });

  it('resolve an ARG declared without a default', () => {
    const model = parseDocument('ARG GO_VERSION\nFROM golang:${GO_VERSION}-alpine\n', {
      buildArgs: { GO_VERSION: '1.22' },
    }).model;
    assert.equal(model.stages[0]?.base?.resolved, 'golang:1.22-alpine');
    assert.equal(model.stages[0]?.base?.hasUnresolvedVariables, false);
  });

  it('leave ARGs the Dockerfile does not declare unset, as BuildKit does', () => {
    const model = parseDocument('FROM alpine:${TAG}\n', { buildArgs: { TAG: '3.20' } }).model;
    assert.equal(model.stages[0]?.base?.resolved, 'alpine:');
    assert.equal(model.stages[0]?.base?.hasUnresolvedVariables, true);
  });

  it('never reuse a stale parse: one analyzer, chunked, with different values in turn', () => {
    const text = [
      'ARG BASE=debian:bookworm',
      'FROM ${BASE} AS build',
      'RUN echo build',
      '',
      'FROM ${BASE}',
      'USER 65532',
      'CMD ["true"]',
      '',
    ].join('\n');
    const analyzer = createAnalyzer({ minChunkLines: 1 });
    const images = (a: Analysis): Array<string | undefined> => a.model.stages.map((s) => s.base?.resolved);
    assert.deepEqual(images(analyzer.analyze(text)), ['debian:bookworm', 'debian:bookworm']);
    assert.deepEqual(images(analyzer.analyze(text, { buildArgs: { BASE: 'alpine:3.20' } })), [
      'alpine:3.20',
      'alpine:3.20',
    ]);
    assert.deepEqual(images(analyzer.analyze(text, { buildArgs: { BASE: 'ubuntu:24.04' } })), [
      'ubuntu:24.04',
      'ubuntu:24.04',
    ]);
    assert.deepEqual(images(analyzer.analyze(text)), ['debian:bookworm', 'debian:bookworm']);
    // The same through the stepped entry point the server uses.
    const steps = analyzer.analyzeInSteps(text, { buildArgs: { BASE: 'alpine:3.20' } });
    let next = steps.next();
    while (!next.done) next = steps.next();
    assert.deepEqual(images(next.value), ['alpine:3.20', 'alpine:3.20']);
  });
});
