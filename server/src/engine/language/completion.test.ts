import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import type { Model, Position } from '../model/types';
import { shippedStages } from '../stages';
import { estimateSizes } from '../size/estimate';
import { completionNeedsEstimate, completionsAt, type CompletionOptions } from './completion';

function at(marked: string): { model: Model; position: Position } {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return {
    model: parseDockerfile(text),
    position: { line, character: offset - before.lastIndexOf('\n') - 1 },
  };
}

function complete(marked: string, options?: CompletionOptions) {
  const { model, position } = at(marked);
  return completionsAt(model, position, options);
}

const labels = (marked: string): string[] => complete(marked).entries.map((e) => e.label);

describe('completion', () => {
  it('offers instructions at a line start, only FROM and ARG before the first FROM', () => {
    const inStage = labels('FROM a\n|');
    for (const keyword of ['RUN', 'COPY', 'HEALTHCHECK', 'ENV', 'USER'])
      assert.ok(inStage.includes(keyword), keyword);
    assert.ok(inStage.includes('RUN --mount=type=cache'), 'lean snippet');
    assert.deepEqual(
      labels('|\nFROM a').filter((l) => !l.includes(' ')),
      ['FROM', 'ARG'],
    );
    assert.ok(!labels('FROM a\nONBUILD |').includes('FROM'), 'FROM cannot be an ONBUILD trigger');
    const from = complete('FROM a\nRU|').entries.find((e) => e.label === 'RUN')!;
    assert.equal(from.insertText, 'RUN ');
    assert.deepEqual(from.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } });
    const snippet = complete('FROM a\n|').entries.find((e) => e.label === 'FROM … AS …')!;
    assert.equal(snippet.snippet, true);
    assert.equal(snippet.insertText, 'FROM ${1:image} AS ${2:name}');
    assert.equal(complete('FROM a\n|').entries.find((e) => e.label === 'MAINTAINER')?.deprecated, true);
  });

  it('offers parser directives in the header, without those already there', () => {
    assert.deepEqual(labels('# |\nFROM a'), ['syntax=', 'escape=', 'check=']);
    assert.deepEqual(labels('# syntax=docker/dockerfile:1\n# |\nFROM a'), ['escape=', 'check=']);
    assert.deepEqual(labels('# escape=|\nFROM a'), ['\\', '`']);
  });

  it('offers the flags of each instruction, not ones already written (except repeatable ones)', () => {
    assert.deepEqual(labels('FROM a\nCOPY --|'), [
      '--from',
      '--chown',
      '--chmod',
      '--link',
      '--parents',
      '--exclude',
    ]);
    assert.deepEqual(labels('FROM a\nADD --link --|'), [
      '--chown',
      '--chmod',
      '--checksum',
      '--keep-git-dir',
      '--exclude',
    ]);
    assert.deepEqual(labels('FROM a\nRUN --mount=type=cache,target=/x --|'), [
      '--mount',
      '--network',
      '--security',
    ]);
    assert.deepEqual(labels('FROM --|'), ['--platform']);
    assert.equal(labels('FROM a\nHEALTHCHECK --|').length, 5);
    const mount = complete('FROM a\nRUN --mo|').entries[0]!;
    assert.equal(mount.insertText, '--mount=');
    assert.equal(mount.retrigger, true);
    const link = complete('FROM a\nCOPY --li|').entries.find((e) => e.label === '--link')!;
    assert.equal(link.insertText, '--link');
  });

  it('offers flag values: platforms, network and security modes', () => {
    const platforms = labels('FROM --platform=|');
    assert.ok(
      platforms.includes('linux/amd64') &&
        platforms.includes('linux/arm64') &&
        platforms.includes('$BUILDPLATFORM'),
    );
    assert.deepEqual(labels('FROM a\nRUN --network=|'), ['default', 'none', 'host']);
    assert.deepEqual(labels('FROM a\nRUN --security=|'), ['sandbox', 'insecure']);
  });

  it('lists exactly the earlier stage names after --from= and mount from=, nearest first, with base and size', () => {
    const text =
      'FROM golang:1.27 AS build\nRUN go build -o /app .\nFROM alpine:3.24 AS certs\nFROM scratch\nCOPY --from=| /app /app\nFROM debian AS later\n';
    assert.deepEqual(labels(text), ['certs', 'build']);
    const { model, position } = at(text);
    const estimate = estimateSizes(model, shippedStages(model, []));
    const build = completionsAt(model, position, { estimate }).entries.find((e) => e.label === 'build')!;
    assert.match(build.detail!, /^FROM golang:1\.27 · .*\d [MG]B$/);
    assert.match(
      build.documentation!,
      /^Stage `build` \(line 1\): `FROM golang:1\.27`, .*[MG]B estimated\.$/,
    );
    assert.equal(
      completionsAt(model, position).entries[1]!.detail,
      'FROM golang:1.27',
      'without an estimate: the base only',
    );
    assert.deepEqual(labels('FROM a AS one\nFROM b AS two\nRUN --mount=type=bind,from=|,target=/x true\n'), [
      'one',
    ]);
    assert.ok(completionNeedsEstimate(model, position));
    assert.ok(!completionNeedsEstimate(...(Object.values(at('FROM a\nRUN echo |')) as [Model, Position])));
  });

  it('caps long stage lists, nearest first, filtering by what was typed', () => {
    const stages = Array.from({ length: 150 }, (_, i) => `FROM alpine AS s${i}\n`).join('');
    const all = complete(`${stages}FROM scratch\nCOPY --from=| /a /b\n`, { maxEntries: 100 });
    assert.equal(all.entries.length, 100);
    assert.equal(all.incomplete, true);
    assert.equal(all.entries[0]!.label, 's149');
    const typed = complete(`${stages}FROM scratch\nCOPY --from=s14| /a /b\n`, { maxEntries: 100 });
    assert.deepEqual(
      typed.entries.map((e) => e.label),
      ['s149', 's148', 's147', 's146', 's145', 's144', 's143', 's142', 's141', 's140', 's14'],
    );
    assert.equal(typed.incomplete, false);
  });

  it('offers mount types, the options of the type being written and their values', () => {
    assert.deepEqual(labels('FROM a\nRUN --mount=type=|'), ['bind', 'cache', 'tmpfs', 'secret', 'ssh']);
    const cacheKeys = labels('FROM a\nRUN --mount=type=cache,|');
    assert.deepEqual(cacheKeys, [
      'target',
      'id',
      'sharing',
      'readonly',
      'from',
      'source',
      'mode',
      'uid',
      'gid',
    ]);
    assert.ok(!labels('FROM a\nRUN --mount=type=cache,target=/x,|').includes('target'));
    assert.deepEqual(labels('FROM a\nRUN --mount=type=secret,|'), [
      'id',
      'target',
      'env',
      'required',
      'mode',
      'uid',
      'gid',
    ]);
    assert.deepEqual(labels('FROM a\nRUN --mount=type=tmpfs,|'), ['target', 'size']);
    assert.ok(labels('FROM a\nRUN --mount=type=bind,|').includes('readwrite'));
    assert.deepEqual(labels('FROM a\nRUN --mount=type=cache,sharing=|'), ['shared', 'private', 'locked']);
    assert.deepEqual(labels('FROM a\nRUN --mount=type=ssh,required=|'), ['true', 'false']);
    assert.ok(labels('FROM a\nRUN --mount=type=cache,target=|').includes('/root/.cache/pip'));
    assert.deepEqual(labels('FROM a\nRUN --mount=|').slice(0, 1), ['type'], 'type is offered first');
  });

  it('offers base images and their tags from the table with sizes', () => {
    const images = complete('FROM |');
    const node = images.entries.find((e) => e.label === 'node')!;
    assert.match(node.detail!, /tags · [\d.]+ MB–[\d.]+ GB/);
    assert.equal(node.insertText, 'node:');
    assert.equal(node.retrigger, true);
    assert.ok(images.entries.some((e) => e.label === 'scratch'));
    assert.ok(images.entries.some((e) => e.label === 'gcr.io/distroless/static-debian12'));
    const tags = complete('FROM node:2|');
    const alpine = tags.entries.find((e) => e.label === '22-alpine')!;
    assert.match(alpine.detail!, /disk · .*MB pull/);
    assert.deepEqual(alpine.range, { start: { line: 0, character: 10 }, end: { line: 0, character: 11 } });
    assert.ok(
      labels('FROM docker.io/library/node:|').includes('22-slim'),
      'canonical names find the table rows',
    );
    assert.deepEqual(labels('FROM unknown/image:|'), []);
    assert.deepEqual(labels('FROM a AS base\nFROM |').slice(0, 1), ['base'], 'earlier stages come first');
    assert.deepEqual(labels('FROM node:22 |'), ['AS']);
  });

  it('offers ARG and ENV variables in scope, not later ones, plus BuildKit and image variables', () => {
    const text =
      'ARG GLOBAL=1\nFROM node:22 AS app\nARG VERSION=2\nENV HOME_DIR=/srv\nRUN echo ${|}\nARG LATER=3\n';
    const entries = complete(text).entries;
    const names = entries.map((e) => e.label);
    assert.ok(names.includes('VERSION') && names.includes('HOME_DIR'));
    assert.ok(!names.includes('LATER'), 'declared after the cursor');
    assert.ok(!names.includes('GLOBAL'), 'a global ARG needs ARG GLOBAL in the stage');
    assert.ok(names.includes('TARGETARCH'));
    assert.ok(names.includes('NODE_VERSION'), 'set by the node image');
    const version = entries.find((e) => e.label === 'VERSION')!;
    assert.equal(version.detail, 'ARG, line 3 = 2');
    assert.equal(version.insertText, 'VERSION', 'the closing brace is already there');
    assert.equal(complete('FROM a\nARG X=1\nRUN echo ${X|').entries[0]!.insertText, 'X}');
    const fromLine = labels('ARG TAG=22\nFROM node:${|}\n');
    assert.ok(fromLine.includes('TAG') && fromLine.includes('BUILDPLATFORM'));
    assert.ok(!labels('FROM a\nARG S=1\nFROM b\nRUN echo $|').includes('S'), 'another stage');
    assert.ok(
      labels('FROM a AS one\nENV S=1\nFROM one\nRUN echo $|').includes('S'),
      'inherited from the base stage',
    );
  });

  it('offers package names after apt-get install and apk add, prefix-filtered and capped', () => {
    const apt = complete('FROM debian\nRUN apt-get install -y --no-install-recommends ca-cert|');
    assert.deepEqual(
      apt.entries.map((e) => e.label),
      ['ca-certificates', 'ca-certificates-java'],
    );
    assert.match(apt.entries[0]!.detail!, /^Installed-Size [\d.]+ [kM]B/);
    const capped = complete('FROM debian\nRUN apt-get install |', { maxEntries: 20 });
    assert.equal(capped.entries.length, 20);
    assert.equal(capped.incomplete, true);
    const apk = complete('FROM alpine\nRUN apk add --no-cache bu|');
    assert.ok(apk.entries.some((e) => e.label === 'build-base'));
    assert.match(apk.entries.find((e) => e.label === 'build-base')!.detail!, /MB with dependencies/);
    assert.deepEqual(labels('FROM debian\nRUN apt-get purge cu|'), []);
  });

  it('answers nothing (and never throws) for bad input', () => {
    const inputs = [
      'FROM a\nRUN --mount=type=|',
      'FROM a\nRUN <<EOF\napt-get install cu|',
      'FROM a\nRUN ["apt-get", "install", "cu|"',
      '\uFEFFFROM a\r\nCOPY --from=|\r\n',
      '# escape=`\nFROM a\nRUN a `\n |',
      `FROM a\nRUN ${'$'.repeat(10_000)}|`,
      '\u0000\u0001\u0002|\uFFFD',
    ];
    for (const input of inputs) assert.doesNotThrow(() => complete(input), input);
    assert.deepEqual(complete('FROM a\nRUN echo hello|').entries, []);
  });

  it('is fast on the 20,000-line corpus file', () => {
    const file = '/work/shared/corpus/large/large-20k.Dockerfile';
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new Error(`${file} is missing: the shared corpus (/work/shared/corpus) is needed for this test`);
    }
    const model = parseDockerfile(text);
    const last = model.instructions.filter((i) => i.keyword === 'COPY').at(-1)!;
    const lines = [last.range.start.line, Math.floor(model.positions.lineCount / 2), 10];
    const started = performance.now();
    for (let i = 0; i < 50; i++) {
      for (const line of lines) {
        const text = model.positions.lineText(line);
        completionsAt(model, { line, character: Math.min(12, text.length) });
        completionsAt(model, { line, character: text.length });
      }
    }
    const perRequest = (performance.now() - started) / 300;
    assert.ok(perRequest < 20, `${perRequest.toFixed(2)} ms per completion`);
  });
});
