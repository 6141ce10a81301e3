// Completion over LSP against the bundled server, on real corpus files: stage names after `--from=`,
// base images with sizes, variables in scope, package names, the languageFeatures setting, and bad
// input at every position.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  LogMessageNotification,
  MessageType,
  type CompletionItem,
  type CompletionList,
  type TextEdit,
} from 'vscode-languageserver/node';
import { startTestServer, type TestServer } from '../support/lspClient';
import { corpusFiles, sharedDir } from '../support/shared';

const corpusFile = (name: string): string =>
  readFileSync(path.join(sharedDir(), 'corpus', 'files', name), 'utf8');

let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-completion/${++n}/Dockerfile`;

/**
 * Names of the stages before the one holding line `at` (read from the text with a regular expression,
 * not by our parser): every `FROM … AS name` above, except the FROM of the line's own stage.
 */
function earlierStageNames(text: string, at: number): string[] {
  const froms = text
    .split(/\r?\n/)
    .slice(0, at)
    .filter((line) => /^\s*FROM\s/i.test(line))
    .map((line) => /^\s*FROM\s+(?:--\S+\s+)*\S+\s+AS\s+(\S+)/i.exec(line)?.[1]);
  return froms.slice(0, -1).filter((name): name is string => name !== undefined);
}

describe('completion over LSP', () => {
  let server: TestServer;
  const errors: string[] = [];
  before(async () => {
    server = await startTestServer();
    server.connection.onNotification(LogMessageNotification.type, (p) => {
      if (p.type === MessageType.Error) errors.push(p.message);
    });
  });
  after(async () => {
    await server.close();
  });

  const open = (text: string, uri = uniqueUri()): Promise<string> => server.open(text, uri);
  async function complete(uri: string, line: number, character: number): Promise<CompletionItem[]> {
    const result = (await server.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line, character },
    })) as CompletionList | CompletionItem[] | null;
    if (result === null) return [];
    return Array.isArray(result) ? result : result.items;
  }
  async function configure(settings: Record<string, unknown>): Promise<void> {
    server.settings = settings;
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  }

  it('advertises completion with trigger characters for flags, values, variables and tags', () => {
    const provider = server.initializeResult.capabilities.completionProvider;
    assert.deepEqual(provider?.triggerCharacters?.sort(), ['$', ',', '-', ':', '=', '{']);
  });

  it('lists exactly the earlier stage names after COPY --from= in corpus files', async () => {
    const files = [
      'qdrant__qdrant/Dockerfile',
      'docker__compose/Dockerfile',
      'docker__buildx/Dockerfile',
      'moby__buildkit/Dockerfile',
    ];
    let checked = 0;
    for (const file of files) {
      const text = corpusFile(file);
      const uri = await open(text);
      const lines = text.split(/\r?\n/);
      for (let line = 0; line < lines.length; line++) {
        const column = lines[line]!.search(/COPY\s+(?:--\S+\s+)*--from=/i);
        if (column < 0) continue;
        const character = lines[line]!.indexOf('--from=', column) + '--from='.length;
        const items = await complete(uri, line, character);
        assert.deepEqual(
          items.map((i) => i.label).sort(),
          [...new Set(earlierStageNames(text, line))].sort(),
          `${file}:${line + 1}`,
        );
        assert.ok(
          items.every((i) => /^FROM \S+/.test(i.detail ?? '')),
          `${file}:${line + 1} details name the base`,
        );
        checked++;
      }
    }
    assert.ok(checked >= 20, `${checked} COPY --from lines checked`);
  });

  it('gives earlier stages their estimated size in the detail', async () => {
    const uri = await open(
      'FROM golang:1.27 AS build\nRUN go build -o /app .\n\nFROM scratch\nCOPY --from= /app /app\n',
    );
    const items = await complete(uri, 4, 12);
    assert.deepEqual(
      items.map((i) => i.label),
      ['build'],
    );
    assert.match(items[0]!.detail!, /^FROM golang:1\.27 · .*\d [MG]B$/);
    assert.deepEqual((items[0]!.textEdit as TextEdit).range, {
      start: { line: 4, character: 12 },
      end: { line: 4, character: 12 },
    });
  });

  it('completes base images and tags from the table with their sizes', async () => {
    const uri = await open('FROM \nFROM node:\n');
    const images = await complete(uri, 0, 5);
    const python = images.find((i) => i.label === 'python');
    assert.ok(python, 'python is in the base-image table');
    assert.match(python.detail!, /\d+ tags · [\d.]+ MB–[\d.]+ (MB|GB)/);
    assert.equal(python.command?.command, 'editor.action.triggerSuggest', 'the tag list follows');
    const tags = await complete(uri, 1, 10);
    const slim = tags.find((i) => i.label === '22-slim');
    assert.ok(slim);
    assert.match(slim.detail!, /^≈ [\d.]+ MB disk · ≈ [\d.]+ MB pull$/);
  });

  it('completes variables in scope and not those declared later, in a real file', async () => {
    const original = corpusFile('qdrant__qdrant/Dockerfile').split('\n');
    const at = original.findIndex((l) => l.startsWith('ARG MOLD_VERSION='));
    assert.ok(at > 0, 'the qdrant Dockerfile declares MOLD_VERSION');
    const lines = [...original.slice(0, at + 1), 'RUN echo ${}', ...original.slice(at + 1)];
    const uri = await open(lines.join('\n'));
    const names = (await complete(uri, at + 1, 'RUN echo ${'.length)).map((i) => i.label);
    assert.ok(names.includes('MOLD_VERSION'), 'declared just above');
    assert.ok(names.includes('BUILDPLATFORM'), 'declared by ARG earlier in the stage');
    assert.ok(!names.includes('PROFILE'), 'ARG PROFILE comes later');
    assert.ok(!names.includes('GPU'), 'a global ARG not re-declared in the stage');
  });

  it('completes package names after apt-get install with Installed-Size', async () => {
    const uri = await open(
      'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends libss\n',
    );
    const items = await complete(
      uri,
      1,
      'RUN apt-get update && apt-get install -y --no-install-recommends libss'.length,
    );
    assert.ok(items.length > 0 && items.every((i) => i.label.startsWith('libss')));
    assert.ok(items.every((i) => /^Installed-Size /.test(i.detail ?? '')));
  });

  it('offers instructions at a line start with lean snippets', async () => {
    const uri = await open('FROM alpine:3.24\n\n');
    const items = await complete(uri, 1, 0);
    const labels = items.map((i) => i.label);
    for (const keyword of ['RUN', 'COPY', 'USER', 'HEALTHCHECK'])
      assert.ok(labels.includes(keyword), keyword);
    const cache = items.find((i) => i.label === 'RUN --mount=type=cache');
    assert.equal(cache?.insertTextFormat, 2, 'a snippet');
  });

  it('returns nothing with languageFeatures off, and only sized entries in auto mode next to a peer', async () => {
    const uri = await open('FROM alpine:3.24 AS a\nFROM node:\nCOPY --from= / /\n');
    try {
      await configure({ languageFeatures: 'off' });
      assert.deepEqual(await complete(uri, 1, 10), []);
      assert.deepEqual(await complete(uri, 2, 12), []);
    } finally {
      await configure({});
    }
    assert.ok((await complete(uri, 2, 12)).length > 0, 'back on');
    const peer = await startTestServer({ initializationOptions: { peerDockerExtension: true } });
    try {
      const peerUri = uniqueUri();
      const published = peer.waitForDiagnostics(peerUri);
      await peer.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: {
          uri: peerUri,
          languageId: 'dockerfile',
          version: 1,
          text: 'FROM alpine:3.24 AS a\nFROM node:\nCOPY --from= / /\n',
        },
      });
      await published;
      const ask = (line: number, character: number) =>
        peer.connection.sendRequest(CompletionRequest.type, {
          textDocument: { uri: peerUri },
          position: { line, character },
        }) as Promise<CompletionList>;
      assert.ok((await ask(1, 10)).items.length > 0, 'image tags with sizes: only we offer them');
      assert.deepEqual((await ask(2, 12)).items, [], 'stage names: the peer extension offers them');
    } finally {
      await peer.close();
    }
  });

  it('never fails on bad input, at every position', async () => {
    const inputs = [
      'FROM a\nRUN --mount=type=',
      'FROM a\nRUN --mount=type=cache,target=/x,,,=,sharing=\n',
      'FROM a\nRUN <<EOF\napt-get install cu',
      '\uFEFFFROM alpine:3.24\r\nCOPY --from= a b\r\nRUN apk add cu\r\n',
      '# escape=`\nFROM a\nRUN echo `\n  $HO',
      'FROM a\nRUN ["apt-get", "install", "cu"\nCMD [',
      Buffer.from([0, 1, 2, 255, 254, 10, 70, 82, 79, 77, 32, 0, 10]).toString('latin1'),
      `FROM a\nRUN echo ${'x'.repeat(50_000)} $`,
    ];
    for (const text of inputs) {
      const uri = await open(text);
      const lines = text.split(/\r?\n/);
      for (let line = 0; line <= lines.length; line++) {
        const length = Math.min(lines[line]?.length ?? 0, 60);
        for (let character = 0; character <= length + 1; character++) await complete(uri, line, character);
      }
      await complete(uri, 1, 50_011);
    }
    assert.deepEqual(errors, []);
  });

  it('answers at many positions of many corpus files without errors', async () => {
    const files = corpusFiles(12);
    let requests = 0;
    let answered = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const uri = await open(text);
      const lines = text.split(/\r?\n/);
      for (let line = 0; line < lines.length; line += Math.max(1, Math.floor(lines.length / 15))) {
        const length = lines[line]!.length;
        for (const character of [0, Math.floor(length / 2), length]) {
          const items = await complete(uri, line, character);
          requests++;
          if (items.length > 0) answered++;
        }
      }
    }
    assert.ok(files.length >= 70, `${files.length} files`);
    assert.ok(answered > requests / 10, `${answered} of ${requests} requests had items`);
    assert.deepEqual(errors, []);
  });
});
