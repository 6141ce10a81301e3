// The registry client against a real registry on 127.0.0.1: Debian's docker-registry with token
// authentication (Bearer challenges, JWTs from a local token server), images written as OCI layouts
// and pushed with skopeo, and a counting HTTP front for request counts, 429s and slow answers.
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import {
  pushLayout,
  requireProgram,
  startFront,
  startRegistry,
  startTokenServer,
  writeOciLayout,
  type Front,
  type LocalRegistry,
  type TokenServer,
  type WrittenLayout,
} from '../../../../test/support/registry';
import { RegistryClient, RegistryError, type RegistryClientOptions } from './client';
import { RegistryHttp } from './http';

const USER = 'lean-user';
const PASSWORD = 'Sup3r-Secret-Pa55';
const CREDENTIALS = { username: USER, password: PASSWORD };
const SECRET_FORMS = [PASSWORD, Buffer.from(`${USER}:${PASSWORD}`).toString('base64')];

const AMD64 = { os: 'linux', architecture: 'amd64' };
const ARM64 = { os: 'linux', architecture: 'arm64', variant: 'v8' };

async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  message?: RegExp,
): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RegistryError, `expected a RegistryError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected a ${code} failure`);
}

describe('local registry harness', () => {
  it('says how to install a missing program instead of skipping', () => {
    assert.throws(
      () => requireProgram('lean-dockerfile-no-such-program'),
      /lean-dockerfile-no-such-program is not installed: install it: apt-get install docker-registry skopeo/,
    );
  });
});

describe('registry client against a local docker-registry', () => {
  let scratch: string;
  let token: TokenServer;
  let registry: LocalRegistry;
  let front: Front;
  let tiny: WrittenLayout;
  let dockerTiny: WrittenLayout;
  let single: WrittenLayout;
  let secret: WrittenLayout;
  let dockerConfigDir: string;
  const logs: string[] = [];

  /** A client with its own fresh cache (unless given one), logging into `logs`. */
  function client(options: RegistryClientOptions = {}): RegistryClient {
    const cacheDir = options.cacheDir ?? mkdtempSync(path.join(scratch, 'cache-'));
    return new RegistryClient({
      dockerConfig: path.join(dockerConfigDir, 'config.json'),
      log: (line) => logs.push(line),
      ...options,
      cacheDir,
    });
  }

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'lean-registry-test-'));
    token = await startTokenServer({ username: USER, password: PASSWORD, privatePrefix: 'private/' });
    registry = await startRegistry({ token });
    front = await startFront(registry.host);
    const layout = (name: string): string => {
      const dir = path.join(scratch, name);
      mkdirSync(dir);
      return dir;
    };
    tiny = writeOciLayout(layout('tiny'), '1', {
      multiArch: true,
      attestationBytes: 300_000,
      images: [
        { platform: AMD64, layerContentBytes: [120_000, 40_000] },
        { platform: ARM64, layerContentBytes: [90_000] },
      ],
    });
    dockerTiny = writeOciLayout(layout('docker-tiny'), '1', {
      multiArch: true,
      seed: 'docker',
      images: [
        { platform: AMD64, layerContentBytes: [64_000] },
        { platform: ARM64, layerContentBytes: [32_000, 16_000] },
      ],
    });
    single = writeOciLayout(layout('single'), '2', {
      multiArch: false,
      images: [{ platform: AMD64, layerContentBytes: [50_000] }],
    });
    secret = writeOciLayout(layout('secret'), '1', {
      multiArch: false,
      seed: 'secret',
      images: [{ platform: AMD64, layerContentBytes: [30_000] }],
    });
    await pushLayout(tiny, registry.host, 'tiny', { credentials: CREDENTIALS });
    await pushLayout(dockerTiny, registry.host, 'docker-tiny', {
      credentials: CREDENTIALS,
      dockerFormat: true,
    });
    await pushLayout(single, registry.host, 'single', { credentials: CREDENTIALS });
    await pushLayout(secret, registry.host, 'private/secret', { credentials: CREDENTIALS });
    dockerConfigDir = layout('docker-config');
    writeFileSync(
      path.join(dockerConfigDir, 'config.json'),
      JSON.stringify({
        auths: { [front.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } },
      }),
    );
  });

  after(async () => {
    await front?.stop();
    await registry?.stop();
    await token?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  beforeEach(() => {
    front.requests.length = 0;
    front.maxInFlight = 0;
    front.delayMs = 0;
    front.intercept = () => false;
    token.requests.length = 0;
  });

  it('sizes the linux/amd64 image of a multi-arch OCI index through the anonymous Bearer flow', async () => {
    const size = await client().imageSize(`${front.host}/tiny:1`);
    const amd64 = tiny.images[0]!;
    assert.equal(size.compressedBytes, amd64.compressedBytes);
    assert.equal(size.layers, 2);
    assert.equal(size.platform, 'linux/amd64');
    assert.equal(size.manifestDigest, amd64.manifestDigest);
    assert.equal(size.reference, `${front.host}/tiny:1`);
    assert.equal(size.fromCache, false);
    assert.ok(Date.now() - Date.parse(size.fetchedAt) < 60_000, 'fetchedAt is the time of the look-up');
    // HEAD (401, challenge) → token → HEAD with the token → GET index by digest → GET amd64 manifest.
    assert.deepEqual(
      front.requests.map((r) => `${r.method} ${r.path}`),
      [
        'HEAD /v2/tiny/manifests/1',
        'HEAD /v2/tiny/manifests/1',
        `GET /v2/tiny/manifests/${tiny.digest}`,
        `GET /v2/tiny/manifests/${amd64.manifestDigest}`,
      ],
    );
    assert.equal(front.requests[0]!.authorization, undefined, 'the first request is anonymous');
    assert.match(front.requests[1]!.authorization ?? '', /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    assert.deepEqual(token.requests, [{ authorization: undefined, scopes: ['repository:tiny:pull'] }]);
    assert.ok(
      !front.requests.some((r) => r.path.includes(tiny.attestationDigest!)),
      'the attestation manifest is never fetched',
    );
  });

  it('sizes the --platform image: arm64 with or without its variant', async () => {
    const c = client();
    const arm = tiny.images[1]!;
    assert.equal(
      (await c.imageSize(`${front.host}/tiny:1`, { platform: 'linux/arm64' })).compressedBytes,
      arm.compressedBytes,
    );
    const v8 = await c.imageSize(`${front.host}/tiny:1`, { platform: 'linux/arm64/v8' });
    assert.equal(v8.compressedBytes, arm.compressedBytes);
    assert.equal(v8.manifestDigest, arm.manifestDigest);
    assert.notEqual(
      arm.compressedBytes,
      tiny.images[0]!.compressedBytes,
      'the test images differ per platform',
    );
  });

  it('reads Docker manifest lists and v2 manifests as well', async () => {
    const c = client();
    assert.equal(
      (await c.imageSize(`${front.host}/docker-tiny:1`)).compressedBytes,
      dockerTiny.images[0]!.compressedBytes,
    );
    const arm = await c.imageSize(`${front.host}/docker-tiny:1`, { platform: 'linux/arm64' });
    assert.equal(arm.compressedBytes, dockerTiny.images[1]!.compressedBytes);
    assert.equal(arm.layers, 2);
  });

  it('sizes a single-platform image and a reference by digest (no HEAD needed)', async () => {
    const c = client();
    assert.equal(
      (await c.imageSize(`${front.host}/single:2`)).compressedBytes,
      single.images[0]!.compressedBytes,
    );
    front.requests.length = 0;
    const pinned = await c.imageSize(`${front.host}/tiny@${tiny.digest}`, { platform: 'linux/arm64' });
    assert.equal(pinned.compressedBytes, tiny.images[1]!.compressedBytes);
    assert.ok(
      front.requests.every((r) => r.method === 'GET'),
      'a digest needs no HEAD',
    );
  });

  it('fails cleanly for an unknown tag, an unknown repository and a platform the index lacks', async () => {
    const c = client();
    await rejectsWith(
      c.imageSize(`${front.host}/tiny:does-not-exist`),
      'not-found',
      /tiny:does-not-exist does not exist/,
    );
    await rejectsWith(c.imageSize(`${front.host}/nothing-here:1`), 'not-found');
    const error = await rejectsWith(
      c.imageSize(`${front.host}/tiny:1`, { platform: 'linux/s390x' }),
      'no-platform',
    );
    assert.match(error.message, /has no linux\/s390x image \(it has linux\/amd64, linux\/arm64\/v8\)/);
    await rejectsWith(c.imageSize('node:${VERSION}'), 'invalid-reference');
    assert.deepEqual(
      front.requests.filter((r) => r.path.includes('s390x')),
      [],
    );
  });

  it('answers from the disk cache without any request, and from a known digest after one HEAD', async () => {
    const cacheDir = mkdtempSync(path.join(scratch, 'shared-cache-'));
    const first = await client({ cacheDir }).imageSize(`${front.host}/tiny:1`);
    assert.equal(first.fromCache, false);

    front.requests.length = 0;
    token.requests.length = 0;
    const again = await client({ cacheDir }).imageSize(`${front.host}/tiny:1`);
    assert.equal(again.fromCache, true);
    assert.equal(again.compressedBytes, first.compressedBytes);
    assert.equal(again.fetchedAt, first.fetchedAt);
    assert.equal(front.requests.length, 0, 'a fresh tag entry makes no request');
    assert.equal(token.requests.length, 0);

    // The tag entry gone (as after 24 h): one HEAD finds the digest, whose entry never expires.
    const c = client({ cacheDir });
    for (const file of readdirSync(c.cache.dir)) {
      const entry = JSON.parse(readFileSync(path.join(c.cache.dir, file), 'utf8')) as { key: string };
      if (entry.key.startsWith('tag ')) rmSync(path.join(c.cache.dir, file));
    }
    const revalidated = await c.imageSize(`${front.host}/tiny:1`);
    assert.equal(revalidated.compressedBytes, first.compressedBytes);
    assert.equal(revalidated.fromCache, true);
    assert.deepEqual(new Set(front.requests.map((r) => r.method)), new Set(['HEAD']), 'no manifest download');
  });

  it('ignores a corrupt cache file and looks the image up again', async () => {
    const c = client();
    const first = await c.imageSize(`${front.host}/single:2`);
    for (const file of readdirSync(c.cache.dir)) writeFileSync(path.join(c.cache.dir, file), '{ not json');
    front.requests.length = 0;
    const second = await client({ cacheDir: path.dirname(c.cache.dir) }).imageSize(`${front.host}/single:2`);
    assert.equal(second.compressedBytes, first.compressedBytes);
    assert.equal(second.fromCache, false);
    assert.ok(front.requests.some((r) => r.method === 'GET'));
  });

  it('waits as long as a 429 Retry-After says, then retries', async () => {
    front.intercept = (_req, res, seen) => {
      if (seen !== 1) return false;
      res.writeHead(429, { 'retry-after': '1' }).end();
      return true;
    };
    const started = Date.now();
    const size = await client().imageSize(`${front.host}/single:2`);
    assert.equal(size.compressedBytes, single.images[0]!.compressedBytes);
    assert.ok(Date.now() - started >= 950, `retried after ${Date.now() - started} ms, before Retry-After`);
    assert.ok(logs.some((l) => l.includes('HTTP 429, retrying in 1 s')));
  });

  it('gives up on a long Retry-After and leaves that host alone until then', async () => {
    front.intercept = (_req, res) => {
      res.writeHead(429, { 'retry-after': '3600' }).end();
      return true;
    };
    const c = client();
    await rejectsWith(c.imageSize(`${front.host}/single:2`), 'rate-limited', /retry after 3600 s/);
    assert.equal(front.requests.length, 1, 'no retry storm');
    await rejectsWith(c.imageSize(`${front.host}/tiny:1`), 'rate-limited', /pause/);
    assert.equal(front.requests.length, 1, 'the back-off holds for other images of the host');
  });

  it('gives up after its retry cap when 429s keep coming', async () => {
    front.intercept = (_req, res) => {
      res.writeHead(429, { 'retry-after': '0' }).end();
      return true;
    };
    await rejectsWith(client({ maxRetries: 2 }).imageSize(`${front.host}/single:2`), 'rate-limited');
    assert.equal(front.requests.length, 3, 'the first try and two retries');
  });

  it('times out on a registry that does not answer', async () => {
    front.delayMs = 2000;
    await rejectsWith(
      client({ timeoutMs: 300 }).imageSize(`${front.host}/single:2`),
      'timeout',
      /no answer within 300 ms/,
    );
  });

  it('keeps at most maxConcurrent requests in flight', async () => {
    front.delayMs = 150;
    const c = client({ maxConcurrent: 2 });
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) => c.imageSize(`${front.host}/single:missing-${i}`)),
    );
    assert.ok(results.every((r) => r.status === 'rejected'));
    assert.ok(front.requests.length >= 6);
    assert.equal(front.maxInFlight, 2, `at most two at once (saw ${front.maxInFlight})`);
  });

  it('sends docker-config credentials only with useDockerCredentials, and never logs or caches them', async () => {
    logs.length = 0;
    const off = client();
    const refused = await rejectsWith(
      off.imageSize(`${front.host}/private/secret:1`),
      'unauthorized',
      /docker-config credentials are off/,
    );
    assert.ok(token.requests.length > 0);
    assert.ok(
      token.requests.every((r) => r.authorization === undefined),
      'nothing sent without the opt-in',
    );

    token.requests.length = 0;
    const on = client();
    const size = await on.imageSize(`${front.host}/private/secret:1`, { useDockerCredentials: true });
    assert.equal(size.compressedBytes, secret.images[0]!.compressedBytes);
    assert.deepEqual(
      token.requests.map((r) => r.authorization),
      [`Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`],
      'the token request carries the docker-config credentials',
    );
    assert.ok(
      front.requests.every((r) => !r.authorization?.startsWith('Basic')),
      'the registry itself only sees tokens',
    );

    assert.ok(!existsSync(off.cache.dir), 'a refused look-up caches nothing');
    const cached = readdirSync(on.cache.dir).map((f) => readFileSync(path.join(on.cache.dir, f), 'utf8'));
    assert.ok(cached.length > 0);
    for (const text of [...logs, refused.message, refused.stack ?? '', ...cached, JSON.stringify(size)])
      for (const secretForm of SECRET_FORMS)
        assert.ok(!text.includes(secretForm), `secret leaked into: ${text}`);
  });

  it('refuses plain HTTP to hosts that are not loopback, before any connection', async () => {
    const error = await rejectsWith(
      new RegistryHttp({ log: (line) => logs.push(line) }).request(
        new URL('http://registry.invalid/v2/'),
        'GET',
      ),
      'insecure',
    );
    assert.match(error.message, /only loopback registries/);
  });
});
