import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import type { Model, Position, TextEdit } from '../model/types';
import { prepareRename, rename } from './rename';

/** Applies non-overlapping edits to the model's text. */
function apply(model: Model, edits: TextEdit[]): string {
  const sorted = [...edits].sort(
    (a, b) => model.positions.offsetAt(b.range.start) - model.positions.offsetAt(a.range.start),
  );
  let text = model.text;
  for (const e of sorted) {
    text =
      text.slice(0, model.positions.offsetAt(e.range.start)) +
      e.newText +
      text.slice(model.positions.offsetAt(e.range.end));
  }
  return text;
}

function edited(model: Model, position: Position, newName: string): string {
  const result = rename(model, position, newName);
  assert.ok('edits' in result, `rename refused: ${'error' in result ? result.error : ''}`);
  return apply(model, result.edits);
}

function refusal(result: ReturnType<typeof rename> | ReturnType<typeof prepareRename>): string {
  assert.ok('error' in result, `expected a refusal, got ${JSON.stringify(result)}`);
  return result.error;
}

const MULTI = [
  'ARG BASE_TAG=3.20', // 0
  'FROM golang:1.23 AS build', // 1
  'RUN go build -o /out/app .', // 2
  'FROM build AS test', // 3
  'RUN --mount=type=cache,from=build,target=/c go test', // 4
  'FROM alpine:${BASE_TAG}', // 5
  'COPY --from=build /out/app /app', // 6
  'COPY --from=0 /etc/passwd /etc/passwd', // 7
  '',
].join('\n');

describe('rename', () => {
  const model = parseDockerfile(MULTI);

  it('renames a stage at its definition, FROM, COPY --from and mount from=, not its number', () => {
    assert.equal(
      edited(model, { line: 1, character: 21 }, 'compile'),
      MULTI.replace('AS build', 'AS compile')
        .replace('FROM build', 'FROM compile')
        .replace('from=build,', 'from=compile,')
        .replace('--from=build', '--from=compile'),
    );
  });

  it('renames from a use as well as from the definition', () => {
    assert.equal(
      edited(model, { line: 6, character: 13 }, 'compile'),
      edited(model, { line: 1, character: 21 }, 'compile'),
    );
  });

  it('renames a global ARG in FROM lines', () => {
    assert.equal(
      edited(model, { line: 0, character: 5 }, 'ALPINE_TAG'),
      MULTI.replace('ARG BASE_TAG', 'ARG ALPINE_TAG').replace('${BASE_TAG}', '${ALPINE_TAG}'),
    );
  });

  it('renames a variable in every stage that re-declares it, in scripts and heredocs', () => {
    const text = [
      'ARG V=1',
      'FROM alpine',
      'ARG V',
      'RUN echo $V ${V:-0} "${V}"',
      'RUN <<EOF',
      'echo $V',
      'EOF',
      'FROM alpine',
      'ARG V',
      'ENV W=$V',
      '',
    ].join('\n');
    const m = parseDockerfile(text);
    assert.equal(edited(m, { line: 3, character: 10 }, 'VERSION'), text.replace(/\bV\b/g, 'VERSION'));
  });

  it('refuses invalid stage names with the reason', () => {
    assert.match(refusal(rename(model, { line: 1, character: 21 }, '1st')), /letter first/);
    assert.match(refusal(rename(model, { line: 1, character: 21 }, 'my stage')), /not a valid stage name/);
    assert.match(refusal(rename(model, { line: 1, character: 21 }, 'Compile')), /use `compile`/);
    assert.match(refusal(rename(model, { line: 1, character: 21 }, 'scratch')), /reserved/);
    assert.match(refusal(rename(model, { line: 1, character: 21 }, 'test')), /already exists \(line 4\)/);
  });

  it('accepts BuildKit stage names with dots, dashes and underscores', () => {
    assert.match(edited(model, { line: 1, character: 21 }, 'go-build_1.x'), /AS go-build_1\.x/);
  });

  it('refuses invalid variable names and names that would capture other variables', () => {
    assert.match(refusal(rename(model, { line: 0, character: 5 }, '9LIVES')), /not a valid variable name/);
    assert.match(refusal(rename(model, { line: 0, character: 5 }, 'A-B')), /not a valid variable name/);
    const m = parseDockerfile('FROM alpine\nENV A=1 B=2\nRUN echo $A $B\n');
    assert.match(refusal(rename(m, { line: 1, character: 4 }, 'B')), /already a variable/);
  });

  it('gives no edits when the name does not change', () => {
    const result = rename(model, { line: 1, character: 21 }, 'build');
    assert.deepEqual(result, { edits: [] });
  });
});

describe('prepareRename', () => {
  const model = parseDockerfile(MULTI);

  it('selects the name under the cursor', () => {
    assert.deepEqual(prepareRename(model, { line: 6, character: 14 }), {
      range: { start: { line: 6, character: 12 }, end: { line: 6, character: 17 } },
      placeholder: 'build',
    });
  });

  it('refuses keywords, images, stage numbers and BuildKit-set ARGs', () => {
    assert.match(
      refusal(prepareRename(model, { line: 1, character: 2 })),
      /`FROM` is an instruction keyword/,
    );
    assert.match(refusal(prepareRename(model, { line: 1, character: 8 })), /image reference/);
    assert.match(refusal(prepareRename(model, { line: 7, character: 12 })), /by its number/);
    assert.match(refusal(prepareRename(model, { line: 2, character: 10 })), /Only stage names/);
    const platform = parseDockerfile('FROM alpine\nARG TARGETARCH\nRUN echo $TARGETARCH\n');
    assert.match(refusal(prepareRename(platform, { line: 1, character: 6 })), /set by BuildKit/);
  });

  it('refuses an unnamed stage referred to by number', () => {
    const m = parseDockerfile('FROM debian:12\nFROM scratch\nCOPY --from=0 /a /a\n');
    assert.match(refusal(prepareRename(m, { line: 0, character: 7 })), /has no name/);
  });
});
