import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { DidOpenTextDocumentNotification, type Diagnostic } from 'vscode-languageserver/node';
import { PeersNotification, type PeersParams } from '../../common/protocol';
import { startTestServer, type TestServer } from '../support/lspClient';

// `FOO` is an unknown instruction (a syntax-* finding from dockerfile-utils); `latest-tag` is ours.
const DOCKERFILE = ['FROM alpine', 'FOO bar', 'CMD ["sh"]', ''].join('\n');

let n = 0;
async function diagnosticCodes(server: TestServer): Promise<string[]> {
  const uri = `file:///tmp/lean-coexistence/${++n}/Dockerfile`;
  const published = server.waitForDiagnostics(uri);
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE },
  });
  return codes((await published).diagnostics);
}

const codes = (diagnostics: Diagnostic[]): string[] => diagnostics.map((d) => String(d.code)).sort();
const hasSyntax = (list: string[]): boolean => list.some((c) => c.startsWith('syntax-'));

describe('coexistence with other Docker extensions', () => {
  const servers: TestServer[] = [];
  const start = async (
    peerDockerExtension: boolean,
    settings: Record<string, unknown> = {},
  ): Promise<TestServer> => {
    const server = await startTestServer({ settings, initializationOptions: { peerDockerExtension } });
    servers.push(server);
    return server;
  };
  after(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('shows syntax findings when no other Docker extension is active (auto)', async () => {
    const list = await diagnosticCodes(await start(false));
    assert.ok(list.includes('syntax-unknown-instruction'), list.join(', '));
    assert.ok(list.includes('latest-tag'), list.join(', '));
  });

  it('leaves syntax findings to the other extension in auto mode, keeps its own rules', async () => {
    const list = await diagnosticCodes(await start(true));
    assert.equal(hasSyntax(list), false, list.join(', '));
    assert.ok(list.includes('latest-tag'), list.join(', '));
  });

  it('syntaxDiagnostics: on shows them even next to another extension; off hides them alone', async () => {
    const on = await diagnosticCodes(await start(true, { syntaxDiagnostics: 'on' }));
    assert.ok(on.includes('syntax-unknown-instruction'), on.join(', '));
    const off = await diagnosticCodes(await start(false, { syntaxDiagnostics: 'off' }));
    assert.equal(hasSyntax(off), false, off.join(', '));
    assert.ok(off.includes('latest-tag'), off.join(', '));
  });

  it('re-publishes when another Docker extension is enabled after start-up', async () => {
    const server = await start(false);
    const uri = `file:///tmp/lean-coexistence/${++n}/Dockerfile`;
    const first = server.waitForDiagnostics(uri);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE },
    });
    assert.ok(hasSyntax(codes((await first).diagnostics)));
    const again = server.waitForDiagnostics(uri, (p) => !hasSyntax(codes(p.diagnostics)));
    await server.connection.sendNotification(PeersNotification, {
      peerDockerExtension: true,
    } satisfies PeersParams);
    const list = codes((await again).diagnostics);
    assert.ok(list.includes('latest-tag'), list.join(', '));
  });
});
