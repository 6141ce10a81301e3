// What the size model tracks about a stage's file system while it walks the instructions: the
// paths earlier layers added (with their sizes), the working directory, variables, installed
// Debian packages. Enough to size `COPY --from` and to tell that an `rm` in a later layer saves nothing.
import { substituteArgs } from '../model/imageRef';
import type { InstalledSet } from './debian';
import type { ByteRange } from './units';

/** Content an instruction added at a path. */
export interface PathRecord {
  /** Absolute path in the image (a file or a folder). */
  path: string;
  bytes: ByteRange;
  /** Index (in `Model.instructions`) of the instruction whose layer holds it. */
  layer: number;
  /** 0-based line of that instruction. */
  line: number;
  /** What it is, for messages: `node_modules`, `apt lists`, `Go binary`… */
  label: string;
  /**
   * For build outputs whose file name is not known (`go build` in WORKDIR, `target/release/*`):
   * any path directly inside `path` is one such artifact of this size.
   */
  anyChild?: boolean;
  /** Build-context sources copied here (context-relative), to find lock files. */
  contextSource?: string;
  /** A cache (apt lists, package-manager caches): not something a later COPY --from wants. */
  cache?: boolean;
}

export interface StageState {
  workdir: string;
  env: Map<string, string | undefined>;
  records: PathRecord[];
  /** Debian packages installed (debian/ubuntu bases only). */
  installed: InstalledSet | undefined;
  /** Path of a Python virtual environment created with `python -m venv`, if any. */
  venv: string | undefined;
  /** Instruction indexes of `go mod download` / `cargo fetch` already done (modules are then not counted again). */
  fetched: Set<string>;
}

export function cloneState(state: StageState): StageState {
  return {
    workdir: state.workdir,
    env: new Map(state.env),
    records: [...state.records],
    installed: state.installed?.clone(),
    venv: state.venv,
    fetched: new Set(state.fetched),
  };
}

/** Collapses `.`, `..` and repeated slashes of an absolute path; keeps no trailing slash (except `/`). */
export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** `p` relative to `base` (a folder) unless absolute; `~` is the root user's home. */
export function resolvePath(base: string, p: string): string {
  if (p.startsWith('~/') || p === '~') return normalizePath(`/root/${p.slice(1)}`);
  return normalizePath(p.startsWith('/') ? p : `${base}/${p}`);
}

export function isUnder(path: string, folder: string): boolean {
  if (folder === '/') return true;
  return path === folder || path.startsWith(`${folder}/`);
}

export function hasGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** A path pattern with `*`, `?` and `[…]` (Go filepath.Match, as Docker uses) as a regex over absolute paths. */
export function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^\^/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** True when a removal pattern (`/var/lib/apt/lists/*`, `/tmp`) covers `path` entirely. */
export function removes(pattern: string, path: string): boolean {
  if (!hasGlob(pattern)) return isUnder(path, pattern);
  // `rm -rf /var/lib/apt/lists/*` empties the folder: what was added there is gone.
  if (pattern.endsWith('/*') && !hasGlob(pattern.slice(0, -2)) && isUnder(path, pattern.slice(0, -2)))
    return true;
  const re = globRegex(pattern);
  // The pattern matches the path itself or one of its ancestors.
  let current = path;
  for (;;) {
    if (re.test(current)) return true;
    if (current === '/') return false;
    current = current.slice(0, current.lastIndexOf('/')) || '/';
  }
}

/** Substitutes `$VAR` / `${VAR}` from the stage's ARG/ENV values; unknown variables stay as written. */
export function expandVariables(text: string, env: ReadonlyMap<string, string | undefined>): string {
  if (!text.includes('$')) return text;
  const { value, unresolved } = substituteArgs(text, env);
  return unresolved ? text : value;
}

/** `ENV A=1 B="x y"` or the legacy `ENV A 1`: name/value pairs. */
export function parseEnvArgs(argsText: string): Array<[string, string]> {
  const text = argsText.trim();
  const out: Array<[string, string]> = [];
  if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(text)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s+(.*)$/s.exec(text);
    if (m) out.push([m[1]!, m[2]!.trim()]);
    return out;
  }
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|(?:[^\s\\]|\\.)*)/g;
  for (const m of text.matchAll(re)) {
    let value = m[2]!;
    if (value.startsWith('"') || value.startsWith("'")) value = value.slice(1, -1);
    out.push([m[1]!, value.replace(/\\(.)/g, '$1')]);
  }
  return out;
}
