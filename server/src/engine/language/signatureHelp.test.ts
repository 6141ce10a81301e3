import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDockerfile } from '../model/parse';
import { signatureHelpAt } from './signatureHelp';

function help(marked: string) {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const model = parseDockerfile(text);
  return signatureHelpAt(model, model.positions.positionAt(offset));
}

/** The label text of the active parameter, or undefined. */
function active(marked: string): string | undefined {
  const h = help(marked);
  const signature = h?.signatures[h.activeSignature];
  if (!signature || h.activeParameter === undefined) return undefined;
  const [start, end] = signature.parameters[h.activeParameter]!.label;
  return signature.label.slice(start, end);
}

describe('signature help', () => {
  it('shows the mount signature of the type being written, with the option under the cursor', () => {
    const cache = help('FROM a\nRUN --mount=type=cache,sharing=|');
    assert.match(
      cache!.signatures[0]!.label,
      /^--mount=type=cache,target=<path>\[,id=<id>\]\[,sharing=<shared\|private\|locked>\]/,
    );
    assert.equal(active('FROM a\nRUN --mount=type=cache,sharing=|'), 'sharing=<shared|private|locked>');
    assert.equal(active('FROM a\nRUN --mount=type=cache,dst=|'), 'target=<path>', 'aliases count');
    assert.equal(active('FROM a\nRUN --mount=type=secret,id=npmrc,re|'), 'required=<true|false>');
    assert.equal(active('FROM a\nRUN --mount=type=|'), 'type=<bind|cache|tmpfs|secret|ssh>');
    assert.equal(active('FROM a\nRUN --mount=type=tmpfs,size=|'), 'size=<bytes>');
    assert.equal(active('FROM a\nRUN --mount=type=cache,|'), undefined, 'no option yet');
    assert.match(
      help('FROM a\nRUN --mount=target=/x,|')!.signatures[0]!.label,
      /^--mount=type=bind,/,
      'bind by default',
    );
  });

  it('shows instruction signatures with the flag or argument under the cursor', () => {
    assert.equal(active('FROM a\nHEALTHCHECK --interval=30s --timeout=|'), '--timeout=<duration>');
    assert.equal(active('FROM a\nHEALTHCHECK --ret|'), '--retries=<n>');
    assert.equal(active('FROM a\nCOPY --from=|'), '--from=<stage|image>');
    assert.equal(active('FROM a\nCOPY --chown=1:1 sr|c dest/'), '<src>…');
    assert.equal(active('FROM a\nCOPY --chown=1:1 src de|st/'), '<dest>');
    assert.equal(active('FROM a\nADD --checksum=|'), '--checksum=<algorithm>:<hash>');
    assert.equal(active('FROM --platform=|'), '--platform=<platform>');
    assert.equal(active('FROM node:22|'), '<image>[:<tag>|@<digest>]');
    assert.equal(active('FROM node:22 AS |'), '[AS <name>]');
    assert.equal(active('FROM a\nRUN --network=|'), '--network=<default|none|host>');
    const run = help('FROM a\nRUN |');
    assert.match(
      run!.signatures[0]!.label,
      /^RUN \[--mount=.*\] \[--network=.*\] \[--security=.*\] <command>$/,
    );
  });

  it('stays quiet inside RUN commands, heredocs and instructions without flags', () => {
    assert.equal(help('FROM a\nRUN apt-get install |'), undefined);
    assert.equal(help('FROM a\nRUN echo $HO|'), undefined);
    assert.equal(help('FROM a\nRUN <<EOF\necho |\nEOF\n'), undefined);
    assert.equal(help('FROM a\nENV A=|'), undefined);
    assert.equal(help('FROM a\n|'), undefined);
    assert.equal(help('|'), undefined);
  });

  it('never throws on bad input', () => {
    for (const input of [
      'FROM a\nRUN --mount=type=,,,=,=|',
      '\uFEFFFROM a\r\nCOPY --|\r\n',
      'FROM a\nRUN --mount="type=cache|',
      '\u0000|',
    ])
      assert.doesNotThrow(() => help(input), input);
  });
});
