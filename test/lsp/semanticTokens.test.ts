// Semantic tokens over LSP against the bundled server: the legend, full and range requests, the
// inputs that crash dockerfile-language-service's tokens, the 20,000-line file, and diagnostics that
// keep arriving while a token request on that file is under way.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  LogMessageNotification,
  SemanticTokensRangeRequest,
  SemanticTokensRequest,
  type LogMessageParams,
  type Range,
  type SemanticTokens,
  type SemanticTokensLegend,
} from 'vscode-languageserver/node';
import { startTestServer, type TestServer } from '../support/lspClient';
import { corpusFiles, sharedDir } from '../support/shared';

let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-tokens/${++n}/Dockerfile`;

interface Token {
  line: number;
  character: number;
  length: number;
  type: string;
  modifiers: string[];
}

function decode(data: number[], legend: SemanticTokensLegend): Token[] {
  const out: Token[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
    out.push({
      line,
      character,
      length: data[i + 2]!,
      type: legend.tokenTypes[data[i + 3]!] ?? `unknown(${data[i + 3]})`,
      modifiers: legend.tokenModifiers.filter((_, k) => (data[i + 4]! & (1 << k)) !== 0),
    });
  }
  return out;
}

/** Token positions must be on a line of the text, inside it, in order and not overlapping. */
function problems(text: string, tokens: Token[]): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: string[] = [];
  let previous: Token | undefined;
  for (const t of tokens) {
    const where = `${t.line}:${t.character}+${t.length}`;
    if (t.type.startsWith('unknown')) out.push(`${where} ${t.type}`);
    if (t.length <= 0) out.push(`${where} empty`);
    if (t.line >= lines.length || t.character + t.length > lines[t.line]!.length)
      out.push(`${where} outside the text`);
    if (
      previous &&
      (t.line < previous.line ||
        (t.line === previous.line && t.character < previous.character + previous.length))
    )
      out.push(`${where} overlaps or precedes the previous token`);
    previous = t;
  }
  return out;
}

describe('semantic tokens over LSP', () => {
  let server: TestServer;
  const logged: string[] = [];
  let legend: SemanticTokensLegend;
  before(async () => {
    server = await startTestServer({ settings: { diagnosticsDelay: 0 } });
    // The server reports a failed request in its log (window/logMessage) and answers with nothing.
    server.connection.onNotification(LogMessageNotification.type, (p: LogMessageParams) => {
      logged.push(p.message);
    });
    legend = server.initializeResult.capabilities.semanticTokensProvider!.legend;
  });
  after(async () => {
    await server.close();
  });

  async function open(text: string, uri = uniqueUri(), timeoutMs = 10_000): Promise<string> {
    const published = server.waitForDiagnostics(uri, undefined, timeoutMs);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text },
    });
    await published;
    return uri;
  }
  const full = (uri: string) =>
    server.connection.sendRequest(SemanticTokensRequest.type, {
      textDocument: { uri },
    }) as Promise<SemanticTokens>;
  const ranged = (uri: string, range: Range) =>
    server.connection.sendRequest(SemanticTokensRangeRequest.type, {
      textDocument: { uri },
      range,
    }) as Promise<SemanticTokens>;
  const close = (uri: string) =>
    server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });

  it('advertises full and range requests with its own legend', () => {
    const provider = server.initializeResult.capabilities.semanticTokensProvider!;
    assert.equal(provider.full, true);
    assert.equal(provider.range, true);
    for (const type of [
      'keyword',
      'comment',
      'string',
      'operator',
      'variable',
      'parameter',
      'property',
      'type',
      'class',
      'macro',
    ])
      assert.ok(legend.tokenTypes.includes(type), `legend lacks ${type}`);
    assert.ok(legend.tokenModifiers.includes('declaration'));
  });

  it('decodes to the expected token types on a small file', async () => {
    const text = [
      '# syntax=docker/dockerfile:1',
      'ARG NODE=22',
      'FROM node:${NODE}-alpine AS deps',
      'RUN --mount=type=cache,target=/root/.npm npm ci',
      'FROM deps',
      'COPY --from=deps /app /app',
      'CMD ["node", "server.js"]',
      '',
    ].join('\n');
    const uri = await open(text);
    const tokens = decode((await full(uri)).data, legend);
    const lines = text.split('\n');
    const seen = tokens.map((t) => {
      const mods = t.modifiers.length ? `+${t.modifiers.join('+')}` : '';
      return `${lines[t.line]!.slice(t.character, t.character + t.length)} ${t.type}${mods}`;
    });
    assert.deepEqual(seen, [
      '#  comment',
      'syntax macro',
      '= operator',
      'docker/dockerfile:1 string',
      'ARG keyword',
      'NODE variable+declaration',
      '= operator',
      '22 string',
      'FROM keyword',
      'node: type',
      '${NODE variable',
      '} variable',
      '-alpine type',
      'AS keyword',
      'deps class+declaration',
      'RUN keyword',
      '--mount parameter',
      '= operator',
      'type property',
      '= operator',
      'cache string',
      'target property',
      '= operator',
      '/root/.npm string',
      'FROM keyword',
      'deps class',
      'COPY keyword',
      '--from parameter',
      '= operator',
      'deps class',
      'CMD keyword',
      '"node" string',
      '"server.js" string',
    ]);
    const middle = decode(
      (await ranged(uri, { start: { line: 3, character: 0 }, end: { line: 4, character: 9 } })).data,
      legend,
    );
    assert.deepEqual(
      middle.map((t) => `${t.line}:${t.character} ${t.type}`),
      tokens.filter((t) => t.line >= 3 && t.line <= 4).map((t) => `${t.line}:${t.character} ${t.type}`),
    );
    await close(uri);
  });

  // The peer's semantic tokens throw on a `\` continuation followed by a character at a line start.
  it('answers for continuations followed by a character at the line start, with either escape', async () => {
    const variants = [
      'FROM alpine\nRUN echo \\\nx',
      'FROM alpine\nRUN echo \\\r\nx\r\n',
      'FROM alpine\nRUN \\\nx\n',
      'FROM alpine\nENV A=1 \\\nB=2\n',
      'FROM \\\nx\n',
      '\\\nx',
      'RUN \\\n\\\nx',
      '# escape=`\nFROM alpine\nRUN echo `\nx\n',
      '# escape=`\r\nFROM alpine\r\nRUN echo `\r\nx',
      '# escape=`\nFROM alpine\nCOPY --from=`\nx a b\n',
    ];
    for (const text of variants) {
      const uri = await open(text);
      const tokens = decode((await full(uri)).data, legend);
      assert.deepEqual(problems(text, tokens), [], JSON.stringify(text));
      assert.ok(
        tokens.some((t) => t.type === 'keyword'),
        `${JSON.stringify(text)}: no keyword token`,
      );
      const lastLine = text.split(/\r\n|\n/).length - 1;
      const inRange = decode(
        (await ranged(uri, { start: { line: 1, character: 0 }, end: { line: lastLine, character: 0 } })).data,
        legend,
      );
      assert.deepEqual(problems(text, inRange), [], JSON.stringify(text));
      await close(uri);
    }
    assert.deepEqual(
      logged.filter((m) => /semanticTokens failed for/.test(m)),
      [],
    );
  });

  it('gives valid tokens for files of every repository in the corpus', async () => {
    const files = corpusFiles(5);
    assert.ok(files.length > 150);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const uri = await open(text);
      const tokens = decode((await full(uri)).data, legend);
      assert.deepEqual(problems(text, tokens), [], file);
      await close(uri);
    }
    assert.deepEqual(
      logged.filter((m) => /semanticTokens failed for/.test(m)),
      [],
    );
  });

  describe('on the 20,000-line file', () => {
    const large = path.join(sharedDir(), 'corpus', 'large', 'large-20k.Dockerfile');
    let text = '';
    let uri = '';
    before(async () => {
      assert.ok(existsSync(large), `${large} is missing: run node make-large.mjs in the corpus folder`);
      text = readFileSync(large, 'utf8');
      uri = await open(text, uniqueUri(), 60_000);
    });

    it('answers a full request completely and a range request with only its lines', async () => {
      const all = decode((await full(uri)).data, legend);
      assert.deepEqual(problems(text, all), []);
      const lastLine = text.split('\n').length - 1;
      assert.ok(
        all[all.length - 1]!.line > lastLine - 200,
        `tokens stop at line ${all[all.length - 1]!.line}`,
      );
      const range = { start: { line: 12_000, character: 0 }, end: { line: 12_080, character: 0 } };
      const some = decode((await ranged(uri, range)).data, legend);
      assert.ok(some.length > 20, `only ${some.length} tokens in 80 lines`);
      assert.ok(some.every((t) => t.line >= 12_000 && t.line <= 12_080));
      assert.deepEqual(
        some,
        all.filter((t) => t.line >= 12_000 && t.line <= 12_080),
      );
    });

    it('still publishes diagnostics promptly for edits made next to a full token request', async () => {
      const lines = text.split('\n');
      const editLine = lines.findIndex((l, i) => i > 10_000 && /^RUN [^\\]/.test(l));
      assert.ok(editLine > 0);
      let version = 1;
      let inserted = false;
      /** Types or removes one character; resolves with the ms from the edit to its diagnostics. */
      const edit = async (tokens: 'none' | 'before' | 'after'): Promise<number> => {
        version++;
        const published = server.waitForDiagnostics(uri, (p) => p.version === version, 60_000);
        const change = inserted
          ? {
              range: { start: { line: editLine, character: 4 }, end: { line: editLine, character: 5 } },
              text: '',
            }
          : {
              range: { start: { line: editLine, character: 4 }, end: { line: editLine, character: 4 } },
              text: 'x',
            };
        inserted = !inserted;
        let request: Promise<SemanticTokens> | undefined;
        const started = performance.now();
        if (tokens === 'before') request = full(uri);
        await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri, version },
          contentChanges: [change],
        });
        if (tokens === 'after') request = full(uri);
        const diagnostics = await published;
        const elapsed = performance.now() - started;
        assert.equal(diagnostics.version, version);
        if (request) assert.ok((await request).data.length > 0, 'the token request answered too');
        return elapsed;
      };
      const baseline = Math.min(await edit('none'), await edit('none'));
      for (const order of ['before', 'after'] as const) {
        const elapsed = await edit(order);
        assert.ok(
          elapsed < baseline * 3 + 2000,
          `token request ${order} the edit: diagnostics after ${elapsed.toFixed(0)} ms, ${baseline.toFixed(0)} ms without`,
        );
      }
    });
  });
});
