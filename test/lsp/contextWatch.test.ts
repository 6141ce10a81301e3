// COPY sizes follow the files on disk: when the client reports a changed file inside a build context
// (workspace/didChangeWatchedFiles), the context is measured again and the size views refreshed.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  InlayHintRefreshRequest,
  InlayHintRequest,
  type InlayHint,
} from 'vscode-languageserver/node';
import { startTestServer, type TestServer } from '../support/lspClient';

const labelOf = (hint: InlayHint): string =>
  typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');

describe('build context files changing on disk', () => {
  let folder: string;
  let server: TestServer;
  let refreshes = 0;
  before(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'lean-context-watch-'));
    writeFileSync(path.join(folder, 'payload.bin'), Buffer.alloc(2_000));
    server = await startTestServer({
      workspaceFolders: [folder],
      capabilities: { workspace: { inlayHint: { refreshSupport: true } } },
    });
    server.connection.onRequest(InlayHintRefreshRequest.type, () => {
      refreshes++;
    });
  });
  after(async () => {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('measures the COPY again after a watched-file change, without waiting for the walk to expire', async () => {
    const dockerfile = path.join(folder, 'Dockerfile');
    const text = 'FROM scratch\nCOPY payload.bin /payload.bin\n';
    writeFileSync(dockerfile, text);
    const uri = await server.open(text, pathToFileURL(dockerfile).href);
    const copyHint = async (): Promise<string> => {
      const hints = (await server.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } },
      })) as InlayHint[];
      const hint = hints.find((h) => h.position.line === 1);
      assert.ok(hint, 'a size hint on the COPY line');
      return labelOf(hint);
    };
    assert.match(await copyHint(), /^\+2 kB$/);

    writeFileSync(path.join(folder, 'payload.bin'), Buffer.alloc(3_000_000));
    // Unreported, the change is not seen yet: the walk is reused for a while.
    assert.match(await copyHint(), /^\+2 kB$/);
    const before = refreshes;
    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
      changes: [{ uri: pathToFileURL(path.join(folder, 'payload.bin')).href, type: FileChangeType.Changed }],
    });
    assert.match(await copyHint(), /^\+3 MB$/);
    assert.ok(refreshes > before, 'the client was asked to refresh its inlay hints');
  });

  it('ignores changes outside any build context', async () => {
    const other = mkdtempSync(path.join(tmpdir(), 'lean-context-other-'));
    try {
      const before = refreshes;
      await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, {
        changes: [{ uri: pathToFileURL(path.join(other, 'x')).href, type: FileChangeType.Created }],
      });
      // A request after the notification: the server handled the notification first.
      await server.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri: pathToFileURL(path.join(folder, 'Dockerfile')).href },
        range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } },
      });
      assert.equal(refreshes, before);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
