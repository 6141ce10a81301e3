import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planChunks, scanInstructions } from './chunks';
import { ChunkCache, parseDocument } from './document';
import type { Model } from './types';

/** Everything of a Model that rules read, with object links replaced by indexes. */
function comparable(model: Model): unknown {
  return {
    escapeChar: model.escapeChar,
    directives: model.directives,
    comments: model.comments,
    parseError: model.parseError,
    globalArgs: model.globalArgs.map((a) => ({ ...a, instruction: a.instruction.index })),
    instructions: model.instructions,
    stages: model.stages.map((s) => ({
      ...s,
      from: s.from.index,
      instructions: s.instructions.map((i) => i.index),
    })),
  };
}

const sortProblems = <T extends { range: { start: { line: number; character: number } }; id: string }>(
  problems: T[] | undefined,
): T[] =>
  [...(problems ?? [])].sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.id.localeCompare(b.id),
  );

/** Parses `text` stage by stage (every stage its own chunk) and whole, and checks both agree. */
function assertChunkedEqualsWhole(text: string, expectChunks = true): void {
  const whole = parseDocument(text, { validate: true, minChunkLines: Number.POSITIVE_INFINITY });
  const chunked = parseDocument(text, { validate: true, minChunkLines: 1 });
  if (expectChunks) {
    assert.ok(chunked.stats.chunks > 1, 'the text was split');
    assert.equal(chunked.stats.fallback, undefined, 'no fallback to the whole file');
  }
  assert.deepEqual(comparable(chunked.model), comparable(whole.model));
  assert.deepEqual(sortProblems(chunked.syntax), sortProblems(whole.syntax));
}

const fromStarts = (text: string): number[] =>
  scanInstructions(text)
    .instructions.filter((i) => i.keyword === 'FROM')
    .map((i) => i.start);

describe('stage chunks', () => {
  it('cuts before each FROM, with comments and blank lines going to the stage that follows', () => {
    const text = 'FROM a AS one\nRUN x\n\n# the second stage\nFROM b\nRUN y\n';
    const plan = planChunks(text, 1);
    assert.deepEqual(plan, {
      preludeEnd: 0,
      chunks: [
        { start: 0, end: 20 },
        { start: 20, end: text.length },
      ],
    });
    assertChunkedEqualsWhole(text);
  });

  it('does not cut at FROM lines inside a continued instruction', () => {
    const text = [
      'FROM alpine:3.24',
      'RUN echo one \\',
      'FROM not-a-stage \\',
      '  # a comment inside the continuation',
      '',
      'FROM still-not',
      'FROM b',
      'RUN echo two',
      '',
    ].join('\n');
    assert.deepEqual(fromStarts(text), [0, text.indexOf('FROM b')]);
    assertChunkedEqualsWhole(text);
  });

  it('does not cut at FROM lines inside heredocs', () => {
    const text = [
      'FROM alpine:3.24',
      'RUN <<EOF',
      'FROM inside-a-heredoc',
      'echo hi',
      'EOF',
      'COPY <<-"CONF" /etc/app.conf',
      '\tFROM also-inside',
      '\tCONF',
      'FROM b',
      'RUN cat <<A <<B',
      'FROM in-a',
      'A',
      'FROM in-b',
      'B',
      'FROM c',
      '',
    ].join('\n');
    assert.deepEqual(fromStarts(text), [0, text.indexOf('FROM b'), text.indexOf('FROM c')]);
    assertChunkedEqualsWhole(text);
  });

  it('follows the escape directive (backtick continuations)', () => {
    const text = [
      '# escape=`',
      'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
      'RUN powershell -Command `',
      'FROM not-a-stage',
      'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022',
      'COPY C:\\app C:\\app',
      '',
    ].join('\r\n');
    assert.equal(scanInstructions(text).escapeChar, '`');
    assert.equal(fromStarts(text).length, 2);
    assertChunkedEqualsWhole(text);
    const chunked = parseDocument(text, { minChunkLines: 1 }).model;
    assert.equal(chunked.escapeChar, '`');
    assert.equal(chunked.instructions[1]!.argsText, 'powershell -Command FROM not-a-stage');
  });

  it('keeps CRLF line ends and a BOM', () => {
    const text = '\uFEFF# syntax=docker/dockerfile:1\r\nFROM a\r\nRUN x\r\n\r\nFROM b\r\nCMD ["y"]\r\n';
    assertChunkedEqualsWhole(text);
    const model = parseDocument(text, { minChunkLines: 1 }).model;
    assert.deepEqual(
      model.directives.map((d) => d.name),
      ['syntax'],
    );
    assert.deepEqual(model.stages[1]!.from.range.start, { line: 4, character: 0 });
  });

  it('gives every chunk the global ARGs and parser directives before the first FROM', () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      '# check=skip=JSONArgsRecommended',
      'ARG BASE=debian:bookworm-slim',
      'ARG TAG',
      'FROM ${BASE} AS build',
      'RUN echo $TAG',
      '# escape=`',
      'FROM build AS test',
      'RUN echo ${TAG:-none} \\',
      '  done',
      'FROM ${BASE:-alpine}:${TAG:-3.24}',
      'COPY --from=build /a /a',
      '',
    ].join('\n');
    assertChunkedEqualsWhole(text);
    const model = parseDocument(text, { minChunkLines: 1 }).model;
    assert.deepEqual(
      model.globalArgs.map((a) => a.name),
      ['BASE', 'TAG'],
    );
    assert.equal(model.stages[1]!.baseStage, 0, 'FROM build refers to the first stage across chunks');
    assert.equal(model.stages[2]!.base?.resolved, 'debian:bookworm-slim:3.24');
    assert.equal(model.escapeChar, '\\', 'an escape comment after the directives is only a comment');
    assert.deepEqual(
      model.directives.map((d) => d.name),
      ['syntax', 'check'],
    );
  });

  it('leaves a file without FROM, or with one stage, whole', () => {
    assert.equal(planChunks('ARG A=1\nRUN echo\n', 1), undefined);
    assert.equal(planChunks('# only a comment\n', 1), undefined);
    assert.equal(planChunks('', 1), undefined);
    assert.equal(planChunks('FROM a\nRUN b\n', 1), undefined);
    assert.deepEqual(parseDocument('ARG A=1\nRUN echo\n', { minChunkLines: 1 }).stats, {
      chunks: 1,
      parsedChunks: 1,
    });
  });

  it('groups small stages until a chunk has enough lines', () => {
    const stage = (n: number) => `FROM s${n}\nRUN a\nRUN b\nRUN c\n`;
    const text = Array.from({ length: 10 }, (_, n) => stage(n)).join('');
    assert.equal(planChunks(text, 8)?.chunks.length, 5);
    assert.equal(planChunks(text, 1)?.chunks.length, 10);
    assert.equal(planChunks(text, 100), undefined);
  });

  it('falls back to the whole file when the parser disagrees with the cuts', () => {
    // dockerfile-ast continues `RUN\ ` (escape, blank, line end) onto the next line; the scanner does not.
    const text = 'FROM a\nRUN\\ \nFROM b\nRUN c\n';
    const chunked = parseDocument(text, { validate: true, minChunkLines: 1 });
    assert.match(chunked.stats.fallback ?? '', /disagreed/);
    assertChunkedEqualsWhole(text, false);
  });

  it('keeps checks that span stages right', () => {
    // Duplicate stage names are a cross-stage check: the catalogue rule sees the whole Model.
    const text = 'FROM a AS x\nRUN a\nFROM b AS x\nRUN b\nFROM x\nHEALTHCHECK NONE\nHEALTHCHECK NONE\n';
    assertChunkedEqualsWhole(text);
    const model = parseDocument(text, { minChunkLines: 1 }).model;
    assert.deepEqual(
      model.stages.map((s) => [s.index, s.name, s.baseStage]),
      [
        [0, 'x', undefined],
        [1, 'x', undefined],
        [2, undefined, 0],
      ],
    );
  });

  it('re-parses only the chunk an edit touched and places the others by line and offset', () => {
    const stage = (n: number) => `FROM base${n} AS s${n}\nRUN echo ${n} && \\\n  apt-get install -y x${n}\n`;
    const text = Array.from({ length: 6 }, (_, n) => stage(n)).join('');
    const cache = new ChunkCache();
    const first = parseDocument(text, { validate: true, minChunkLines: 1, cache });
    assert.equal(first.stats.parsedChunks, 6);
    // A new line in the third stage: one chunk parsed again, later ones only moved.
    const at = text.indexOf('RUN echo 2');
    const edited = `${text.slice(0, at)}# a new comment line\n${text.slice(at)}`;
    const second = parseDocument(edited, { validate: true, minChunkLines: 1, cache });
    assert.equal(second.stats.parsedChunks, 1);
    const fresh = parseDocument(edited, { validate: true, minChunkLines: 1 });
    assert.deepEqual(comparable(second.model), comparable(fresh.model));
    assert.deepEqual(second.syntax, fresh.syntax);
    // Unchanged chunks before the edit keep their instruction objects.
    assert.equal(second.model.instructions[0], first.model.instructions[0]);
    // Back to the first text: everything comes from the cache.
    const third = parseDocument(text, { validate: true, minChunkLines: 1, cache });
    assert.ok(third.stats.parsedChunks <= 1);
    assert.deepEqual(comparable(third.model), comparable(first.model));
  });
});
