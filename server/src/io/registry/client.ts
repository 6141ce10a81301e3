// The size of an image as its registry reports it (OCI distribution / Docker registry v2 API):
// HEAD the manifest for its digest (Docker Hub does not count HEADs against pull limits, and a digest
// already in the cache needs nothing more), else GET it, pick the platform's manifest out of a
// multi-platform index, and sum the layer blobs. Anonymous bearer tokens as Docker Hub hands them out;
// the user's docker-config credentials only when the caller allows them.
import { createHash } from 'node:crypto';
import {
  TokenStore,
  dockerConfigCredentials,
  dockerConfigPath,
  parseChallenge,
  type Credentials,
} from './auth';
import { RegistryCache, TAG_TTL_MS, defaultCacheDir, type CachedImage } from './cache';
import { RegistryError, RegistryHttp, type HttpOptions, type HttpResponse } from './http';
import {
  DEFAULT_PLATFORM,
  MANIFEST_ACCEPT,
  compressedSize,
  formatPlatform,
  isAttestation,
  parseManifest,
  parsePlatform,
  selectPlatform,
  type Platform,
} from './manifest';
import { apiBase, canonicalReference, parseImageReference, type RegistryImage } from './reference';

export { RegistryError, type RegistryErrorCode } from './http';

export interface ImageSize {
  /** The reference normalised: `docker.io/library/node:22`, `127.0.0.1:5000/tiny:1`. */
  reference: string;
  /** The registry as users name it (`docker.io`, `ghcr.io`). */
  registry: string;
  platform: string;
  /** Sum of the platform manifest's layer blobs: the compressed (pull) size. */
  compressedBytes: number;
  layers: number;
  manifestDigest: string;
  /** When the registry gave these numbers (ISO 8601); from the cache: when it was asked then. */
  fetchedAt: string;
  fromCache: boolean;
}

/** Where a tag points now, and where it pointed when we last asked, if that was elsewhere. */
export interface TagPointer {
  reference: string;
  digest: string;
  /** Since when the tag points to `digest`, as far as we know (ISO 8601). */
  since: string;
  /** Set when the tag pointed to other content the last time we asked: the tag moved. */
  previous?: { digest: string; since: string };
}

export interface LookupOptions {
  /** `os/arch[/variant]` (a FROM's `--platform`); linux/amd64 when absent. */
  platform?: string;
  /** Send Basic credentials from the docker config to registries that ask. Off unless the user opted in. */
  useDockerCredentials?: boolean;
}

export interface RegistryClientOptions extends Partial<HttpOptions> {
  /** Root of the disk cache (`<root>/registry/`); default `$XDG_CACHE_HOME/lean-dockerfile`. */
  cacheDir?: string;
  /** The docker config read for credentials; default `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. */
  dockerConfig?: string;
}

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

function headerValue(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Requests for one image: remembers the registry's challenge so that later requests carry a token at once. */
class Session {
  private authorization: string | undefined;
  private credentials: Credentials | undefined | null = null;

  constructor(
    private readonly client: RegistryClient,
    readonly image: RegistryImage,
    private readonly useDockerCredentials: boolean,
  ) {}

  private async dockerCredentials(): Promise<Credentials | undefined> {
    if (!this.useDockerCredentials) return undefined;
    // Read on the first challenge only: a registry that asks for nothing never makes us open the file.
    if (this.credentials === null)
      this.credentials = await dockerConfigCredentials(this.image.registry, this.client.dockerConfig);
    return this.credentials;
  }

  /** A manifest request, answering one 401 with a token (or Basic credentials) and trying again. */
  async manifest(reference: string, method: 'GET' | 'HEAD'): Promise<HttpResponse> {
    const url = new URL(`${this.image.repository}/manifests/${reference}`, apiBase(this.image));
    const send = (): Promise<HttpResponse> =>
      this.client.http.request(url, method, {
        accept: MANIFEST_ACCEPT,
        ...(this.authorization ? { authorization: this.authorization } : {}),
      });
    const first = await send();
    if (first.status !== 401) return first;
    const challenge = parseChallenge(first.headers['www-authenticate']);
    const where = `${this.image.registry}/${this.image.repository}`;
    if (!challenge)
      throw new RegistryError('unauthorized', `${where}: authentication required (no usable challenge)`);
    const credentials = await this.dockerCredentials();
    if (challenge.scheme === 'bearer') {
      this.authorization = `Bearer ${await this.client.tokens.token(challenge, credentials)}`;
    } else if (credentials) {
      this.authorization = credentials.authorization();
    } else {
      throw new RegistryError(
        'unauthorized',
        `${where}: the registry wants credentials${this.useDockerCredentials ? ' and the docker config has none for it' : ' (docker-config credentials are off)'}`,
      );
    }
    const second = await send();
    if (second.status === 401 || second.status === 403)
      throw new RegistryError(
        'unauthorized',
        `${where}: access denied (HTTP ${second.status})${credentials ? '' : this.useDockerCredentials ? '; the docker config has no credentials for it' : '; docker-config credentials are off'}`,
      );
    return second;
  }
}

export class RegistryClient {
  readonly http: RegistryHttp;
  readonly tokens: TokenStore;
  readonly cache: RegistryCache;
  readonly dockerConfig: string;
  private readonly pending = new Map<string, Promise<ImageSize>>();

  constructor(options: RegistryClientOptions = {}) {
    this.http = new RegistryHttp(options);
    this.tokens = new TokenStore(this.http);
    this.cache = new RegistryCache(options.cacheDir ?? defaultCacheDir());
    this.dockerConfig = options.dockerConfig ?? dockerConfigPath();
  }

  /**
   * The compressed size of `reference` for a platform. Throws RegistryError (unknown tag, no such
   * platform, refused, rate-limited, timeout…); concurrent calls for the same image share one look-up.
   */
  imageSize(reference: string, options: LookupOptions = {}): Promise<ImageSize> {
    const image = parseImageReference(reference);
    if (!image)
      return Promise.reject(new RegistryError('invalid-reference', `not an image reference: ${reference}`));
    const platform = options.platform === undefined ? DEFAULT_PLATFORM : parsePlatform(options.platform);
    if (!platform)
      return Promise.reject(new RegistryError('invalid-reference', `not a platform: ${options.platform}`));
    const key = `${canonicalReference(image)} ${formatPlatform(platform)} ${options.useDockerCredentials === true}`;
    let pending = this.pending.get(key);
    if (!pending) {
      pending = this.lookUp(image, platform, options.useDockerCredentials === true).finally(() =>
        this.pending.delete(key),
      );
      this.pending.set(key, pending);
    }
    return pending;
  }

  /**
   * Asks (HEAD only) where a tag points now and compares with what was recorded the last time, so a
   * tag that moved to other content is told apart from one that did not. Throws RegistryError.
   */
  async tagPointer(reference: string, options: LookupOptions = {}): Promise<TagPointer> {
    const image = parseImageReference(reference);
    if (!image || image.digest !== undefined)
      throw new RegistryError('invalid-reference', `not an image tag: ${reference}`);
    const session = new Session(this, image, options.useDockerCredentials === true);
    const tag = image.tag ?? 'latest';
    const where = `${image.registry}/${image.repository}:${tag}`;
    const head = await session.manifest(tag, 'HEAD');
    if (head.status === 404) throw new RegistryError('not-found', `${where} does not exist`);
    const digest = head.status === 200 ? headerValue(head, 'docker-content-digest') : undefined;
    if (!digest || !/^[a-z0-9]+:[a-f0-9]+$/.test(digest))
      throw new RegistryError(
        'bad-response',
        `${where}: the registry did not say which digest the tag names`,
      );
    const key = `${image.registry}/${image.repository}:${tag}`;
    const seen = await this.cache.getSeenTag(key);
    if (seen?.digest === digest) return { reference: canonicalReference(image), digest, since: seen.since };
    const since = new Date().toISOString();
    await this.cache.setSeenTag(key, { digest, since });
    return { reference: canonicalReference(image), digest, since, ...(seen ? { previous: seen } : {}) };
  }

  private async lookUp(
    image: RegistryImage,
    platform: Platform,
    useDockerCredentials: boolean,
  ): Promise<ImageSize> {
    const session = new Session(this, image, useDockerCredentials);
    const repository = `${image.registry}/${image.repository}`;
    const platformText = formatPlatform(platform);
    const digestKey = (digest: string): string => `digest ${repository}@${digest} ${platformText}`;
    const answer = (value: CachedImage, fromCache: boolean): ImageSize => ({
      reference: canonicalReference(image),
      registry: image.registry,
      platform: value.platform,
      compressedBytes: value.compressedBytes,
      layers: value.layers,
      manifestDigest: value.manifestDigest,
      fetchedAt: value.fetchedAt,
      fromCache,
    });

    if (image.digest !== undefined) {
      const known = await this.cache.get(digestKey(image.digest));
      if (known) return answer(known, true);
      const found = await this.resolve(session, image.digest, platform, image.digest);
      await this.cache.set(digestKey(image.digest), found, undefined);
      return answer(found, false);
    }

    const tag = image.tag ?? 'latest';
    const tagKey = `tag ${repository}:${tag} ${platformText}`;
    const fresh = await this.cache.get(tagKey);
    if (fresh) return answer(fresh, true);

    const head = await session.manifest(tag, 'HEAD');
    if (head.status === 404) throw new RegistryError('not-found', `${repository}:${tag} does not exist`);
    const headDigest = head.status === 200 ? headerValue(head, 'docker-content-digest') : undefined;
    const digest = headDigest && /^[a-z0-9]+:[a-f0-9]+$/.test(headDigest) ? headDigest : undefined;
    if (digest) {
      // The tag still points to content we have sized before: no manifest download.
      const known = await this.cache.get(digestKey(digest));
      if (known) {
        const confirmed = { ...known, digest, fetchedAt: new Date().toISOString() };
        await this.cache.set(tagKey, confirmed, TAG_TTL_MS);
        return answer(confirmed, true);
      }
    }
    const found = await this.resolve(session, digest ?? tag, platform, digest);
    if (found.digest) await this.cache.set(digestKey(found.digest), found, undefined);
    await this.cache.set(tagKey, found, TAG_TTL_MS);
    return answer(found, false);
  }

  /** GETs a manifest (by tag or digest) down to the platform's image manifest and sizes it. */
  private async resolve(
    session: Session,
    reference: string,
    platform: Platform,
    expectedDigest: string | undefined,
  ): Promise<CachedImage> {
    const top = await this.fetchManifest(session, reference, expectedDigest);
    const fetchedAt = new Date().toISOString();
    const platformText = formatPlatform(platform);
    if (top.manifest.kind === 'image')
      return {
        manifestDigest: top.digest,
        compressedBytes: compressedSize(top.manifest),
        layers: top.manifest.layers.length,
        platform: platformText,
        fetchedAt,
        digest: top.digest,
      };
    const entry = selectPlatform(top.manifest.manifests, platform);
    const where = `${session.image.registry}/${session.image.repository}:${reference}`;
    if (!entry) {
      const offered = top.manifest.manifests
        .filter((m) => m.platform && !isAttestation(m))
        .map((m) => formatPlatform(m.platform!));
      throw new RegistryError(
        'no-platform',
        `${where} has no ${platformText} image (it has ${offered.join(', ') || 'no platform images'})`,
      );
    }
    // Platform manifests are sized once for good: their digest fixes their content.
    const childKey = `manifest ${session.image.registry}/${session.image.repository}@${entry.digest}`;
    const known = await this.cache.get(childKey);
    const sized =
      known ??
      (await (async () => {
        const child = await this.fetchManifest(session, entry.digest, entry.digest);
        if (child.manifest.kind !== 'image')
          throw new RegistryError(
            'bad-response',
            `${where}: the ${platformText} entry is not an image manifest`,
          );
        const value: CachedImage = {
          manifestDigest: entry.digest,
          compressedBytes: compressedSize(child.manifest),
          layers: child.manifest.layers.length,
          platform: platformText,
          fetchedAt,
        };
        await this.cache.set(childKey, value, undefined);
        return value;
      })());
    return { ...sized, platform: platformText, fetchedAt, digest: top.digest };
  }

  private async fetchManifest(
    session: Session,
    reference: string,
    expectedDigest: string | undefined,
  ): Promise<{ manifest: ReturnType<typeof parseManifest>; digest: string }> {
    const where = `${session.image.registry}/${session.image.repository}:${reference}`;
    const response = await session.manifest(reference, 'GET');
    if (response.status === 404) throw new RegistryError('not-found', `${where} does not exist`);
    if (response.status !== 200)
      throw new RegistryError('bad-response', `${where}: manifest request answered HTTP ${response.status}`);
    const computed = `sha256:${createHash('sha256').update(response.body).digest('hex')}`;
    // A digest names content: what came back must be that content, or the cache would keep a lie forever.
    if (expectedDigest && SHA256_DIGEST.test(expectedDigest) && computed !== expectedDigest)
      throw new RegistryError('bad-response', `${where}: the manifest does not match its digest`);
    let manifest: ReturnType<typeof parseManifest>;
    try {
      manifest = parseManifest(response.body.toString('utf8'), headerValue(response, 'content-type'));
    } catch (error) {
      throw new RegistryError('bad-response', `${where}: ${(error as Error).message}`);
    }
    return { manifest, digest: expectedDigest ?? headerValue(response, 'docker-content-digest') ?? computed };
  }
}
