import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StageGraph } from '../../../../common/graph';
import { parseDockerfile } from '../model/parse';
import { shippedStages } from '../stages';
import { buildGraph, graphForTarget } from './build';
import { escapeDot, escapeMermaid, toDot, toMermaid } from './export';

function graphOf(text: string): StageGraph {
  const model = parseDockerfile(text);
  return buildGraph({ model, shipped: shippedStages(model, []) });
}

const SAMPLE = [
  'FROM golang:1.23 AS build',
  'FROM alpine:3.24',
  'COPY --from=build /app /app',
  'COPY --from=build /b /b',
  'RUN --mount=from=busybox:1.36,source=/bin/sh,target=/sh true',
  '',
].join('\n');

describe('toMermaid', () => {
  it('draws stages, images, edges and shipped/discarded classes', () => {
    assert.equal(
      toMermaid(graphOf(SAMPLE)),
      [
        'flowchart LR',
        '  s0["build (0)<br/>FROM golang:1.23"]',
        '  s1["stage 1<br/>FROM alpine:3.24"]',
        '  i0(["golang:1.23"])',
        '  i1(["alpine:3.24"])',
        '  i2(["busybox:1.36"])',
        '  i0 --> s0',
        '  i1 --> s1',
        '  s0 -.->|copy ×2| s1',
        '  i2 -.->|mount| s1',
        '  classDef stage fill:#eef3fb,stroke:#3b6ea5,color:#1b2733',
        '  classDef image fill:#f4f4f4,stroke:#8a8a8a,color:#333333',
        '  classDef shipped stroke-width:3px',
        '  classDef discarded stroke-dasharray:5 3',
        '  classDef built stroke:#2e7d32',
        '  classDef skipped opacity:0.5',
        '  class s0,s1 stage',
        '  class s0,i0,i2 discarded',
        '  class s1,i1 shipped',
        '  class i0,i1,i2 image',
        '',
      ].join('\n'),
    );
  });

  it('adds built/skipped classes for a target and problems as comments', () => {
    const g = graphForTarget(
      graphOf('FROM alpine:3.24 AS a\nFROM alpine:3.24 AS b\nCOPY --from=7 /x /x\n'),
      'a',
    );
    const text = toMermaid(g);
    assert.match(text, /^ {2}%% problem \(line 3\): COPY --from=7: there is no stage 7/m);
    assert.match(text, /^ {2}class s1 skipped$/m);
    assert.match(text, /^ {2}class s0,i0 built$/m);
  });

  it('escapes quotes, #, <, > and & in labels', () => {
    assert.equal(escapeMermaid('a"b#c<d>e&f`g'), 'a#34;b#35;c#60;d#62;e#38;f#96;g');
    const text = toMermaid(graphOf('ARG X="1"\nFROM ${NOPE:-"weird"<b>#1} AS q\n'));
    const line = text.split('\n').find((l) => l.startsWith('  s0['))!;
    // Exactly one pair of quotes delimits the label: nothing inside can close it.
    assert.equal(line.split('"').length, 3, line);
    assert.doesNotMatch(line, /<b>/);
    assert.equal(escapeMermaid('line1\nline2'), 'line1 line2');
  });
});

describe('toDot', () => {
  it('writes a left-to-right digraph with quoted ids and labels', () => {
    const text = toDot(graphOf(SAMPLE));
    assert.match(text, /^digraph stages \{\n {2}rankdir=LR;/);
    assert.match(
      text,
      /^ {2}"stage:0" \[label="build \(0\)\\nFROM golang:1\.23", shape=box, style="rounded,dashed"\];$/m,
    );
    assert.match(
      text,
      /^ {2}"stage:1" \[label="stage 1\\nFROM alpine:3\.24", shape=box, style="rounded", penwidth=2\.5\];$/m,
    );
    assert.match(text, /^ {2}"stage:0" -> "stage:1" \[label="copy ×2", style=dashed\];$/m);
    assert.match(text, /^ {2}"image:golang:1\.23" -> "stage:0";$/m);
    assert.ok(text.endsWith('}\n'));
  });

  it('escapes backslashes, quotes and newlines', () => {
    assert.equal(escapeDot('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
    const text = toDot(graphOf('FROM alpine:3.24\nCOPY --from=ex"ample /x /x\n'));
    assert.match(text, /"image:ex\\"ample" -> "stage:0"/);
  });
});
