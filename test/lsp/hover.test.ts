// Hover over LSP against the bundled server, on real corpus files: instruction docs, variable values
// and base-image facts joined with the size breakdown, each part following its setting.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  HoverRequest,
  LogMessageNotification,
  MessageType,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { startTestServer, type TestServer } from '../support/lspClient';
import { corpusFiles, sharedDir } from '../support/shared';

const corpusFile = (name: string): string =>
  readFileSync(path.join(sharedDir(), 'corpus', 'files', name), 'utf8');
const markdown = (hover: Hover | null): string => (hover?.contents as MarkupContent | undefined)?.value ?? '';

let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-hover/${++n}/Dockerfile`;

describe('hover over LSP', () => {
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
  const hover = (uri: string, line: number, character: number) =>
    server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character },
    });
  async function configure(settings: Record<string, unknown>): Promise<void> {
    server.settings = settings;
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  }
  /** Line and character of the first occurrence of `needle` (plus `offset`). */
  function find(text: string, needle: string, offset = 0): [number, number] {
    const lines = text.split(/\r?\n/);
    const line = lines.findIndex((l) => l.includes(needle));
    assert.ok(line >= 0, `${needle} not found`);
    return [line, lines[line]!.indexOf(needle) + offset];
  }

  it('joins the size breakdown and the base image facts on a FROM image of a corpus file', async () => {
    const text = corpusFile('nodejs__docker-node/24__alpine3.24__Dockerfile');
    const uri = await open(text);
    const [line] = find(text, 'FROM alpine');
    const value = markdown(await hover(uri, line, 7));
    assert.match(value, /^\*\*stage 0: .*B\*\*/, 'the size breakdown comes first');
    assert.match(value, /\n---\n/);
    assert.match(value, /\*\*alpine:3\.24\*\*/);
    assert.match(value, /\| disk \(uncompressed\) \| .*\d [MG]B/);
    assert.match(value, /\| pull \(compressed\) \| .*\d [MG]B/);
    assert.match(value, /\| OS family \| alpine \(apk\) \|/);
  });

  it('documents the RUN keyword and its flags', async () => {
    const text = corpusFile('moby__buildkit/Dockerfile');
    const uri = await open(text);
    const [runLine] = find(text, 'RUN --mount=');
    const keyword = markdown(await hover(uri, runLine, 1));
    assert.match(keyword, /\*\*RUN\*\*: Runs a command in a new layer of the image\./);
    assert.match(keyword, /docs\.docker\.com\/reference\/dockerfile\/#run/);
    const [mountLine, mountAt] = find(text, '--mount=target=/root/.cache,type=cache', 2);
    assert.match(
      markdown(await hover(uri, mountLine, mountAt)),
      /`RUN --mount=type=<bind\|cache\|tmpfs\|secret\|ssh>,<options>`/,
    );
    // The type written after another option still decides which mount is documented.
    const [typeLine, typeAt] = find(text, ',type=cache', ',type='.length + 1);
    const typeHover = markdown(await hover(uri, typeLine, typeAt));
    assert.match(typeHover, /^\*\*RUN layer /, 'the size breakdown of the layer first');
    assert.match(typeHover, /\n---\n\n`RUN --mount=type=cache`\n/);
  });

  it('shows where a variable gets its value, in a real file', async () => {
    const text = corpusFile('qdrant__qdrant/Dockerfile');
    const uri = await open(text);
    const [line, character] = find(text, 'v$MOLD_VERSION', 2);
    const value = markdown(await hover(uri, line, character));
    assert.match(value, /\*\*`\$MOLD_VERSION`\*\*/);
    assert.match(value, /ARG on line \d+: `2\.41\.0`/);
  });

  it('follows the settings: docs off with languageFeatures off, facts and sizes off with sizes.hover off', async () => {
    const text = 'FROM node:22-alpine AS app\nRUN apk add --no-cache curl\nENV PORT=8080\n';
    const uri = await open(text);
    try {
      await configure({ languageFeatures: 'off' });
      assert.equal(await hover(uri, 2, 1), null, 'no keyword docs');
      const from = markdown(await hover(uri, 0, 6));
      assert.match(from, /\*\*app: /, 'the size breakdown stays');
      assert.match(from, /\*\*node:22-alpine\*\*/, 'the image facts stay: size data');
      await configure({ sizes: { hover: false } });
      const image = markdown(await hover(uri, 0, 6));
      assert.equal(image, '', 'no sizes, no facts');
      assert.match(markdown(await hover(uri, 0, 1)), /^\*\*FROM\*\*/, 'docs stay');
    } finally {
      await configure({});
    }
  });

  it('never fails on bad input, at every position', async () => {
    const inputs = [
      'FROM a\nRUN --mount=type=',
      'FROM a\nRUN <<EOF\napt-get install curl',
      '\uFEFFFROM alpine:3.24\r\nCOPY --from=alpine:3.24 a b\r\nRUN apk add curl\r\n',
      '# escape=`\nFROM a\nRUN echo `\n  $HOME',
      Buffer.from([0, 1, 2, 255, 254, 10, 70, 82, 79, 77, 32, 0, 10]).toString('latin1'),
    ];
    for (const text of inputs) {
      const uri = await open(text);
      const lines = text.split(/\r?\n/);
      for (let line = 0; line <= lines.length; line++)
        for (let character = 0; character <= (lines[line]?.length ?? 0) + 1; character++)
          await hover(uri, line, character);
    }
    assert.deepEqual(errors, []);
  });

  it('answers at many positions of many corpus files without errors', async () => {
    const files = corpusFiles(12, 5);
    let requests = 0;
    let answered = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const uri = await open(text);
      const lines = text.split(/\r?\n/);
      for (let line = 0; line < lines.length; line += Math.max(1, Math.floor(lines.length / 15))) {
        const length = lines[line]!.length;
        for (const character of [1, 6, Math.floor(length / 2)]) {
          if ((await hover(uri, line, character)) !== null) answered++;
          requests++;
        }
      }
    }
    assert.ok(files.length >= 70, `${files.length} files`);
    assert.ok(answered > requests / 4, `${answered} of ${requests} hovers had content`);
    assert.deepEqual(errors, []);
  });
});
