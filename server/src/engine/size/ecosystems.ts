// Package counts from lock files (contents the caller provides; no I/O here) and the size ranges of
// data/package-ecosystems.json per ecosystem.
import data from '../../../../data/package-ecosystems.json';
import { range, type ByteRange } from './units';

export interface RangeWithBasis extends ByteRange {
  basis: string;
}

export const ECOSYSTEMS_AS_OF: string = data.generated;
export const ECOSYSTEMS = data.ecosystems;
export const ARTIFACTS = data.artifacts as Record<string, RangeWithBasis>;
export const OPAQUE = data.opaque as Record<string, RangeWithBasis>;

export function artifact(kind: keyof typeof data.artifacts): RangeWithBasis {
  return ARTIFACTS[kind]!;
}

export function opaque(kind: keyof typeof data.opaque): RangeWithBasis {
  return OPAQUE[kind]!;
}

/** Installed packages listed in an npm lock (v2/v3 `packages`, v1 `dependencies`), `yarn.lock` or `pnpm-lock.yaml`. */
export function countNpmLock(
  text: string,
  kind: 'package-lock.json' | 'yarn.lock' | 'pnpm-lock.yaml' = 'package-lock.json',
): { total: number; dev: number } | undefined {
  try {
    if (kind === 'package-lock.json') {
      const lock = JSON.parse(text) as {
        packages?: Record<string, { dev?: boolean; link?: boolean }>;
        dependencies?: Record<string, { dev?: boolean; dependencies?: unknown }>;
      };
      if (lock.packages) {
        const entries = Object.entries(lock.packages).filter(
          ([k, v]) => k.includes('node_modules/') && !v.link,
        );
        return { total: entries.length, dev: entries.filter(([, v]) => v.dev).length };
      }
      if (lock.dependencies) {
        let total = 0;
        let dev = 0;
        const walk = (deps: Record<string, { dev?: boolean; dependencies?: unknown }>): void => {
          for (const d of Object.values(deps)) {
            total++;
            if (d.dev) dev++;
            if (d.dependencies && typeof d.dependencies === 'object')
              walk(d.dependencies as Record<string, { dev?: boolean }>);
          }
        };
        walk(lock.dependencies);
        return { total, dev };
      }
      return undefined;
    }
    if (kind === 'yarn.lock') {
      // Entries start at column 0: `"pkg@^1.0.0", "pkg@^1.1.0":` (classic) or `"pkg@npm:^1":` (berry).
      const total = text
        .split('\n')
        .filter((l) => /^"?[^\s#].*:\s*$/.test(l) && !l.startsWith('__metadata')).length;
      return { total, dev: 0 };
    }
    // pnpm-lock.yaml: package keys under `packages:` are indented two spaces: `  /pkg@1.0.0:` or `  pkg@1.0.0:`.
    const start = text.search(/^packages:\s*$/m);
    if (start < 0) return undefined;
    const section = text.slice(start).split('\n').slice(1);
    let total = 0;
    for (const line of section) {
      if (/^\S/.test(line)) break;
      if (/^ {2}['"]?\/?[^\s'"][^:]*['"]?:\s*$/.test(line)) total++;
    }
    return { total, dev: 0 };
  } catch {
    return undefined;
  }
}

/** Requirement lines of a requirements file: `{ count, pinned }` (pinned = every line `==`, as pip freeze writes). */
export function countRequirements(text: string): { names: string[]; pinned: boolean; includes: string[] } {
  const names: string[] = [];
  const includes: string[] = [];
  let pinned = true;
  for (const raw of text.split('\n')) {
    const line = raw
      .replace(/\s+#.*$/, '')
      .replace(/^#.*$/, '')
      .trim();
    if (!line) continue;
    const include = /^-(?:r|c|-requirement|-constraint)\s*=?\s*(\S+)/.exec(line);
    if (include) {
      if (/^-(r|-requirement)/.test(line)) includes.push(include[1]!);
      continue;
    }
    if (line.startsWith('-')) continue;
    const name = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line)?.[1];
    if (!name) continue;
    names.push(normalizePipName(name));
    if (!/==/.test(line)) pinned = false;
  }
  return { names, pinned: pinned && names.length > 0, includes };
}

export function normalizePipName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[-_.]+/g, '-')
    .replace(/\[.*$/, '');
}

/** Module versions in a go.sum (each has an `h1:` line for its tree; `/go.mod` lines are not downloads). */
export function countGoSum(text: string): number {
  return text.split('\n').filter((l) => /^\S+ \S+ h1:/.test(l) && !/\/go\.mod /.test(l)).length;
}

/** `[[package]]` entries of a Cargo.lock, the workspace's own crates included. */
export function countCargoLock(text: string): number {
  return text.split('\n').filter((l) => l.trim() === '[[package]]').length;
}

export function perCount(per: ByteRange, count: number): ByteRange {
  return range(per.low * count, per.high * count);
}

type KnownTable = Record<string, { low: number; high: number; basis: string }>;

/** A pip package's size: measured or estimated per name, else the per-package range. */
export function pipPackageSize(name: string): RangeWithBasis {
  const known = (data.ecosystems.pip.known as KnownTable)[normalizePipName(name)];
  if (known) return { ...known, basis: `${name}: ${known.basis}` };
  const per = data.ecosystems.pip.perPackage;
  return { ...per, basis: `${name}: per-package range` };
}

/** An apk package's size with what it pulls in: from the table, else the per-package range. */
export function apkPackageSize(name: string): RangeWithBasis {
  const known = (data.ecosystems.apk.known as KnownTable)[name];
  if (known) return { ...known, basis: `${name}: ${known.basis}` };
  return { ...data.ecosystems.apk.perPackage, basis: `${name}: per-package range` };
}
