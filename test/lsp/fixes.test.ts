// The headline refactors come back as code actions from the bundled server, for their findings.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CodeActionRequest,
  DidOpenTextDocumentNotification,
  type CodeAction,
  type Diagnostic,
  type TextEdit,
} from 'vscode-languageserver/node';
import { startTestServer, type TestServer } from '../support/lspClient';

let n = 0;

async function actionsFor(
  server: TestServer,
  text: string,
  rule: string,
): Promise<{ uri: string; actions: CodeAction[] }> {
  const uri = `file:///tmp/lean-lsp-fixes/${++n}/Dockerfile`;
  const published = server.waitForDiagnostics(uri);
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'dockerfile', version: 1, text },
  });
  const diagnostic = (await published).diagnostics.find((d: Diagnostic) => d.code === rule);
  assert.ok(diagnostic, `no ${rule} diagnostic`);
  const actions = (await server.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CodeAction[];
  return { uri, actions };
}

function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((a, l) => a + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}

describe('headline refactors over LSP', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('offers "Split into builder stage…" as refactor.rewrite for a single-stage Go build', async () => {
    const text =
      'FROM golang:1.27\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nUSER 65532\nENTRYPOINT ["/bin/app"]\n';
    const { uri, actions } = await actionsFor(server, text, 'single-stage-toolchain');
    const split = actions.filter((a) => /^split into builder stage/i.test(a.title));
    assert.ok(split.length >= 1, actions.map((a) => a.title).join(' | '));
    assert.equal(split[0]!.kind, 'refactor.rewrite');
    const out = apply(text, split[0]!.edit!.changes![uri]!);
    assert.match(out, /^FROM golang:1\.27 AS builder$/m);
    assert.match(out, /^RUN CGO_ENABLED=0 go build -o \/bin\/app \.$/m);
    assert.match(out, /^COPY --from=builder \/bin\/app \/bin\/app$/m);
  });

  it('shows the estimated saving in split titles: Go → scratch and distroless, Node, Python', async () => {
    const saving = /^Split into builder stage \(≈ −[\d.]+ [MG]B\): /;
    const titles = async (text: string): Promise<string[]> =>
      (await actionsFor(server, text, 'single-stage-toolchain')).actions
        .map((a) => a.title)
        .filter((t) => /^split into builder stage/i.test(t));

    const go = await titles(
      'FROM golang:1.27\nWORKDIR /src\nCOPY . .\nRUN go build -o /bin/app .\nENTRYPOINT ["/bin/app"]\n',
    );
    const scratch = go.find((t) => t.endsWith('Go → scratch'));
    // distroless publishes no sizes: the title uses the size model's range for it.
    const distroless = go.find((t) => t.endsWith('Go → distroless/static'));
    assert.match(scratch ?? go.join(' | '), saving);
    assert.match(distroless ?? go.join(' | '), saving);

    const [node] = await titles(
      'FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\nCMD ["node", "dist/server.js"]\n',
    );
    assert.match(node ?? 'no split for Node', saving);
    assert.ok(node!.endsWith('Node.js → node:22-alpine'), node);

    const [python] = await titles(
      'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n',
    );
    assert.match(python ?? 'no split for Python', saving);
    assert.ok(python!.endsWith('Python → python:3.13-slim'), python);
  });

  it('offers "Add USER nodejs" (and the built-in node user) for a Node image running as root', async () => {
    const text = 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n';
    const { uri, actions } = await actionsFor(server, text, 'root-user');
    const titles = actions.map((a) => a.title);
    assert.ok(
      titles.some((t) => /^add user nodejs$/i.test(t)),
      titles.join(' | '),
    );
    assert.ok(titles.includes('Add USER node'));
    const nodejs = actions.find((a) => a.title === 'Add USER nodejs')!;
    assert.match(
      apply(text, nodejs.edit!.changes![uri]!),
      /RUN addgroup -g 1001 -S nodejs && adduser .*\nUSER nodejs\nCMD/,
    );
  });

  it('offers "Copy CA certs…" for a scratch image without a CA bundle', async () => {
    const text =
      'FROM golang:1.27 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n';
    const { uri, actions } = await actionsFor(server, text, 'scratch-missing-ca-certificates');
    const certs = actions.find((a) => /^copy ca certs/i.test(a.title));
    assert.ok(certs, actions.map((a) => a.title).join(' | '));
    assert.equal(certs.isPreferred, true);
    assert.match(
      apply(text, certs.edit!.changes![uri]!),
      /FROM scratch\nCOPY --from=build \/etc\/ssl\/certs\/ca-certificates\.crt \/etc\/ssl\/certs\/ca-certificates\.crt\n/,
    );
  });

  it('creates a .dockerignore through a workspace edit with a CreateFile operation', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const dir = mkdtempSync(path.join(tmpdir(), 'lean-lsp-ignore-'));
    try {
      const uri = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      const text =
        'FROM python:3.13-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 10001\nCMD ["python", "app.py"]\n';
      const published = server.waitForDiagnostics(uri);
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text },
      });
      const diagnostic = (await published).diagnostics.find((d) => d.code === 'missing-dockerignore');
      assert.ok(diagnostic, 'missing-dockerignore fires for a file on disk without .dockerignore');
      const [action] = (await server.connection.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })) as CodeAction[];
      assert.equal(action!.title, 'Create .dockerignore next to the Dockerfile (python)');
      const changes = action!.edit!.documentChanges! as Array<{
        kind?: string;
        uri?: string;
        options?: object;
        edits?: TextEdit[];
      }>;
      assert.deepEqual(changes[0], {
        kind: 'create',
        uri: pathToFileURL(path.join(dir, '.dockerignore')).href,
        options: { ignoreIfExists: true },
      });
      assert.match((changes[1] as { edits: TextEdit[] }).edits[0]!.newText, /^__pycache__$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
