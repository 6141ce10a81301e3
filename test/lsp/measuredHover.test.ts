// "Build and Measure" results in the size hover: after the client sends a measurement, hovering a
// measured layer or the measured stage's FROM shows the real size beside the estimate; an edit that
// changes the measured line drops it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type Hover,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { MeasuredNotification, type MeasuredParams } from '../../common/protocol';
import { startTestServer, type TestServer } from '../support/lspClient';

const LINES = ['FROM debian:bookworm', 'RUN head -c 5000000 /dev/zero > /blob', 'CMD ["true"]', ''];
const uri = 'file:///tmp/lean-lsp-measured/Dockerfile';

describe('measured sizes in the hover', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
    const published = server.waitForDiagnostics(uri);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: LINES.join('\n') },
    });
    await published;
  });
  after(async () => {
    await server.close();
  });

  const hover = async (line: number): Promise<string> => {
    const result = (await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character: 1 },
    })) as Hover | null;
    return (result?.contents as MarkupContent | undefined)?.value ?? '';
  };

  it('shows nothing measured before a measurement arrives', async () => {
    assert.doesNotMatch(await hover(1), /measured:/);
  });

  it('puts the measured layer and image next to the estimates', async () => {
    const measurement: MeasuredParams = {
      uri,
      version: 1,
      engine: 'podman',
      date: '2026-11-23T20:00:00.000Z',
      image: 'localhost/lean-dockerfile-measure:test',
      stageIndex: 0,
      stageName: null,
      fromLine: 0,
      fromText: LINES[0]!,
      total: 121_000_000,
      base: 116_000_000,
      totalEstimate: { low: 110_000_000, high: 130_000_000 },
      baseEstimate: { low: 116_000_000, high: 118_000_000 },
      instructions: [
        {
          line: 1,
          keyword: 'RUN',
          text: LINES[1]!,
          bytes: 5_004_000,
          estimate: { low: 0, high: 50_000_000 },
        },
      ],
    };
    await server.connection.sendNotification(MeasuredNotification, measurement);
    const layer = await hover(1);
    assert.match(layer, /measured: 5(\.0)? MB \(estimate 0–100 kB, error −99 %\)/);
    assert.match(layer, /podman/);
    const from = await hover(0);
    assert.match(from, /measured: image 121 MB/);
    assert.match(from, /measured: base 116 MB/);
  });

  it('drops the measured line once that instruction was edited', async () => {
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start: { line: 1, character: 11 }, end: { line: 1, character: 18 } }, text: '9000000' },
      ],
    });
    assert.doesNotMatch(await hover(1), /measured:/);
    assert.match(await hover(0), /measured: image/);
  });
});
