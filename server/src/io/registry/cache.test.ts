import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryCache, TAG_TTL_MS, defaultCacheDir, type CachedImage } from './cache';

const VALUE: CachedImage = {
  manifestDigest: `sha256:${'1'.repeat(64)}`,
  compressedBytes: 1_234_567,
  layers: 3,
  platform: 'linux/amd64',
  fetchedAt: '2026-05-01T10:00:00.000Z',
  digest: `sha256:${'2'.repeat(64)}`,
};

describe('registry look-up cache', () => {
  let root: string;
  let cache: RegistryCache;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'lean-regcache-'));
    cache = new RegistryCache(root);
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('keeps tag entries for 24 hours and digest entries for good', async () => {
    const now = Date.parse('2026-05-01T10:00:00Z');
    await cache.set('tag a', VALUE, TAG_TTL_MS, now);
    await cache.set('digest a', VALUE, undefined, now);
    assert.deepEqual(await cache.get('tag a', now + TAG_TTL_MS - 1), VALUE);
    assert.equal(await cache.get('tag a', now + TAG_TTL_MS), undefined, 'expired');
    assert.deepEqual(await cache.get('digest a', now + 100 * TAG_TTL_MS), VALUE);
    assert.equal(await cache.get('tag b', now), undefined);
  });

  it('ignores corrupt, foreign and mis-shaped files instead of failing', async () => {
    writeFileSync(cache.fileOf('corrupt'), '{"format":1,"key":"corr');
    assert.equal(await cache.get('corrupt'), undefined);
    writeFileSync(
      cache.fileOf('other key'),
      JSON.stringify({ format: 1, key: 'different', expiresAt: null, value: VALUE }),
    );
    assert.equal(await cache.get('other key'), undefined, 'a file must name its own key');
    writeFileSync(
      cache.fileOf('bad value'),
      JSON.stringify({
        format: 1,
        key: 'bad value',
        expiresAt: null,
        value: { ...VALUE, compressedBytes: '12' },
      }),
    );
    assert.equal(await cache.get('bad value'), undefined);
    await cache.set('corrupt', VALUE, undefined);
    assert.deepEqual(await cache.get('corrupt'), VALUE, 'a corrupt file is replaced by the next write');
  });

  it('writes through a temporary file and leaves none behind', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => cache.set('same key', { ...VALUE, layers: i }, undefined)),
    );
    const entry = await cache.get('same key');
    assert.ok(entry && entry.layers >= 0 && entry.layers < 20, 'one complete write won');
    assert.deepEqual(
      readdirSync(cache.dir).filter((f) => f.endsWith('.tmp')),
      [],
    );
  });

  it('reports a failed write instead of throwing', async () => {
    const blocked = new RegistryCache(path.join(root, 'file-not-dir'));
    writeFileSync(path.join(root, 'file-not-dir'), 'x');
    assert.equal(await blocked.set('k', VALUE, undefined), false);
  });

  it('defaults to $XDG_CACHE_HOME/lean-dockerfile, else ~/.cache/lean-dockerfile', () => {
    assert.equal(
      defaultCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/u'),
      path.join('/xdg', 'lean-dockerfile'),
    );
    assert.equal(
      defaultCacheDir({ XDG_CACHE_HOME: 'relative' }, '/home/u'),
      path.join('/home/u', '.cache', 'lean-dockerfile'),
    );
    assert.equal(defaultCacheDir({}, '/home/u'), path.join('/home/u', '.cache', 'lean-dockerfile'));
  });
});
