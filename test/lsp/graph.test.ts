// `leanDockerfile/graph` against the bundled server over stdio.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ResponseError,
} from 'vscode-languageserver/node';
import { GraphRequest, type GraphParams, type GraphResult } from '../../common/protocol';
import { startTestServer, type TestServer } from '../support/lspClient';

const DOCKERFILE = [
  'FROM golang:1.23 AS build',
  'RUN go build -o /app .',
  'FROM build AS test',
  'RUN go test ./...',
  'FROM alpine:3.24',
  'COPY --from=build /app /app',
  'CMD ["/app"]',
  '',
].join('\n');

let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-graph/${++n}/Dockerfile`;

describe('leanDockerfile/graph', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  const graph = (params: GraphParams) =>
    server.connection.sendRequest(GraphRequest, params) as Promise<GraphResult | null>;

  const open = (text: string, uri = uniqueUri()): Promise<string> => server.open(text, uri);

  it('answers with the graph, its Mermaid text and the document version', async () => {
    const uri = await open(DOCKERFILE);
    const result = await graph({ uri });
    assert.ok(result);
    assert.equal(result.uri, uri);
    assert.equal(result.version, 1);
    assert.deepEqual(
      result.graph.nodes.map((n) => [n.id, n.name, n.shipped]),
      [
        ['stage:0', 'build', false],
        ['stage:1', 'test', false],
        ['stage:2', '2', true],
        ['image:golang:1.23', 'golang:1.23', false],
        ['image:alpine:3.24', 'alpine:3.24', true],
      ],
    );
    assert.deepEqual(
      result.graph.edges.map((e) => `${e.from} ${e.kind} ${e.to}`),
      [
        'image:golang:1.23 from stage:0',
        'stage:0 from stage:1',
        'image:alpine:3.24 from stage:2',
        'stage:0 copy stage:2',
      ],
    );
    assert.deepEqual(result.graph.problems, []);
    assert.equal(result.graph.target, undefined);
    assert.match(result.mermaid, /^flowchart LR\n/);
    // Findings are counted per stage, from the same analysis as the diagnostics.
    assert.ok(result.graph.nodes.every((n) => n.kind === 'image' || typeof n.findings === 'number'));
  });

  it('applies a target: built and skipped stages, problems for an unknown one', async () => {
    const uri = await open(DOCKERFILE);
    const result = await graph({ uri, target: 'test' });
    assert.equal(result?.graph.target, 'stage:1');
    assert.deepEqual(
      result?.graph.nodes.filter((n) => n.kind === 'stage').map((n) => [n.name, n.built]),
      [
        ['build', true],
        ['test', true],
        ['2', false],
      ],
    );
    const unknown = await graph({ uri, target: 'nope' });
    assert.deepEqual(
      unknown?.graph.problems.map((p) => p.kind),
      ['unknown-target'],
    );
  });

  it('follows edits: the answer is for the newest version', async () => {
    const uri = await open(DOCKERFILE);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: `${DOCKERFILE}FROM alpine:3.24 AS extra\nCOPY --from=Test /x /x\n` }],
    });
    const result = await graph({ uri });
    assert.equal(result?.version, 2);
    assert.deepEqual(
      result?.graph.nodes.filter((n) => n.shipped && n.kind === 'stage').map((n) => n.name),
      ['extra'],
    );
    assert.ok(
      result?.graph.edges.some((e) => e.from === 'stage:1' && e.to === 'stage:3' && e.kind === 'copy'),
    );
  });

  it('reports problems in the graph, answers null for unknown documents, rejects bad params', async () => {
    const uri = await open('FROM alpine:3.24\nCOPY --from=later /x /x\nFROM alpine:3.24 AS later\n');
    const result = await graph({ uri });
    assert.deepEqual(
      result?.graph.problems.map((p) => [p.kind, p.line]),
      [['forward-reference', 2]],
    );
    assert.equal(await graph({ uri: 'file:///never/opened/Dockerfile' }), null);
    await assert.rejects(
      server.connection.sendRequest(GraphRequest, { uri: 42 }),
      (error: unknown) => error instanceof ResponseError && /expects/.test(error.message),
    );
    assert.equal(server.stderr(), '');
  });

  it('gives each stage node its estimated size from the size model, as a range with its midpoint', async () => {
    const uri = await open(DOCKERFILE);
    const result = await graph({ uri });
    const stages = result!.graph.nodes.filter((n) => n.kind === 'stage');
    for (const node of stages) {
      assert.equal(node.size?.basis, 'estimate', `${node.name} has an estimate`);
      const { low, high } = node.size!.range!;
      assert.ok(
        low <= node.size!.bytes! && node.size!.bytes! <= high,
        `${node.name}: midpoint inside the range`,
      );
    }
    const [build, , shipped] = stages;
    // golang:1.23 is near a gigabyte on disk, alpine a few megabytes plus one binary.
    assert.ok(build!.size!.bytes! > 500e6, `build stage ${build!.size!.bytes}`);
    assert.ok(shipped!.size!.bytes! < build!.size!.bytes! / 5, `shipped stage ${shipped!.size!.bytes}`);
  });

  it('leaves stage sizes out when every size view is off', async () => {
    const quiet = await startTestServer({
      settings: { sizes: { hover: false, inlayHints: false, codeLens: false } },
    });
    try {
      const uri = uniqueUri();
      const published = quiet.waitForDiagnostics(uri);
      await quiet.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text: DOCKERFILE },
      });
      await published;
      const result = (await quiet.connection.sendRequest(GraphRequest, { uri })) as GraphResult | null;
      const stage = result!.graph.nodes.find((n) => n.kind === 'stage');
      assert.equal(stage?.size, undefined);
    } finally {
      await quiet.close();
    }
  });
});
