// Facts the size rules share: the stages a stage inherits from, the environment a RUN sees, the
// working directory, path matching for deletes, and what counts as a build tool or a toolchain.
import type { Instruction, Model, Stage, Word } from '../../model/types';
import { runMounts } from '../../shell/mounts';
import { packageCommands, type PackageCommand } from '../../shell/packages';
import { invocations, type Invocation } from '../../shell/query';
import { keyValues, unquote } from '../../model/keyValues';
import { runScript } from '../../shell/query';
import { normalizePath } from '../../size/paths';
import { MAX_EXPANDED_LENGTH } from '../../model/imageRef';

export { keyValues };

/** The stage and the stages it is built `FROM`, root first. */
export function stageChain(model: Model, stage: Stage): Stage[] {
  const chain: Stage[] = [];
  const seen = new Set<number>();
  let current: Stage | undefined = stage;
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    chain.unshift(current);
    current = current.baseStage !== undefined ? model.stages[current.baseStage] : undefined;
  }
  return chain;
}

// Asked for once per RUN by several rules: kept per stage, dropped with the Model. Read-only.
const chainByStage = new WeakMap<Stage, Instruction[]>();

/** Instructions a stage's layers consist of, inherited ones first (FROM lines excluded). */
export function chainInstructions(model: Model, stage: Stage): Instruction[] {
  let chain = chainByStage.get(stage);
  if (!chain) {
    chain = stageChain(model, stage).flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM'));
    chainByStage.set(stage, chain);
  }
  return chain;
}
export { runScript };

export interface OrderedPackageCommand extends PackageCommand {
  /** Position of the command among `ScriptFacts.invocations`. */
  order: number;
}

export interface ScriptFacts {
  invocations: Invocation[];
  packages: OrderedPackageCommand[];
}

/** Invocations and package commands of a RUN, with each package command's place among the invocations. */
export function scriptFacts(instruction: Instruction): ScriptFacts {
  const script = runScript(instruction);
  const all = invocations(script);
  const packages: OrderedPackageCommand[] = [];
  let k = 0;
  for (const p of packageCommands(script)) {
    while (
      k < all.length &&
      !(
        all[k]!.programWord.start === p.invocation.programWord.start &&
        all[k]!.index === p.invocation.index &&
        all[k]!.program === p.invocation.program &&
        all[k]!.args.length === p.invocation.args.length
      )
    )
      k++;
    if (k >= all.length) break;
    packages.push({ ...p, invocation: all[k]!, order: k });
    k++;
  }
  return { invocations: all, packages };
}

/**
 * A line of a template rather than a Dockerfile (`{{ clean_apt }}`, `%%VERSION%%`): the
 * instruction's real text is only known once the template is rendered.
 */
export function isTemplated(instruction: Instruction): boolean {
  return /\{\{|%%[A-Za-z_]+%%/.test(instruction.argsText);
}

/**
 * Variables a RUN sees from the Dockerfile: ENV of the stage chain and ARGs with a value (build
 * arguments are in the environment of RUN commands), up to `before` (an instruction index).
 */
export function dockerfileEnv(model: Model, stage: Stage, before: number): Map<string, string> {
  const env = new Map<string, string>();
  const globalArgs = new Map(model.globalArgs.map((a) => [a.name, a.value]));
  for (const instruction of chainInstructions(model, stage)) {
    if (instruction.index >= before) break;
    if (instruction.keyword === 'ENV')
      for (const [k, v] of keyValues(instruction)) env.set(k, expandVariables(v, env));
    if (instruction.keyword === 'ARG') {
      for (const [k, v] of keyValues(instruction)) {
        const value = instruction.argsText.includes('=') ? v : globalArgs.get(k);
        if (value !== undefined) env.set(k, value);
      }
    }
  }
  return env;
}

/**
 * `$NAME` and `${NAME}` replaced by known values (`ENV NODE_ENV $NODE_ENV` after `ARG NODE_ENV=production`);
 * kept as written when the result would pass MAX_EXPANDED_LENGTH.
 */
export function expandVariables(value: string, env: ReadonlyMap<string, string>): string {
  if (!value.includes('$')) return value;
  let length = value.length;
  const expanded = value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string) => {
    const known = env.get(name);
    if (known === undefined || length > MAX_EXPANDED_LENGTH) return m;
    length += known.length - m.length;
    return known;
  });
  return length > MAX_EXPANDED_LENGTH ? value : expanded;
}

const DEV_WORDS = new Set([
  'dev',
  'devel',
  'develop',
  'development',
  'debug',
  'test',
  'tests',
  'testing',
  'devcontainer',
]);

/** A stage named for development or tests (`dev`, `development`, `dev-envs`, `test`) in the chain: not a production image. */
export function isDevStage(model: Model, stage: Stage): boolean {
  return stageChain(model, stage).some((s) => (s.name ?? '').split(/[-_.]/).some((w) => DEV_WORDS.has(w)));
}

/** Variables set for one invocation: `NAME=v cmd`, `env NAME=v cmd`, or `export NAME=v` earlier in the RUN. */
export function commandEnv(invocations: readonly Invocation[], target: Invocation): Map<string, string> {
  const env = new Map<string, string>();
  for (const inv of invocations) {
    if (inv === target) break;
    if (inv.program === 'export' || inv.program === 'declare' || inv.program === 'typeset') {
      for (const a of inv.args) {
        const eq = a.value.indexOf('=');
        if (eq > 0) env.set(a.value.slice(0, eq), a.value.slice(eq + 1));
      }
    }
    // A bare assignment line (`NODE_ENV=production;`) only sets a shell variable: not exported.
  }
  const assign = (w: Word): void => {
    const eq = w.value.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value.slice(0, eq)))
      env.set(w.value.slice(0, eq), w.value.slice(eq + 1));
  };
  for (const w of target.command.assignments) assign(w);
  // `env NAME=v cmd`: the assignments sit between the wrapper and the program.
  for (const w of target.command.words) {
    if (w.start >= target.programWord.start) break;
    if (!target.command.assignments.includes(w)) assign(w);
  }
  return env;
}

/** True when a cache or tmpfs mount of the RUN covers `path` (or a folder that contains it). */
export function mountCovers(instruction: Instruction, path: string): boolean {
  const wanted = path.replace(/\/+$/, '');
  return runMounts(instruction).some((m) => {
    if ((m.type !== 'cache' && m.type !== 'tmpfs') || !m.target) return false;
    const target = m.target.replace(/\/+$/, '');
    return wanted === target || wanted.startsWith(`${target}/`);
  });
}

// ---------------------------------------------------------------------------------------------
// Paths

export { normalizePath };

/** `path` resolved against `cwd`; undefined when either holds a variable or `~`. */
export function resolvePath(path: string, cwd: string | undefined): string | undefined {
  if (path.includes('$') || path.startsWith('~')) return undefined;
  if (path.startsWith('/')) return normalizePath(path);
  if (cwd === undefined) return undefined;
  return normalizePath(`${cwd}/${path}`);
}

/**
 * The working directory at an instruction: the last WORKDIR of the stage chain. Undefined when a
 * variable in it is unknown, or when there is none (the base image may set its own, e.g. /go).
 */
export function workdirAt(model: Model, stage: Stage, instruction: Instruction): string | undefined {
  const root = stageChain(model, stage)[0];
  let cwd: string | undefined = root?.isScratch ? '/' : undefined;
  for (const i of chainInstructions(model, stage)) {
    if (i.index >= instruction.index) break;
    if (i.keyword !== 'WORKDIR') continue;
    const arg = i.argsText.trim().replace(/^["']|["']$/g, '');
    const env = dockerfileEnv(model, stage, i.index);
    const expanded = arg.replace(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g,
      (m, name: string) => env.get(name) ?? m,
    );
    cwd = resolvePath(expanded, cwd ?? (expanded.startsWith('/') ? '/' : undefined));
  }
  return cwd;
}

const GLOB = /[*?[]/;

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const c of glob) {
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/**
 * Whether deleting `target` (a path that may end in a glob, e.g. `/var/lib/apt/lists/*`) removes
 * something under `created`, or `created` itself: equal, one inside the other, or a glob that
 * matches `created` or one of its parent folders.
 */
export function overlaps(target: string, created: string): boolean {
  const t = target.replace(/\/+$/, '') || '/';
  const c = created.replace(/\/+$/, '') || '/';
  if (!GLOB.test(t)) return t === c || c.startsWith(`${t}/`) || t.startsWith(`${c}/`);
  const re = globToRegExp(t);
  const parts = c.split('/');
  for (let n = 2; n <= parts.length; n++) if (re.test(parts.slice(0, n).join('/'))) return true;
  // A glob under the created folder: `/app/tests/*` inside `/app`.
  const staticPrefix = t.slice(0, t.search(GLOB));
  return staticPrefix.startsWith(`${c}/`);
}

// ---------------------------------------------------------------------------------------------
// Packages

/** Package names without version pins or architecture: `gcc=4:12.2.0-3` → `gcc`, `libpq-dev:amd64` → `libpq-dev`. */
export function packageName(word: Word): string {
  return word.value.replace(/[=<>~].*$/, '').replace(/:[a-z0-9]+$/, '');
}

/**
 * Compilers and build-only packages by name. The one list behind build-tools-in-final and the builder
 * split (fixes/splitBuilder.ts), so that what the rule reports is what the split moves out.
 */
export const BUILD_TOOL_PACKAGES: ReadonlySet<string> = new Set([
  'gcc',
  'g++',
  'gcc-c++',
  'cc',
  'clang',
  'make',
  'cmake',
  'build-essential',
  'build-base',
  'alpine-sdk',
  'autoconf',
  'automake',
  'libtool',
  'pkg-config',
  'pkgconf',
  'pkgconfig',
  'bison',
  'flex',
  'gfortran',
  'ninja-build',
  'meson',
  'linux-headers',
  'musl-dev',
  'libc6-dev',
  'libc-dev',
  'dpkg-dev',
  'glibc-devel',
]);

/** Compilers and build-only packages: the named tools, versioned compilers and header (`-dev`, `-devel`) packages. */
export function isBuildTool(name: string): boolean {
  const n = name.toLowerCase();
  if (BUILD_TOOL_PACKAGES.has(n)) return true;
  if (/^(gcc|g\+\+|clang|llvm)(-\d+(\.\d+)*)?$/.test(n)) return true;
  if (/^(gcc|g\+\+)\d+$/.test(n)) return true;
  return /^[a-z0-9][a-z0-9.+_-]*-(dev|devel)$/.test(n) && !/^(u|e|systemd-u)dev$/.test(n);
}

/** Packages whose presence makes a C compiler available. */
export function isCompiler(name: string): boolean {
  return /^(gcc|g\+\+|gcc-c\+\+|cc|clang|build-essential|build-base|alpine-sdk)(-\d+(\.\d+)*)?$/.test(
    name.toLowerCase(),
  );
}

/** Removal commands of a package manager (`apt-get purge`, `apk del`, `dnf remove`). */
export function isRemoval(p: PackageCommand): boolean {
  return ['remove', 'purge', 'autoremove', 'erase'].includes(p.action);
}

/**
 * Packages installed by `install` that are removed again later in the same RUN: named in a removal,
 * in an `apk del` of the `--virtual` group they were installed in, or all of them after
 * `apt-mark auto` + `apt-get purge --auto-remove` (the docker-library idiom).
 */
export function removedInSameRun(install: PackageCommand, facts: ScriptFacts): Set<string> {
  const removed = new Set<string>();
  const installed = install.packages.map(packageName);
  const virtual = install.args.flags.get('virtual') ?? install.args.flags.get('t');
  const after = facts.packages.filter((p) => p.invocation.index >= install.invocation.index && p !== install);
  const autoMarked = facts.invocations.some(
    (i) =>
      i.program === 'apt-mark' &&
      i.args.some((a) => a.value === 'auto') &&
      i.index > install.invocation.index,
  );
  for (const p of after) {
    if (!isRemoval(p)) continue;
    const names = new Set(p.packages.map(packageName));
    if (typeof virtual === 'string' && names.has(virtual)) installed.forEach((n) => removed.add(n));
    for (const n of installed) if (names.has(n)) removed.add(n);
    const autoRemove =
      p.action === 'autoremove' || p.args.flags.has('auto-remove') || p.args.flags.has('autoremove');
    if (autoRemove && autoMarked) installed.forEach((n) => removed.add(n));
  }
  return removed;
}

// ---------------------------------------------------------------------------------------------
// Toolchains

// Development-environment images exist to carry tools.
const DEV_ENVIRONMENT = /(^|\/)(vscode\/)?devcontainers?(\/|$)/;

/**
 * Images that are toolchains or build environments on purpose: a development-container base, or an
 * image with no application to run, i.e. no CMD/ENTRYPOINT other than an interactive shell
 * (buildpack-deps, CI runner and cross-compiler images, `CMD ["/bin/bash"]` work environments).
 * Shipped stages built on the stage count with it.
 */
export function isToolImage(model: Model, stage: Stage, shipped: ReadonlySet<number>): boolean {
  const root = stageChain(model, stage)[0]!;
  if (root.base && DEV_ENVIRONMENT.test(root.base.resolved)) return true;
  const descendants = model.stages.filter(
    (s) => s !== stage && shipped.has(s.index) && stageChain(model, s).includes(stage),
  );
  const instructions = [stage, ...descendants].flatMap((s) => chainInstructions(model, s));
  return !instructions.some(
    (i) => (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && !isInteractiveCommand(i),
  );
}

const SHELL_PROGRAMS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'fish']);

const INIT_PROGRAMS = new Set(['tini', 'dumb-init', 'catatonit', 'tini-static']);

/**
 * `CMD ["/bin/bash"]`, `ENTRYPOINT []`, `ENTRYPOINT ["tini", "--", "sh"]`, `CMD sleep infinity`,
 * `… && tail -f /dev/null`: an environment to work in or a container kept alive, not an application.
 */
function isInteractiveCommand(instruction: Instruction): boolean {
  const commands = instruction.shell?.commands ?? [];
  const last = commands[commands.length - 1];
  let argv = instruction.execForm ?? (last?.name ? [last.name, ...last.args].map((w) => w.value) : []);
  if (argv.length === 0) return true;
  if (INIT_PROGRAMS.has(argv[0]!.replace(/^.*\//, ''))) {
    argv = argv.slice(1);
    while (argv.length > 0 && argv[0]!.startsWith('-')) argv = argv.slice(1);
    if (argv.length === 0) return true;
  }
  const program = argv[0]!.replace(/^.*\//, '');
  const rest = argv.slice(1);
  if (SHELL_PROGRAMS.has(program)) return rest.every((a) => /^-[il]+$/.test(a));
  if (program === 'tail') return rest.includes('/dev/null');
  return program === 'sleep' && rest.length === 1 && /^(infinity|inf)$/.test(rest[0]!);
}

/** Whether a base image already ships a C compiler (the buildpack-deps based variants, php's PHPIZE_DEPS). */
export function imageHasCompiler(image: string, tag: string | undefined): boolean {
  const t = (tag ?? 'latest').toLowerCase();
  const name = image.replace(/^(docker\.io\/)?(library\/)?/, '');
  if (name === 'gcc' || name === 'rust') return true;
  if (name === 'buildpack-deps') return !/curl|scm/.test(t);
  if (['python', 'ruby', 'node', 'golang', 'perl'].includes(name))
    return !/slim|alpine|windows|nanoserver/.test(t);
  if (name === 'php') return !/alpine/.test(t);
  return false;
}

export type Toolchain = 'go' | 'rust' | 'java' | 'dotnet' | 'node' | 'c';

/** The toolchain a base image ships, from its canonical name and tag. */
export function imageToolchain(image: string, tag: string | undefined): Toolchain | undefined {
  const t = (tag ?? '').toLowerCase();
  const name = image.replace(/^(docker\.io\/|index\.docker\.io\/)?(library\/)?/, '');
  if (/^(golang|cgr\.dev\/chainguard\/go|chainguard\/go)$/.test(name)) return 'go';
  if (
    /^(rust|cgr\.dev\/chainguard\/rust|chainguard\/rust|clux\/muslrust|messense\/rust-musl-cross)$/.test(name)
  )
    return 'rust';
  if (/^(maven|gradle|cgr\.dev\/chainguard\/(maven|jdk|gradle))$/.test(name)) return 'java';
  if (/^(openjdk|eclipse-temurin|amazoncorretto|sapmachine|ibm-semeru-runtimes|ibmjava)$/.test(name))
    return /jre/.test(t) ? undefined : 'java';
  if (
    /^mcr\.microsoft\.com\/dotnet\/(core\/)?sdk$/.test(name) ||
    (name === 'microsoft/dotnet' && /sdk/.test(t))
  )
    return 'dotnet';
  if (/^(node|cgr\.dev\/chainguard\/node|chainguard\/node)$/.test(name)) return 'node';
  if (/^(gcc|buildpack-deps)$/.test(name)) return 'c';
  // The full (non-slim, non-alpine) python, ruby and php-cli images are built on buildpack-deps.
  if (/^(python|ruby)$/.test(name) && t !== '' && !/slim|alpine|windows|nanoserver/.test(t)) return 'c';
  return undefined;
}

/** The toolchain an installed package brings. */
export function packageToolchain(name: string): Toolchain | undefined {
  const n = name.toLowerCase();
  if (/^(golang|go|golang-go|golang-\d+(\.\d+)*(-go)?)$/.test(n)) return 'go';
  if (/^(cargo|rust|rustc|rustup)$/.test(n)) return 'rust';
  if (
    /^(maven|gradle|ant|default-jdk(-headless)?|openjdk-?\d*-jdk(-headless)?|openjdk\d+(-jdk)?|java-[\d.]+-openjdk-devel|temurin-\d+-jdk|msopenjdk-\d+)$/.test(
      n,
    )
  )
    return 'java';
  if (/^dotnet-sdk-[\d.]+$/.test(n)) return 'dotnet';
  if (/^(nodejs|npm)$/.test(n)) return 'node';
  if (isCompiler(n)) return 'c';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// COPY and ADD

export interface CopyArgs {
  sources: string[];
  dest: string;
  /** `--from=<stage or image>`: not the build context. */
  from: string | undefined;
  /** The range of the first source as written, for reporting. */
  range: Instruction['range'];
}

/** Sources and destination of a COPY/ADD, shell-like or JSON form; undefined for heredocs and malformed ones. */
export function copyArgs(instruction: Instruction): CopyArgs | undefined {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return undefined;
  if (instruction.heredocs.length > 0) return undefined;
  const from = instruction.flags.find((f) => f.name === 'from')?.value;
  const text = instruction.argsText.trim();
  let words: string[];
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return undefined;
      words = parsed as string[];
    } catch {
      return undefined;
    }
  } else words = instruction.args.map((a) => unquote(a.text));
  if (words.length < 2) return undefined;
  const range = instruction.args[0]?.range ?? instruction.range;
  return { sources: words.slice(0, -1), dest: words[words.length - 1]!, from, range };
}

/** A source that means the whole build context: `.`, `./`, `./.`. */
export function isWholeContext(source: string): boolean {
  return /^\.\/?(\.)?\/?$/.test(source);
}

/** Something a COPY/ADD put into the image. */
export interface CopiedPath {
  path: string;
  /** The contents of a folder landed in `path` (`COPY . /app`, `COPY src/ /app/`): `path` may have held other files too. */
  contents: boolean;
}

// Names that are files although they have no extension.
const FILE_NAMES =
  /^(Gemfile|Pipfile|Procfile|Makefile|Dockerfile|Containerfile|Jenkinsfile|Rakefile|Brewfile|Caddyfile|LICENSE|README|VERSION)$/;

/**
 * What a COPY/ADD puts into the image, as absolute paths: `<dest>/<name>` for a file copied into a
 * folder, the destination itself for folder contents (`COPY . /app`, `COPY src/ /app/`). A source
 * that may be a file or a folder (`COPY config /etc/app/`) gives both.
 */
export function copiedPaths(model: Model, stage: Stage, instruction: Instruction): CopiedPath[] {
  const args = copyArgs(instruction);
  if (!args) return [];
  const cwd = workdirAt(model, stage, instruction);
  const dest = resolvePath(args.dest, cwd);
  if (dest === undefined) return [];
  const intoFolder = args.dest.endsWith('/') || args.sources.length > 1 || args.dest === '.';
  const out = new Map<string, CopiedPath>();
  const add = (path: string, contents: boolean): void => {
    const key = `${path} ${contents}`;
    if (!out.has(key)) out.set(key, { path, contents });
  };
  for (const source of args.sources) {
    const url = /^(https?|git):|^git@/.test(source);
    const gitRepo = /^git@|\.git(#.*)?$|^git:/.test(source);
    const name =
      source
        .replace(/[?#].*$/, '')
        .replace(/\/+$/, '')
        .split('/')
        .pop() ?? '';
    const file = !gitRepo && (url || /\.[A-Za-z0-9]+$/.test(name) || FILE_NAMES.test(name));
    if (isWholeContext(source) || source.endsWith('/') || /[*?[]/.test(name) || gitRepo || !intoFolder) {
      // Into `dest` itself: folder contents, or the file under its new name.
      add(dest, !(file && !intoFolder && !/[*?[]/.test(name)));
      continue;
    }
    add(normalizePath(`${dest}/${name}`), false);
    if (!file) add(dest, true);
  }
  return [...out.values()];
}

// Small text files (configuration, scripts, manifests): copying them twice costs a few KB at most.
const SMALL_TEXT =
  /\.(ya?ml|json|conf|cfg|ini|toml|sh|bash|txt|md|env|properties|xml|lock|gemspec|rb|py|js|ts|mjs|cjs|pem|crt|template|tpl)$|^(Gemfile|Pipfile|Procfile|Makefile|LICENSE|NOTICE|README|VERSION)$/i;

/** A single small text file (config, script, manifest), not folder contents or a binary. */
export function isSmallTextFile(copied: CopiedPath): boolean {
  return !copied.contents && SMALL_TEXT.test(copied.path.split('/').pop() ?? '');
}

// Folders that hold files of the base image too: files found inside them were not necessarily copied.
const SHARED_FOLDER =
  /^\/(etc|usr|usr\/[^/]+|usr\/local\/[^/]+|lib|lib64|bin|sbin|var|var\/[^/]+|tmp|opt|root|home|run|srv|mnt)?$/;

/**
 * Whether a delete/chown `target` hits what a COPY put there: the copied path itself, a parent of
 * it, or something inside it; inside folder contents only when the folder is the application's own
 * (inside /etc or /usr/bin the file may have come from the base image).
 */
export function hitsCopied(target: string, copied: CopiedPath): boolean {
  if (!overlaps(target, copied.path)) return false;
  if (!copied.contents || !SHARED_FOLDER.test(copied.path)) return true;
  // Overlapping only because the target lies inside a shared folder: not attributable to the COPY.
  return !isInside(target, copied.path);
}

/** `target` (maybe a glob) lies strictly inside `folder`. */
function isInside(target: string, folder: string): boolean {
  const f = folder.replace(/\/+$/, '');
  const glob = target.search(/[*?[]/);
  const fixed = glob >= 0 ? target.slice(0, glob) : target;
  return fixed.startsWith(`${f}/`) && fixed.replace(/\/+$/, '') !== f;
}
