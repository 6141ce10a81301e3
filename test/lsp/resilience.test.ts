// The server under stress, over stdio: many documents at once, bursts of edits, a document closed
// while it is analysed, memory over thousands of edits, and shutdown/exit.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  LogMessageNotification,
  MessageType,
  ShutdownRequest,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { sharedDir } from '../support/shared';
import { startTestServer, type TestServer } from '../support/lspClient';

const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => String(d.code)).sort();

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
  assert.ok(Number.isFinite(kb), 'VmRSS readable');
  return kb / 1000;
}

let n = 0;
const uniqueUri = (): string => `file:///tmp/lean-resilience/${++n}/Dockerfile`;

describe('server resilience', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ settings: { diagnosticsDelay: 0 } });
  });
  after(async () => {
    await server.close();
  });

  const change = (uri: string, version: number, line: number, text: string) =>
    server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text }],
    });

  it('answers 50 documents opened at once, each with its own findings', async () => {
    const uris = Array.from({ length: 50 }, uniqueUri);
    const published = uris.map((uri) => server.waitForDiagnostics(uri, () => true, 60_000));
    for (const [i, uri] of uris.entries()) {
      // Every other document has a MAINTAINER line: the findings must not leak between documents.
      const text = `FROM alpine:3.20\n${i % 2 === 0 ? 'MAINTAINER x\n' : ''}CMD ["sh"]\n`;
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text },
      });
    }
    const results = await Promise.all(published);
    for (const [i, result] of results.entries())
      assert.equal(codes(result.diagnostics).includes('maintainer-deprecated'), i % 2 === 0, uris[i]);
  });

  it('ends a burst of 1,000 edits with the diagnostics of the final text', async () => {
    const uri = await server.open('FROM alpine:3.20\nCMD ["sh"]\n', uniqueUri());
    // Each edit inserts a line at the top; the last one makes the file use MAINTAINER.
    for (let version = 2; version <= 1000; version++) await change(uri, version, 1, 'RUN true\n');
    const final = server.waitForDiagnostics(uri, (p) => p.version === 1001, 60_000);
    await change(uri, 1001, 1, 'MAINTAINER x\n');
    const result = await final;
    assert.ok(codes(result.diagnostics).includes('maintainer-deprecated'), codes(result.diagnostics).join());
    // 999 consecutive RUNs: combine-consecutive-runs reports them, on the final text's lines.
    assert.ok(result.diagnostics.every((d) => d.range.start.line <= 1001));
  });

  it('closes a document while its large analysis runs: cleared, and the server still answers', async () => {
    const uri = uniqueUri();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri,
        languageId: 'dockerfile',
        version: 1,
        text: readFileSync(path.join(sharedDir(), 'corpus', 'large', 'large-20k.Dockerfile'), 'utf8'),
      },
    });
    const cleared = server.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0, 30_000);
    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, {
      textDocument: { uri },
    });
    await cleared;
    const next = await server.open('FROM alpine\n', uniqueUri());
    assert.ok(next);
  });

  it('keeps its memory bounded over 10,000 edits', async () => {
    const uri = await server.open('FROM alpine:3.20\nCMD ["sh"]\n', uniqueUri());
    let version = 1;
    const samples: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 999; i++) await change(uri, ++version, 1, '# note\n');
      const last = ++version;
      const settled = server.waitForDiagnostics(uri, (p) => p.version === last, 60_000);
      await change(uri, last, 1, 'RUN true\n');
      await settled;
      samples.push(rssMB(server.process.pid!));
    }
    // The document grows by 10,000 short lines; the server may keep its analysis, but no more than a
    // few tens of MB beyond what it held after the second round.
    const growth = samples.at(-1)! - samples[1]!;
    console.log(`RSS over 10,000 edits: ${samples.map((s) => s.toFixed(0)).join(', ')} MB`);
    assert.ok(growth < 80, `RSS grew by ${growth.toFixed(0)} MB between the 2nd and 10th thousand edits`);
  });

  it('says which settings values it ignored, and uses the defaults for them', async () => {
    const own = await startTestServer({
      settings: { diagnosticsDelay: 'soon', languageFeatures: 'maybe', rules: { 'latest-tag': 'loud' } },
    });
    try {
      const warnings: string[] = [];
      own.connection.onNotification(LogMessageNotification.type, (p) => {
        if (p.type === MessageType.Warning) warnings.push(p.message);
      });
      const uri = uniqueUri();
      const published = own.waitForDiagnostics(uri);
      await own.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: 'FROM node\nCMD ["node"]\n' },
      });
      // latest-tag keeps its default severity (warning) since "loud" is not one.
      const latest = (await published).diagnostics.find((d) => d.code === 'latest-tag');
      assert.equal(latest?.severity, 2);
      assert.ok(
        warnings.some((w) =>
          /leanDockerfile\.diagnosticsDelay should be a number of milliseconds, not "soon"/.test(w),
        ),
        warnings.join('\n'),
      );
      assert.ok(
        warnings.some((w) => /leanDockerfile\.languageFeatures should be "auto", "on" or "off"/.test(w)),
      );
      assert.ok(
        warnings.some((w) =>
          /leanDockerfile\.rules\.latest-tag should be "error", "warning", "info" or "off", not "loud"/.test(
            w,
          ),
        ),
      );
    } finally {
      await own.close();
    }
  });

  it('honours shutdown and exit', async () => {
    const own = await startTestServer();
    const exited = new Promise<number | null>((resolve) => own.process.once('exit', (code) => resolve(code)));
    assert.equal(await own.connection.sendRequest(ShutdownRequest.type), null);
    await own.connection.sendNotification(ExitNotification.type);
    assert.equal(await exited, 0);
    own.connection.dispose();
  });
});
