import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { foldingRanges } from './folding';

describe('folding ranges', () => {
  it('folds stages, continued instructions, heredocs and comment blocks', () => {
    const model = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1', // 0: a directive, not a comment block
        '# Build stage', // 1
        '# (two lines)', // 2
        'FROM golang:1.23 AS build', // 3
        'RUN apt-get update && \\', // 4
        '    apt-get install -y git', // 5
        'COPY <<EOF /etc/config', // 6
        'a=1', // 7
        'b=2', // 8
        'EOF', // 9
        '', // 10
        'FROM alpine', // 11
        'COPY --from=build /x /x', // 12
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      foldingRanges(model).map((f) => [f.startLine, f.endLine, f.kind ?? '']),
      [
        [1, 2, 'comment'],
        [3, 9, ''],
        [4, 5, ''],
        [6, 9, ''],
        [11, 12, ''],
      ],
    );
  });

  it('folds each heredoc of an instruction from the line before its body', () => {
    const model = parseDockerfile(
      ['FROM alpine', 'COPY <<A <<B /dir/', 'one', 'A', 'two', 'B', ''].join('\n'),
    );
    const folds = foldingRanges(model).map((f) => [f.startLine, f.endLine]);
    assert.deepEqual(folds, [
      [0, 5],
      [1, 5],
      [3, 5],
    ]);
  });

  it('keeps one range per start line and handles an unterminated heredoc', () => {
    const model = parseDockerfile('FROM alpine\nRUN <<EOF\necho a\necho b\n');
    const folds = foldingRanges(model);
    assert.equal(new Set(folds.map((f) => f.startLine)).size, folds.length);
    assert.ok(folds.some((f) => f.startLine === 1 && f.endLine >= 3));
  });

  it('stays total on odd input', () => {
    for (const text of [
      '',
      '\u0000\u0001',
      'FROM',
      'RUN <<',
      'FROM a\nRUN <<EOF',
      '# a\n# b',
      'FROM a\r\n# x\r\n# y\r\n',
    ]) {
      for (const fold of foldingRanges(parseDockerfile(text)))
        assert.ok(fold.endLine > fold.startLine, JSON.stringify(text));
    }
  });
});
