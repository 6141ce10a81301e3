import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionKind,
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { startTestServer, type TestServer } from '../support/lspClient';

// These tests are about the server, not about rules: they look at the three rules below, so that new
// rules firing on the samples (root-user on `FROM node` + CMD, …) do not change the expectations.
const UNDER_TEST = new Set(['latest-tag', 'maintainer-deprecated', 'json-args-recommended']);
const ours = (diagnostics: Diagnostic[]): Diagnostic[] =>
  diagnostics.filter((d) => UNDER_TEST.has(String(d.code)));

const DOCKERFILE = [
  'FROM node',
  'MAINTAINER Jane Doe <jane@example.com>',
  'WORKDIR /app',
  'COPY . .',
  'CMD node server.js',
  '',
].join('\n');

let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-test/${++n}/Dockerfile`;

async function open(server: TestServer, text: string, uri = uniqueUri()) {
  const published = server.waitForDiagnostics(uri);
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'dockerfile', version: 1, text },
  });
  return { uri, diagnostics: ours((await published).diagnostics) };
}

function codeActions(server: TestServer, uri: string, diagnostics: Diagnostic[], only?: string[]) {
  const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return server.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range,
    context: { diagnostics, ...(only ? { only } : {}) },
  }) as Promise<CodeAction[]>;
}

describe('language server over stdio', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    const code = await server.close();
    assert.equal(code, 0, 'the server exits cleanly after shutdown + exit');
  });

  it('answers initialize with its capabilities', () => {
    const caps = server.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
    assert.deepEqual((caps.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, [
      'quickfix',
      'refactor.rewrite',
      'source.fixAll.leanDockerfile',
    ]);
    assert.equal(server.initializeResult.serverInfo?.name, 'lean-dockerfile');
  });

  it('publishes diagnostics with rule ids, docs links and versions', async () => {
    const { diagnostics } = await open(server, DOCKERFILE);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line, d.severity]),
      [
        ['latest-tag', 0, 2],
        ['maintainer-deprecated', 1, 2],
        ['json-args-recommended', 4, 2],
      ],
    );
    for (const d of diagnostics) {
      assert.equal(d.source, 'lean-dockerfile');
      assert.ok(
        d.codeDescription?.href.endsWith(`/docs/rules/${String(d.code)}.md`),
        d.codeDescription?.href,
      );
    }
    assert.deepEqual(diagnostics[1]!.tags, [2], 'MAINTAINER is tagged deprecated');
  });

  it('returns the quick fixes of each rule', async () => {
    const { uri, diagnostics } = await open(server, DOCKERFILE);
    const titles: string[] = [];
    for (const d of diagnostics)
      for (const action of await codeActions(server, uri, [d], [CodeActionKind.QuickFix]))
        titles.push(action.title);
    assert.deepEqual(titles, [
      'Pin to node:26 (newest in the bundled table, 2026-09-25)',
      'Convert to LABEL org.opencontainers.image.authors',
      'Convert CMD to exec form',
    ]);
    const [cmdFix] = await codeActions(server, uri, [diagnostics[2]!]);
    assert.equal(cmdFix!.kind, 'quickfix');
    assert.equal(cmdFix!.isPreferred, true);
    assert.deepEqual(cmdFix!.diagnostics, [diagnostics[2]]);
    assert.deepEqual(cmdFix!.edit?.changes?.[uri], [
      {
        range: { start: { line: 4, character: 4 }, end: { line: 4, character: 18 } },
        newText: '["node", "server.js"]',
      },
    ]);
  });

  it('offers fix-all as a source action', async () => {
    const { uri, diagnostics } = await open(server, DOCKERFILE);
    const actions = await codeActions(server, uri, diagnostics, ['source.fixAll']);
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.kind, 'source.fixAll.leanDockerfile');
    const texts = (actions[0]!.edit?.changes?.[uri] ?? []).map((e) => e.newText);
    assert.ok(
      texts.includes('LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"'),
      texts.join(' | '),
    );
    assert.ok(texts.includes('["node", "server.js"]'), texts.join(' | '));
    assert.ok(
      !texts.some((t) => t.includes('USER')),
      'suggestions such as Add USER are not applied by fix-all',
    );
  });

  it('re-checks after incremental edits and publishes the newest version only', async () => {
    const { uri } = await open(server, DOCKERFILE);
    const settled = server.waitForDiagnostics(uri, (p) => p.version === 3);
    // Two quick edits: the first one's analysis is superseded by the second (debounced).
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        {
          range: { start: { line: 4, character: 4 }, end: { line: 4, character: 18 } },
          text: '["node", "server.js"]',
        },
      ],
    });
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 3 },
      contentChanges: [
        { range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, text: ':22-alpine' },
      ],
    });
    const result = await settled;
    assert.deepEqual(
      ours(result.diagnostics).map((d) => d.code),
      ['maintainer-deprecated'],
    );
  });

  it('clears diagnostics when a document closes', async () => {
    const { uri } = await open(server, DOCKERFILE);
    const cleared = server.waitForDiagnostics(uri);
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('pulls settings per document and re-checks when they change', async () => {
    server.settings = { rules: { 'latest-tag': 'off', DL4000: 'error' } };
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const { diagnostics } = await open(server, DOCKERFILE);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.severity]),
      [
        ['maintainer-deprecated', 1],
        ['json-args-recommended', 2],
      ],
    );
    server.settings = { enable: false };
    const { uri } = await open(server, DOCKERFILE);
    assert.deepEqual((await codeActions(server, uri, [])).length, 0);
    server.settings = {};
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  });

  it('ignores ill-typed settings', async () => {
    server.settings = {
      rules: { 'latest-tag': 42, 'json-args-recommended': 'loud' },
      diagnosticsDelay: 'soon',
      targets: 'x',
    };
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const { diagnostics } = await open(server, DOCKERFILE);
    assert.equal(diagnostics.length, 3);
    server.settings = {};
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  });

  it('reads .lean-dockerfile.json and .hadolint.yaml next to a file on disk, editor settings winning', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lean-lsp-config-'));
    try {
      writeFileSync(
        path.join(dir, '.lean-dockerfile.json'),
        JSON.stringify({ rules: { 'latest-tag': 'error', DL4000: 'off' } }),
      );
      writeFileSync(path.join(dir, '.hadolint.yaml'), 'ignored: [DL3025]\n');
      const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      const { diagnostics } = await open(server, DOCKERFILE, uri);
      assert.deepEqual(
        diagnostics.map((d) => [d.code, d.severity]),
        [['latest-tag', 1]],
      );
      server.settings = { rules: { 'latest-tag': 'info' } };
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
      const again = await open(server, DOCKERFILE, pathToFileURL(path.join(dir, 'sub.Dockerfile')).href);
      assert.deepEqual(
        again.diagnostics.map((d) => [d.code, d.severity]),
        [['latest-tag', 3]],
      );
    } finally {
      server.settings = {};
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const badInputs: Array<[string, string]> = [
    ['empty', ''],
    ['binary', String.fromCharCode(...Array.from({ length: 4096 }, (_, i) => (i * 31) % 256))],
    ['1 MB line', `FROM alpine:3.24\nRUN echo ${'y'.repeat(1_000_000)}\n`],
    ['BOM + CRLF', '\uFEFFFROM node\r\nCMD node server.js\r\n'],
    [
      'backtick escape',
      '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  C:\\\n',
    ],
    ['unterminated heredoc', 'FROM alpine:3.24\nRUN <<EOF\necho\n'],
    ['half-typed', 'FROM\nCOPY --from=\nCMD ["a",\n'],
    ['ENV a $b before FROM', 'ENV a $b\n'],
  ];
  for (const [name, text] of badInputs) {
    it(`survives bad input: ${name}`, async () => {
      const { diagnostics } = await open(server, text);
      assert.ok(Array.isArray(diagnostics));
      // Still alive and answering requests.
      const { diagnostics: next } = await open(server, 'FROM node\n');
      assert.deepEqual(
        next.map((d) => d.code),
        ['latest-tag'],
      );
    });
  }
});

describe('language server without workspace/configuration', () => {
  it('uses settings from initializationOptions-less defaults and didChangeConfiguration pushes', async () => {
    const server = await startTestServer({ pullConfiguration: false });
    try {
      const { diagnostics } = await open(server, DOCKERFILE);
      assert.equal(diagnostics.length, 3);
      const uri = uniqueUri();
      await server.connection.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { leanDockerfile: { rules: { 'json-args-recommended': 'off' } } },
      });
      const published = server.waitForDiagnostics(uri);
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE },
      });
      assert.deepEqual(
        ours((await published).diagnostics).map((d) => d.code),
        ['latest-tag', 'maintainer-deprecated'],
      );
    } finally {
      await server.close();
    }
  });
});
