// "Show Newest Supported Base Image Tags" with registry look-ups on: the server asks the registry (a
// real docker-registry on 127.0.0.1) where each base tag points and tells when a tag moved to other
// content since it was last checked. Untrusted: nothing is asked.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DidOpenTextDocumentNotification } from 'vscode-languageserver/node';
import { BaseTagsRequest, type BaseTagsResult, type InitializationOptions } from '../../common/protocol';
import { startTestServer, type TestServer } from '../support/lspClient';
import {
  pushLayout,
  startFront,
  startRegistry,
  writeOciLayout,
  type Front,
  type LocalRegistry,
} from '../support/registry';

describe('base tags: tags that moved (registry look-ups)', () => {
  let scratch: string;
  let registry: LocalRegistry;
  let front: Front;
  const servers: TestServer[] = [];

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'lean-tag-moved-'));
    registry = await startRegistry();
    front = await startFront(registry.host);
  });

  after(async () => {
    for (const server of servers.splice(0)) await server.close();
    await front?.stop();
    await registry?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function push(seed: string): Promise<string> {
    const dir = path.join(scratch, `layout-${seed}`);
    mkdirSync(dir);
    const layout = writeOciLayout(dir, '1', {
      multiArch: false,
      seed,
      images: [{ platform: { os: 'linux', architecture: 'amd64' }, layerContentBytes: [50_000] }],
    });
    await pushLayout(layout, registry.host, 'moving');
    return layout.digest;
  }

  async function baseTags(options: InitializationOptions, storage: string): Promise<BaseTagsResult | null> {
    const server = await startTestServer({
      settings: { network: { registryLookups: true } },
      initializationOptions: { ...options, globalStoragePath: storage },
      env: { DOCKER_CONFIG: scratch, XDG_CACHE_HOME: path.join(scratch, 'xdg') },
    });
    servers.push(server);
    const uri = `file:///tmp/lean-tag-moved/${servers.length}/Dockerfile`;
    const published = server.waitForDiagnostics(uri);
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'dockerfile', version: 1, text: `FROM ${front.host}/moving:1\n` },
    });
    await published;
    const result = (await server.connection.sendRequest(BaseTagsRequest, { uri })) as BaseTagsResult | null;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    return result;
  }

  it('records where a tag points, then reports it moved after a push of other content', async () => {
    const storage = mkdtempSync(path.join(scratch, 'storage-'));
    const first = await push('first');
    const before = await baseTags({ trusted: true }, storage);
    assert.equal(before?.bases[0]?.pointer?.digest, first);
    assert.equal(before?.bases[0]?.pointer?.movedFrom, undefined, 'first sight: nothing to compare with');

    const again = await baseTags({ trusted: true }, storage);
    assert.equal(again?.bases[0]?.pointer?.movedFrom, undefined, 'same content: not moved');
    assert.equal(again?.bases[0]?.pointer?.since, before?.bases[0]?.pointer?.since);

    const second = await push('second');
    assert.notEqual(second, first);
    const moved = await baseTags({ trusted: true }, storage);
    assert.equal(moved?.bases[0]?.pointer?.digest, second);
    assert.equal(moved?.bases[0]?.pointer?.movedFrom?.digest, first);
    assert.equal(moved?.bases[0]?.pointer?.movedFrom?.since, before?.bases[0]?.pointer?.since);
  });

  it('asks nothing in an untrusted workspace', async () => {
    const storage = mkdtempSync(path.join(scratch, 'storage-'));
    front.requests.length = 0;
    const result = await baseTags({ trusted: false }, storage);
    assert.equal(result?.bases.length, 1);
    assert.equal(result?.bases[0]?.pointer, undefined);
    assert.deepEqual(front.requests, []);
  });
});
