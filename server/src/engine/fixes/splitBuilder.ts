// "Split into builder stage" (the fix of single-stage-toolchain and build-tools-in-final): the shipped
// stage that builds becomes `AS builder`, and a runtime stage on a smaller base is added after it with
// only what the app needs at run time, copied from the builder to the same absolute paths (so CMD and
// ENTRYPOINT stay valid). builderProof.ts checks every `COPY --from` source this writes.
//
// What each language gets (RULES.md):
// - Go: `gcr.io/distroless/static-debian12:nonroot` (preferred: CA certs and a nonroot user included)
//   or `scratch` with the builder's CA bundle (only when the builder is known to have one) and
//   `USER 65532:65532`; `CGO_ENABLED=0` is prefixed to `go build` unless ENV or the command sets it.
//   cgo builds get a libc runtime instead (`distroless/base`, or alpine for an alpine builder): only
//   that when `CGO_ENABLED=1` is set, and first (with the static variants after it) when C compilers
//   or headers are installed and cgo is left to its default.
// - Rust: `gcr.io/distroless/cc-debian12:nonroot` (glibc); a musl target (or an alpine builder) is
//   static, so `scratch` (preferred) or `distroless/static`.
// - Node.js: the same node version's `-alpine` (`-slim` when native modules are compiled against glibc)
//   with production dependencies only, the build output and `USER node`.
// - Python: a venv in the builder, copied to the same version's `-slim` with the app folder.
// - Java (maven, gradle): `eclipse-temurin:<major>-jre` with the built jar(s).
// - .NET: `mcr.microsoft.com/dotnet/aspnet` of the SDK's runtime version with the publish folder.
// - Anything else that builds (build tools left installed, or make/gcc on a base with a compiler): the
//   same image's `-slim` when the bundled table knows one, or the same image when it is already small,
//   with the WORKDIR copied.
//
// Nothing is offered ([]) when the stage does not build (an alpine or slim stage that only installs
// packages is already as small as a split would make it), for Windows, scratch and distroless bases,
// templates, and when later stages are built `FROM` the stage (moving files out would change them).
//
// What cannot be known is never guessed silently: the binary of `go build` without `-o` (or a cargo
// build whose binary name neither `--bin` nor CMD/ENTRYPOINT tells) becomes a `<built-binary>`
// placeholder under a `# lean-dockerfile: set the path of the built binary` line; unknown Java
// versions, package managers, dist/ defaults, packages the runtime lacks, users it cannot create and
// shell commands a shell-less runtime cannot run get a `# lean-dockerfile: …` line too.
import type { Fix } from '../findings';
import type { Instruction, Model, Position, Stage, TextEdit } from '../model/types';
import { BUILD_TOOL_PACKAGES, isBuildTool } from '../rules/lib/size';
import { packageCommands, type PackageCommand } from '../shell/packages';
import { parseArgs, runInvocations, type Invocation } from '../shell/query';
import { imageFacts, knownTags, newestVersionTag, type BaseImageFacts } from '../size/baseImages';
import { baseImageSize, type BaseSize } from '../size/baseSize';
import { formatBytes } from '../size/units';
import { rootImageFacts } from '../stageFacts';
import { CARGO_VALUES, knownCaBundle, producedPaths, rootImageName } from './builderProof';
import { eolOf, keyword } from './layout';
import { execFormArray } from './text';
import {
  chainInstructions,
  commandVariables,
  copyTargets,
  envBefore,
  GO_VALUE_FLAGS,
  invocationCwd,
  isUnder,
  keyValues,
  resolvePath,
  rootStage,
  singleDashArgs,
  stageChain,
  startupCommands,
  variableNames,
  workdirBefore,
  type StartupCommand,
} from './stagePaths';

/** Marks lines the user has to check or complete; also the prefix of our comment lines. */
export const MARK = '# lean-dockerfile:';
export const BINARY_PLACEHOLDER = '<built-binary>';
const BINARY_NOTE = `${MARK} set the path of the built binary`;

// ---------------------------------------------------------------------------------------------
// What the stage does

interface RunInfo {
  instruction: Instruction;
  stage: Stage;
  invocations: Invocation[];
  packages: PackageCommand[];
}

interface Context {
  model: Model;
  stage: Stage;
  /** Canonical image at the root of the chain, e.g. `node`; '' when unknown. */
  image: string;
  /** Its tag after ARG substitution, and as written (may hold `${VAR}`). */
  tag: string | undefined;
  rawTag: string | undefined;
  family: string;
  /** RUNs of the stage chain, the stage's own last. */
  runs: RunInfo[];
  /** Working directory when the container starts. */
  cwd: string | undefined;
  startup: StartupCommand[];
  /** Packages installed with the OS package manager (names without versions). */
  osPackages: string[];
  /** Index just past the stage's last instruction (for "the environment at the end"). */
  end: number;
}

const OS_MANAGERS = new Set(['apt', 'apk', 'dnf', 'yum', 'microdnf', 'zypper']);

function packageName(value: string): string {
  return value.replace(/[=<>~].*$/, '').replace(/:[a-z0-9]+$/, '');
}

/**
 * Compilers, build-only packages and headers: the rules' list (isBuildTool), plus versioned compiler
 * names without a dash (alpine's `clang15`, `llvm17`, `gcc12.2`), which tell the split that cgo or
 * native modules are being compiled.
 */
export function isBuildPackage(name: string): boolean {
  return isBuildTool(name) || /^(clang|llvm)\d+(\.\d+)*$|^(gcc|g\+\+)\d+(\.\d+)+$/.test(name.toLowerCase());
}

/** Toolchains and helpers only a build needs: not worth a "install it at run time" note. */
const BUILD_ONLY =
  /^(git|ca-certificates|curl|wget|unzip|xz-utils|gnupg2?|golang(-go)?|golang-[\d.]+(-go)?|rustc|cargo|rustup|nodejs|npm|yarn|python3?(-pip|-venv|-setuptools|-wheel)?|py3-pip|openjdk-?\d*-jdk(-headless)?|default-jdk(-headless)?|maven|gradle|upx(-ucl)?|patch|file|binutils|ccache|protobuf-compiler|protoc)$/;

function scan(model: Model, stage: Stage): Context {
  const root = rootStage(model, stage);
  const image = rootImageName(model, stage);
  const runs: RunInfo[] = [];
  for (const s of stageChain(model, stage))
    for (const i of s.instructions)
      if (i.keyword === 'RUN') {
        const invs = runInvocations(i);
        runs.push({ instruction: i, stage: s, invocations: invs, packages: packageCommandsOf(i, invs) });
      }
  const osPackages = new Set<string>();
  for (const r of runs) {
    const removed = removedInRun(r.packages);
    for (const p of r.packages)
      if (OS_MANAGERS.has(p.manager) && p.action === 'install')
        for (const w of p.packages) {
          const name = packageName(w.value);
          if (!w.value.startsWith('-') && !w.value.includes('$') && !removed(p, name)) osPackages.add(name);
        }
  }
  const last = stage.instructions.at(-1)!;
  return {
    model,
    stage,
    image,
    tag: root.base?.tag,
    rawTag: rawTagOf(root.base?.raw),
    family: rootImageFacts(model.stages, stage).family,
    runs,
    cwd: workdirBefore(model, stage, last.index + 1, image),
    startup: startupCommands(model, stage),
    osPackages: [...osPackages],
    end: last.index + 1,
  };
}

/**
 * Which installed packages a RUN removes again after installing them (they are not in the image):
 * named in a later remove/purge/del, an `apk del` of their `--virtual` group, or everything after
 * `apt-mark auto` + `apt-get purge --auto-remove` (the docker-library idiom).
 */
function removedInRun(
  packages: readonly PackageCommand[],
): (install: PackageCommand, name: string) => boolean {
  const removals = packages.filter((p) =>
    ['remove', 'purge', 'autoremove', 'erase', 'del'].includes(p.action),
  );
  return (install, name) =>
    removals.some((r) => {
      if (r.invocation.index < install.invocation.index) return false;
      const names = new Set(r.packages.map((w) => packageName(w.value)));
      const group = install.args.flags.get('virtual') ?? install.args.flags.get('t');
      if (names.has(name) || (typeof group === 'string' && names.has(group))) return true;
      return r.manager === 'apt' && (r.action === 'autoremove' || r.args.flags.has('auto-remove'));
    });
}

function packageCommandsOf(i: Instruction, invs: Invocation[]): PackageCommand[] {
  if (i.shell) return packageCommands(i.shell);
  // Exec form: run the same recognition over the one command.
  if (invs.length === 0) return [];
  return packageCommands({ commands: [invs[0]!.command] });
}

/** The tag part of an image reference as written: `node:${V:-22}-alpine@sha256:…` → `${V:-22}-alpine`. */
function rawTagOf(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let depth = 0;
  let colon = -1;
  let end = raw.length;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0 && c === '/') colon = -1;
    else if (depth === 0 && c === ':' && colon < 0) colon = i;
    else if (depth === 0 && c === '@') {
      end = i;
      break;
    }
  }
  return colon >= 0 ? raw.slice(colon + 1, end) : undefined;
}

/** The image part of a reference as written, without tag and digest. */
function rawImageName(raw: string, rawTag: string | undefined): string {
  const noDigest = raw.replace(/@[^}]*$/, '');
  return rawTag !== undefined && noDigest.endsWith(`:${rawTag}`)
    ? noDigest.slice(0, -rawTag.length - 1)
    : noDigest;
}

/** packageCommands() parses the script again: its invocations are equal, not identical, to ours. */
function sameInvocation(a: Invocation, b: Invocation): boolean {
  return (
    a.index === b.index &&
    a.nested === b.nested &&
    a.programWord.start === b.programWord.start &&
    a.programWord.value === b.programWord.value &&
    a.args.length === b.args.length
  );
}

const isOwnRun = (ctx: Context, r: RunInfo): boolean => r.stage.index === ctx.stage.index;

function words(inv: Invocation): string[] {
  return inv.args.map((a) => a.value);
}

// ---------------------------------------------------------------------------------------------
// Tags of runtime images

/** A tag split into its dash-separated parts, `${…}` kept whole: `${V:-22}-bookworm` → [`${V:-22}`, `bookworm`]. */
function tagParts(tag: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of tag) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === '-' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

const CODENAMES = /^(bookworm|bullseye|buster|stretch|trixie|forky|jammy|noble|focal)$/;

interface TagShape {
  /** Leading version (`22`, `3.12.4`, `lts`, `${NODE_VERSION}`), '' when the tag has none. */
  version: string;
  codename: string | undefined;
  alpine: string | undefined;
  slim: boolean;
}

function tagShape(tag: string | undefined): TagShape {
  const parts = tagParts(tag ?? 'latest');
  const first = parts[0] ?? '';
  const isVersion = /^(\d|\$|lts|current|latest)/.test(first) && !/^(alpine|slim)/.test(first);
  const rest = isVersion ? parts.slice(1) : parts;
  return {
    version: isVersion && first !== 'latest' ? first : '',
    codename: rest.find((p) => CODENAMES.test(p)),
    alpine: rest.find((p) => p.startsWith('alpine')),
    slim: rest.includes('slim'),
  };
}

const join = (...parts: Array<string | undefined>): string => parts.filter((p) => p).join('-');

function nodeTag(tag: string | undefined, variant: 'alpine' | 'slim'): string {
  const s = tagShape(tag);
  if (variant === 'alpine') return s.alpine && tag ? tag : join(s.version, 'alpine');
  return join(s.version, s.codename, 'slim');
}

function pythonTag(tag: string | undefined): string {
  const s = tagShape(tag);
  if (s.alpine && tag) return tag;
  return join(s.version, 'slim', s.codename);
}

/** `-slim` of a generic image when the table knows the tag (e.g. `debian:bookworm-slim`, `ruby:3.4-slim`). */
function slimTagCandidates(tag: string | undefined): Array<(t: string | undefined) => string> {
  const s = tagShape(tag);
  if (s.slim || s.alpine) return [];
  return [
    (t) => join(tagShape(t).version, tagShape(t).codename, 'slim'),
    (t) => join(tagShape(t).version, 'slim', tagShape(t).codename),
  ];
}

// ---------------------------------------------------------------------------------------------
// Sizes

function amd64Row(image: string, tag: string | undefined): BaseImageFacts | undefined {
  const row = imageFacts(image, tag).row;
  if (row) return row;
  // distroless `:nonroot` differs from `:latest` only in its default user: same bytes.
  if (image.startsWith('gcr.io/distroless/'))
    return knownTags(image).find((r) => r.tag === 'latest' && r.platform === 'linux/amd64');
  return undefined;
}

/**
 * Sizes a saving may be computed from: the table row of the tag or of a related tag, and scratch. An
 * image's span over its other tags is left out: it may be another variant's (a JDK for a JRE tag).
 */
const ESTIMATED_KINDS = new Set<BaseSize['kind']>(['table', 'fallback', 'scratch']);

/** A table row with a download size only: its disk size would be a ratio guess, so compare downloads. */
const downloadOnly = (size: BaseSize): boolean =>
  size.row !== undefined && size.row.uncompressedBytes === null;

/**
 * Estimated saving in MB (10^6 bytes) of the runtime base over the builder's base, from the size model
 * (size/baseSize.ts): uncompressed sizes (what `docker images` shows), or compressed (download) sizes
 * when either side's table row only has those; undefined when the runtime is not smaller.
 *
 * distroless publishes no sizes, so a distroless runtime is the size model's documented "unknown base"
 * range (distroless/static: around 2 MiB per its README). A saving from a range is shown by its
 * conservative bound, the builder's smallest size minus the runtime's largest, so the title never
 * promises more than the range allows. The other distroless images are only known as the span of the
 * whole table, whose bound is no saving: their titles show none rather than a guess.
 */
export function savingMB(
  builder: { image: string; tag: string | undefined },
  runtime: { image: string; tag: string | undefined },
): number | undefined {
  const from = baseImageSize(builder.image, builder.tag);
  const to = baseImageSize(runtime.image, runtime.tag);
  if (!ESTIMATED_KINDS.has(from.kind)) return undefined;
  if (!ESTIMATED_KINDS.has(to.kind) && to.family !== 'distroless') return undefined;
  const measure = downloadOnly(from) || downloadOnly(to) ? 'compressed' : 'bytes';
  const mb = Math.round((from[measure].low - to[measure].high) / 1e6);
  return mb > 0 ? mb : undefined;
}

// ---------------------------------------------------------------------------------------------
// Plans: what the runtime stage of one variant holds

interface ArtifactCopy {
  source: string;
  dest: string;
  /** Comment lines (without `# `) above the COPY. */
  notes?: string[];
}

type UserStyle = 'passwd' | 'distroless' | 'scratch';

interface Plan {
  /** Title parts: `Go` → `distroless/static`. */
  language: string;
  label: string;
  /** FROM text of the runtime (may hold `${VAR}` from the builder's tag). */
  from: string;
  /** Canonical image and resolved tag, for the size estimate. */
  sizeImage: string;
  sizeTag: string | undefined;
  preferred?: boolean;
  /** Comment lines above the runtime FROM. */
  why: string[];
  /** ENV lines the runtime needs besides the builder's (e.g. the venv's PATH). */
  env: string[];
  /** Lines after WORKDIR/ENV and before the copies (dependency installs). */
  setup: string[];
  copies: ArtifactCopy[];
  /** USER to add when the Dockerfile sets none. */
  defaultUser?: string;
  userStyle: UserStyle;
  /** Whether to note OS packages the builder installed that the runtime lacks. */
  packageNotes: boolean;
  builderEdits: TextEdit[];
}

function line(model: Model, kw: string, rest: string): string {
  return `${keyword(model, kw)} ${rest}`;
}

function copyLine(model: Model, builder: string, c: ArtifactCopy): string[] {
  // A wildcard source copies into its folder: the destination is that folder (`…/libs/*.jar` → `…/libs/`).
  const glob = c.dest.search(/[*?[]/);
  const dest = glob < 0 ? c.dest : c.dest.slice(0, c.dest.lastIndexOf('/', glob) + 1);
  return [
    ...(c.notes ?? []).map((n) => `${MARK} ${n}`),
    line(model, 'COPY', `--from=${builder} ${c.source} ${dest}`),
  ];
}

/** Programs a CMD runs that come with the base (or are wrappers), never the built binary. */
const SYSTEM_PROGRAMS =
  /^(sh|bash|ash|dash|zsh|tini|dumb-init|su-exec|gosu|env|exec|node|nodejs|npm|npx|yarn|pnpm|python\d*(\.\d+)?|java|dotnet|ruby|bundle|php)$/;

/** Folders on the default PATH: a binary CMD names without a folder is found there. */
const PATH_DIRS = new Set(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);

/** Startup words that name files: the program when it has a `/` (else its bare name), and path-like arguments. */
function startupPaths(ctx: Context): Array<{ path: string; bare?: string }> {
  const out: Array<{ path: string; bare?: string }> = [];
  for (const c of ctx.startup) {
    const candidates = [c.program, ...c.args.filter((a) => !a.startsWith('-'))];
    candidates.forEach((w, n) => {
      if (w.includes('$')) return;
      if (w.includes('/')) {
        const p = resolvePath(w, ctx.cwd);
        if (p) out.push({ path: p });
      } else if (n === 0 && !SYSTEM_PROGRAMS.test(w)) out.push({ path: '', bare: w });
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Go

function cgoSetting(ctx: Context, run: RunInfo, inv: Invocation): string | undefined {
  const fromDockerfile = envBefore(ctx.model, run.stage, run.instruction.index, ctx.image).get('CGO_ENABLED');
  return commandVariables(run.invocations, inv).get('CGO_ENABLED') ?? fromDockerfile;
}

/** The binary name `go install <pkg>` writes: last path element, without `@version` and `/vN`. */
function goInstallName(pkg: string): string | undefined {
  const path = pkg.replace(/@.*$/, '');
  if (path === '.' || path.endsWith('...') || path === '') return undefined;
  const parts = path.split('/').filter((p) => p && p !== '.');
  let name = parts.at(-1);
  if (name && /^v\d+$/.test(name) && parts.length > 1) name = parts.at(-2);
  return name;
}

interface BinaryOutput {
  /** Known path of the binary (or output folder). */
  path?: string;
  /** Folder it lands in, when the name is not known. */
  dir: string;
  /** The folder is on the builder's PATH (`go install`, `cargo install`): CMD may name it bare. */
  onPath?: boolean;
  /** Likely a build tool (`go install x@v`, `cargo install sqlx-cli`), copied only when CMD uses it. */
  tool?: boolean;
}

/** Copies for compiled binaries: known outputs, resolved with CMD/ENTRYPOINT, else placeholders. */
function binaryCopies(ctx: Context, outputs: BinaryOutput[]): ArtifactCopy[] {
  const refs = startupPaths(ctx);
  const copies: ArtifactCopy[] = [];
  const seen = new Set<string>();
  const push = (c: ArtifactCopy): void => {
    if (seen.has(c.source)) return;
    seen.add(c.source);
    copies.push(c);
  };
  const baseName = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
  const hasApp = outputs.some((o) => !o.tool);
  // Whether CMD/ENTRYPOINT's binary was found: then a build whose output is unknown is not the app.
  let started = false;
  const placeholders: ArtifactCopy[] = [];
  for (const o of outputs) {
    if (o.path) {
      const bare = o.onPath ? refs.find((r) => r.bare === baseName(o.path!)) : undefined;
      const byPath = refs.some((r) => r.path && isUnder(r.path, o.path!));
      if (o.tool && hasApp && !bare && !byPath) continue;
      if (bare || byPath) started = true;
      // A binary CMD names bare was on the builder's PATH (GOPATH/bin, CARGO_HOME/bin), which the
      // runtime's PATH lacks: it goes to /usr/local/bin, on every image's default PATH.
      push({ source: o.path, dest: bare ? `/usr/local/bin/${bare.bare}` : o.path });
      continue;
    }
    const inDir = refs.find((r) => r.path && r.path.slice(0, r.path.lastIndexOf('/')) === o.dir);
    const bare = o.onPath ? refs.find((r) => r.bare) : undefined;
    if (inDir) push({ source: inDir.path, dest: inDir.path });
    else if (bare) push({ source: `${o.dir}/${bare.bare}`, dest: `/usr/local/bin/${bare.bare}` });
    else if (!o.tool || !hasApp) {
      const p = `${o.dir === '/' ? '' : o.dir}/${BINARY_PLACEHOLDER}`;
      placeholders.push({ source: p, dest: p, notes: [BINARY_NOTE.slice(MARK.length + 1)] });
      continue;
    }
    started = true;
  }
  // Binaries a RUN put where CMD runs them from (`cp target/release/app /usr/local/bin/`).
  const moved = producedPaths(ctx.model, ctx.stage).filter((p) => /^(cp|mv|install|ln) /.test(p.how));
  for (const r of refs) {
    let source: string | undefined;
    if (r.path) source = moved.some((m) => isUnder(r.path, m.path)) ? r.path : undefined;
    else {
      const hit = moved.find((m) => baseName(m.path) === r.bare || PATH_DIRS.has(m.path));
      source = hit && (baseName(hit.path) === r.bare ? hit.path : `${hit.path}/${r.bare}`);
    }
    if (source) {
      push({ source, dest: source });
      started = true;
    }
  }
  if (!started) for (const p of placeholders) push(p);
  return copies;
}

const SCRATCH_CERTS: ArtifactCopy = {
  source: '/etc/ssl/certs/ca-certificates.crt',
  dest: '/etc/ssl/certs/',
};

function planGo(ctx: Context): Plan[] | undefined {
  const builds: Array<{ run: RunInfo; inv: Invocation; action: string }> = [];
  for (const run of ctx.runs)
    for (const inv of run.invocations) {
      if (inv.program !== 'go') continue;
      const action = singleDashArgs(inv.args, GO_VALUE_FLAGS).positionals[0]?.value;
      if (action === 'build' || action === 'install') builds.push({ run, inv, action });
    }
  if (builds.length === 0) return undefined;
  const edits: TextEdit[] = [];
  let envAddedAt: number | undefined;
  let cgo = false;
  let explicit = false;
  const outputs: BinaryOutput[] = [];
  for (const { run, inv, action } of builds) {
    const parsed = singleDashArgs(inv.args, GO_VALUE_FLAGS);
    // `go install tool@version` runs in the builder only (code generators, linters): cgo is fine there.
    const isTool = action === 'install' && parsed.positionals.slice(1).every((w) => w.value.includes('@'));
    const cwd = invocationCwd(ctx.model, run.stage, run.instruction, inv, run.invocations, ctx.image) ?? '/';
    const env = envBefore(ctx.model, run.stage, run.instruction.index, ctx.image);
    if (action === 'build') {
      const o = parsed.flags.get('o');
      const out = typeof o === 'string' ? resolvePath(o, cwd) : undefined;
      outputs.push(out ? { path: out, dir: cwd } : { dir: cwd });
    } else {
      const vars = new Map([...env, ...commandVariables(run.invocations, inv)]);
      const gopath = (vars.get('GOPATH') ?? `${vars.get('HOME') ?? '/root'}/go`).split(':')[0]!;
      const bin = vars.get('GOBIN') ?? `${gopath}/bin`;
      const pkgs = parsed.positionals.slice(1).map((w) => w.value);
      for (const pkg of pkgs.length > 0 ? pkgs : ['.']) {
        const name = goInstallName(pkg);
        const tool = pkg.includes('@') || !pkg.startsWith('.');
        outputs.push(
          name ? { path: `${bin}/${name}`, dir: bin, onPath: true, tool } : { dir: bin, onPath: true, tool },
        );
      }
    }
    const setting = cgoSetting(ctx, run, inv);
    if (isTool && parsed.positionals.length > 1) continue;
    if (setting !== undefined) {
      explicit = true;
      if (setting !== '0') cgo = true;
      continue;
    }
    if (!isOwnRun(ctx, run)) {
      cgo = true; // built in an earlier stage we do not edit: it may link libc dynamically
      continue;
    }
    // An ENV we add before an earlier RUN of the stage covers this one too.
    if (envAddedAt !== undefined && run.instruction.index > envAddedAt) continue;
    if (inv.nested || !run.instruction.shell) {
      if (envAddedAt !== run.instruction.index) {
        envAddedAt = run.instruction.index;
        edits.push(insertLinesBefore(ctx.model, run.instruction, [line(ctx.model, 'ENV', 'CGO_ENABLED=0')]));
      }
      continue;
    }
    // `sudo` and `env` pass assignments written after them; in front of other wrappers they would
    // not be the program's environment.
    const at =
      inv.wrappers.length > 0 && inv.wrappers.every((w) => w === 'env' || w === 'sudo')
        ? inv.programWord.range.start
        : inv.command.words[0]!.range.start;
    edits.push({ range: { start: at, end: at }, newText: 'CGO_ENABLED=0 ' });
  }
  // Only tools installed, and the app built some other way (`make`): its binary is not known.
  if (
    outputs.every((o) => o.tool) &&
    ctx.runs.some((r) => r.invocations.some((i) => GENERIC_BUILDS.has(i.program)))
  )
    outputs.push({ dir: ctx.cwd ?? '/' });
  const copies = binaryCopies(ctx, outputs);
  const common = { language: 'Go', env: [], setup: [], packageNotes: true };
  // C compilers or headers installed next to a Go build whose cgo setting is left to the default
  // suggest cgo (e.g. `apk add gcc musl-dev` for go-sqlite3): a libc runtime comes first, unedited.
  const cPackages = ctx.osPackages.filter(
    (p) =>
      /^(gcc|g\+\+|clang|build-essential|build-base|musl-dev|libc6?-dev)$/.test(p) || /-(dev|devel)$/.test(p),
  );
  const cgoLikely = !cgo && !explicit && cPackages.length > 0;
  const alpine = ctx.family === 'alpine';
  const alpineTag = newestVersionTag('alpine') ?? '3';
  const cgoPlan = (why: string, builderEdits: TextEdit[]): Plan => ({
    ...common,
    label: alpine ? `alpine:${alpineTag}` : 'distroless/base',
    from: alpine ? `alpine:${alpineTag}` : 'gcr.io/distroless/base-debian12:nonroot',
    sizeImage: alpine ? 'alpine' : 'gcr.io/distroless/base-debian12',
    sizeTag: alpine ? alpineTag : 'nonroot',
    preferred: true,
    why: [`${MARK} ${why}`],
    copies,
    userStyle: alpine ? 'passwd' : 'distroless',
    builderEdits,
  });
  if (cgo)
    return [cgoPlan("the build uses cgo, so the binary needs the C library of the builder's base", edits)];
  const statics: Plan[] = [
    {
      ...common,
      label: 'distroless/static',
      from: 'gcr.io/distroless/static-debian12:nonroot',
      sizeImage: 'gcr.io/distroless/static-debian12',
      sizeTag: 'nonroot',
      preferred: !cgoLikely,
      why: [],
      copies,
      userStyle: 'distroless',
      builderEdits: edits,
    },
  ];
  // scratch has no CA bundle: only offered when the builder has one to copy (distroless ships its own).
  if (knownCaBundle(ctx.model, ctx.stage))
    statics.push({
      ...common,
      label: 'scratch',
      from: 'scratch',
      sizeImage: 'scratch',
      sizeTag: undefined,
      why: [],
      copies: [SCRATCH_CERTS, ...copies],
      defaultUser: '65532:65532',
      userStyle: 'scratch',
      builderEdits: edits,
    });
  if (!cgoLikely) return statics;
  return [
    cgoPlan(
      `the builder installs ${cPackages.join(', ')}, so the build may use cgo and need the C library of the builder's base`,
      [],
    ),
    ...statics,
  ];
}

// ---------------------------------------------------------------------------------------------
// Rust

function planRust(ctx: Context): Plan[] | undefined {
  const outputs: BinaryOutput[] = [];
  let musl = false;
  for (const run of ctx.runs)
    for (const inv of run.invocations) {
      if (inv.program !== 'cargo') continue;
      const parsed = parseArgs(inv.args, CARGO_VALUES);
      const action = parsed.positionals[0]?.value;
      if (action !== 'build' && action !== 'b' && action !== 'install') continue;
      const flag = (n: string): string | undefined => {
        const v = parsed.flags.get(n);
        return typeof v === 'string' ? v : undefined;
      };
      const cwd =
        invocationCwd(ctx.model, run.stage, run.instruction, inv, run.invocations, ctx.image) ?? '/';
      const vars = new Map([
        ...envBefore(ctx.model, run.stage, run.instruction.index, ctx.image),
        ...commandVariables(run.invocations, inv),
      ]);
      const triple = flag('target') ?? vars.get('CARGO_BUILD_TARGET');
      if (triple?.includes('musl') || (!triple && ctx.family === 'alpine')) musl = true;
      const bin = flag('bin');
      if (action === 'install') {
        const root =
          flag('root') ??
          vars.get('CARGO_INSTALL_ROOT') ??
          vars.get('CARGO_HOME') ??
          `${vars.get('HOME') ?? '/root'}/.cargo`;
        const dir = resolvePath(`${root}/bin`, cwd) ?? '/usr/local/cargo/bin';
        const local = parsed.flags.has('path');
        const crate = parsed.positionals[1]?.value;
        const name = bin ?? (local ? undefined : crate);
        const tool = !local;
        outputs.push(
          name ? { path: `${dir}/${name}`, dir, onPath: true, tool } : { dir, onPath: true, tool },
        );
        continue;
      }
      const manifest = flag('manifest-path');
      const dir = manifest ? (resolvePath(manifest.replace(/\/?Cargo\.toml$/, '') || '.', cwd) ?? cwd) : cwd;
      const targetDir =
        resolvePath(flag('target-dir') ?? vars.get('CARGO_TARGET_DIR') ?? 'target', dir) ?? `${dir}/target`;
      const profile =
        parsed.flags.has('release') || parsed.flags.has('r') ? 'release' : (flag('profile') ?? 'debug');
      const profileDir = profile === 'dev' ? 'debug' : profile;
      const out = triple ? `${targetDir}/${triple}/${profileDir}` : `${targetDir}/${profileDir}`;
      outputs.push(bin ? { path: `${out}/${bin}`, dir: out } : { dir: out });
    }
  if (outputs.length === 0) return undefined;
  const copies = binaryCopies(ctx, outputs);
  const common = { language: 'Rust', env: [], setup: [], packageNotes: true, builderEdits: [] };
  if (musl && !knownCaBundle(ctx.model, ctx.stage))
    return [
      {
        ...common,
        label: 'distroless/static',
        from: 'gcr.io/distroless/static-debian12:nonroot',
        sizeImage: 'gcr.io/distroless/static-debian12',
        sizeTag: 'nonroot',
        preferred: true,
        why: [],
        copies,
        userStyle: 'distroless',
      },
    ];
  if (musl)
    return [
      {
        ...common,
        label: 'scratch',
        from: 'scratch',
        sizeImage: 'scratch',
        sizeTag: undefined,
        preferred: true,
        why: [],
        copies: [SCRATCH_CERTS, ...copies],
        defaultUser: '65532:65532',
        userStyle: 'scratch',
      },
      {
        ...common,
        label: 'distroless/static',
        from: 'gcr.io/distroless/static-debian12:nonroot',
        sizeImage: 'gcr.io/distroless/static-debian12',
        sizeTag: 'nonroot',
        why: [],
        copies,
        userStyle: 'distroless',
      },
    ];
  return [
    {
      ...common,
      label: 'distroless/cc',
      from: 'gcr.io/distroless/cc-debian12:nonroot',
      sizeImage: 'gcr.io/distroless/cc-debian12',
      sizeTag: 'nonroot',
      preferred: true,
      why: [],
      copies,
      userStyle: 'distroless',
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Node.js

type NodeManager = 'npm' | 'yarn' | 'pnpm';

const NODE_BUILD_TOOLS = new Set([
  'tsc',
  'next',
  'ng',
  'vite',
  'nest',
  'webpack',
  'rollup',
  'esbuild',
  'parcel',
  'react-scripts',
  'nuxt',
  'astro',
  'turbo',
  'nx',
  'tsup',
  'swc',
]);

/** `npm run build`, `yarn build`, `pnpm build`, `npx tsc`, `next build`, … */
function isNodeBuild(program: string, args: string[]): boolean {
  const [a0 = '', a1 = ''] = args;
  if ((program === 'npx' || program === 'bunx') && a0) return isNodeBuild(a0, args.slice(1));
  if ((program === 'pnpm' || program === 'yarn' || program === 'npm') && a0 === 'exec' && a1)
    return isNodeBuild(a1, args.slice(2));
  if (program === 'npm' || program === 'pnpm' || program === 'yarn' || program === 'bun')
    return (a0 === 'run' || a0 === 'run-script' ? /build|compile|dist/ : /^(build|compile|dist)/).test(
      a0 === 'run' || a0 === 'run-script' ? a1 : a0,
    );
  if (!NODE_BUILD_TOOLS.has(program)) return false;
  return (
    ['tsc', 'webpack', 'rollup', 'esbuild', 'parcel', 'tsup', 'swc'].includes(program) ||
    args.includes('build')
  );
}

function nodeInstalls(ctx: Context): Array<{ run: RunInfo; p: PackageCommand }> {
  return ctx.runs.flatMap((run) =>
    run.packages
      .filter(
        (p) =>
          (p.manager === 'npm' &&
            (p.action === 'ci' || p.action === 'install') &&
            p.packages.length === 0 &&
            !p.args.flags.has('g') &&
            !p.args.flags.has('global')) ||
          (p.manager === 'yarn' && p.action === 'install' && p.packages.length === 0) ||
          (p.manager === 'pnpm' && p.action === 'install' && p.packages.length === 0),
      )
      .map((p) => ({ run, p })),
  );
}

const MANIFEST =
  /^(package(-lock)?\.json|package\*\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|\.npmrc|\.yarnrc(\.yml)?|\.yarn|\.pnpmfile\.cjs|bun\.lockb?)\*?\/?$/;

function copySourceWords(i: Instruction): string[] {
  return i.execForm ? i.execForm.slice(0, -1) : i.args.slice(0, -1).map((a) => a.text);
}

function isContextCopy(i: Instruction): boolean {
  return (
    (i.keyword === 'COPY' || i.keyword === 'ADD') &&
    !i.flags.some((f) => f.name === 'from') &&
    i.heredocs.length === 0
  );
}

function rawText(model: Model, i: Instruction): string {
  return model.text.slice(model.positions.offsetAt(i.range.start), model.positions.offsetAt(i.range.end));
}

function flagText(model: Model, f: Instruction['flags'][number]): string {
  return model.text.slice(model.positions.offsetAt(f.range.start), model.positions.offsetAt(f.range.end));
}

function nodeMajor(tag: string | undefined): number | undefined {
  const m = /^(\d+)/.exec(tag ?? '');
  return m ? Number(m[1]) : undefined;
}

function planNode(ctx: Context): Plan[] | undefined {
  const { model } = ctx;
  const builds = ctx.runs.flatMap((run) =>
    run.invocations.filter((inv) => isNodeBuild(inv.program, words(inv))).map((inv) => ({ run, inv })),
  );
  const installs = nodeInstalls(ctx);
  const native = ctx.osPackages.filter((p) => isBuildPackage(p) || /^(python3?|make|node-gyp)$/.test(p));
  if (builds.length === 0 && (native.length === 0 || installs.length === 0)) return undefined;
  const isNodeImage = ctx.image === 'node';
  // On other images (e.g. one that builds Node.js itself) only an app build counts; and an app has a
  // WORKDIR (npm refuses to install into `/`).
  if (!isNodeImage && builds.length === 0) return undefined;
  if (!ctx.cwd || ctx.cwd === '/') return undefined;

  const managers = [...new Set(installs.map((x) => x.p.manager as NodeManager))];
  const manager: NodeManager | undefined =
    managers.length === 1 ? managers[0] : managers.length === 0 ? 'npm' : undefined;
  const first = installs[0];
  const berry = installs.some((x) => x.p.args.flags.has('immutable'));
  const installCwd = first
    ? (invocationCwd(
        model,
        first.run.stage,
        first.run.instruction,
        first.p.invocation,
        first.run.invocations,
        ctx.image,
      ) ??
      ctx.cwd ??
      '/')
    : (ctx.cwd ?? '/');
  const rel = (p: string): string => (installCwd === '/' ? `/${p}` : `${installCwd}/${p}`);

  // Debian user tools (useradd) that the runtime repeats need a Debian runtime too.
  const debianUserTools = userCreationRuns(ctx).some((r) =>
    r.invocations.some((i) => i.program === 'useradd' || i.program === 'groupadd'),
  );
  const alpineBuilder = ctx.family === 'alpine';
  const variant: 'alpine' | 'slim' = alpineBuilder
    ? 'alpine'
    : native.length > 0 || debianUserTools
      ? 'slim'
      : 'alpine';
  const why: string[] = [];
  let from: string;
  let sizeTag: string | undefined;
  if (isNodeImage) {
    from = `node:${nodeTag(ctx.rawTag, variant)}`;
    sizeTag = nodeTag(ctx.tag, variant);
  } else {
    from = `node:lts-${variant}`;
    sizeTag = `lts-${variant}`;
    why.push(`${MARK} set the Node.js version the app needs (the builder's base is not a node image)`);
  }
  if (alpineBuilder)
    why.push(
      `${MARK} alpine like the builder${native.length > 0 ? ': its native modules are built for musl' : ''}`,
    );
  else if (native.length > 0)
    why.push(
      `${MARK} -slim, not -alpine: the builder compiles native modules (${native.slice(0, 4).join(', ')}) against glibc`,
    );
  else if (debianUserTools) why.push(`${MARK} -slim, not -alpine: the user is created with Debian's useradd`);
  else
    why.push(
      `${MARK} -alpine: no native build dependencies are installed, so production dependencies install on musl`,
    );

  const setup: string[] = [];
  const copies: ArtifactCopy[] = [];
  const builderEdits: TextEdit[] = [];
  const prisma = ctx.runs.some((r) =>
    r.invocations.some(
      (i) => i.program === 'prisma' || (i.program === 'npx' && i.args[0]?.value === 'prisma'),
    ),
  );
  const setupCommand = packageManagerSetup(ctx, manager, berry, nodeMajor(ctx.tag));
  if (native.length > 0) {
    // Same libc as the builder: prune dev dependencies there and copy node_modules, whose native
    // modules the runtime could not rebuild without the compilers.
    const prune = !manager
      ? 'npm prune --omit=dev'
      : manager === 'npm'
        ? 'npm prune --omit=dev'
        : manager === 'pnpm'
          ? 'pnpm prune --prod'
          : berry
            ? 'yarn workspaces focus --all --production'
            : 'yarn install --frozen-lockfile --production --ignore-scripts --prefer-offline';
    const lastRun = [...ctx.stage.instructions].reverse().find((i) => i.keyword === 'RUN');
    const lines = [
      ...(manager ? [] : [`${MARK} prune dev dependencies with the package manager the project uses`]),
      line(model, 'RUN', prune),
    ];
    if (lastRun) builderEdits.push(insertLinesAfter(model, lastRun, lines));
    copies.push(
      { source: rel('node_modules'), dest: rel('node_modules') },
      { source: rel('package.json'), dest: rel('package.json') },
    );
  } else {
    setup.push(...manifestCopies(ctx, manager, installCwd));
    const mounts = first
      ? first.run.instruction.flags
          .filter((f) => f.name === 'mount' && /type=(secret|ssh|cache)/.test(f.value ?? ''))
          .map((f) => flagText(model, f))
      : [];
    const install = !manager
      ? 'npm ci --omit=dev'
      : manager === 'npm'
        ? first?.p.action === 'install'
          ? 'npm install --omit=dev'
          : 'npm ci --omit=dev'
        : manager === 'pnpm'
          ? 'pnpm install --frozen-lockfile --prod'
          : berry
            ? 'yarn workspaces focus --all --production'
            : 'yarn install --frozen-lockfile --production';
    if (!manager)
      setup.push(`${MARK} install production dependencies with the package manager the project uses`);
    setup.push(
      line(model, 'RUN', [...mounts, setupCommand ? `${setupCommand} && ${install}` : install].join(' ')),
    );
    if (prisma) copies.push({ source: rel('node_modules/.prisma'), dest: rel('node_modules/.prisma') });
  }
  copies.push(...nodeOutputs(ctx, installCwd));
  return [
    {
      language: 'Node.js',
      label: from,
      from,
      sizeImage: 'node',
      sizeTag,
      preferred: true,
      why,
      env: [],
      setup,
      copies,
      defaultUser: 'node',
      userStyle: 'passwd',
      packageNotes: true,
      builderEdits,
    },
  ];
}

/** The command that makes pnpm (or Yarn Berry) available, as the builder did it. */
function packageManagerSetup(
  ctx: Context,
  manager: NodeManager | undefined,
  berry: boolean,
  major: number | undefined,
): string | undefined {
  if (manager !== 'pnpm' && !(manager === 'yarn' && berry)) return undefined;
  for (const run of ctx.runs)
    for (const inv of run.invocations) {
      if (inv.nested) continue;
      const a = words(inv);
      const globalInstall =
        inv.program === 'npm' &&
        ['i', 'install', 'add'].includes(a[0] ?? '') &&
        (a.includes('-g') || a.includes('--global')) &&
        a.some((w) => /^(pnpm|yarn|corepack)(@|$)/.test(w));
      if (inv.program === 'corepack' || globalInstall) return inv.command.words.map((w) => w.text).join(' ');
    }
  // Node 25 and later ship without corepack.
  return major !== undefined && major < 25 ? `corepack enable ${manager}` : `npm install -g ${manager}`;
}

/** The builder's manifest COPY lines (reused when they only copy manifests), else the usual ones. */
function manifestCopies(ctx: Context, manager: NodeManager | undefined, installCwd: string): string[] {
  const { model } = ctx;
  const first = nodeInstalls(ctx)[0];
  const before = first ? first.run.instruction.index : ctx.end;
  const copies = chainInstructions(model, ctx.stage).filter((i) => i.index < before && isContextCopy(i));
  const reusable = copies.filter((i) => {
    const sources = copySourceWords(i);
    const base = (s: string): string =>
      s.replace(/\/+$/, '').slice(s.replace(/\/+$/, '').lastIndexOf('/') + 1);
    const cwd = workdirBefore(model, ctx.stage, i.index, ctx.image);
    const dest = (i.execForm ?? i.args.map((a) => a.text)).at(-1) ?? '';
    return (
      sources.length > 0 &&
      sources.every((s) => MANIFEST.test(base(s))) &&
      (cwd === ctx.cwd || dest.startsWith('/'))
    );
  });
  if (reusable.length > 0 && reusable.length === copies.length) return reusable.map((i) => rawText(model, i));
  const dest = installCwd === ctx.cwd ? './' : `${installCwd}/`;
  const files =
    manager === 'yarn'
      ? 'package.json yarn.lock'
      : manager === 'pnpm'
        ? 'package.json pnpm-lock.yaml'
        : 'package*.json';
  return [line(model, 'COPY', `${files} ${dest}`)];
}

/** What the build produced that the app runs: Next.js, CRA, tsc --outDir, the CMD script, else dist/. */
function nodeOutputs(ctx: Context, buildCwd: string): ArtifactCopy[] {
  const { model } = ctx;
  const cwd = ctx.cwd ?? buildCwd;
  const at = (p: string): string => (cwd === '/' ? `/${p}` : `${cwd}/${p}`);
  const all = ctx.runs.flatMap((r) => r.invocations);
  const mentions = (name: string): boolean =>
    all.some((i) => i.program === name || i.args.some((a) => a.value === name)) ||
    ctx.startup.some((c) => c.program === name || c.args.includes(name));
  const copiesNextConfig = chainInstructions(model, ctx.stage).some(
    (i) => isContextCopy(i) && copySourceWords(i).some((s) => /(^|\/)next\.config\./.test(s)),
  );
  const out: ArtifactCopy[] = [];
  if (mentions('next') || copiesNextConfig) {
    out.push(
      { source: at('.next'), dest: at('.next') },
      { source: at('public'), dest: at('public') },
      // BuildKit copies nothing (and does not fail) when the wildcard matches no file.
      { source: at('next.config.*'), dest: `${cwd === '/' ? '' : cwd}/` },
    );
    return out;
  }
  const dirs = new Set<string>();
  if (mentions('react-scripts') || ctx.startup.some((c) => c.program === 'serve' && c.args.includes('build')))
    dirs.add('build');
  for (const inv of all) {
    if (inv.program !== 'tsc') continue;
    const o = parseArgs(inv.args, new Set(['outDir', 'p', 'project', 'outFile'])).flags.get('outDir');
    if (typeof o === 'string') dirs.add(o.replace(/^\.\//, '').replace(/\/+$/, ''));
  }
  let script: string | undefined;
  for (const c of ctx.startup) {
    const program = c.program.slice(c.program.lastIndexOf('/') + 1);
    if (!['node', 'nodejs', 'bun', 'pm2-runtime', 'pm2'].includes(program)) continue;
    const arg = c.args.find((a) => !a.startsWith('-') && a !== 'start');
    const p = arg ? resolvePath(arg, cwd) : undefined;
    if (!p || !isUnder(p, cwd) || p === cwd) continue;
    const relative = cwd === '/' ? p.slice(1) : p.slice(cwd.length + 1);
    const segment = relative.split('/')[0]!;
    if (segment === 'node_modules') continue;
    if (relative.includes('/')) dirs.add(segment);
    else script = relative;
  }
  let defaulted = false;
  if (dirs.size === 0 && script === undefined) {
    dirs.add('dist');
    defaulted = true;
  }
  for (const d of dirs)
    out.push({
      source: at(d),
      dest: at(d),
      notes: defaulted
        ? [`dist/ is the usual build output: change it if the build writes elsewhere`]
        : undefined,
    });
  if (script !== undefined)
    out.push({
      source: at(script),
      dest: at(script),
      notes: dirs.size > 0 || defaulted ? undefined : [`also copy the files ${script} needs at run time`],
    });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Python

function planPython(ctx: Context): Plan[] | undefined {
  const { model } = ctx;
  if (ctx.image !== 'python') return undefined;
  const installs = ctx.runs.flatMap((run) =>
    run.invocations
      .map((inv) => {
        const p = run.packages.find((x) => sameInvocation(x.invocation, inv));
        const a = words(inv);
        const pip = p?.manager === 'pip' && p.action === 'install';
        const other =
          (inv.program === 'poetry' && a[0] === 'install') ||
          (inv.program === 'pipenv' && a[0] === 'install') ||
          (inv.program === 'pdm' && a[0] === 'install') ||
          (inv.program === 'uv' && a[0] === 'sync');
        return pip || other ? { run, inv, pip } : undefined;
      })
      .filter((x) => x !== undefined),
  );
  if (installs.length === 0) return undefined;
  const shape = tagShape(ctx.tag);
  const compiler = (!shape.slim && !shape.alpine) || ctx.osPackages.some(isBuildPackage);
  if (!compiler) return undefined;

  const builderEdits: TextEdit[] = [];
  const env: string[] = [];
  const copies: ArtifactCopy[] = [];
  // An existing venv (`python -m venv X`, `virtualenv X`, `uv venv X`) is kept; else one is made.
  const venvs = producedPaths(model, ctx.stage).filter((p) => /venv/.test(p.how));
  let venv = venvs[0]?.path;
  const usesManagers = installs.some((x) => !x.pip || x.inv.program === 'uv');
  const firstOwn = installs.find((x) => isOwnRun(ctx, x.run));
  if (!venv) {
    if (!firstOwn) return undefined;
    venv = '/opt/venv';
    const envLines = [line(model, 'ENV', 'PATH="/opt/venv/bin:$PATH"')];
    if (usesManagers) envLines.unshift(line(model, 'ENV', 'VIRTUAL_ENV=/opt/venv'));
    builderEdits.push(
      insertLinesBefore(model, firstOwn.run.instruction, [
        line(model, 'RUN', 'python -m venv /opt/venv'),
        ...envLines,
      ]),
    );
    env.push(...envLines);
    // In a venv `pip install --user` fails and `uv pip install --system` would bypass it.
    for (const x of installs) {
      if (!isOwnRun(ctx, x.run) || x.inv.nested) continue;
      for (const w of x.inv.args)
        if (w.value === '--user' || (x.inv.program === 'uv' && w.value === '--system'))
          builderEdits.push(removeWord(model, w));
    }
  }
  if (!ctx.cwd || !isUnder(venv, ctx.cwd) || ctx.cwd === '/') copies.push({ source: venv, dest: venv });
  for (const x of installs) {
    if (!x.pip) continue;
    const parsed = parseArgs(
      x.inv.args,
      new Set([
        't',
        'target',
        'prefix',
        'r',
        'requirement',
        'c',
        'constraint',
        'i',
        'index-url',
        'extra-index-url',
      ]),
    );
    const target = parsed.flags.get('target') ?? parsed.flags.get('t') ?? parsed.flags.get('prefix');
    const cwd = invocationCwd(model, x.run.stage, x.run.instruction, x.inv, x.run.invocations, ctx.image);
    const p = typeof target === 'string' ? resolvePath(target, cwd) : undefined;
    if (p && !(ctx.cwd && ctx.cwd !== '/' && isUnder(p, ctx.cwd))) copies.push({ source: p, dest: p });
  }
  copies.push(...appCopies(ctx));
  const tag = pythonTag(ctx.rawTag);
  return [
    {
      language: 'Python',
      label: `python:${tag}`,
      from: `python:${tag}`,
      sizeImage: 'python',
      sizeTag: pythonTag(ctx.tag),
      preferred: true,
      why: [],
      env,
      setup: [],
      copies,
      userStyle: 'passwd',
      packageNotes: true,
      builderEdits,
    },
  ];
}

/** The app's folder: the WORKDIR, else what the builder copied from the context (placeholder for `/`). */
function appCopies(ctx: Context): ArtifactCopy[] {
  if (ctx.cwd && ctx.cwd !== '/') return [{ source: ctx.cwd, dest: ctx.cwd }];
  const out: ArtifactCopy[] = [];
  for (const i of chainInstructions(ctx.model, ctx.stage)) {
    if (!isContextCopy(i)) continue;
    for (const p of copyTargets(i, workdirBefore(ctx.model, ctx.stage, i.index, ctx.image))) {
      if (p !== '/') {
        if (!out.some((c) => isUnder(p, c.source))) out.push({ source: p, dest: p });
      } else if (!out.some((c) => c.source.includes('<'))) {
        out.push({
          source: '/<app-files>',
          dest: '/',
          notes: ['set the paths of the app files (the builder copied them to /)'],
        });
      }
    }
  }
  if (out.length === 0)
    out.push({ source: '/<app-files>', dest: '/', notes: ['set the paths of the app files'] });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Java

function javaMajor(ctx: Context, tag: string | undefined): string | undefined {
  const t = tag ?? '';
  const v = '(\\d+|\\$\\{?[A-Za-z_][A-Za-z0-9_]*\\}?)';
  const inTag =
    new RegExp(`(?:temurin|openjdk|corretto|sapmachine|semeru|ibmjava|jdk)-?${v}`).exec(t) ??
    (/^(eclipse-temurin|openjdk|amazoncorretto|sapmachine|ibm-semeru-runtimes)$/.test(ctx.image)
      ? new RegExp(`^${v}`).exec(t)
      : null);
  if (inTag) return inTag[1];
  for (const p of ctx.osPackages) {
    const m = /^(?:openjdk-|java-|temurin-|msopenjdk-)(\d+)/.exec(p);
    if (m) return m[1];
  }
  return undefined;
}

function planJava(ctx: Context): Plan[] | undefined {
  const jars: string[] = [];
  for (const run of ctx.runs)
    for (const inv of run.invocations) {
      const program = inv.program;
      const cwd =
        invocationCwd(ctx.model, run.stage, run.instruction, inv, run.invocations, ctx.image) ?? '/';
      const a = words(inv);
      if (program === 'mvn' || program === 'mvnw') {
        if (!a.some((g) => /^(package|install|verify|deploy|spring-boot:repackage)$/.test(g))) continue;
        const file = parseArgs(inv.args, new Set(['f', 'file', 'pl', 's', 'P'])).flags.get('f');
        const dir =
          typeof file === 'string' ? (resolvePath(file.replace(/\/?pom\.xml$/, '') || '.', cwd) ?? cwd) : cwd;
        jars.push(`${dir === '/' ? '' : dir}/target`);
      } else if (program === 'gradle' || program === 'gradlew') {
        if (!a.some((t) => /^(:?[\w-]*:)?(build|assemble|bootJar|jar|shadowJar)$/.test(t))) continue;
        jars.push(`${cwd === '/' ? '' : cwd}/build/libs`);
      }
    }
  if (jars.length === 0) return undefined;
  const copies: ArtifactCopy[] = [];
  // A jar CMD/ENTRYPOINT names is copied alone (to the same path) when the builder made it (in a
  // build folder, the WORKDIR, or where a RUN copied it); else every built jar.
  const produced = producedPaths(ctx.model, ctx.stage).filter((p) => !p.how.startsWith('CA bundle'));
  for (const c of ctx.startup) {
    const jar = c.args[c.args.indexOf('-jar') + 1];
    const p = c.args.includes('-jar') && jar ? resolvePath(jar, ctx.cwd) : undefined;
    if (p && (jars.some((d) => isUnder(p, d)) || produced.some((x) => isUnder(p, x.path))))
      copies.push({ source: p, dest: p });
  }
  if (copies.length === 0)
    for (const d of [...new Set(jars)]) copies.push({ source: `${d}/*.jar`, dest: `${d}/` });
  const alpine = ctx.family === 'alpine' || /alpine/.test(ctx.tag ?? '');
  const why: string[] = [];
  let rawMajor = javaMajor(ctx, ctx.rawTag);
  let major = javaMajor(ctx, ctx.tag);
  if (!major || !rawMajor) {
    major = rawMajor = newestVersionTag('eclipse-temurin') ?? '21';
    why.push(`${MARK} set the Java version the app is built for (the builder's base does not tell)`);
  }
  const tag = `${rawMajor}-jre${alpine ? '-alpine' : ''}`;
  return [
    {
      language: 'Java',
      label: `eclipse-temurin:${tag}`,
      from: `eclipse-temurin:${tag}`,
      sizeImage: 'eclipse-temurin',
      sizeTag: `${major}-jre${alpine ? '-alpine' : ''}`,
      preferred: true,
      why,
      env: [],
      setup: [],
      copies,
      userStyle: 'passwd',
      packageNotes: true,
      builderEdits: [],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// .NET

function planDotnet(ctx: Context): Plan[] | undefined {
  if (!/^mcr\.microsoft\.com\/dotnet\/(core\/)?sdk$/.test(ctx.image)) return undefined;
  const copies: ArtifactCopy[] = [];
  for (const run of ctx.runs)
    for (const inv of run.invocations) {
      if (inv.program !== 'dotnet' || inv.args[0]?.value !== 'publish') continue;
      const cwd =
        invocationCwd(ctx.model, run.stage, run.instruction, inv, run.invocations, ctx.image) ?? '/';
      const o = parseArgs(
        inv.args,
        new Set(['o', 'output', 'c', 'configuration', 'r', 'runtime', 'f', 'framework', 'p']),
      ).flags;
      const out = o.get('o') ?? o.get('output');
      const p = typeof out === 'string' ? resolvePath(out, cwd) : undefined;
      if (p) copies.push({ source: p, dest: p });
      else {
        const dir = `${cwd === '/' ? '' : cwd}/bin/Release/<framework>/publish`;
        copies.push({
          source: dir,
          dest: dir,
          notes: ['set the publish folder (or add `-o <dir>` to dotnet publish)'],
        });
      }
    }
  if (copies.length === 0) return undefined;
  // SDK tags carry the SDK version (`8.0.404-bookworm-slim`); runtime images are tagged `8.0…`.
  const runtimeTag = (t: string | undefined): string => (t ?? 'latest').replace(/^(\d+\.\d+)\.\d+/, '$1');
  const tag = runtimeTag(ctx.rawTag);
  return [
    {
      language: '.NET',
      label: `dotnet/aspnet:${tag}`,
      from: `mcr.microsoft.com/dotnet/aspnet:${tag}`,
      sizeImage: 'mcr.microsoft.com/dotnet/aspnet',
      sizeTag: runtimeTag(ctx.tag),
      preferred: true,
      why: [
        `${MARK} aspnet runs console apps too; use mcr.microsoft.com/dotnet/runtime for those without ASP.NET`,
      ],
      env: [],
      setup: [],
      copies,
      userStyle: 'passwd',
      packageNotes: true,
      builderEdits: [],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Anything else that builds

const GENERIC_BUILDS = new Set([
  'make',
  'cmake',
  'ninja',
  'meson',
  'gcc',
  'g++',
  'cc',
  'c++',
  'clang',
  'clang++',
  'configure',
  'autoreconf',
  'scons',
  'bazel',
]);

/** Images that ship a C toolchain: buildpack-deps and the full (not slim/alpine) images built on it. */
function baseHasCompiler(ctx: Context): boolean {
  if (['gcc', 'buildpack-deps'].includes(ctx.image)) return true;
  const s = tagShape(ctx.tag);
  return ['python', 'ruby', 'node', 'perl', 'golang', 'rust'].includes(ctx.image) && !s.slim && !s.alpine;
}

/** Toolchain images that are no runtime: a split onto the same image would keep the toolchain. */
const COMPILER_IMAGES =
  /^(golang|rust|gcc|buildpack-deps|maven|gradle|openjdk|eclipse-temurin|amazoncorretto|sapmachine|mcr\.microsoft\.com\/dotnet\/(core\/)?sdk)$/;

function planGeneric(ctx: Context): Plan[] | undefined {
  // Build tools still installed at the end, or a build run on a base that ships a compiler.
  const builds = ctx.runs.some((r) => r.invocations.some((i) => GENERIC_BUILDS.has(i.program)));
  if (!ctx.osPackages.some(isBuildPackage) && !(builds && baseHasCompiler(ctx))) return undefined;
  if (!ctx.image || ctx.stage.base?.digest || COMPILER_IMAGES.test(ctx.image)) return undefined;
  let runtimeTag: string | undefined;
  let rawTag: string | undefined;
  for (const candidate of slimTagCandidates(ctx.tag)) {
    const t = candidate(ctx.tag);
    if (knownTags(ctx.image).some((r) => r.tag === t)) {
      runtimeTag = t;
      rawTag = candidate(ctx.rawTag);
      break;
    }
  }
  if (runtimeTag === undefined) {
    // No slim variant known: worth it only when the base is small and the weight is what the build installs.
    const row = amd64Row(ctx.image, ctx.tag);
    const small =
      ['alpine', 'busybox', 'wolfi'].includes(ctx.family) ||
      /slim|alpine/.test(ctx.tag ?? '') ||
      (row?.compressedBytes !== null && row?.compressedBytes !== undefined && row.compressedBytes <= 50e6);
    if (!small) return undefined;
    runtimeTag = ctx.tag;
    rawTag = ctx.rawTag;
  }
  const builderRaw = rootStage(ctx.model, ctx.stage).base!.raw;
  const name = rawImageName(builderRaw, ctx.rawTag);
  const from = rawTag ? `${name}:${rawTag}` : name;
  const copies = appCopies(ctx);
  const produced = producedPaths(ctx.model, ctx.stage);
  for (const ref of startupPaths(ctx)) {
    if (!ref.path || copies.some((c) => isUnder(ref.path, c.source))) continue;
    const hit = produced.find(
      (p) => p.how !== 'WORKDIR' && p.how !== 'CA bundle of the base image' && isUnder(ref.path, p.path),
    );
    if (hit) copies.push({ source: ref.path, dest: ref.path });
  }
  const all = ctx.runs.flatMap((r) => r.invocations);
  if (
    ctx.image === 'ruby' &&
    all.some((i) => (i.program === 'bundle' || i.program === 'gem') && i.args[0]?.value === 'install')
  ) {
    const env = envBefore(ctx.model, ctx.stage, ctx.end, ctx.image);
    const gems = env.get('BUNDLE_PATH') ?? env.get('GEM_HOME');
    if (gems && !copies.some((c) => isUnder(gems, c.source))) copies.unshift({ source: gems, dest: gems });
  }
  const short = from.replace(/^docker\.io\//, '').replace(/^library\//, '');
  const builderShort = builderRaw.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return [
    {
      language: builderShort,
      label: short,
      from,
      sizeImage: ctx.image,
      sizeTag: runtimeTag,
      preferred: true,
      why: [],
      env: [],
      setup: [],
      copies,
      userStyle: 'passwd',
      packageNotes: true,
      builderEdits: [],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Users

const USER_TOOLS = new Set([
  'useradd',
  'adduser',
  'groupadd',
  'addgroup',
  'usermod',
  'mkdir',
  'chown',
  'chmod',
  'true',
]);

/** RUNs of the chain that only create users and their folders (repeated in a runtime with a shell). */
function userCreationRuns(ctx: Context): RunInfo[] {
  return ctx.runs.filter(
    (r) =>
      r.invocations.length > 0 &&
      r.invocations.every((i) => USER_TOOLS.has(i.program)) &&
      r.invocations.some((i) => i.program === 'useradd' || i.program === 'adduser'),
  );
}

function createsUser(ctx: Context, name: string): RunInfo | undefined {
  return ctx.runs.find((r) =>
    r.invocations.some(
      (i) => (i.program === 'useradd' || i.program === 'adduser') && i.args.some((a) => a.value === name),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Edits

function indentOf(model: Model, lineNumber: number): string {
  return /^[ \t]*/.exec(model.positions.lineText(lineNumber))?.[0] ?? '';
}

function insertLinesBefore(model: Model, i: Instruction, lines: string[]): TextEdit {
  const eol = eolOf(model);
  const indent = indentOf(model, i.range.start.line);
  const at = { line: i.range.start.line, character: 0 };
  return { range: { start: at, end: at }, newText: lines.map((l) => `${indent}${l}${eol}`).join('') };
}

function insertLinesAfter(model: Model, i: Instruction, lines: string[]): TextEdit {
  const eol = eolOf(model);
  const indent = indentOf(model, i.range.start.line);
  const end = { line: i.range.end.line, character: model.positions.lineText(i.range.end.line).length };
  return { range: { start: end, end }, newText: lines.map((l) => `${eol}${indent}${l}`).join('') };
}

/** Removes a word and the blank before it. */
function removeWord(model: Model, w: { start: number; end: number }): TextEdit {
  let start = w.start;
  while (start > 0 && (model.text[start - 1] === ' ' || model.text[start - 1] === '\t')) start--;
  return {
    range: { start: model.positions.positionAt(start), end: model.positions.positionAt(w.end) },
    newText: '',
  };
}

/** Deletes the whole lines of instructions (adjacent ones as one block, so the edits never overlap). */
function deleteInstructions(model: Model, instructions: readonly Instruction[]): TextEdit[] {
  const blocks: Array<[number, number]> = [];
  for (const i of instructions) {
    const prev = blocks.at(-1);
    if (prev && prev[1] + 1 >= i.range.start.line) prev[1] = Math.max(prev[1], i.range.end.line);
    else blocks.push([i.range.start.line, i.range.end.line]);
  }
  return blocks.map(([first, last]) => {
    if (last + 1 < model.positions.lineCount)
      return {
        range: { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } },
        newText: '',
      };
    // The last line of a file without a final line break: take the break before it.
    const start: Position =
      first > 0
        ? { line: first - 1, character: model.positions.lineText(first - 1).length }
        : { line: 0, character: 0 };
    return {
      range: { start, end: { line: last, character: model.positions.lineText(last).length } },
      newText: '',
    };
  });
}

/** Sorts edits into document order and joins insertions at one place (in the order given). */
function normalizeEdits(model: Model, edits: readonly TextEdit[]): TextEdit[] {
  const offset = (p: Position): number => model.positions.offsetAt(p);
  const sorted = edits
    .map((e, n) => ({ e, n }))
    .sort(
      (a, b) =>
        offset(a.e.range.start) - offset(b.e.range.start) ||
        offset(a.e.range.end) - offset(b.e.range.end) ||
        a.n - b.n,
    )
    .map((x) => x.e);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out.at(-1);
    const empty = (x: TextEdit): boolean => offset(x.range.start) === offset(x.range.end);
    if (prev && empty(prev) && empty(e) && offset(prev.range.start) === offset(e.range.start))
      out[out.length - 1] = { range: prev.range, newText: prev.newText + e.newText };
    else out.push(e);
  }
  return out;
}

function uniqueName(model: Model, wanted: string): string {
  const taken = new Set(model.stages.map((s) => s.name));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}${n}`)) return `${wanted}${n}`;
}

interface Placement {
  builderName: string;
  runtimeName: string | undefined;
  edits: TextEdit[];
}

/**
 * Names: the last stage keeps its name (or becomes `builder`) and the runtime stage appended after it
 * is what `docker build` ships. A named stage that is not last is a `--target`: the runtime takes its
 * name, the builder becomes `<name>-builder` and later references follow it. Undefined when later
 * stages build FROM the stage or copy from stages by index (the new stage would shift the indexes).
 */
function placement(model: Model, stage: Stage): Placement | undefined {
  const fromEnd = stage.from.args.at(-1)?.range.end ?? stage.from.range.end;
  const isLast = stage.index === model.stages.length - 1;
  if (isLast) {
    if (stage.rawName) return { builderName: stage.rawName, runtimeName: undefined, edits: [] };
    const name = uniqueName(model, 'builder');
    return {
      builderName: name,
      runtimeName: undefined,
      edits: [{ range: { start: fromEnd, end: fromEnd }, newText: ` ${keyword(model, 'AS')} ${name}` }],
    };
  }
  const later = model.stages.slice(stage.index + 1);
  if (later.some((s) => s.baseStage === stage.index)) return undefined;
  const refs: Array<{ value: string; range: TextEdit['range'] }> = [];
  for (const s of later)
    for (const i of s.instructions)
      for (const f of i.flags) {
        if (f.value === undefined || !f.valueRange) continue;
        if (f.name === 'from' && (i.keyword === 'COPY' || i.keyword === 'ADD'))
          refs.push({ value: f.value, range: f.valueRange });
        if (f.name === 'mount' && i.keyword === 'RUN') {
          const m = /(^|,)from=([^,]*)/.exec(f.value);
          if (m) {
            const start =
              model.positions.offsetAt(f.valueRange.start) + m.index + m[1]!.length + 'from='.length;
            refs.push({
              value: m[2]!,
              range: {
                start: model.positions.positionAt(start),
                end: model.positions.positionAt(start + m[2]!.length),
              },
            });
          }
        }
      }
  if (refs.some((r) => /^\d+$/.test(r.value) && Number(r.value) > stage.index)) return undefined;
  if (!stage.rawName || !stage.nameRange) {
    const name = uniqueName(model, 'builder');
    return {
      builderName: name,
      runtimeName: undefined,
      edits: [{ range: { start: fromEnd, end: fromEnd }, newText: ` ${keyword(model, 'AS')} ${name}` }],
    };
  }
  const name = uniqueName(model, `${stage.name}-builder`);
  const edits: TextEdit[] = [{ range: stage.nameRange, newText: name }];
  for (const r of refs)
    if (r.value.toLowerCase() === stage.name) edits.push({ range: r.range, newText: name });
  return { builderName: name, runtimeName: stage.rawName, edits };
}

/** Instructions that configure the running container: they move to the runtime stage. */
const RUNTIME_ONLY = new Set([
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'VOLUME',
  'HEALTHCHECK',
  'STOPSIGNAL',
  'ONBUILD',
  'CMD',
  'ENTRYPOINT',
]);
const TAIL = new Set(['EXPOSE', 'VOLUME', 'HEALTHCHECK', 'STOPSIGNAL', 'ONBUILD', 'CMD', 'ENTRYPOINT']);

function render(ctx: Context, plan: Plan, place: Placement): Fix {
  const { model, stage } = ctx;
  const eol = eolOf(model);
  const own = stage.instructions.slice(1);
  const chain = chainInstructions(model, stage);
  const lastRunIndex = Math.max(-1, ...own.filter((i) => i.keyword === 'RUN').map((i) => i.index));
  // USER stays in the builder when RUNs after it depend on it, and is repeated in the runtime.
  const moved = own.filter(
    (i) => RUNTIME_ONLY.has(i.keyword) || (i.keyword === 'USER' && i.index > lastRunIndex),
  );
  const edits: TextEdit[] = [...place.edits, ...plan.builderEdits, ...deleteInstructions(model, moved)];

  const fromIndent = indentOf(model, stage.from.range.start.line);
  const bodyIndent = own[0] ? indentOf(model, own[0].range.start.line) : fromIndent;
  const body: string[] = [];
  const text = (i: Instruction): string => rawText(model, i);

  // Head: LABEL/MAINTAINER, ENV and the WORKDIR the container starts in, in the builder's order.
  const workdirs = chain.filter((i) => i.keyword === 'WORKDIR');
  const lastWorkdir = workdirs.at(-1);
  const head: string[] = [];
  for (const i of chain) {
    if (i.keyword === 'LABEL' || i.keyword === 'MAINTAINER' || i.keyword === 'ENV') head.push(text(i));
    if (i.keyword === 'WORKDIR') {
      if (ctx.cwd !== undefined) {
        if (i === lastWorkdir && ctx.cwd !== '/') {
          const written = i.argsText.trim();
          head.push(written === ctx.cwd ? text(i) : line(model, 'WORKDIR', ctx.cwd));
        }
      } else head.push(text(i)); // unresolved variables: repeat every WORKDIR as written
    }
  }
  head.push(...plan.env);

  // Tail: USER, then EXPOSE…CMD/ENTRYPOINT; inherited ones only where the stage does not override them.
  const ownTail = own.filter((i) => TAIL.has(i.keyword));
  const inheritedTail = chain.filter(
    (i) =>
      i.stageIndex !== stage.index &&
      TAIL.has(i.keyword) &&
      !((i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') && ownTail.some((o) => o.keyword === i.keyword)),
  );
  const tail = [...inheritedTail, ...ownTail].flatMap((i) => tailLines(ctx, plan, i));
  const userLines = runtimeUser(ctx, plan);

  // ARGs the repeated lines refer to.
  const used = new Set<string>();
  for (const t of [...head, ...tail, ...userLines.lines]) for (const n of variableNames(t)) used.add(n);
  const args = chain.filter((i) => i.keyword === 'ARG' && keyValues(i).some(([k]) => used.has(k))).map(text);

  const notes: string[] = [];
  if (plan.packageNotes) {
    // curl or wget that HEALTHCHECK/CMD use are needed at run time after all.
    const runtimeText = chain
      .filter((i) => TAIL.has(i.keyword))
      .map((i) => ` ${i.argsText} `)
      .join('');
    const usedAtRuntime = (p: string): boolean =>
      new RegExp(`[\\s/"'(]${p.replace(/[.+]/g, '\\$&')}[\\s"')]`).test(runtimeText);
    const builderOnly = ctx.osPackages.filter(
      (p) => !isBuildPackage(p) && (!BUILD_ONLY.test(p) || usedAtRuntime(p)),
    );
    const dev = ctx.osPackages.filter((p) => /-(dev|devel)$/.test(p) && !BUILD_TOOL_PACKAGES.has(p));
    if (builderOnly.length > 0)
      notes.push(
        `${MARK} the builder also installs ${builderOnly.join(', ')}: install here what the app needs at run time`,
      );
    if (dev.length > 0 && plan.userStyle === 'passwd')
      notes.push(
        `${MARK} the builder installs ${dev.join(', ')}: the app may need the matching run-time libraries here`,
      );
  }

  // A program CMD/ENTRYPOINT starts from a folder nothing was copied to (`make install` into
  // /usr/local): say so rather than ship an image whose CMD is missing.
  const copied = plan.copies.map((c) => c.dest.replace(/\/$/, '') || '/');
  for (const ref of startupPaths(ctx)) {
    const p = ref.path;
    if (p && /^\/(usr\/local|opt|app|srv|home)\//.test(p) && !copied.some((d) => isUnder(p, d)))
      notes.push(
        `${MARK} CMD/ENTRYPOINT uses ${p}: copy it from the builder if the build installed it there`,
      );
  }
  body.push(...args, ...head, ...userLines.create, ...notes, ...plan.setup);
  for (const c of plan.copies) body.push(...copyLine(model, place.builderName, c));
  body.push(...userLines.lines, ...tail);

  // A fixed platform is kept; `$BUILDPLATFORM` is for the builder only (it cross-compiles for the
  // target, which the runtime stage then is by default).
  const platform = stage.from.flags.find(
    (f) => f.name === 'platform' && !/BUILDPLATFORM/.test(f.value ?? ''),
  );
  const fromLine = line(
    model,
    'FROM',
    [
      platform ? flagText(model, platform) : undefined,
      plan.from,
      place.runtimeName ? `${keyword(model, 'AS')} ${place.runtimeName}` : undefined,
    ]
      .filter((x) => x)
      .join(' '),
  );
  const lines = [
    ...plan.why.map((w) => `${fromIndent}${w}`),
    `${fromIndent}${fromLine}`,
    ...body.map((b) => `${bodyIndent}${b}`),
  ];

  // After the stage's last instruction: a blank line, then the runtime stage.
  const last = stage.instructions.at(-1)!;
  const next = last.range.end.line + 1;
  let newText: string;
  let at: Position;
  if (next < model.positions.lineCount) {
    at = { line: next, character: 0 };
    newText = eol + lines.map((l) => `${l}${eol}`).join('');
  } else {
    at = { line: last.range.end.line, character: model.positions.lineText(last.range.end.line).length };
    newText = eol + eol + lines.join(eol);
  }
  edits.push({ range: { start: at, end: at }, newText });

  const mb = savingMB({ image: ctx.image, tag: ctx.tag }, { image: plan.sizeImage, tag: plan.sizeTag });
  const saving = mb ? ` (≈ −${formatBytes(mb * 1e6)})` : '';
  const title = `Split into builder stage${saving}: ${plan.language} → ${plan.label}`;
  return {
    title,
    kind: 'refactor.rewrite',
    ...(plan.preferred ? { isPreferred: true } : {}),
    edits: normalizeEdits(model, edits),
  };
}

/**
 * A CMD/ENTRYPOINT/HEALTHCHECK for the runtime. distroless and scratch have no `/bin/sh`: a shell-form
 * command that is one plain program call becomes exec form; anything else is marked.
 */
function tailLines(ctx: Context, plan: Plan, i: Instruction): string[] {
  const { model } = ctx;
  const raw = rawText(model, i);
  if (plan.userStyle === 'passwd') return [raw];
  if (i.keyword === 'HEALTHCHECK' && !/\bNONE\b/i.test(i.argsText) && !/\bCMD\s*\[/i.test(i.argsText))
    return [`${MARK} ${plan.label} has no shell: make this HEALTHCHECK run a binary (exec form)`, raw];
  if ((i.keyword !== 'CMD' && i.keyword !== 'ENTRYPOINT') || !i.shell) return [raw];
  const [command, ...more] = i.shell.commands;
  const plain =
    command &&
    more.length === 0 &&
    command.assignments.length === 0 &&
    command.redirects.length === 0 &&
    command.words.every((w) => !/[$`*?[\]{}~]/.test(w.text));
  if (!plain) return [`${MARK} ${plan.label} has no shell: write this ${i.keyword} in exec form`, raw];
  const kw = model.text.slice(
    model.positions.offsetAt(i.keywordRange.start),
    model.positions.offsetAt(i.keywordRange.end),
  );
  return [`${kw} ${execFormArray(command.words.map((w) => w.value))}`];
}

/** The runtime's USER lines, and the RUNs that create the user where the runtime can. */
function runtimeUser(ctx: Context, plan: Plan): { create: string[]; lines: string[] } {
  const { model } = ctx;
  const user = chainInstructions(model, ctx.stage)
    .filter((i) => i.keyword === 'USER')
    .at(-1);
  if (!user) return { create: [], lines: plan.defaultUser ? [line(model, 'USER', plan.defaultUser)] : [] };
  const value = user.argsText.trim();
  const name = value.split(':')[0] ?? '';
  const numeric = /^\d+$/.test(name) || name.includes('$');
  if (plan.userStyle !== 'passwd') {
    if (numeric || name === 'root' || (plan.userStyle === 'distroless' && name === 'nonroot'))
      return { create: [], lines: [rawText(model, user)] };
    const replacement = plan.userStyle === 'distroless' ? 'nonroot' : '65532:65532';
    return {
      create: [],
      lines: [
        `${MARK} ${plan.label} has no user ${name}: it runs as uid 65532`,
        line(model, 'USER', replacement),
      ],
    };
  }
  const creating = numeric ? undefined : createsUser(ctx, name);
  if (!creating) return { create: [], lines: [rawText(model, user)] };
  const pure = userCreationRuns(ctx).filter(
    (r) => r.instruction.index <= creating.instruction.index || r === creating,
  );
  if (pure.includes(creating))
    return { create: pure.map((r) => rawText(model, r.instruction)), lines: [rawText(model, user)] };
  return {
    create: [`${MARK} create the user ${name} here (the builder creates it in a RUN with other steps)`],
    lines: [rawText(model, user)],
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * The "Split into builder stage" fixes for a shipped stage that builds, preferred one first; [] when
 * the stage does not build, or its base or position does not allow a split (see the top of the file).
 */
export function splitIntoBuilderFixes(model: Model, stage: Stage): Fix[] {
  if (model.parseError !== undefined || stage.instructions.length < 2) return [];
  const root = rootStage(model, stage);
  if (root.isScratch || !root.base) return [];
  // Templates (`{{ .version }}`, `%%TAG%%`) are not images we can derive a runtime from.
  if (!/^[\w.\-/:@${}+]+$/.test(root.base.raw) || /\{\{|%%/.test(root.base.raw)) return [];
  if (![1, 3].includes(stage.from.args.length)) return [];
  const family = rootImageFacts(model.stages, stage).family;
  if (family === 'windows' || family === 'distroless' || family === 'scratch') return [];
  const place = placement(model, stage);
  if (!place) return [];
  const ctx = scan(model, stage);
  const order =
    ctx.image === 'python'
      ? [planGo, planRust, planJava, planDotnet, planPython, planNode, planGeneric]
      : [planGo, planRust, planJava, planDotnet, planNode, planPython, planGeneric];
  for (const planner of order) {
    const plans = planner(ctx);
    if (plans && plans.length > 0) return plans.map((p) => render(ctx, p, place));
  }
  return [];
}
