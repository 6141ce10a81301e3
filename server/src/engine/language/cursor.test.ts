import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import type { Model, Position } from '../model/types';
import { cursorAt, instructionAt, type CursorContext } from './cursor';

/** Parses `text` with the cursor where `|` stands. */
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

function cursor(marked: string): CursorContext {
  const { model, position } = at(marked);
  return cursorAt(model, position);
}

describe('cursor context', () => {
  it('finds keywords at a line start, before the first FROM and after ONBUILD', () => {
    const blank = cursor('FROM a\n|\n');
    assert.equal(blank.kind, 'keyword');
    assert.equal(blank.kind === 'keyword' && blank.beforeFirstFrom, false);
    const partial = cursor('FROM a\nRU|\n');
    assert.ok(partial.kind === 'keyword');
    assert.equal(partial.prefix, 'RU');
    assert.deepEqual(partial.token.range, {
      start: { line: 1, character: 0 },
      end: { line: 1, character: 2 },
    });
    const first = cursor('|\nFROM a\n');
    assert.ok(first.kind === 'keyword' && first.beforeFirstFrom);
    const trigger = cursor('FROM a\nONBUILD |\n');
    assert.ok(trigger.kind === 'keyword' && trigger.onbuild);
  });

  it('does not offer keywords on continuation lines, in heredoc bodies or comments', () => {
    assert.equal(cursor('FROM a\nRUN echo \\\n  |\n').kind, 'argument');
    assert.equal(cursor('FROM a\nRUN <<EOF\n|\nEOF\n').kind, 'argument');
    assert.equal(cursor('FROM a\n# a comm|ent\n').kind, 'none');
  });

  it('reads parser directives only in the header', () => {
    const name = cursor('# sy|\nFROM a\n');
    assert.ok(name.kind === 'directive-name');
    assert.equal(name.prefix, 'sy');
    const value = cursor('# syntax=docker/|\nFROM a\n');
    assert.ok(value.kind === 'directive-value');
    assert.equal(value.directive, 'syntax');
    assert.equal(value.prefix, 'docker/');
    assert.deepEqual((cursor('# escape=`\n# ch|\nFROM a\n') as { present?: string[] }).present, ['escape']);
    assert.equal(cursor('# just a comment\n# sy|\nFROM a\n').kind, 'none');
  });

  it('splits flags into name and value, and mount options into key and value', () => {
    const name = cursor('FROM a\nCOPY --fr| src dst\n');
    assert.ok(name.kind === 'flag-name');
    assert.equal(name.token.text, '--fr');
    const value = cursor('FROM a\nCOPY --from=bu| src dst\n');
    assert.ok(value.kind === 'flag-value');
    assert.equal(value.flag, 'from');
    assert.equal(value.prefix, 'bu');
    assert.equal(value.token.range.start.character, 12);
    const key = cursor('FROM a\nRUN --mount=type=cache,tar|get=/x true\n');
    assert.ok(key.kind === 'mount-key');
    assert.equal(key.mountType, 'cache');
    assert.equal(key.token.text, 'target');
    assert.deepEqual(key.written, ['type']);
    const option = cursor('FROM a\nRUN --mount=type=secret,id=x,required=t|\n');
    assert.ok(option.kind === 'mount-value');
    assert.equal(option.key, 'required');
    assert.equal(option.mountType, 'secret');
    const bare = cursor('FROM a\nRUN --mount=|\n');
    assert.ok(bare.kind === 'mount-key');
    assert.equal(bare.mountType, 'bind', 'bind is the default mount type');
  });

  it('tells the FROM image, the AS keyword and the stage name apart', () => {
    assert.equal(cursor('FROM nod|').kind, 'image');
    assert.equal(cursor('FROM --platform=linux/amd64 |').kind, 'image');
    assert.equal(cursor('FROM node:22 |').kind, 'from-keyword');
    assert.equal(cursor('FROM node:22 AS bu|').kind, 'stage-name');
  });

  it('finds variable references, unescaped, with or without braces', () => {
    const bare = cursor('FROM a\nENV B=$HO|\n');
    assert.ok(bare.kind === 'variable');
    assert.equal(bare.prefix, 'HO');
    assert.equal(bare.braced, false);
    const braced = cursor('FROM a\nENV B=${|}\n');
    assert.ok(braced.kind === 'variable');
    assert.equal(braced.braced && braced.closed, true);
    assert.notEqual(cursor('FROM a\nENV B=\\$HO|\n').kind, 'variable');
  });

  it('recognises package names after apt-get install and apk add, not their options', () => {
    const apt = cursor('FROM a\nRUN apt-get update && apt-get install -y --no-install-recommends cu|\n');
    assert.ok(apt.kind === 'package');
    assert.equal(apt.manager, 'apt');
    assert.equal(apt.prefix, 'cu');
    const continued = cursor('FROM a\nRUN apt-get install -y \\\n    git \\\n    cu|\n');
    assert.ok(continued.kind === 'package');
    const apk = cursor('FROM a\nRUN apk add --no-cache --virtual .build-deps gc|\n');
    assert.ok(apk.kind === 'package' && apk.manager === 'apk');
    assert.notEqual(cursor('FROM a\nRUN apk add --virtual |\n').kind, 'package', 'the value of --virtual');
    assert.notEqual(cursor('FROM a\nRUN apt-get install -|\n').kind, 'package');
    assert.notEqual(cursor('FROM a\nRUN apt-get update && echo cu|\n').kind, 'package');
    assert.notEqual(cursor('FROM a\nRUN apt-get remove cu|\n').kind, 'package');
    const wrapped = cursor('FROM a\nRUN DEBIAN_FRONTEND=noninteractive sudo -E -H apt-get install cu|\n');
    assert.ok(wrapped.kind === 'package', 'assignments and wrapper options are skipped');
    const heredoc = cursor('FROM a\nRUN <<EOF\nset -e\nsudo apt-get install -y cu|\nEOF\n');
    assert.ok(heredoc.kind === 'package');
  });

  it('survives odd input: CRLF, BOM, escape directive, huge lines, positions out of range', () => {
    const crlf = cursor('FROM a\r\nCOPY --from=|\r\n');
    assert.ok(crlf.kind === 'flag-value');
    assert.equal(crlf.token.text, '');
    const bom = cursor('\uFEFFFROM nod|\n');
    assert.equal(bom.kind, 'image');
    const windows = cursor('# escape=`\nFROM a\nRUN apt-get install `\n  cu|\n');
    assert.equal(windows.kind, 'package');
    const { model } = at(`FROM a\nRUN echo ${'x'.repeat(200_000)}|\n`);
    assert.equal(cursorAt(model, { line: 1, character: 100_000 }).kind, 'argument');
    assert.equal(cursorAt(model, { line: 99, character: 0 }).kind, 'none');
    assert.equal(cursorAt(model, { line: -1, character: 0 }).kind, 'none');
  });

  it('locates the instruction of a line by binary search, continuation lines included', () => {
    const { model } = at('FROM a\nRUN a \\\n  b\n\nCOPY x y\n|');
    assert.equal(instructionAt(model, { line: 2, character: 1 })?.keyword, 'RUN');
    assert.equal(instructionAt(model, { line: 3, character: 0 }), undefined);
    assert.equal(instructionAt(model, { line: 4, character: 3 })?.keyword, 'COPY');
  });
});
