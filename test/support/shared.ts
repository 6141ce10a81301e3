import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * The shared folder with the Dockerfile corpus and data snapshots: $LEAN_SHARED_DIR, else
 * ../shared beside the repository, else /work/shared (where clones made elsewhere still find it).
 */
export function sharedDir(): string {
  const repo = path.resolve(__dirname, '../../..');
  const candidates = [process.env.LEAN_SHARED_DIR, path.resolve(repo, '../shared'), '/work/shared'].filter(
    (p): p is string => !!p,
  );
  const found = candidates.find((p) => existsSync(path.join(p, 'corpus')));
  if (!found)
    throw new Error(
      `shared corpus not found in ${candidates.join(', ')}: set LEAN_SHARED_DIR to the folder holding corpus/`,
    );
  return found;
}

/** The corpus Dockerfiles (absolute paths, sorted); with `every`, each `every`-th one from `offset`. */
export function corpusFiles(every = 1, offset = 0): string[] {
  const root = path.join(sharedDir(), 'corpus', 'files');
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .filter((_, i) => i % every === offset);
}
