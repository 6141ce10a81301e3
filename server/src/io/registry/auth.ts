// Registry authentication: the `WWW-Authenticate` challenge, the anonymous (or, on opt-in, Basic)
// token request it leads to, and Basic credentials from the user's docker config. Secrets live in
// private fields so that logging, JSON or util.inspect of these objects shows no secret.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { RegistryError, type RegistryHttp } from './http';
import { DOCKER_HUB_CONFIG_KEY, isLoopbackHost } from './reference';

export interface Challenge {
  scheme: 'bearer' | 'basic';
  params: Record<string, string>;
}

/**
 * Parses `Bearer realm="…",service="…",scope="repository:x:pull,push"` (quoted values may hold commas)
 * or `Basic realm="…"`. Several challenges in one header: the first Bearer one, else the first Basic.
 */
export function parseChallenge(header: string | string[] | undefined): Challenge | undefined {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const found: Challenge[] = [];
  let current: Challenge | undefined;
  const token =
    /\s*(?:([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))|([A-Za-z][A-Za-z0-9_-]*))\s*,?/gy;
  for (let match = token.exec(text); match && match[0] !== ''; match = token.exec(text)) {
    const [, key, quoted, bare, scheme] = match;
    if (scheme !== undefined) {
      const lower = scheme.toLowerCase();
      current = lower === 'bearer' || lower === 'basic' ? { scheme: lower, params: {} } : undefined;
      if (current) found.push(current);
    } else if (key !== undefined && current) {
      current.params[key.toLowerCase()] =
        quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : (bare ?? '');
    }
  }
  return found.find((c) => c.scheme === 'bearer') ?? found[0];
}

/** Basic credentials for one registry. The header value is only reachable through `authorization()`. */
export class Credentials {
  readonly #authorization: string;
  constructor(
    /** The docker config key they came from, for messages. */
    readonly registry: string,
    base64UserPass: string,
  ) {
    this.#authorization = `Basic ${base64UserPass}`;
  }
  authorization(): string {
    return this.#authorization;
  }
  toJSON(): string {
    return `[credentials for ${this.registry}]`;
  }
  toString(): string {
    return this.toJSON();
  }
  [inspect.custom](): string {
    return this.toJSON();
  }
}

/** `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  return env.DOCKER_CONFIG
    ? path.join(env.DOCKER_CONFIG, 'config.json')
    : path.join(home, '.docker', 'config.json');
}

/** `https://ghcr.io/v1/` → `ghcr.io`; every Docker Hub spelling → `docker.io`. */
function configHostKey(key: string): string {
  const host = key
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/\/.*$/, '');
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

/**
 * The Basic credentials the docker config stores for `registry` (`auths.<host>.auth`, base64 of
 * `user:password`), or undefined. Credential helpers (`credsStore`, `credHelpers`) are not run: they
 * are programs, and a size look-up does not start programs.
 */
export async function dockerConfigCredentials(
  registry: string,
  configPath: string = dockerConfigPath(),
): Promise<Credentials | undefined> {
  let config: unknown;
  try {
    config = JSON.parse(await readFile(configPath, 'utf8'));
  } catch {
    return undefined;
  }
  const auths = (config as { auths?: unknown } | null)?.auths;
  if (typeof auths !== 'object' || auths === null) return undefined;
  const wanted = configHostKey(registry === 'docker.io' ? DOCKER_HUB_CONFIG_KEY : registry);
  for (const [key, entry] of Object.entries(auths as Record<string, unknown>)) {
    if (configHostKey(key) !== wanted || typeof entry !== 'object' || entry === null) continue;
    const { auth, username, password } = entry as Record<string, unknown>;
    if (typeof auth === 'string' && auth !== '') {
      const decoded = Buffer.from(auth, 'base64').toString('utf8');
      if (decoded.includes(':')) return new Credentials(registry, Buffer.from(decoded).toString('base64'));
    }
    if (typeof username === 'string' && typeof password === 'string' && username !== '')
      return new Credentials(registry, Buffer.from(`${username}:${password}`).toString('base64'));
  }
  return undefined;
}

interface CachedToken {
  value: string;
  expiresAt: number;
}

/**
 * Bearer tokens per (realm, service, scope, with or without credentials), kept in memory only until
 * shortly before they expire. Never written to disk.
 */
export class TokenStore {
  private readonly tokens = new Map<string, CachedToken>();

  constructor(private readonly transport: RegistryHttp) {}

  async token(challenge: Challenge, credentials: Credentials | undefined): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm)
      throw new RegistryError('unauthorized', 'the registry asked for a token without naming a realm');
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError('bad-response', 'the registry named an invalid token realm');
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.host)))
      throw new RegistryError('insecure', `refusing a token realm over ${url.protocol} at ${url.host}`);
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    for (const scope of (challenge.params.scope ?? '').split(' ').filter(Boolean))
      url.searchParams.append('scope', scope);
    const key = `${credentials ? 'auth' : 'anonymous'} ${url.href}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.value;

    const response = await this.transport.request(
      url,
      'GET',
      credentials ? { authorization: credentials.authorization() } : {},
    );
    if (response.status === 401 || response.status === 403)
      throw new RegistryError(
        'unauthorized',
        `${url.host} refused a token${credentials ? ' for the docker config credentials' : ' (anonymous)'} (HTTP ${response.status})`,
      );
    if (response.status !== 200)
      throw new RegistryError('bad-response', `${url.host}: token request answered HTTP ${response.status}`);
    let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(response.body.toString('utf8')) as typeof body;
    } catch {
      throw new RegistryError('bad-response', `${url.host}: the token response is not JSON`);
    }
    const value = typeof body.token === 'string' ? body.token : body.access_token;
    if (typeof value !== 'string' || value === '')
      throw new RegistryError('bad-response', `${url.host}: the token response holds no token`);
    // Distribution's token spec: 60 s when unsaid; renew a little early so a request never carries a stale one.
    const lifetimeSeconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60;
    this.tokens.set(key, { value, expiresAt: Date.now() + Math.max(0, lifetimeSeconds - 10) * 1000 });
    return value;
  }
}
