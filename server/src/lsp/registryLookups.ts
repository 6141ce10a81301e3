// Registry look-ups for base images the bundled table does not know (`leanDockerfile.network.
// registryLookups`, off by default). They run in the background after an estimate: diagnostics and size
// views never wait for the network; when a size arrives, the views are asked to refresh. Nothing is
// requested in an untrusted workspace (`trusted: false` from the client), whatever the settings say.
import type { LeanDockerfileSettings } from '../../../common/protocol';
import type { LookedUpBase, SizeEstimate } from '../engine/size/types';
import { formatBytes } from '../engine/size/units';
import { RegistryClient, RegistryError, type TagPointer } from '../io/registry/client';
import { defaultCacheDir } from '../io/registry/cache';
import { parsePlatform } from '../io/registry/manifest';

/** A failed look-up is not repeated for this long (unknown tag, refused, offline…). */
const RETRY_FAILED_AFTER_MS = 10 * 60 * 1000;
/** Several look-ups often finish together: one refresh of the views for all of them. */
const REFRESH_DELAY_MS = 100;

export interface RegistryLookups {
  /** Sizes looked up so far, keyed as `SizeInputs.lookedUpBases` expects. */
  readonly bases: ReadonlyMap<string, LookedUpBase>;
  /** Changes whenever `bases` changes: estimates made before are stale. */
  readonly generation: number;
  /** Starts look-ups of the estimate's unknown bases in the background; nothing when off or untrusted. */
  lookUpUnknownBases(estimate: SizeEstimate, settings: LeanDockerfileSettings): void;
  /** Where a tag points and whether it moved since last asked; undefined when off, untrusted or failed. */
  tagPointer(reference: string, settings: LeanDockerfileSettings): Promise<TagPointer | undefined>;
}

export interface RegistryLookupsOptions {
  /** The client's `trusted` initialization option: false = no network at all. */
  trusted: () => boolean | undefined;
  /** The client's storage folder for caches (`globalStoragePath`), if it gave one. */
  storagePath: () => string | undefined;
  log: (line: string) => void;
  /** Called (debounced) after new sizes arrived. */
  onChange: () => void;
}

export function createRegistryLookups(options: RegistryLookupsOptions): RegistryLookups {
  const bases = new Map<string, LookedUpBase>();
  const pending = new Set<string>();
  const failedAt = new Map<string, number>();
  let generation = 0;
  let client: RegistryClient | undefined;
  let refreshTimer: NodeJS.Timeout | undefined;
  let toldUntrusted = false;

  const clientOf = (): RegistryClient =>
    (client ??= new RegistryClient({ cacheDir: options.storagePath() ?? defaultCacheDir() }));

  function changed(): void {
    generation++;
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(options.onChange, REFRESH_DELAY_MS);
  }

  async function lookUp(
    key: string,
    reference: string,
    platform: string | undefined,
    useCredentials: boolean,
  ): Promise<void> {
    pending.add(key);
    try {
      const size = await clientOf().imageSize(reference, {
        // `$BUILDPLATFORM` and the like are the build machine's: assume the default (linux/amd64).
        ...(platform && parsePlatform(platform) ? { platform } : {}),
        useDockerCredentials: useCredentials,
      });
      failedAt.delete(key);
      bases.set(key, {
        compressedBytes: size.compressedBytes,
        date: size.fetchedAt.slice(0, 10),
        source: 'registry',
        registry: size.registry,
        platform: size.platform,
      });
      options.log(
        `Registry: ${size.reference} (${size.platform}) is ${formatBytes(size.compressedBytes)} compressed${size.fromCache ? ' (from the cache)' : ''}.`,
      );
      changed();
    } catch (error) {
      failedAt.set(key, Date.now());
      // RegistryError messages name hosts and statuses only, never credentials or tokens.
      const why = error instanceof RegistryError ? error.message : 'unexpected failure';
      options.log(`Registry: no size for ${reference}: ${why}`);
    } finally {
      pending.delete(key);
    }
  }

  return {
    bases,
    get generation() {
      return generation;
    },
    async tagPointer(reference, settings) {
      if (!settings.network.registryLookups || options.trusted() === false) return undefined;
      try {
        return await clientOf().tagPointer(reference, {
          useDockerCredentials: settings.network.useDockerCredentials,
        });
      } catch (error) {
        const why = error instanceof RegistryError ? error.message : 'unexpected failure';
        options.log(`Registry: cannot tell where ${reference} points: ${why}`);
        return undefined;
      }
    },
    lookUpUnknownBases(estimate, settings) {
      if (!settings.network.registryLookups) return;
      if (options.trusted() === false) {
        if (!toldUntrusted)
          options.log(
            'Registry look-ups are on, but the workspace is not trusted: no registry is contacted.',
          );
        toldUntrusted = true;
        return;
      }
      const now = Date.now();
      for (const stage of estimate.stages) {
        const lookup = stage.base.lookup;
        if (!lookup || bases.has(lookup.key) || pending.has(lookup.key)) continue;
        const failed = failedAt.get(lookup.key);
        if (failed !== undefined && now - failed < RETRY_FAILED_AFTER_MS) continue;
        void lookUp(lookup.key, lookup.reference, lookup.platform, settings.network.useDockerCredentials);
      }
    },
  };
}
