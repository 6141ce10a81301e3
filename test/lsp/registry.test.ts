// Registry look-ups over LSP against a real registry on 127.0.0.1 (Debian's docker-registry behind a
// counting front): with the setting on in a trusted workspace, an unknown base gets its registry size
// in the inlay hint, the hover and `leanDockerfile/sizes`; untrusted or with the setting off, no
// request reaches the registry.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InlayHintRefreshRequest,
  InlayHintRequest,
  LogMessageNotification,
  type Hover,
  type InlayHint,
  type MarkupContent,
} from 'vscode-languageserver/node';
import { SizesRequest, type InitializationOptions, type SizesResult } from '../../common/protocol';
import { formatApprox, range } from '../../server/src/engine/size/units';
import { startTestServer, type TestServer } from '../support/lspClient';
import {
  pushLayout,
  startFront,
  startRegistry,
  writeOciLayout,
  type Front,
  type LocalRegistry,
  type WrittenLayout,
} from '../support/registry';

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };
const labelOf = (hint: InlayHint): string =>
  typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join('');
const markdown = (hover: Hover | null): string => (hover?.contents as MarkupContent | undefined)?.value ?? '';

/** Rejects when `promise` takes longer than `ms`: a missing refresh or log line fails the test instead of hanging it. */
function within<T>(promise: Promise<T>, what: string, ms = 15_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

let n = 0;
const uniqueUri = (): string => `file:///tmp/lean-lsp-registry/${++n}/Dockerfile`;

describe('registry look-ups over LSP', () => {
  let scratch: string;
  let registry: LocalRegistry;
  let front: Front;
  let tiny: WrittenLayout;
  const servers: TestServer[] = [];

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'lean-lsp-registry-'));
    registry = await startRegistry();
    front = await startFront(registry.host);
    const dir = path.join(scratch, 'tiny');
    mkdirSync(dir);
    tiny = writeOciLayout(dir, '1', {
      multiArch: true,
      attestationBytes: 400_000,
      images: [
        { platform: { os: 'linux', architecture: 'amd64' }, layerContentBytes: [900_000, 300_000] },
        { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, layerContentBytes: [700_000] },
      ],
    });
    await pushLayout(tiny, registry.host, 'tiny');
  });

  after(async () => {
    for (const server of servers.splice(0)) await server.close();
    await front?.stop();
    await registry?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** A server with `settings` as the leanDockerfile section, the given trust and a private cache folder. */
  async function start(settings: Record<string, unknown>, options: InitializationOptions) {
    const storage = mkdtempSync(path.join(scratch, 'storage-'));
    const server = await startTestServer({
      settings,
      initializationOptions: { ...options, globalStoragePath: storage },
      capabilities: { workspace: { inlayHint: { refreshSupport: true } } },
      // A docker config with nothing in it: the test never depends on the machine's own.
      env: { DOCKER_CONFIG: scratch, XDG_CACHE_HOME: path.join(scratch, 'xdg-cache') },
    });
    servers.push(server);
    const logs: string[] = [];
    const logWaiters: Array<() => void> = [];
    server.connection.onNotification(LogMessageNotification.type, (p) => {
      logs.push(p.message);
      for (const wake of logWaiters.splice(0)) wake();
    });
    let refreshed: () => void = () => undefined;
    server.connection.onRequest(InlayHintRefreshRequest.type, () => refreshed());
    const nextRefresh = (): Promise<void> =>
      within(new Promise((resolve) => (refreshed = resolve)), 'inlay hint refresh');
    const logged = (pattern: RegExp): Promise<void> =>
      within(
        new Promise<void>((resolve) => {
          const check = (): void => {
            if (logs.some((l) => pattern.test(l))) resolve();
            else logWaiters.push(check);
          };
          check();
        }),
        `log line ${pattern}`,
      );
    const close = async (): Promise<void> => {
      servers.splice(servers.indexOf(server), 1);
      await server.close();
    };
    const open = async (text: string): Promise<string> => {
      const uri = uniqueUri();
      const published = server.waitForDiagnostics(uri);
      await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text },
      });
      await published;
      return uri;
    };
    const fromHint = async (uri: string): Promise<InlayHint> => {
      const hints = (await server.connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri },
        range: WHOLE,
      })) as InlayHint[];
      const hint = hints.find((h) => h.position.line === 0);
      assert.ok(hint, 'a hint on the FROM line');
      return hint;
    };
    const hover = (uri: string): Promise<Hover | null> =>
      server.connection.sendRequest(HoverRequest.type, {
        textDocument: { uri },
        position: { line: 0, character: 2 },
      });
    const sizes = (uri: string) =>
      server.connection.sendRequest(SizesRequest, { uri }) as Promise<SizesResult | null>;
    return { server, storage, logs, nextRefresh, logged, close, open, fromHint, hover, sizes };
  }

  it('shows the registry size of an unknown base once the look-up is back (trusted, setting on)', async () => {
    front.requests.length = 0;
    const s = await start(
      { network: { registryLookups: true }, sizes: { compressed: true } },
      { trusted: true },
    );
    const reference = `${front.host}/tiny:1`;
    const uri = await s.open(`FROM ${reference}\nRUN true\n`);

    const refreshed = s.nextRefresh();
    const before = await s.fromHint(uri);
    assert.match(labelOf(before), /\(unknown base\)$/, 'the first answer does not wait for the network');
    await refreshed;

    const amd64 = tiny.images[0]!.compressedBytes;
    const after = await s.fromHint(uri);
    assert.equal(labelOf(after), `${reference} ${formatApprox(range(amd64))}`);
    const today = new Date().toISOString().slice(0, 10);
    const tooltip = (after.tooltip as MarkupContent).value;
    assert.match(tooltip, new RegExp(`from registry, ${today}`));
    assert.match(tooltip, /estimated from the compressed size/);

    const text = markdown(await s.hover(uri));
    assert.match(text, /from registry/);
    assert.ok(text.includes(`registry ${front.host}`), `the hover names the registry: ${text}`);
    assert.ok(text.includes(today));

    const result = await s.sizes(uri);
    const base = result?.stages[0]?.base;
    assert.equal(base?.kind, 'registry');
    assert.deepEqual(base?.compressed, { low: amd64, high: amd64 });
    assert.equal(base?.unknown, false);
    assert.ok(front.requests.some((r) => r.path === '/v2/tiny/manifests/1' && r.method === 'HEAD'));
    assert.ok(
      readdirSync(path.join(s.storage, 'registry')).length > 0,
      'the cache lives in globalStoragePath',
    );
  });

  it('looks up the FROM --platform image', async () => {
    const s = await start(
      { network: { registryLookups: true }, sizes: { compressed: true } },
      { trusted: true },
    );
    const uri = await s.open(`FROM --platform=linux/arm64 ${front.host}/tiny:1\n`);
    const refreshed = s.nextRefresh();
    await s.fromHint(uri);
    await refreshed;
    const arm64 = tiny.images[1]!.compressedBytes;
    assert.equal(labelOf(await s.fromHint(uri)), `${front.host}/tiny:1 ${formatApprox(range(arm64))}`);
  });

  it('reports an unknown tag as an unknown base, without failing the size views', async () => {
    const s = await start({ network: { registryLookups: true } }, { trusted: true });
    const uri = await s.open(`FROM ${front.host}/tiny:no-such-tag\nRUN true\n`);
    const failed = s.logged(/no size for .*tiny:no-such-tag: .*does not exist/);
    await s.fromHint(uri);
    await failed;
    assert.match(labelOf(await s.fromHint(uri)), /\(unknown base\)$/);
    assert.match(markdown(await s.hover(uri)), /unknown base/);
  });

  it('contacts no registry in an untrusted workspace, even with the setting on', async () => {
    front.requests.length = 0;
    const s = await start({ network: { registryLookups: true } }, { trusted: false });
    const uri = await s.open(`FROM ${front.host}/tiny:1\nRUN true\n`);
    assert.match(labelOf(await s.fromHint(uri)), /\(unknown base\)$/);
    assert.match(markdown(await s.hover(uri)), /unknown base/);
    assert.equal((await s.sizes(uri))?.stages[0]?.base.kind, 'unknown');
    assert.ok(
      s.logs.some((l) => l.includes('not trusted: no registry is contacted')),
      `the server says why: ${s.logs.join('\n')}`,
    );
    await s.close();
    assert.equal(front.requests.length, 0, 'no request reached the registry');
  });

  it('contacts no registry with the setting off, and starts when it is turned on', async () => {
    front.requests.length = 0;
    const s = await start({}, { trusted: true });
    const uri = await s.open(`FROM ${front.host}/tiny:1\nRUN true\n`);
    assert.match(labelOf(await s.fromHint(uri)), /\(unknown base\)$/);
    assert.match(markdown(await s.hover(uri)), /unknown base/);
    assert.equal((await s.sizes(uri))?.stages[0]?.base.kind, 'unknown');
    assert.equal(front.requests.length, 0, 'no request while the setting is off');

    // The same server, setting turned on: now it asks (so the silence above was the setting's doing).
    s.server.settings = { network: { registryLookups: true } };
    const refreshed = s.nextRefresh();
    await s.server.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    await refreshed; // the configuration change itself refreshes the views
    const lookedUp = s.nextRefresh();
    await s.fromHint(uri);
    await lookedUp;
    assert.doesNotMatch(labelOf(await s.fromHint(uri)), /unknown base/);
    assert.ok(front.requests.length > 0);
  });
});
