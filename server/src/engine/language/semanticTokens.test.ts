import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { sharedDir } from '../../../../test/support/shared';
import { parseDockerfile } from '../model/parse';
import type { Model } from '../model/types';
import {
  createSemanticTokenRun,
  decodeSemanticTokens,
  semanticTokens,
  type DecodedToken,
} from './semanticTokens';

const NO_BUDGET = 1e9;

/** `text@line:character type[+modifier]` per token. */
function describeTokens(model: Model, tokens: DecodedToken[]): string[] {
  return tokens.map((t) => {
    const text = model.positions.lineText(t.line).slice(t.character, t.character + t.length);
    const mods = t.modifiers.length > 0 ? `+${t.modifiers.join('+')}` : '';
    return `${text}@${t.line}:${t.character} ${t.type}${mods}`;
  });
}

/**
 * Problems of an encoded token stream for the model's text: a token must sit on one line, inside
 * it, after the previous token, with a known type and a positive length.
 */
function streamProblems(model: Model, data: number[]): string[] {
  const problems: string[] = [];
  if (data.length % 5 !== 0) problems.push(`length ${data.length} is not a multiple of 5`);
  let previousLine = -1;
  let previousEnd = 0;
  for (const t of decodeSemanticTokens(data)) {
    const where = `${t.line}:${t.character}`;
    if (t.type.startsWith('unknown')) problems.push(`${where}: ${t.type}`);
    if (t.length <= 0) problems.push(`${where}: length ${t.length}`);
    if (t.line >= model.positions.lineCount) problems.push(`${where}: past the last line`);
    if (t.character + t.length > model.positions.lineText(t.line).length)
      problems.push(`${where}: runs past the end of its line`);
    if (t.line === previousLine && t.character < previousEnd)
      problems.push(`${where}: overlaps the previous token`);
    if (t.line < previousLine) problems.push(`${where}: before the previous token`);
    previousLine = t.line;
    previousEnd = t.character + t.length;
  }
  return problems;
}

describe('semantic tokens', () => {
  it('gives each part of a Dockerfile its token type', () => {
    const model = parseDockerfile(
      [
        '# syntax=docker/dockerfile:1',
        'ARG GO=1.23',
        'FROM golang:${GO} AS build',
        '# comment',
        'RUN --mount=type=cache,from=build,target=/c go build \\',
        '    -o /app',
        'ENV PORT=8080',
        'LABEL org.opencontainers.image.title="demo"',
        'MAINTAINER someone',
        'FROM alpine',
        'COPY --from=build /app /app',
        'COPY <<EOF /etc/motd',
        'hello $PORT',
        'EOF',
        'EXPOSE 8080/tcp',
        'HEALTHCHECK --interval=5s CMD wget -q localhost',
        'CMD ["/app", "--port", "8080"]',
        '',
      ].join('\n'),
    );
    const result = semanticTokens(model, { budgetMs: NO_BUDGET });
    assert.equal(result.complete, true);
    assert.deepEqual(describeTokens(model, decodeSemanticTokens(result.data)), [
      '# @0:0 comment',
      'syntax@0:2 macro',
      '=@0:8 operator',
      'docker/dockerfile:1@0:9 string',
      'ARG@1:0 keyword',
      'GO@1:4 variable+declaration',
      '=@1:6 operator',
      '1.23@1:7 string',
      'FROM@2:0 keyword',
      'golang:@2:5 type',
      '${GO@2:12 variable',
      '}@2:16 variable',
      'AS@2:18 keyword',
      'build@2:21 class+declaration',
      '# comment@3:0 comment',
      'RUN@4:0 keyword',
      '--mount@4:4 parameter',
      '=@4:11 operator',
      'type@4:12 property',
      '=@4:16 operator',
      'cache@4:17 string',
      'from@4:23 property',
      '=@4:27 operator',
      'build@4:28 class',
      'target@4:34 property',
      '=@4:40 operator',
      '/c@4:41 string',
      '\\@4:53 operator',
      'ENV@6:0 keyword',
      'PORT@6:4 variable+declaration',
      '=@6:8 operator',
      '8080@6:9 string',
      'LABEL@7:0 keyword',
      'org.opencontainers.image.title@7:6 property',
      '=@7:36 operator',
      '"demo"@7:37 string',
      'MAINTAINER@8:0 keyword+deprecated',
      'FROM@9:0 keyword',
      'alpine@9:5 type',
      'COPY@10:0 keyword',
      '--from@10:5 parameter',
      '=@10:11 operator',
      'build@10:12 class',
      'COPY@11:0 keyword',
      '<<@11:5 operator',
      'EOF@11:7 label',
      '$PORT@12:6 variable',
      'EOF@13:0 label',
      'EXPOSE@14:0 keyword',
      '8080/tcp@14:7 number',
      'HEALTHCHECK@15:0 keyword',
      '--interval@15:12 parameter',
      '=@15:22 operator',
      '5s@15:23 string',
      'CMD@15:26 keyword',
      'CMD@16:0 keyword',
      '"/app"@16:5 string',
      '"--port"@16:13 string',
      '"8080"@16:23 string',
    ]);
  });

  it('answers a range request with exactly the full result on those lines', () => {
    const lines: string[] = [];
    for (let i = 0; i < 200; i++)
      lines.push(`FROM alpine AS s${i}`, `# note ${i}`, `RUN echo $HOME \\`, `  && true`);
    const model = parseDockerfile(lines.join('\n'));
    const full = decodeSemanticTokens(semanticTokens(model, { budgetMs: NO_BUDGET }).data);
    const range = { start: { line: 401, character: 0 }, end: { line: 409, character: 0 } };
    const ranged = semanticTokens(model, { range, budgetMs: NO_BUDGET });
    assert.equal(ranged.complete, true);
    const expected = full.filter((t) => t.line >= 401 && t.line <= 409);
    assert.ok(expected.length > 10);
    assert.deepEqual(decodeSemanticTokens(ranged.data), expected);
  });

  it('stops when the budget is spent and returns the tokens done so far', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) lines.push(`FROM alpine AS s${i}`, 'RUN echo hi');
    const model = parseDockerfile(lines.join('\n'));
    let clock = 0;
    // A clock that moves 1 ms per reading: the 5 ms budget runs out after a few dozen instructions.
    const partial = semanticTokens(model, { budgetMs: 5, now: () => clock++ });
    const full = semanticTokens(model, { budgetMs: NO_BUDGET });
    assert.equal(partial.complete, false);
    assert.ok(partial.data.length > 0 && partial.data.length < full.data.length / 10);
    assert.deepEqual(partial.data, full.data.slice(0, partial.data.length));
  });

  it('resumes a run where it stopped', () => {
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) lines.push(`FROM alpine AS s${i}`, 'ENV A=1 B=2');
    const model = parseDockerfile(lines.join('\n'));
    const run = createSemanticTokenRun(model);
    let clock = 0;
    let slices = 0;
    while (!run.advance(clock + 3, () => clock++)) slices++;
    assert.ok(slices > 10, `expected many slices, got ${slices}`);
    assert.deepEqual(run.data(), semanticTokens(model, { budgetMs: NO_BUDGET }).data);
  });

  // dockerfile-language-service's semantic tokens throw on these (a continuation followed by a
  // character at the start of the next line).
  it('handles a continuation followed by a character at the line start, with either escape', () => {
    const variants = [
      'FROM alpine\nRUN echo \\\nx',
      'FROM alpine\nRUN echo \\\nx\n',
      'FROM alpine\nRUN echo \\\r\nx\r\n',
      'FROM alpine\nRUN \\\nx',
      'FROM alpine\nRUN\\\nx',
      'FROM alpine\nRUN echo \\ \n\\\nx',
      'FROM alpine\nRUN echo \\\n\n\nx',
      'FROM alpine\nRUN echo \\\n# comment\nx',
      'FROM alpine\nENV A=1 \\\nB=2',
      'FROM alpine\nLABEL a=\\\nb',
      'FROM alpine\nCOPY --from=\\\nx a b',
      'FROM \\\nx',
      'FROM alpine AS \\\nx',
      'RUN \\\n\\\n\\\nx',
      '\\\nx',
      'FROM alpine\nRUN echo \\',
      'FROM alpine\nRUN echo "a \\\nb"',
      'FROM alpine\nCMD ["a", \\\n"b"]',
      '# escape=`\nFROM alpine\nRUN echo `\nx',
      '# escape=`\nFROM alpine\nRUN echo `\r\nx',
      '# escape=`\nFROM alpine\nRUN `\nx\\\ny',
      '# escape=`\n\nFROM alpine\nENV A=`\nB',
      '# escape=\\\nFROM alpine\nRUN echo \\\nx',
      '\uFEFF# escape=`\r\nFROM alpine\r\nRUN echo `\r\nx',
    ];
    for (const text of variants) {
      const model = parseDockerfile(text);
      const result = semanticTokens(model, { budgetMs: NO_BUDGET });
      assert.deepEqual(streamProblems(model, result.data), [], JSON.stringify(text));
      assert.equal(result.complete, true, JSON.stringify(text));
    }
    const model = parseDockerfile('FROM alpine\nRUN echo \\\nx');
    assert.deepEqual(describeTokens(model, decodeSemanticTokens(semanticTokens(model).data)), [
      'FROM@0:0 keyword',
      'alpine@0:5 type',
      'RUN@1:0 keyword',
      '\\@1:9 operator',
    ]);
    const backtick = parseDockerfile('# escape=`\nFROM alpine\nRUN echo `\nx');
    assert.ok(
      describeTokens(backtick, decodeSemanticTokens(semanticTokens(backtick).data)).includes(
        '`@2:9 operator',
      ),
    );
  });

  it('splits tokens that a continuation breaks and stays valid on odd input', () => {
    const model = parseDockerfile('FROM alpine\nENV GREETING="hello \\\nworld"\n');
    assert.deepEqual(describeTokens(model, decodeSemanticTokens(semanticTokens(model).data)).slice(2), [
      'ENV@1:0 keyword',
      'GREETING@1:4 variable+declaration',
      '=@1:12 operator',
      '"hello @1:13 string',
      '\\@1:20 operator',
      'world"@2:0 string',
    ]);
    const odd = [
      '',
      '\u0000\u0001\u0002',
      'FROM',
      'FROM alpine\nRUN --mount=',
      'FROM alpine\nRUN --mount=type=bind,,from=,=x echo',
      'FROM alpine\nCMD ["unterminated',
      'FROM alpine\nCMD [1, 2',
      'FROM alpine\nRUN <<EOF\nno end',
      'FROM alpine\nRUN <<',
      'FROM alpine\nCOPY <<-"E" /x\n\tbody $A\n\tE',
      'FROM alpine\nRUN echo ${A:-${B:+${C}}}',
      'FROM alpine\nRUN echo ${',
      'FROM a\rRUN b\rENV c=d',
      `FROM alpine\nRUN echo ${'x'.repeat(200_000)}`,
      `FROM alpine\nENV ${'A=1 '.repeat(5000)}`,
      'FROM alpine\n' + 'RUN echo \u{1F600} $X\n'.repeat(10),
    ];
    for (const text of odd) {
      const m = parseDockerfile(text);
      assert.deepEqual(
        streamProblems(m, semanticTokens(m, { budgetMs: NO_BUDGET }).data),
        [],
        JSON.stringify(text.slice(0, 80)),
      );
    }
  });

  it('is linear in the length of the file', () => {
    const block = [
      'FROM golang:1.23 AS build',
      'ARG V=1',
      'ENV A=$V B="two words"',
      'RUN --mount=type=cache,target=/root/.cache go build \\',
      '    -o /out/app . && echo ${V:-none}',
      '# a comment',
      'COPY --from=build /out/app /app',
    ].join('\n');
    const time = (copies: number): number => {
      const model = parseDockerfile(Array.from({ length: copies }, () => block).join('\n'));
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        semanticTokens(model, { budgetMs: NO_BUDGET });
        best = Math.min(best, performance.now() - started);
      }
      return best;
    };
    time(200); // warm-up
    const small = time(500);
    const large = time(2000);
    // Four times the text: a linear pass takes about four times as long, a quadratic one sixteen
    // (the best of five runs each, with room for a busy machine).
    assert.ok(
      large < small * 10 + 30,
      `500 copies ${small.toFixed(1)} ms, 2000 copies ${large.toFixed(1)} ms`,
    );
  });

  describe('on the shared corpus', () => {
    const corpus = path.join(sharedDir(), 'corpus');
    const files = readdirSync(path.join(corpus, 'files'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));

    it('produces a valid token stream for every file', () => {
      assert.ok(files.length > 900, `expected the full corpus, found ${files.length} files`);
      let tokens = 0;
      for (const file of files) {
        const model = parseDockerfile(readFileSync(file, 'utf8'));
        const result = semanticTokens(model, { budgetMs: NO_BUDGET });
        assert.deepEqual(streamProblems(model, result.data), [], file);
        tokens += result.data.length / 5;
      }
      assert.ok(tokens > files.length * 10, `only ${tokens} tokens over the corpus`);
    });

    it('tokenizes the 20,000-line file completely within the default budget once warm', () => {
      const large = path.join(corpus, 'large', 'large-20k.Dockerfile');
      assert.ok(existsSync(large), `${large} is missing: run node make-large.mjs in ${corpus}`);
      const model = parseDockerfile(readFileSync(large, 'utf8'));
      semanticTokens(model, { budgetMs: NO_BUDGET });
      const started = performance.now();
      const result = semanticTokens(model);
      const elapsed = performance.now() - started;
      assert.equal(result.complete, true, `took ${elapsed.toFixed(0)} ms`);
      assert.deepEqual(streamProblems(model, result.data), []);
      const range = { start: { line: 10_000, character: 0 }, end: { line: 10_060, character: 0 } };
      const ranged = decodeSemanticTokens(semanticTokens(model, { range }).data);
      assert.ok(ranged.length > 0);
      assert.ok(ranged.every((t) => t.line >= 10_000 && t.line <= 10_060));
    });
  });
});
