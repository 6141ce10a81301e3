// Compose and bake awareness over LSP: a compose.yaml next to the Dockerfile decides which stage ships
// (and so where root-user reports), gives ARG values (inlay hints, FROM resolution for sizes), the
// stage graph follows its target, a change of the file is picked up from didChangeWatchedFiles, and
// `leanDockerfile.useBuildFiles: false` restores the defaults.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DidOpenTextDocumentNotification,
  FileChangeType,
  InlayHintRequest,
  LogMessageNotification,
  type Diagnostic,
  type InlayHint,
  type MarkupContent,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { GraphRequest, type GraphResult } from '../../common/protocol';
import { startTestServer, type TestServer } from '../support/lspClient';

// 0 ARG, 1 FROM … AS dev, 2 USER root, 3 CMD, 5 FROM … AS prod (no USER: node runs as root), 6 CMD
const DOCKERFILE = [
  'ARG NODE_VERSION=20',
  'FROM node:${NODE_VERSION}-alpine AS dev',
  'USER root',
  'CMD ["node", "--watch", "server.js"]',
  '',
  'FROM node:${NODE_VERSION}-alpine AS prod',
  'CMD ["node", "server.js"]',
  '',
].join('\n');

const composeFile = (target: string): string =>
  [
    'services:',
    '  api:',
    '    build:',
    '      context: .',
    `      target: ${target}`,
    '      args:',
    '        NODE_VERSION: "22"',
    '',
  ].join('\n');

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
const labelOf = (hint: InlayHint): string =>
  typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
const rootUserLines = (diagnostics: Diagnostic[]): number[] =>
  diagnostics.filter((d) => d.code === 'root-user').map((d) => d.range.start.line);
const sameLines = (lines: number[]) => (p: PublishDiagnosticsParams) =>
  JSON.stringify(rootUserLines(p.diagnostics)) === JSON.stringify(lines);

describe('compose and bake files over LSP', () => {
  let server: TestServer;
  let dir: string;
  const logs: string[] = [];
  let n = 0;

  /** A folder with the Dockerfile and, when given, a compose.yaml; returns the Dockerfile's URI. */
  function workspace(compose: string | undefined): { uri: string; folder: string } {
    const folder = path.join(dir, `w${++n}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'Dockerfile'), DOCKERFILE);
    if (compose !== undefined) writeFileSync(path.join(folder, 'compose.yaml'), compose);
    return { uri: pathToFileURL(path.join(folder, 'Dockerfile')).href, folder };
  }

  async function open(uri: string): Promise<PublishDiagnosticsParams> {
    const published = server.waitForDiagnostics(uri);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE },
    });
    return published;
  }

  const hints = async (uri: string): Promise<InlayHint[]> =>
    ((await server.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri },
      range: WHOLE,
    })) as InlayHint[] | null) ?? [];

  async function configure(settings: Record<string, unknown>): Promise<void> {
    server.settings = settings;
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  }

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lean-lsp-buildfiles-'));
    server = await startTestServer();
    server.connection.onNotification(LogMessageNotification.type, (p) => {
      logs.push(p.message);
    });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('without build files, root-user reports on the last stage', async () => {
    const { uri } = workspace(undefined);
    assert.deepEqual(rootUserLines((await open(uri)).diagnostics), [5]);
  });

  it('a compose target ships that stage: root-user reports on dev and not on the last stage', async () => {
    const { uri } = workspace(composeFile('dev'));
    const published = await open(uri);
    assert.deepEqual(rootUserLines(published.diagnostics), [2]);
    const message = published.diagnostics.find((d) => d.code === 'root-user')!.message;
    assert.match(typeof message === 'string' ? message : message.value, /USER root/);
  });

  it('shows the compose value on the ARG line and uses it for the FROM lines', async () => {
    const { uri } = workspace(composeFile('dev'));
    await open(uri);
    const all = await hints(uri);
    const arg = all.find((h) => h.position.line === 0);
    assert.ok(arg, `a hint on the ARG line; got ${JSON.stringify(all.map(labelOf))}`);
    assert.equal(labelOf(arg), '= 22 (compose.yaml: api)');
    assert.deepEqual(arg.position, { line: 0, character: 'ARG NODE_VERSION=20'.length });
    assert.match((arg.tooltip as MarkupContent).value, /replaces the default written here \(`20`\)/);
    // The size hint after FROM names the image the build pulls.
    const from = all.find((h) => h.position.line === 1);
    assert.match(labelOf(from!), /^node:22-alpine /);
  });

  it('the stage graph without a target follows the compose target', async () => {
    const { uri } = workspace(composeFile('dev'));
    await open(uri);
    const result = (await server.connection.sendRequest(GraphRequest, { uri })) as GraphResult | null;
    assert.ok(result);
    const stages = result.graph.nodes.filter((node) => node.kind === 'stage');
    assert.deepEqual(
      stages.map((s) => [s.name, s.shipped, s.built]),
      [
        ['dev', true, true],
        ['prod', false, false],
      ],
    );
    const explicit = (await server.connection.sendRequest(GraphRequest, {
      uri,
      target: 'prod',
    })) as GraphResult | null;
    assert.deepEqual(
      explicit!.graph.nodes.filter((node) => node.kind === 'stage').map((s) => [s.name, s.built]),
      [
        ['dev', false],
        ['prod', true],
      ],
      'an explicit target wins',
    );
  });

  it('re-checks open documents when a watched compose file changes', async () => {
    const { uri, folder } = workspace(composeFile('dev'));
    assert.deepEqual(rootUserLines((await open(uri)).diagnostics), [2]);
    const composePath = path.join(folder, 'compose.yaml');
    writeFileSync(composePath, composeFile('prod'));
    const republished = server.waitForDiagnostics(uri, sameLines([5]));
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(composePath).href, type: FileChangeType.Changed }],
    });
    await republished;
  });

  it('useBuildFiles: false restores the default target and hides the ARG hint', async () => {
    const { uri } = workspace(composeFile('dev'));
    assert.deepEqual(rootUserLines((await open(uri)).diagnostics), [2]);
    try {
      const restored = server.waitForDiagnostics(uri, sameLines([5]));
      await configure({ useBuildFiles: false });
      await restored;
      const all = await hints(uri);
      assert.equal(
        all.some((h) => labelOf(h).includes('compose.yaml')),
        false,
      );
      assert.match(labelOf(all.find((h) => h.position.line === 1)!), /^node:20-alpine /);
    } finally {
      await configure({});
    }
  });

  it('a broken compose file changes nothing and is reported in the log, not as a crash', async () => {
    const { uri } = workspace('services:\n  api:\n    build: [\n');
    assert.deepEqual(rootUserLines((await open(uri)).diagnostics), [5]);
    assert.ok(
      logs.some((m) => /compose\.yaml: line \d+/.test(m)),
      `a log message about compose.yaml; got ${JSON.stringify(logs)}`,
    );
    assert.equal(server.stderr(), '');
  });
});
