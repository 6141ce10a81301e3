import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sharedDir } from '../../../../test/support/shared';
import { parseDockerfile } from '../model/parse';
import type { Model, Position, Range } from '../model/types';
import { definitionsAt, highlightsAt, nameIndex, occurrenceAt, referencesAt } from './references';

/** The position of the `nth` (0-based) occurrence of `needle` in the text, plus `shift` characters. */
function at(model: Model, needle: string, nth = 0, shift = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = model.text.indexOf(needle, offset + 1);
    assert.ok(offset >= 0, `"${needle}" #${nth} not in the text`);
  }
  return model.positions.positionAt(offset + shift);
}

/** `line:character` of each range's start, for compact assertions. */
const starts = (ranges: Range[]): string[] => ranges.map((r) => `${r.start.line}:${r.start.character}`);
const texts = (model: Model, ranges: Range[]): string[] =>
  ranges.map((r) => model.text.slice(model.positions.offsetAt(r.start), model.positions.offsetAt(r.end)));

describe('stage names', () => {
  const model = parseDockerfile(
    [
      'FROM golang:1.23 AS Build', // 0
      'RUN go build -o /out/app .', // 1
      'FROM build AS test', // 2
      'RUN --mount=type=cache,from=build,target=/cache go test ./...', // 3
      'FROM alpine:3.20', // 4
      'COPY --from=build /out/app /app', // 5
      'COPY --from=0 /etc/passwd /etc/passwd', // 6
      'COPY --from=nginx:1.27 /etc/nginx /etc/nginx', // 7
      '',
    ].join('\n'),
  );

  it('finds the definition and every use, by name in any casing and by number', () => {
    const refs = referencesAt(model, at(model, 'Build', 0, 1));
    assert.deepEqual(starts(refs), ['0:20', '2:5', '3:28', '5:12', '6:12']);
    assert.deepEqual(texts(model, refs), ['Build', 'build', 'build', 'build', '0']);
  });

  it('leaves out the declaration when asked', () => {
    assert.deepEqual(starts(referencesAt(model, at(model, '--from=build', 0, 8), false)), [
      '2:5',
      '3:28',
      '5:12',
      '6:12',
    ]);
  });

  it('goes from a use (COPY --from, mount from=, FROM, a number) to the AS name', () => {
    for (const position of [
      at(model, '--from=build', 0, 9),
      at(model, 'from=build,', 0, 6),
      at(model, 'FROM build', 0, 6),
      at(model, '--from=0', 0, 7),
    ]) {
      assert.deepEqual(starts(definitionsAt(model, position)), ['0:20']);
    }
  });

  it('answers with the cursor right after a name', () => {
    const position = at(model, '--from=build', 0, 12);
    assert.equal(occurrenceAt(model, position)?.symbol.name, 'build');
  });

  it('does not treat an image in --from or a FROM image as a stage', () => {
    assert.equal(occurrenceAt(model, at(model, 'nginx:1.27', 0, 2)), undefined);
    assert.equal(occurrenceAt(model, at(model, 'alpine', 0, 2)), undefined);
  });

  it('highlights the definition as written and the uses as read', () => {
    const highlights = highlightsAt(model, at(model, 'FROM build', 0, 6));
    assert.deepEqual(
      highlights.map((h) => h.kind),
      ['write', 'read', 'read', 'read', 'read'],
    );
  });

  it('gives an unnamed stage used by number its FROM image as the target', () => {
    const unnamed = parseDockerfile(
      'FROM debian:12\nRUN true\nFROM scratch\nCOPY --from=0 /bin/true /true\n',
    );
    assert.deepEqual(texts(unnamed, definitionsAt(unnamed, at(unnamed, '--from=0', 0, 7))), ['debian:12']);
  });
});

describe('ARG and ENV variables', () => {
  const model = parseDockerfile(
    [
      'ARG VERSION=1.23', // 0
      'FROM golang:${VERSION} AS build', // 1
      'RUN echo $VERSION', // 2: not declared in this stage: not the global
      'ARG VERSION', // 3
      'RUN echo ${VERSION:-none} "${VERSION:+set}"', // 4
      'ENV GOFLAGS=-mod=vendor', // 5
      'FROM build AS test', // 6
      'RUN go test $GOFLAGS ./...', // 7: inherited from build
      'FROM alpine AS other', // 8
      'RUN echo $GOFLAGS', // 9: another stage, not built from build
      'ENV GOFLAGS=-x', // 10
      'COPY <<EOF /etc/flags', // 11
      'flags=$GOFLAGS', // 12
      'EOF', // 13
      'COPY <<"EOF" /etc/raw', // 14
      'raw=$GOFLAGS', // 15: quoted delimiter: not expanded
      'EOF', // 16
      'CMD ["echo", "$GOFLAGS"]', // 17: exec form: no shell, no expansion
      'RUN <<EOF', // 18
      'echo "$GOFLAGS"', // 19
      'EOF', // 20
      '',
    ].join('\n'),
  );

  it('links a global ARG with its FROM uses and the stage re-declaration', () => {
    const refs = referencesAt(model, at(model, 'VERSION=1.23'));
    assert.deepEqual(starts(refs), ['0:4', '1:14', '3:4', '4:11', '4:29']);
  });

  it('does not resolve a global ARG inside a stage before it is declared there', () => {
    assert.equal(occurrenceAt(model, at(model, '$VERSION', 0, 1)), undefined);
  });

  it('goes from a stage re-declaration to the global ARG', () => {
    assert.deepEqual(starts(definitionsAt(model, { line: 3, character: 5 })), ['0:4']);
    assert.deepEqual(starts(definitionsAt(model, { line: 4, character: 12 })), ['3:4']);
  });

  it('carries ENV into the stages built FROM the stage, not into others', () => {
    const fromBuild = referencesAt(model, at(model, 'GOFLAGS=-mod'));
    assert.deepEqual(starts(fromBuild), ['5:4', '7:13']);
    const other = referencesAt(model, at(model, 'GOFLAGS=-x'));
    assert.deepEqual(starts(other), ['10:4', '12:7', '19:7']);
    // Used before the stage's own ENV: no declaration is visible there.
    assert.equal(occurrenceAt(model, { line: 9, character: 11 }), undefined);
  });

  it('skips exec-form arguments and heredocs whose delimiter is quoted', () => {
    assert.equal(occurrenceAt(model, { line: 15, character: 6 }), undefined);
    assert.equal(occurrenceAt(model, { line: 17, character: 16 }), undefined);
  });

  it('makes one symbol per connected set of declarations', () => {
    const names = nameIndex(model)
      .symbols.filter((s) => s.kind === 'variable')
      .map((s) => s.name)
      .sort();
    assert.deepEqual(names, ['GOFLAGS', 'GOFLAGS', 'VERSION']);
  });

  it('reads uses before the declarations of the same instruction', () => {
    const same = parseDockerfile('FROM alpine\nENV A=1\nENV A=2 B=$A\n');
    const refs = referencesAt(same, { line: 2, character: 11 });
    assert.deepEqual(starts(refs), ['1:4', '2:4', '2:11']);
    assert.deepEqual(starts(definitionsAt(same, { line: 2, character: 11 })), ['1:4']);
  });

  it('reads names across a line continuation and in the legacy ENV form', () => {
    const continued = parseDockerfile('FROM alpine\nENV HOME_DIR /srv\nRUN mkdir -p \\\n  $HOME_DIR\n');
    assert.deepEqual(starts(referencesAt(continued, { line: 1, character: 5 })), ['1:4', '3:3']);
  });

  it('stays total on half-typed and odd input', () => {
    for (const text of [
      'FROM',
      'ARG',
      'FROM alpine AS',
      'FROM alpine\nRUN echo ${',
      'FROM alpine\nENV =1 ==',
      'FROM alpine\nCOPY --from= a b',
      'FROM a\nRUN --mount=from=,,,type= x',
      '# escape=`\nFROM alpine\nENV A=1\nRUN echo `\n$A',
      '\uFEFFFROM alpine\r\nARG X\r\nRUN echo $X\r\n',
      'FROM alpine\nRUN <<EOF\necho $X',
      '\u0000\u0001\u0002FROM\u0000',
    ]) {
      const m = parseDockerfile(text);
      const index = nameIndex(m);
      for (const o of index.occurrences) assert.ok(o.start <= o.end, JSON.stringify(text));
    }
    const crlf = parseDockerfile('\uFEFFFROM alpine\r\nARG X\r\nRUN echo $X\r\n');
    assert.deepEqual(starts(referencesAt(crlf, { line: 1, character: 4 })), ['1:4', '2:10']);
  });
});

describe('names over the shared corpus', () => {
  it('finds each renamable name exactly where its text is', () => {
    const dir = path.join(sharedDir(), 'corpus', 'files');
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    assert.ok(files.length > 900);
    let stageUses = 0;
    let variableUses = 0;
    for (const file of files) {
      const model = parseDockerfile(readFileSync(file, 'utf8'));
      const index = nameIndex(model);
      let previousStart = -1;
      for (const o of index.occurrences) {
        assert.ok(o.start >= previousStart, `${file}: occurrences out of order`);
        previousStart = o.start;
        if (!o.renamable) continue;
        const written = model.text.slice(o.start, o.end);
        const expected = o.symbol.kind === 'stage' ? written.toLowerCase() : written;
        assert.equal(expected, o.symbol.name, `${file}: ${o.symbol.kind} name at ${o.range.start.line}`);
        if (o.role === 'reference') {
          if (o.symbol.kind === 'stage') stageUses++;
          else variableUses++;
        }
      }
    }
    assert.ok(stageUses > 300, `only ${stageUses} stage uses`);
    assert.ok(variableUses > 1000, `only ${variableUses} variable uses`);
  });
});
