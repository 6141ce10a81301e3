import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from './parse';

describe('Model adapter', () => {
  it('builds stages with names, indexes, bases and inheritance', () => {
    const model = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'ARG GO_VERSION=1.27',
        'FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}-alpine AS Build',
        'RUN go build -o /app .',
        'FROM build AS test',
        'RUN go test ./...',
        'FROM gcr.io/distroless/static-debian12:nonroot',
        'COPY --from=build /app /app',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      model.directives.map((d) => [d.name, d.value]),
      [['syntax', 'docker/dockerfile:1']],
    );
    assert.deepEqual(
      model.globalArgs.map((a) => [a.name, a.value]),
      [['GO_VERSION', '1.27']],
    );
    assert.equal(model.stages.length, 3);
    const [build, test, final] = model.stages;
    assert.equal(build!.name, 'build');
    assert.equal(build!.rawName, 'Build');
    assert.equal(build!.platform, '$BUILDPLATFORM');
    assert.equal(build!.base?.raw, 'golang:${GO_VERSION}-alpine');
    assert.equal(build!.base?.resolved, 'golang:1.27-alpine');
    assert.equal(build!.base?.tag, '1.27-alpine');
    assert.equal(build!.instructions.length, 2);
    assert.equal(test!.baseStage, 0);
    assert.equal(final!.base?.registry, 'gcr.io');
    assert.equal(final!.base?.repository, 'distroless/static-debian12');
    assert.equal(final!.base?.tag, 'nonroot');
    assert.equal(final!.index, 2);
    assert.deepEqual(
      final!.instructions[1]!.flags.map((f) => [f.name, f.value]),
      [['from', 'build']],
    );
    assert.equal(model.instructions[0]!.keyword, 'ARG');
    assert.equal(model.instructions[0]!.stageIndex, -1, 'global ARG belongs to no stage');
  });

  it('resolves ${VAR:-default} and marks unresolved variables', () => {
    const model = parseDockerfile(
      'ARG BASE\nARG TAG\nFROM ${BASE:-debian}:${TAG:-bookworm-slim}\nFROM $UNKNOWN\n',
    );
    assert.equal(model.stages[0]!.base?.resolved, 'debian:bookworm-slim');
    assert.equal(model.stages[0]!.base?.hasUnresolvedVariables, false);
    assert.equal(model.stages[1]!.base?.hasUnresolvedVariables, true);
  });

  it('reports exec form only for valid JSON string arrays', () => {
    const model = parseDockerfile('FROM alpine:3.24\nCMD ["a", "b"]\nCMD [\'a\']\nENTRYPOINT ["a", 1]\n');
    assert.deepEqual(
      model.instructions.map((i) => i.execForm),
      [undefined, ['a', 'b'], undefined, undefined],
    );
  });

  it('keeps the escape directive', () => {
    const model = parseDockerfile(
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  C:\\\n',
    );
    assert.equal(model.escapeChar, '`');
    assert.equal(model.instructions[1]!.argsText, 'dir   C:\\');
  });

  it('marks an unterminated heredoc', () => {
    const model = parseDockerfile('FROM alpine:3.24\nRUN <<EOF\necho hi\n');
    assert.equal(model.instructions[1]!.heredocs[0]!.terminated, false);
  });
});
