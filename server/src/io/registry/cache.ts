// The look-up cache on disk: one small JSON file per key under <cache dir>/registry/, written
// atomically (temporary file + rename) so that concurrent servers never read half a file. Entries for
// tags expire (a tag can move); entries for digests do not (a digest names fixed content). A file that
// does not parse or has the wrong shape is treated as missing. Only sizes, digests and dates are stored.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const TAG_TTL_MS = 24 * 60 * 60 * 1000;
const FORMAT = 1;

/** What a look-up learnt about one image for one platform. */
export interface CachedImage {
  /** Digest of the platform's image manifest. */
  manifestDigest: string;
  /** Sum of the layer blobs: the pull size. */
  compressedBytes: number;
  layers: number;
  /** `linux/amd64` … */
  platform: string;
  /** When the registry said so (ISO 8601). */
  fetchedAt: string;
  /** For tags: the digest the tag pointed to. */
  digest?: string;
}

/** The digest a tag pointed to when last asked, and since when: kept for good, to tell when a tag moved. */
export interface SeenTag {
  digest: string;
  /** When this digest was first seen for the tag (ISO 8601). */
  since: string;
}

interface CacheFile {
  format: number;
  key: string;
  expiresAt: number | null;
  value: unknown;
}

/** `$XDG_CACHE_HOME/lean-dockerfile`, else `~/.cache/lean-dockerfile`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string {
  const xdg = env.XDG_CACHE_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), 'lean-dockerfile');
}

function isCachedImage(value: unknown): value is CachedImage {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.manifestDigest === 'string' &&
    typeof v.compressedBytes === 'number' &&
    Number.isSafeInteger(v.compressedBytes) &&
    v.compressedBytes >= 0 &&
    typeof v.layers === 'number' &&
    typeof v.platform === 'string' &&
    typeof v.fetchedAt === 'string' &&
    (v.digest === undefined || typeof v.digest === 'string')
  );
}

function isSeenTag(value: unknown): value is SeenTag {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.digest === 'string' && typeof v.since === 'string';
}

export class RegistryCache {
  readonly dir: string;

  constructor(cacheRoot: string) {
    this.dir = path.join(cacheRoot, 'registry');
  }

  /** The file of a key: a hash, so that no reference text becomes a path. */
  fileOf(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  async get(key: string, now = Date.now()): Promise<CachedImage | undefined> {
    return this.read(key, isCachedImage, now);
  }

  async getSeenTag(key: string): Promise<SeenTag | undefined> {
    return this.read(`seen ${key}`, isSeenTag);
  }

  async setSeenTag(key: string, value: SeenTag): Promise<boolean> {
    return this.write(`seen ${key}`, { digest: value.digest, since: value.since }, undefined);
  }

  private async read<T>(
    key: string,
    isValue: (v: unknown) => v is T,
    now = Date.now(),
  ): Promise<T | undefined> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(this.fileOf(key), 'utf8'));
    } catch {
      return undefined;
    }
    const file = parsed as Partial<CacheFile> | null;
    if (
      !file ||
      file.format !== FORMAT ||
      file.key !== key ||
      !(file.expiresAt === null || typeof file.expiresAt === 'number') ||
      !isValue(file.value)
    )
      return undefined;
    if (file.expiresAt !== null && file.expiresAt <= now) return undefined;
    return file.value as T;
  }

  /** Stores an entry; `ttlMs` undefined = never expires. Best effort: a failed write only costs a look-up. */
  async set(key: string, value: CachedImage, ttlMs: number | undefined, now = Date.now()): Promise<boolean> {
    return this.write(
      key,
      {
        manifestDigest: value.manifestDigest,
        compressedBytes: value.compressedBytes,
        layers: value.layers,
        platform: value.platform,
        fetchedAt: value.fetchedAt,
        ...(value.digest !== undefined ? { digest: value.digest } : {}),
      },
      ttlMs,
      now,
    );
  }

  private async write(
    key: string,
    value: unknown,
    ttlMs: number | undefined,
    now = Date.now(),
  ): Promise<boolean> {
    const file = this.fileOf(key);
    const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const content: CacheFile = {
      format: FORMAT,
      key,
      expiresAt: ttlMs === undefined ? null : now + ttlMs,
      value,
    };
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(temporary, `${JSON.stringify(content)}\n`, { mode: 0o600 });
      await rename(temporary, file);
      return true;
    } catch {
      await rm(temporary, { force: true }).catch(() => undefined);
      return false;
    }
  }
}
