import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import type { Range } from '../model/types';
import { documentOutline, type OutlineSymbol } from './symbols';

const contains = (outer: Range, inner: Range): boolean =>
  (outer.start.line < inner.start.line ||
    (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
  (outer.end.line > inner.end.line ||
    (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));

describe('document outline', () => {
  const model = parseDockerfile(
    [
      '# syntax=docker/dockerfile:1',
      'ARG GO_VERSION=1.23',
      'FROM golang:${GO_VERSION} AS build',
      'ENV CGO_ENABLED=0 GOOS=linux',
      'RUN go build -o /out/app .',
      'FROM gcr.io/distroless/static',
      'COPY --from=build /out/app /app',
      '',
    ].join('\n'),
  );
  const outline = documentOutline(model);

  it('lists global ARGs, then the stages by name (or image) with their instructions', () => {
    assert.deepEqual(
      outline.map((s) => [s.kind, s.name, s.detail]),
      [
        ['instruction', 'ARG', 'GO_VERSION=1.23'],
        ['stage', 'build', 'golang:${GO_VERSION} · stage 0'],
        ['stage', 'gcr.io/distroless/static', 'stage 1'],
      ],
    );
    assert.deepEqual(
      outline[1]!.children.map((c) => `${c.name} ${c.detail}`),
      ['ENV CGO_ENABLED=0 GOOS=linux', 'RUN go build -o /out/app .'],
    );
  });

  it('lists the variables an ARG or ENV declares', () => {
    assert.deepEqual(
      outline[0]!.children.map((c) => [c.kind, c.name]),
      [['variable', 'GO_VERSION']],
    );
    assert.deepEqual(
      outline[1]!.children[0]!.children.map((c) => c.name),
      ['CGO_ENABLED', 'GOOS'],
    );
  });

  it('selects a stage by its name and keeps every selection inside its range', () => {
    assert.deepEqual(outline[1]!.selectionRange, {
      start: { line: 2, character: 29 },
      end: { line: 2, character: 34 },
    });
    const check = (symbols: OutlineSymbol[]): void => {
      for (const s of symbols) {
        assert.ok(contains(s.range, s.selectionRange), `${s.name}: selection outside its range`);
        check(s.children);
      }
    };
    check(outline);
  });

  it('shortens long arguments and survives odd input', () => {
    const long = documentOutline(parseDockerfile(`FROM alpine\nRUN ${'x'.repeat(5000)}\n`));
    assert.equal(long[0]!.children[0]!.detail.length, 60);
    for (const text of ['', 'FROM', 'ARG', 'FROM a AS', '\u0000\u0001', 'RUN echo hi\nFROM']) {
      assert.doesNotThrow(() => documentOutline(parseDockerfile(text)), JSON.stringify(text));
    }
  });
});
