// Compose and Bake awareness for the server and the CLI (the engine does no I/O): finds the
// compose.yaml / docker-bake.hcl files around a Dockerfile, and the services and bake targets that
// build it, so that their `target` decides which stage ships and their `args` give ARG values.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AnalyzeOptions } from '../engine/analyze';
import { readBakeProject } from './buildFilesBake';
import { readComposeProject } from './buildFilesCompose';

/** The compose file `docker compose` picks in a folder: the first of these that exists. */
export const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
/** Merged over the compose file when present (again the first that exists). */
export const COMPOSE_OVERRIDE_FILES = [
  'compose.override.yaml',
  'compose.override.yml',
  'docker-compose.override.yaml',
  'docker-compose.override.yml',
];
/** The files `docker buildx bake` reads by default, in the order it merges them (later wins). */
export const BAKE_FILES = [
  'docker-bake.json',
  'docker-bake.hcl',
  'docker-bake.override.json',
  'docker-bake.override.hcl',
];

/** Larger files are not build files anyone writes by hand: they are skipped with a problem. */
const MAX_FILE_BYTES = 1_000_000;
const MAX_CACHED_FILES = 256;

/** Where a build of the Dockerfile is declared. */
export interface BuildFileSource {
  kind: 'compose' | 'bake';
  /** Absolute path of the compose or bake file. */
  file: string;
  /** Service (compose) or target (bake) name. */
  name: string;
  /** 1-based line of the service or target. */
  line: number;
  /** The stage it builds, when it names one. */
  target?: string;
}

/** One service or bake target, with its paths resolved and its variables substituted. */
export interface BuildDeclaration extends BuildFileSource {
  /** The Dockerfile it builds; undefined when that is not a local file (remote context, inline Dockerfile). */
  dockerfile: string | undefined;
  args: Record<string, string>;
}

/** What a compose or bake reader found in one folder. */
export interface BuildProject {
  declarations: BuildDeclaration[];
  problems: string[];
}

export interface BuildFilesResult {
  /** Stages the matching services and targets build (`target:`), without duplicates. */
  targets: string[];
  /** True when no service or target builds this Dockerfile, or one of them builds it without a target. */
  lastStageAlsoShipped: boolean;
  /** ARG values (`args:`); with several builds the nearest file, then the first service, wins. */
  args: Record<string, string>;
  /** Where each value in `args` comes from. */
  argSources: Record<string, BuildFileSource>;
  /** Every service and target that builds this Dockerfile. */
  sources: BuildFileSource[];
  /** Files that could not be read or understood, and values that could not be computed. */
  problems: string[];
}

export const NO_BUILD_FILES: BuildFilesResult = {
  targets: [],
  lastStageAlsoShipped: true,
  args: {},
  argSources: {},
  sources: [],
  problems: [],
};

/**
 * Reads the compose and bake files in the Dockerfile's folder and its parents up to `root` (the
 * workspace folder or working directory; only the Dockerfile's own folder without one, or when the
 * Dockerfile lies outside it) and returns what the builds of this Dockerfile among them say. Never
 * throws: unreadable or broken files add a problem and nothing else.
 */
export function lookUpBuildFiles(dockerfilePath: string, root: string | undefined): BuildFilesResult {
  try {
    const dockerfile = path.resolve(dockerfilePath);
    const declarations: BuildDeclaration[] = [];
    const problems: string[] = [];
    for (const dir of foldersUpTo(path.dirname(dockerfile), root)) {
      const compose = COMPOSE_FILES.map((f) => path.join(dir, f)).find(isFile);
      if (compose) {
        const override = COMPOSE_OVERRIDE_FILES.map((f) => path.join(dir, f)).find(isFile);
        const project = readComposeProject(compose, override, cachedRead);
        declarations.push(...project.declarations);
        problems.push(...project.problems);
      }
      const bakeFiles = BAKE_FILES.map((f) => path.join(dir, f)).filter(isFile);
      if (bakeFiles.length > 0) {
        const project = readBakeProject(bakeFiles, cachedRead);
        declarations.push(...project.declarations);
        problems.push(...project.problems);
      }
    }
    return summarize(
      declarations.filter((d) => d.dockerfile !== undefined && samePath(d.dockerfile, dockerfile)),
      problems,
    );
  } catch (error) {
    return {
      ...NO_BUILD_FILES,
      problems: [`compose/bake files: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

function summarize(matches: BuildDeclaration[], problems: string[]): BuildFilesResult {
  const targets: string[] = [];
  const args: Record<string, string> = {};
  const argSources: Record<string, BuildFileSource> = {};
  const sources: BuildFileSource[] = [];
  for (const match of matches) {
    const source: BuildFileSource = {
      kind: match.kind,
      file: match.file,
      name: match.name,
      line: match.line,
      ...(match.target !== undefined ? { target: match.target } : {}),
    };
    sources.push(source);
    if (match.target !== undefined && !targets.includes(match.target)) targets.push(match.target);
    for (const [name, value] of Object.entries(match.args)) {
      if (Object.hasOwn(args, name)) continue;
      args[name] = value;
      argSources[name] = source;
    }
  }
  return {
    targets,
    lastStageAlsoShipped: matches.length === 0 || matches.some((m) => m.target === undefined),
    args,
    argSources,
    sources,
    problems,
  };
}

/**
 * The analysis options that follow from the build files: builds with a target ship that target
 * instead of the last stage (`buildTargets`); when one of them builds without a target, the last
 * stage ships as well, so the targets are shipped besides it (`targets`).
 */
export function buildFileAnalyzeOptions(
  result: BuildFilesResult,
): Pick<AnalyzeOptions, 'targets' | 'buildTargets' | 'buildArgs'> {
  const options: Pick<AnalyzeOptions, 'targets' | 'buildTargets' | 'buildArgs'> = {};
  if (result.targets.length > 0) {
    if (result.lastStageAlsoShipped) options.targets = result.targets;
    else options.buildTargets = result.targets;
  }
  if (Object.keys(result.args).length > 0) options.buildArgs = result.args;
  return options;
}

/** Whether a changed file (path or URI) is one that lookUpBuildFiles reads, or a `.env` it uses. */
export function isBuildFileName(fileOrUri: string): boolean {
  const name = fileOrUri.split(/[\\/]/).pop() ?? '';
  return (
    /^(docker-)?compose[^/]*\.ya?ml$/i.test(name) ||
    /^docker-bake[^/]*\.(hcl|json)$/i.test(name) ||
    name === '.env'
  );
}

/** Forgets every parsed file (the file watcher saw a change; mtimes would catch it too, a bit later). */
export function clearBuildFileCache(): void {
  parsedFiles.clear();
}

function foldersUpTo(start: string, root: string | undefined): string[] {
  const top = root ? path.resolve(root) : undefined;
  if (!top || !isInside(start, top)) return [start];
  const folders: string[] = [];
  let current = start;
  for (;;) {
    folders.push(current);
    if (current === top) return folders;
    const parent = path.dirname(current);
    if (parent === current || !isInside(parent, top)) return folders;
    current = parent;
  }
}

function isInside(dir: string, top: string): boolean {
  const relative = path.relative(top, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

const caseInsensitive = process.platform === 'win32' || process.platform === 'darwin';

function samePath(a: string, b: string): boolean {
  const fold = (p: string): string => (caseInsensitive ? p.toLowerCase() : p);
  if (fold(path.resolve(a)) === fold(path.resolve(b))) return true;
  // Symbolic links (a workspace opened through one, /tmp on macOS): compare the real paths.
  if (fold(path.basename(a)) !== fold(path.basename(b))) return false;
  try {
    return fold(realpathSync.native(a)) === fold(realpathSync.native(b));
  } catch {
    return false;
  }
}

// ---- reading with a cache by path, modification time and size

interface CachedFile {
  signature: string;
  value: unknown;
}

const parsedFiles = new Map<string, CachedFile>();

/** Reads and parses a file, or returns undefined plus a problem when it is unreadable, huge or binary. */
export type CachedReader = <T>(file: string, parse: (text: string) => T) => { value?: T; problem?: string };

/**
 * `parse` runs once per version of a file (path + mtime + size); it must not throw (it reports
 * problems in its result). A missing file gives neither a value nor a problem.
 */
export const cachedRead: CachedReader = <T>(file: string, parse: (text: string) => T) => {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats?.isFile()) return {};
    if (stats.size > MAX_FILE_BYTES)
      return { problem: `${file}: larger than ${MAX_FILE_BYTES / 1_000_000} MB, not read` };
    const signature = `${stats.mtimeMs}:${stats.size}`;
    const cached = parsedFiles.get(file);
    if (cached && cached.signature === signature) return { value: cached.value as T };
    const bytes = readFileSync(file);
    if (bytes.includes(0)) return { problem: `${file}: not a text file, not read` };
    const value = parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
    parsedFiles.delete(file);
    parsedFiles.set(file, { signature, value });
    if (parsedFiles.size > MAX_CACHED_FILES) {
      const oldest = parsedFiles.keys().next().value;
      if (oldest !== undefined) parsedFiles.delete(oldest);
    }
    return { value };
  } catch (error) {
    return {
      problem: `${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
};

/** Lines `KEY=VALUE` of a compose project's `.env` (compose substitutes them into the compose file). */
export function parseDotEnv(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.length >= 2 && value.endsWith(quote))
      value = value.slice(1, -1);
    else value = value.replace(/\s+#.*$/, '');
    values.set(match[1]!, value);
  }
  return values;
}
