import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sharedDir } from '../../../../test/support/shared';
import { formatAfterTyping, formatDocument, formatLines } from './format';
import { createPositionIndex } from './positions';
import type { TextEdit } from './types';

const SPACES = { tabSize: 4, insertSpaces: true };

function apply(text: string, edits: TextEdit[]): string {
  const positions = createPositionIndex(text);
  const sorted = [...edits].sort(
    (a, b) => positions.offsetAt(b.range.start) - positions.offsetAt(a.range.start),
  );
  let out = text;
  for (const e of sorted) {
    out =
      out.slice(0, positions.offsetAt(e.range.start)) +
      e.newText +
      out.slice(positions.offsetAt(e.range.end));
  }
  return out;
}

const nonBlank = (text: string): string => text.replace(/\s+/g, '');

describe('formatting', () => {
  it('indents continuation lines and removes blanks before instructions', () => {
    const text = 'FROM alpine\n  RUN apk add \\\ncurl \\\n\t  git\n   \nCMD ["sh"]\n';
    assert.equal(
      apply(text, formatDocument(text, SPACES)),
      'FROM alpine\nRUN apk add \\\n    curl \\\n    git\n\nCMD ["sh"]\n',
    );
    assert.equal(
      apply(text, formatDocument(text, { tabSize: 4, insertSpaces: false })),
      'FROM alpine\nRUN apk add \\\n\tcurl \\\n\tgit\n\nCMD ["sh"]\n',
    );
  });

  it('leaves every heredoc body and delimiter as written, ADD and ONBUILD included', () => {
    // dockerfile-utils re-indents ADD and ONBUILD heredocs; an indented `EOF` would not end them.
    const text = [
      'FROM alpine',
      'ADD <<EOF /etc/motd',
      '  keep these two blanks',
      'EOF',
      'ONBUILD RUN <<EOF',
      '   echo three',
      'EOF',
      'RUN <<EOF',
      '  echo two',
      'EOF',
      '  COPY <<-EOT /x',
      '\tbody',
      '\tEOT',
      '',
    ].join('\n');
    const formatted = apply(text, formatDocument(text, SPACES));
    assert.equal(formatted, text.replace('  COPY', 'COPY'));
  });

  it('keeps the content and is idempotent over the shared corpus', () => {
    const dir = path.join(sharedDir(), 'corpus', 'files');
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
    assert.ok(files.length > 900);
    let changed = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const once = apply(text, formatDocument(text, SPACES));
      assert.equal(nonBlank(once), nonBlank(text), `${file}: formatting changed more than blanks`);
      assert.deepEqual(formatDocument(once, SPACES), [], `${file}: a second pass still has edits`);
      if (once !== text) changed++;
    }
    assert.ok(changed > 10, `formatting changed only ${changed} files`);
  });

  it('formats only the lines of a range', () => {
    const text = 'FROM alpine\n  RUN a\n  RUN b\n  RUN c\n';
    const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } };
    assert.equal(apply(text, formatLines(text, range, SPACES)), 'FROM alpine\n  RUN a\nRUN b\n  RUN c\n');
  });

  it('indents the next line after typing the escape character at a line end', () => {
    const text = 'FROM alpine\nRUN apk add \\\ncurl\n';
    assert.equal(
      apply(text, formatAfterTyping(text, { line: 1, character: 13 }, '\\', SPACES)),
      'FROM alpine\nRUN apk add \\\n    curl\n',
    );
    const backtick = '# escape=`\nFROM alpine\nRUN apk add `\ncurl\n';
    assert.equal(
      apply(backtick, formatAfterTyping(backtick, { line: 2, character: 13 }, '`', SPACES)),
      '# escape=`\nFROM alpine\nRUN apk add `\n    curl\n',
    );
    assert.deepEqual(formatAfterTyping(text, { line: 1, character: 13 }, '`', SPACES), []);
  });

  it('gives no edits rather than failing on odd input', () => {
    for (const text of [
      '',
      '\u0000\u0001\u0002',
      '\uFEFFFROM alpine\r\n  RUN a \\\r\nb\r\n',
      'FROM alpine\nRUN <<EOF\n  unterminated',
      `FROM alpine\nRUN ${'x'.repeat(100_000)} \\\n  y`,
      'RUN \\\n\\\n\\',
    ]) {
      const edits = formatDocument(text, SPACES);
      assert.equal(nonBlank(apply(text, edits)), nonBlank(text), JSON.stringify(text.slice(0, 40)));
      assert.doesNotThrow(() =>
        formatLines(text, { start: { line: 5, character: 0 }, end: { line: 99, character: 0 } }, SPACES),
      );
      assert.doesNotThrow(() => formatAfterTyping(text, { line: 99, character: 99 }, '\\', SPACES));
    }
    assert.deepEqual(formatDocument('FROM a\n  RUN b\n', { tabSize: Number.NaN, insertSpaces: true }), [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 2 } }, newText: '' },
    ]);
  });
});
