// Size estimates over LSP (inlay hints, code lenses, hover, `leanDockerfile/sizes`) against the
// bundled server over stdio.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CodeLensRefreshRequest,
  CodeLensRequest,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  HoverRequest,
  InlayHintRefreshRequest,
  InlayHintRequest,
  ResponseError,
  type CodeLens,
  type Hover,
  type InlayHint,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { SizesRequest, type SizesParams, type SizesResult } from '../../common/protocol';
import { startTestServer, type TestServer } from '../support/lspClient';

// Line by line: 0 FROM golang, 1 WORKDIR, 2 RUN apt-get, 3 RUN go build, 4 (blank), 5 FROM scratch, 6 COPY --from.
const MULTI = [
  'FROM golang:1.19 AS builder',
  'WORKDIR /src',
  'RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*',
  'RUN go build -o /out/app .',
  '',
  'FROM scratch',
  'COPY --from=builder /out/app /app',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

const SINGLE = [
  'FROM golang:1.19',
  'WORKDIR /src',
  'RUN go build -o /out/app .',
  'ENTRYPOINT ["/out/app"]',
  '',
].join('\n');

const APT = [
  'FROM debian:bookworm',
  'RUN apt-get update && apt-get install -y python3',
  'RUN rm -rf /var/lib/apt/lists/*',
  'ENV PORT=8080',
  '',
].join('\n');

let n = 0;
const uniqueUri = () => `file:///tmp/lean-lsp-sizes/${++n}/Dockerfile`;
const labelOf = (hint: InlayHint): string =>
  typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
const markdown = (hover: Hover | null): string => (hover?.contents as MarkupContent | undefined)?.value ?? '';
const mid = (r: { low: number; high: number }): number => (r.low + r.high) / 2;
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };

describe('size estimates over LSP', () => {
  let server: TestServer;
  const refreshes: string[] = [];
  before(async () => {
    server = await startTestServer({
      capabilities: {
        workspace: { inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
      },
    });
    server.connection.onRequest(InlayHintRefreshRequest.type, () => {
      refreshes.push('inlayHint');
    });
    server.connection.onRequest(CodeLensRefreshRequest.type, () => {
      refreshes.push('codeLens');
    });
  });
  after(async () => {
    await server.close();
  });

  const open = (text: string, uri = uniqueUri()): Promise<string> => server.open(text, uri);
  const hints = (uri: string, range = WHOLE) =>
    server.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range }) as Promise<
      InlayHint[] | null
    >;
  const lenses = (uri: string) =>
    server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) as Promise<
      CodeLens[] | null
    >;
  const hover = (uri: string, line: number, character: number) =>
    server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line, character },
    });
  const sizes = (params: SizesParams) =>
    server.connection.sendRequest(SizesRequest, params) as Promise<SizesResult | null>;

  async function configure(settings: Record<string, unknown>) {
    server.settings = settings;
    await server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
  }

  it('advertises inlay hints, code lenses and hover', () => {
    const caps = server.initializeResult.capabilities;
    assert.ok(caps.inlayHintProvider);
    assert.ok(caps.codeLensProvider);
    assert.ok(caps.hoverProvider);
  });

  it('puts a size hint after each FROM and after an apt-get install RUN', async () => {
    const uri = await open(APT);
    const result = (await hints(uri)) ?? [];
    const byLine = new Map(result.map((h) => [h.position.line, h]));
    const from = byLine.get(0);
    assert.ok(from, 'a hint on the FROM line');
    assert.match(labelOf(from), /^debian:bookworm ≈ \d+ MB$/);
    assert.equal(from.position.character, 'FROM debian:bookworm'.length);
    assert.equal(from.paddingLeft, true);
    const apt = byLine.get(1);
    assert.ok(apt, 'a hint on the apt-get install line');
    assert.match(labelOf(apt), /^\+\d+(–\d+)? MB$/);
    assert.match((apt.tooltip as MarkupContent).value, /apt-get install/);
    // rm in a later layer saves nothing, and says so; ENV adds no layer and gets no hint.
    assert.equal(labelOf(byLine.get(2)!), '+0 B · removal saves nothing');
    assert.equal(byLine.has(3), false);
    // Only the requested range.
    const firstLine = (await hints(uri, {
      start: { line: 0, character: 0 },
      end: { line: 0, character: 30 },
    }))!;
    assert.deepEqual(
      firstLine.map((h) => h.position.line),
      [0],
    );
  });

  it('gives one code lens per stage: discarded builder, final image smaller than builder', async () => {
    const uri = await open(MULTI);
    const result = (await lenses(uri)) ?? [];
    assert.deepEqual(
      result.map((l) => l.range.start.line),
      [0, 5],
    );
    const [builder, final] = result.map((l) => l.command?.title ?? '');
    assert.match(builder!, /^builder .*[GM]B · discarded$/);
    assert.match(final!, /^final image .*MB · \d+% smaller than builder$/);
    assert.equal(result[0]!.command?.command, 'leanDockerfile.showStageGraph');
  });

  it('hovers FROM and layer instructions with the breakdown, the basis and the data source', async () => {
    const uri = await open(APT);
    const from = markdown(await hover(uri, 0, 7));
    assert.match(from, /\*\*stage 0: .*MB\*\*/);
    assert.match(from, /base-image table/);
    assert.match(from, /\| 2 \| RUN \| \+\d/);
    assert.match(from, /as of \d{4}-\d{2}-\d{2}/);
    const run = markdown(await hover(uri, 1, 30));
    assert.match(run, /^\*\*RUN layer \+\d/);
    assert.match(run, /Basis: .*apt-get install python3/);
    assert.match(run, /Installed-Size/);
    assert.match(run, /Debian/);
    const rm = markdown(await hover(uri, 2, 5));
    assert.match(rm, /saves nothing: they still ship in the layer of line 2/);
    assert.equal(await hover(uri, 3, 3), null, 'ENV has no size hover');
  });

  it('answers leanDockerfile/sizes with ranges, display strings and the document version', async () => {
    const uri = await open(MULTI);
    const result = await sizes({ uri });
    assert.ok(result);
    assert.equal(result.uri, uri);
    assert.equal(result.version, 1);
    assert.equal(result.view, 'uncompressed');
    assert.deepEqual(
      result.stages.map((s) => [s.index, s.name, s.shipped, s.image, s.fromRange.start.line]),
      [
        [0, 'builder', false, false, 0],
        [1, undefined, true, true, 5],
      ],
    );
    const [builder, final] = result.stages;
    assert.match(builder!.base.display, /^golang:1\.19 /);
    assert.equal(final!.base.kind, 'scratch');
    assert.deepEqual(
      builder!.instructions.map((i) => [i.keyword, i.layer, i.range.start.line]),
      [
        ['WORKDIR', false, 1],
        ['RUN', true, 2],
        ['RUN', true, 3],
      ],
    );
    for (const i of builder!.instructions) {
      assert.ok(i.bytes.low <= i.bytes.high);
      assert.match(i.display, /^\+/);
      assert.equal(typeof i.basis, 'string');
    }
    assert.ok(result.image);
    assert.equal(result.image.stageIndex, 1);
    assert.match(result.status, /^image .*MB$/);
    assert.equal(result.contextCapped, false);
    assert.ok(result.sources.some((s) => /Debian/.test(s)));

    const compressed = await sizes({ uri, view: 'compressed' });
    assert.equal(compressed?.view, 'compressed');
    assert.ok(compressed!.image!.compressed.high <= result.image.bytes.high);
  });

  it('a golang:1.19 single-stage file estimates at least 10× its scratch multi-stage version', async () => {
    const single = await sizes({ uri: await open(SINGLE) });
    const multi = await sizes({ uri: await open(MULTI) });
    assert.ok(single?.image && multi?.image);
    const ratio = mid(single.image.bytes) / mid(multi.image.bytes);
    assert.ok(
      ratio >= 10,
      `single ${single.image.display} vs multi ${multi.image.display}: ${ratio.toFixed(1)}×`,
    );
  });

  it('sizes COPY from the build context on disk, and gives an unknown range for untitled documents', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lean-lsp-sizes-'));
    try {
      writeFileSync(path.join(dir, 'app.bin'), Buffer.alloc(3_000_000));
      writeFileSync(path.join(dir, 'secret.log'), Buffer.alloc(5_000_000));
      writeFileSync(path.join(dir, '.dockerignore'), '*.log\n');
      const text = 'FROM alpine:3.20\nCOPY . /app\n';
      const onDisk = pathToFileURL(path.join(dir, 'Dockerfile')).href;
      writeFileSync(path.join(dir, 'Dockerfile'), text);
      const copy = (await sizes({ uri: await open(text, onDisk) }))!.stages[0]!.instructions[0]!;
      // 3 MB plus the Dockerfile and .dockerignore; the ignored .log is not sent.
      assert.ok(copy.bytes.low >= 3_000_000 && copy.bytes.high < 3_100_000, JSON.stringify(copy.bytes));
      assert.equal(copy.unknown, false);

      const untitled = (await sizes({ uri: await open(text, `untitled:Untitled-${++n}`) }))!.stages[0]!
        .instructions[0]!;
      assert.equal(untitled.unknown, true);
      assert.ok(untitled.bytes.low < untitled.bytes.high, 'a range, not a number');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows edits: the answer is for the newest version', async () => {
    const uri = await open(APT);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: 'FROM scratch\nCOPY --from=busybox:1.36 /bin/busybox /busybox\n' }],
    });
    const result = await sizes({ uri });
    assert.equal(result?.version, 2);
    assert.equal(result?.stages[0]?.base.kind, 'scratch');
  });

  it('settings turn each view off and switch to compressed sizes; clients are asked to refresh', async () => {
    const uri = await open(MULTI);
    const before = await sizes({ uri });
    refreshes.length = 0;
    await configure({ sizes: { inlayHints: false, codeLens: false, hover: false, compressed: true } });
    assert.deepEqual(await hints(uri), []);
    assert.deepEqual(await lenses(uri), []);
    assert.equal(await hover(uri, 0, 6), null);
    const compressed = await sizes({ uri });
    assert.equal(compressed?.view, 'compressed');
    assert.notEqual(compressed?.status, before?.status);
    const deadline = Date.now() + 5000;
    while (refreshes.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(refreshes.sort(), ['codeLens', 'inlayHint']);

    await configure({ sizes: { compressed: true } });
    const compressedHints = (await hints(uri)) ?? [];
    assert.ok(compressedHints.length > 0);
    assert.match((compressedHints[0]!.tooltip as MarkupContent).value, /compressed \(pull\)/);
    await configure({});
    assert.equal((await sizes({ uri }))?.view, 'uncompressed');
  });

  it('answers null for unknown documents and rejects bad params', async () => {
    assert.equal(await sizes({ uri: 'file:///nowhere/Dockerfile' }), null);
    assert.deepEqual(await hints('file:///nowhere/Dockerfile'), []);
    await assert.rejects(
      server.connection.sendRequest(SizesRequest, { uri: 42 }),
      (error: unknown) => error instanceof ResponseError && /expects/.test(error.message),
    );
  });
});
