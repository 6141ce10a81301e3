import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyze } from './analyze';
import { baseTagReport } from './baseTags';
import { setEolToday } from './rules/lib/eol';

describe('baseTagReport', () => {
  before(() => setEolToday('2026-11-23'));
  after(() => setEolToday(undefined));

  const report = (text: string) => baseTagReport(analyze(text).model, '2026-11-23');

  it('gives each image-based stage its status and the newest published supported tag', () => {
    const bases = report(
      [
        'FROM node:16-alpine AS build',
        'FROM build AS again',
        'FROM scratch',
        'FROM python:3.14-slim',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      bases.map((b) => [b.stageIndex, b.written, b.status]),
      [
        [0, 'node:16-alpine', 'end-of-life'],
        [3, 'python:3.14-slim', 'supported'],
      ],
    );
    const node = bases[0]!;
    assert.equal(node.stageName, 'build');
    assert.match(node.newestTag ?? '', /^\d+-alpine$/);
    assert.ok(Number(node.newestTag!.split('-')[0]) >= 22, node.newestTag);
    assert.deepEqual(node.tagRange, { start: { line: 0, character: 10 }, end: { line: 0, character: 19 } });
  });

  it('does not offer an in-place replacement for tags written with variables or digests', () => {
    const bases = report(
      [
        'ARG V=16',
        'FROM node:${V}-alpine',
        'FROM node:16@sha256:0000000000000000000000000000000000000000000000000000000000000000',
        '',
      ].join('\n'),
    );
    assert.equal(bases.length, 2);
    assert.equal(bases[0]!.status, 'end-of-life');
    assert.equal(bases[0]!.tagRange, undefined);
    assert.equal(bases[1]!.tagRange, undefined);
  });

  it('is empty for a file without FROM and unknown for unknown images', () => {
    assert.deepEqual(report('RUN echo hi\n'), []);
    const [unknown] = report('FROM example.com/team/tool:1.2\n');
    assert.equal(unknown?.status, 'unknown');
    assert.equal(unknown?.newestTag, undefined);
  });
});
