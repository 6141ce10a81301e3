// A real OCI registry on 127.0.0.1 for the registry look-up tests: Debian's `docker-registry`
// (distribution 2.8) with its token authentication, a token server that signs the tokens, a counting
// HTTP front for request counts and injected failures, and OCI layouts written byte by byte and
// pushed with `skopeo`. Nothing here reaches beyond the loopback interface.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomUUID, sign } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const INSTALL_HINT = 'install it: apt-get install docker-registry skopeo';

/** The absolute path of a program on PATH (or in /usr/bin, /usr/sbin), or an error saying how to install it. */
export function requireProgram(name: string, hint = INSTALL_HINT): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/sbin'].filter(Boolean);
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`${name} is not installed: ${hint}`);
}

function run(program: string, args: string[], timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${program} ${args.join(' ')} failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

function close(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const base64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

// ── Token server ────────────────────────────────────────────────────────────────────────────────

export interface TokenServer {
  /** The `realm` the registry names in its Bearer challenge. */
  realm: string;
  service: string;
  issuer: string;
  /** PEM certificate the registry trusts for token signatures (`auth.token.rootcertbundle`). */
  certificatePath: string;
  /** Every token request: the Authorization header it carried (undefined = anonymous) and its scopes. */
  requests: Array<{ authorization: string | undefined; scopes: string[] }>;
  stop(): Promise<void>;
}

/**
 * Issues registry tokens as Docker Hub's auth server does: anonymous callers may pull every
 * repository outside `privatePrefix`; a caller with the right Basic credentials may pull and push
 * everything. Tokens are JWTs signed with a key whose self-signed certificate the registry trusts.
 */
export async function startTokenServer(options: {
  username: string;
  password: string;
  privatePrefix: string;
}): Promise<TokenServer> {
  const openssl = requireProgram('openssl', 'install it: apt-get install openssl');
  const dir = mkdtempSync(path.join(tmpdir(), 'lean-token-'));
  const keyPath = path.join(dir, 'key.pem');
  const certificatePath = path.join(dir, 'cert.pem');
  await run(openssl, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyPath,
    '-out',
    certificatePath,
    '-days',
    '2',
    '-subj',
    '/CN=lean-dockerfile test token issuer',
  ]);
  const privateKey = readFileSync(keyPath);
  const certificateDer = Buffer.from(
    readFileSync(certificatePath, 'utf8')
      .replace(/-----(BEGIN|END) CERTIFICATE-----/g, '')
      .replace(/\s+/g, ''),
    'base64',
  );
  const service = 'lean-test-registry';
  const issuer = 'lean-test-issuer';
  const expected = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  const requests: TokenServer['requests'] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const authorization = req.headers.authorization;
    const scopes = url.searchParams.getAll('scope');
    requests.push({ authorization, scopes });
    if (authorization !== undefined && authorization !== expected) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}');
      return;
    }
    const access = scopes.flatMap((scope) => {
      const [type, name, actions] = scope.split(':');
      if (type !== 'repository' || !name || !actions) return [];
      const granted = actions
        .split(',')
        .filter(
          (a) => authorization !== undefined || (a === 'pull' && !name.startsWith(options.privatePrefix)),
        );
      return granted.length > 0 ? [{ type, name, actions: granted }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', x5c: [certificateDer.toString('base64')] };
    const claims = {
      iss: issuer,
      sub: authorization ? options.username : '',
      aud: service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const unsigned = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign('sha256', Buffer.from(unsigned), privateKey);
    const token = `${unsigned}.${base64url(signature)}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }),
    );
  });
  const port = await listen(server);
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certificatePath,
    requests,
    async stop() {
      await close(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ── Registry ────────────────────────────────────────────────────────────────────────────────────

export interface LocalRegistry {
  /** `127.0.0.1:<port>`, as written in image references. */
  host: string;
  port: number;
  /** What the registry printed (its access log included). */
  log(): string;
  stop(): Promise<void>;
}

async function waitForRegistry(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}):\n${log()}`);
    const status = await new Promise<number>((resolve) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/v2/', timeout: 1000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', () => resolve(0));
      req.on('timeout', () => req.destroy());
    });
    // 401 counts: with token auth, /v2/ answers with the Bearer challenge once it is up.
    if (status === 200 || status === 401) return;
    if (Date.now() > deadline) throw new Error(`docker-registry did not answer /v2/ within 15 s:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Starts `docker-registry serve` on a free loopback port with storage in a temporary folder; with
 * `token`, the registry demands tokens from that token server (Bearer challenges, as Docker Hub).
 */
export async function startRegistry(options: { token?: TokenServer } = {}): Promise<LocalRegistry> {
  const program = requireProgram('docker-registry');
  const dir = mkdtempSync(path.join(tmpdir(), 'lean-registry-'));
  const port = await freePort();
  const auth = options.token
    ? [
        'auth:',
        '  token:',
        `    realm: ${options.token.realm}`,
        `    service: ${options.token.service}`,
        `    issuer: ${options.token.issuer}`,
        `    rootcertbundle: ${options.token.certificatePath}`,
      ]
    : [];
  const config = path.join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: info',
      '  accesslog:',
      '    disabled: false',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'storage')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      ...auth,
      '',
    ].join('\n'),
  );
  // Its own process group, so that stop() ends it and anything it started.
  const child = spawn(program, ['serve', config], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killed = await Promise.race([
        exited.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 3000)),
      ]);
      if (!killed) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitForRegistry(port, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: `127.0.0.1:${port}`, port, log: () => output, stop };
}

// ── Counting front ──────────────────────────────────────────────────────────────────────────────

export interface FrontRequest {
  method: string;
  path: string;
  authorization: string | undefined;
}

export interface Front {
  /** `127.0.0.1:<port>`: use it in image references instead of the registry's own host. */
  host: string;
  /** Every request that reached the front, in order. */
  requests: FrontRequest[];
  /** Requests in flight right now, and the most seen at once. */
  maxInFlight: number;
  /**
   * Called before forwarding; return true after answering `res` yourself (e.g. a 429) to stop the
   * request there. Replace it between tests.
   */
  intercept: (req: http.IncomingMessage, res: http.ServerResponse, seen: number) => boolean;
  /** Delay before forwarding each request, to hold requests in flight (concurrency tests). */
  delayMs: number;
  stop(): Promise<void>;
}

/** A plain HTTP front that counts requests and forwards them to `target` (`127.0.0.1:<port>`). */
export async function startFront(target: string): Promise<Front> {
  const [targetHost, targetPort] = target.split(':');
  let inFlight = 0;
  const front: Partial<Front> = { requests: [], maxInFlight: 0, intercept: () => false, delayMs: 0 };
  const server = http.createServer((req, res) => {
    const self = front as Front;
    self.requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      authorization: req.headers.authorization,
    });
    inFlight++;
    self.maxInFlight = Math.max(self.maxInFlight, inFlight);
    res.once('close', () => inFlight--);
    if (self.intercept(req, res, self.requests.length)) return;
    const forward = (): void => {
      const upstream = http.request(
        {
          host: targetHost,
          port: Number(targetPort),
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    };
    if (self.delayMs > 0) setTimeout(forward, self.delayMs);
    else forward();
  });
  const port = await listen(server);
  return Object.assign(front, { host: `127.0.0.1:${port}`, stop: () => close(server) }) as Front;
}

// ── OCI layouts written by hand, pushed with skopeo ─────────────────────────────────────────────

export const MediaTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  inToto: 'application/vnd.in-toto+json',
} as const;

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ImageSpec {
  platform: Platform;
  /** Size of the one file in each layer; file content is incompressible, so gzip barely shrinks it. */
  layerContentBytes: number[];
}

export interface WrittenImage {
  platform: Platform;
  manifestDigest: string;
  /** Sum of the layers' compressed (blob) sizes: what a registry look-up must report. */
  compressedBytes: number;
  layerSizes: number[];
}

export interface WrittenLayout {
  dir: string;
  tag: string;
  images: WrittenImage[];
  /** The digest the tag points to (the index for multi-arch layouts). */
  digest: string;
  attestationDigest: string | undefined;
}

function digestOf(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Deterministic incompressible bytes: a SHA-256 counter stream. */
function noise(seed: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let offset = 0;
  for (let counter = 0; offset < length; counter++) {
    const block = createHash('sha256').update(`${seed}:${counter}`).digest();
    offset += block.copy(out, offset);
  }
  return out;
}

/** A POSIX ustar archive holding one regular file. */
function tarWithOneFile(name: string, content: Buffer): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write('0000644\0', 100, 8, 'ascii');
  header.write('0000000\0', 108, 8, 'ascii');
  header.write('0000000\0', 116, 8, 'ascii');
  header.write(`${content.length.toString(8).padStart(11, '0')}\0`, 124, 12, 'ascii');
  header.write(
    `${Math.floor(Date.UTC(2026, 0, 1) / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    12,
    'ascii',
  );
  header.write('        ', 148, 8, 'ascii');
  header.write('0', 156, 1, 'ascii');
  header.write('ustar\0', 257, 6, 'ascii');
  header.write('00', 263, 2, 'ascii');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  header.write(`${checksum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'ascii');
  const padding = Buffer.alloc((512 - (content.length % 512)) % 512);
  return Buffer.concat([header, content, padding, Buffer.alloc(1024)]);
}

class BlobWriter {
  constructor(private readonly dir: string) {
    mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  }
  write(data: Buffer, mediaType: string): { mediaType: string; digest: string; size: number } {
    const digest = digestOf(data);
    writeFileSync(path.join(this.dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), data);
    return { mediaType, digest, size: data.length };
  }
}

function writeImage(
  blobs: BlobWriter,
  seed: string,
  platform: Platform,
  layers: Array<{ content: Buffer; mediaType: string; gzip: boolean }>,
): { descriptor: { mediaType: string; digest: string; size: number }; layerSizes: number[] } {
  const written = layers.map((layer, i) => {
    const tar = tarWithOneFile(`data-${i}.bin`, layer.content);
    const blob = layer.gzip ? gzipSync(tar, { level: 1 }) : layer.content;
    return { ...blobs.write(blob, layer.mediaType), diffId: digestOf(layer.gzip ? tar : blob) };
  });
  const config = blobs.write(
    Buffer.from(
      JSON.stringify({
        created: '2026-01-01T00:00:00Z',
        architecture: platform.architecture,
        os: platform.os,
        ...(platform.variant ? { variant: platform.variant } : {}),
        config: { Labels: { 'lean-dockerfile.test': seed } },
        rootfs: { type: 'layers', diff_ids: written.map((l) => l.diffId) },
      }),
    ),
    MediaTypes.config,
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.manifest,
      config,
      layers: written.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
    }),
  );
  return { descriptor: blobs.write(manifest, MediaTypes.manifest), layerSizes: written.map((l) => l.size) };
}

/**
 * Writes an OCI image layout: one image, or (`multiArch`) an image index over several platforms
 * plus, when `attestationBytes` is given, a BuildKit-style attestation manifest (platform
 * unknown/unknown, `vnd.docker.reference.type: attestation-manifest`) whose layer is that large.
 */
export function writeOciLayout(
  dir: string,
  tag: string,
  spec: { images: ImageSpec[]; multiArch: boolean; attestationBytes?: number; seed?: string },
): WrittenLayout {
  const seed = spec.seed ?? tag;
  const blobs = new BlobWriter(dir);
  writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  const images: WrittenImage[] = [];
  const entries: object[] = [];
  for (const [i, image] of spec.images.entries()) {
    const { descriptor, layerSizes } = writeImage(
      blobs,
      `${seed}-${i}`,
      image.platform,
      image.layerContentBytes.map((n, j) => ({
        content: noise(`${seed}-${i}-${j}`, n),
        mediaType: MediaTypes.layer,
        gzip: true,
      })),
    );
    images.push({
      platform: image.platform,
      manifestDigest: descriptor.digest,
      compressedBytes: layerSizes.reduce((a, b) => a + b, 0),
      layerSizes,
    });
    entries.push({ ...descriptor, platform: image.platform });
  }
  let attestationDigest: string | undefined;
  const attested = images[0];
  if (spec.multiArch && spec.attestationBytes !== undefined && attested) {
    const statement = Buffer.concat([
      Buffer.from('{"_type":"https://in-toto.io/Statement/v0.1","padding":"'),
      Buffer.from(noise(`${seed}-attestation`, spec.attestationBytes).toString('hex')),
      Buffer.from('"}'),
    ]);
    const { descriptor } = writeImage(
      blobs,
      `${seed}-attestation`,
      { os: 'unknown', architecture: 'unknown' },
      [{ content: statement, mediaType: MediaTypes.inToto, gzip: false }],
    );
    attestationDigest = descriptor.digest;
    entries.push({
      ...descriptor,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: {
        'vnd.docker.reference.digest': attested.manifestDigest,
        'vnd.docker.reference.type': 'attestation-manifest',
      },
    });
  }
  let top: { mediaType: string; digest: string; size: number };
  if (spec.multiArch) {
    top = blobs.write(
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaTypes.index, manifests: entries })),
      MediaTypes.index,
    );
  } else {
    const only = entries[0] as { mediaType: string; digest: string; size: number } | undefined;
    if (!only || entries.length !== 1) throw new Error('a single-image layout needs exactly one image');
    top = { mediaType: only.mediaType, digest: only.digest, size: only.size };
  }
  writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...top, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  return { dir, tag, images, digest: top.digest, attestationDigest };
}

/** Pushes a layout to `registryHost/name:tag` with skopeo (every manifest of an index), optionally converted. */
export async function pushLayout(
  layout: WrittenLayout,
  registryHost: string,
  name: string,
  options: { credentials?: { username: string; password: string }; dockerFormat?: boolean } = {},
): Promise<void> {
  const skopeo = requireProgram('skopeo');
  // An explicit policy: the test must not depend on /etc/containers/policy.json.
  const policy = path.join(layout.dir, '..', `policy-${path.basename(layout.dir)}.json`);
  writeFileSync(policy, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  await run(skopeo, [
    '--policy',
    policy,
    'copy',
    '--all',
    '--dest-tls-verify=false',
    ...(options.credentials
      ? ['--dest-creds', `${options.credentials.username}:${options.credentials.password}`]
      : []),
    // Docker's own manifest kinds (v2 schema 2 and manifest lists) instead of OCI ones.
    ...(options.dockerFormat ? ['--format', 'v2s2'] : []),
    `oci:${layout.dir}:${layout.tag}`,
    `docker://${registryHost}/${name}:${layout.tag}`,
  ]);
}
