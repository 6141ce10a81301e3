// The build context on disk, for size estimates: which files `docker build` would send (honouring
// .dockerignore), how much the sources of each COPY/ADD weigh, and the lock files the package
// estimates read. The engine stays pure; this is the I/O side behind its SizeInputs.
//
// .dockerignore vs .gitignore (the `ignore` package implements .gitignore):
//  - Docker matches every pattern against the path relative to the context root (Go filepath.Match
//    plus `**`); a pattern without a slash does NOT match at any depth as in .gitignore. We anchor
//    each pattern (`node_modules` → `/node_modules`) to get Docker's meaning.
//  - A leading `/` is stripped by Docker (the same anchored pattern for us); a trailing `/` is
//    removed by Docker's path cleaning, so `dir/` also matches a file named dir: we strip it too.
//  - The last matching pattern wins and a match on a parent folder counts; `!` exceptions can
//    re-include a file inside an excluded folder, which .gitignore cannot. We evaluate every
//    pattern separately in order (one matcher per pattern) to keep Docker's rule.
//  - Not handled: Go's `\` escapes inside character classes on Windows paths, and the rare
//    differences between Go's filepath.Match and gitignore classes (`[^…]` vs `[!…]`).
// `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's `.dockerignore`.
import { closeSync, existsSync, lstatSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ContextSize, SizeInputs } from '../engine/size/types';

export interface ContextOptions {
  /** Stop the walk after this many files (default 50,000). */
  maxFiles?: number;
  /** Stop the walk after this many milliseconds (default 2,000). */
  maxMs?: number;
  /** The Dockerfile, for `<Dockerfile>.dockerignore`. */
  dockerfilePath?: string;
  /** Largest file readContextFile returns, in bytes (default 5 MB). */
  maxReadBytes?: number;
}

interface Matcher {
  negated: boolean;
  ig: Ignore;
}

/** Compiles .dockerignore text into Docker's "last matching pattern wins" matcher. */
export function dockerignoreMatcher(text: string): (relativePath: string) => boolean {
  const matchers: Matcher[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    let negated = false;
    if (line.startsWith('!')) {
      negated = true;
      line = line.slice(1).trim();
    }
    // Docker cleans the pattern like a path: no leading `/` or `./`, no trailing `/`.
    line = path.posix.normalize(line).replace(/^\/+/, '').replace(/\/+$/, '');
    if (line === '' || line === '.') continue;
    try {
      matchers.push({ negated, ig: ignore().add(`/${line}`) });
    } catch {
      // An invalid pattern excludes nothing (Docker would reject the file; the estimate goes on).
    }
  }
  return (relativePath: string): boolean => {
    let excluded = false;
    const p = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    if (p === '' || p === '.') return false;
    for (const m of matchers) {
      // ignore() tests parent folders too, which is Docker's rule.
      if (m.ig.ignores(p)) excluded = !m.negated;
    }
    return excluded;
  };
}

/** True when a .dockerignore has `!` exceptions (then excluded folders must still be walked). */
function hasExceptions(text: string): boolean {
  return text.split(/\r?\n/).some((l) => l.trim().startsWith('!'));
}

/** The .dockerignore that applies: `<Dockerfile>.dockerignore` first, then `<context>/.dockerignore`. */
export function findDockerignore(contextDir: string, dockerfilePath?: string): string | undefined {
  const candidates = [
    dockerfilePath ? `${path.resolve(dockerfilePath)}.dockerignore` : undefined,
    path.join(contextDir, '.dockerignore'),
  ];
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

interface Walk {
  /** Context-relative POSIX paths of the files sent, with their sizes. */
  files: Array<[string, number]>;
  capped: boolean;
}

function walkDir(
  root: string,
  relStart: string,
  excluded: ((rel: string) => boolean) | undefined,
  skipExcludedDirs: boolean,
  maxFiles: number,
  maxMs: number,
): Walk {
  const started = Date.now();
  const files: Array<[string, number]> = [];
  let capped = false;
  const stack: string[] = [relStart];
  while (stack.length > 0) {
    const rel = stack.pop()!;
    let entries;
    try {
      entries = readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      const isExcluded = excluded?.(childRel) ?? false;
      if (entry.isDirectory()) {
        if (isExcluded && skipExcludedDirs) continue;
        stack.push(childRel);
        continue;
      }
      if (isExcluded) continue;
      let size = 0;
      try {
        size = entry.isSymbolicLink() ? 0 : lstatSync(path.join(root, childRel)).size;
      } catch {
        continue;
      }
      files.push([childRel, size]);
      if (files.length >= maxFiles || (files.length % 256 === 0 && Date.now() - started > maxMs)) {
        capped = true;
        return { files, capped };
      }
    }
    if (Date.now() - started > maxMs) {
      capped = stack.length > 0;
      if (capped) break;
    }
  }
  return { files, capped };
}

/** Go filepath.Match-style glob (`*`, `?`, `[…]`) over a context-relative path. */
function globRegex(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += pattern[i + 1] === '*' ? (i++, '.*') : '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A build context folder: walked once (lazily), then queried by the size model. */
export class BuildContext {
  private walked: Walk | undefined;
  private readonly excluded: (rel: string) => boolean;
  private readonly exceptions: boolean;
  readonly dockerignore: string | undefined;
  private readonly maxFiles: number;
  private readonly maxMs: number;
  private readonly maxReadBytes: number;

  constructor(
    readonly root: string,
    options: ContextOptions = {},
  ) {
    this.maxFiles = options.maxFiles ?? 50_000;
    this.maxMs = options.maxMs ?? 2_000;
    this.maxReadBytes = options.maxReadBytes ?? 5e6;
    this.dockerignore = findDockerignore(root, options.dockerfilePath);
    let text = '';
    try {
      text = this.dockerignore ? readFileSync(this.dockerignore, 'utf8') : '';
    } catch {
      text = '';
    }
    this.excluded = dockerignoreMatcher(text);
    this.exceptions = hasExceptions(text);
  }

  /** The files `docker build` sends, after .dockerignore (capped). */
  walk(): Walk {
    this.walked ??= walkDir(this.root, '', this.excluded, !this.exceptions, this.maxFiles, this.maxMs);
    return this.walked;
  }

  isExcluded(relativePath: string): boolean {
    return this.excluded(relativePath);
  }

  /** Size of COPY/ADD sources (context-relative, globs allowed, folders recursive). */
  size(sources: readonly string[]): ContextSize {
    const { files, capped } = this.walk();
    let bytes = 0;
    let count = 0;
    const missing: string[] = [];
    const taken = new Set<string>();
    for (const source of sources) {
      const clean = path.posix.normalize(source.replace(/\\/g, '/')).replace(/^\/+/, '').replace(/\/+$/, '');
      const whole = clean === '' || clean === '.';
      const re = /[*?[]/.test(clean) ? globRegex(clean) : undefined;
      let matched = 0;
      for (const [rel, size] of files) {
        let hit = whole;
        if (!hit && re) {
          // The pattern matches the file or one of its folders (a matched folder is copied whole).
          let current = rel;
          for (;;) {
            if (re.test(current)) {
              hit = true;
              break;
            }
            const slash = current.lastIndexOf('/');
            if (slash < 0) break;
            current = current.slice(0, slash);
          }
        } else if (!hit) hit = rel === clean || rel.startsWith(`${clean}/`);
        if (!hit) continue;
        matched++;
        if (taken.has(rel)) continue;
        taken.add(rel);
        bytes += size;
        count++;
      }
      if (matched === 0 && !capped) missing.push(source);
    }
    return { bytes, files: count, capped, missing: missing.length > 0 ? missing : undefined };
  }

  /** Text of a small context file (lock files), undefined when missing, excluded or too large. */
  readFile(relativePath: string): string | undefined {
    const rel = path.posix.normalize(relativePath.replace(/\\/g, '/')).replace(/^\/+/, '');
    if (rel.startsWith('..') || this.excluded(rel)) return undefined;
    const file = path.join(this.root, rel);
    try {
      const stat = lstatSync(file);
      if (!stat.isFile() || stat.size > this.maxReadBytes) return undefined;
      const fd = openSync(file, 'r');
      try {
        const buffer = Buffer.alloc(stat.size);
        readSync(fd, buffer, 0, stat.size, 0);
        return buffer.toString('utf8');
      } finally {
        closeSync(fd);
      }
    } catch {
      return undefined;
    }
  }

  /**
   * Real size of a dependency folder of the workspace (`node_modules`, `.venv`, `target`), whether
   * or not .dockerignore sends it: it stands for what the install in the image produces.
   */
  measureDir(relativePath: string): ContextSize | undefined {
    const rel = path.posix.normalize(relativePath.replace(/\\/g, '/')).replace(/^\/+/, '');
    if (rel.startsWith('..')) return undefined;
    try {
      if (!lstatSync(path.join(this.root, rel)).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    const walk = walkDir(this.root, rel, undefined, false, this.maxFiles, this.maxMs);
    return {
      bytes: walk.files.reduce((s, [, n]) => s + n, 0),
      files: walk.files.length,
      capped: walk.capped,
    };
  }

  /** The size model's inputs backed by this context. */
  inputs(): SizeInputs {
    return {
      contextSize: (sources) => this.size(sources),
      readContextFile: (rel) => this.readFile(rel),
      measureDir: (rel) => this.measureDir(rel),
    };
  }
}
