// The size of a RUN layer: package installs from data, build artifacts and caches from ranges, what
// the same RUN cleans up (saved) and what it removes from earlier layers (saves nothing).
import type { Instruction, Word } from '../model/types';
import { hasCacheMountFor } from '../shell/mounts';
import { packageCommands, type PackageCommand } from '../shell/packages';
import { scriptOf } from '../shell/pipelines';
import { invocations, type Invocation } from '../shell/query';
import { GENERIC_RATIO, familyRatio } from './baseSize';
import {
  APT_LISTS,
  DEBIAN_RELEASE,
  aptInstall,
  aptInstalledIndexes,
  aptPackageName,
  type AptPackageSize,
} from './debian';
import {
  ECOSYSTEMS,
  apkPackageSize,
  artifact,
  countCargoLock,
  countGoSum,
  countNpmLock,
  countRequirements,
  opaque,
  perCount,
  pipPackageSize,
  type RangeWithBasis,
} from './ecosystems';
import { expandVariables, isUnder, removes, resolvePath, type PathRecord, type StageState } from './paths';
import type { SizeInputs, SizePart } from './types';
import {
  addRanges,
  compressRange,
  formatBytes,
  formatRange,
  range,
  scaleRange,
  type ByteRange,
} from './units';

export interface RunContext {
  instruction: Instruction;
  state: StageState;
  inputs: SizeInputs;
  /** OS family of the stage's root image. */
  family: string;
  /** Base image name (canonical) and tag, for defaults like GOPATH. */
  image: string;
  /** True for -slim images (dpkg excludes docs, man pages and locales). */
  slim: boolean;
  /** The base is an official image from the table (apt keeps compressed lists, cleans .debs). */
  officialBase: boolean;
}

export interface RunResult {
  parts: SizePart[];
  removedFromLines: number[];
  unknown: boolean;
}

/** Ratios of uncompressed to compressed for kinds of content (pull-size view). */
const BINARY_RATIO = { low: 1.5, high: 3 };
const STORED_COMPRESSED = { low: 1, high: 1.3 };

interface Pending extends SizePart {
  /** Where the content lands, to match clean-ups and cache mounts. */
  path?: string;
  /** Cache mounts that keep this part out (any one suffices). */
  cachePaths?: string[];
  /** Records to add when the part ships. */
  records?: Omit<PathRecord, 'layer' | 'line'>[];
  unknown?: boolean;
  /** An apt-get install: what it selects, so a purge in the same RUN can take packages out again. */
  apt?: AptPartPackages;
}

interface AptPartPackages {
  packages: AptPackageSize[];
  /** dpkg's own files (status, logs, debconf) that the install rewrites; a purge leaves them changed. */
  overhead: ByteRange;
  /** Scale from Installed-Size to layer bytes (slim images drop docs). */
  scale: { low: number; high: number };
  /** Position of the install in the script: only a purge after it takes packages out. */
  at: number;
}

/**
 * Debian packages of Python code: their postinst byte-compiles the modules (py3compile), so each
 * `.py` gets a `.pyc` that Installed-Size does not count. Measured on bookworm (npm run bench:size):
 * the stdlib's .pyc files are 0.84× the Installed-Size of libpython3.11-stdlib + -minimal, and pip,
 * setuptools, pkg-resources and wheel get 1.08× theirs. Wheels (-whl), headers and interpreters
 * (python3.11-minimal holds the binary) are not compiled.
 */
const BYTE_COMPILED = /^(libpython3\.\d+-(stdlib|minimal)|python3-(?!minimal$).+)$/;
const NOT_BYTE_COMPILED = /-(whl|dev|dbg|doc)$/;
const PYC_RATIO = { low: 0.7, high: 1.15 };

/** Bytes an apt install leaves: Installed-Size (scaled), the .pyc files Python packages get, dpkg's files. */
function aptLayerBytes(
  packages: readonly AptPackageSize[],
  apt: Omit<AptPartPackages, 'packages' | 'at'>,
): ByteRange {
  const installed = packages.reduce((sum, p) => sum + p.bytes, 0);
  return addRanges(
    scaleRange(range(installed), apt.scale.low, apt.scale.high),
    scaleRange(range(byteCompiledBytes(packages)), PYC_RATIO.low, PYC_RATIO.high),
    apt.overhead,
  );
}

/** Installed-Size of the packages whose modules are byte-compiled on install. */
function byteCompiledBytes(packages: readonly AptPackageSize[]): number {
  return packages
    .filter((p) => BYTE_COMPILED.test(p.name) && !NOT_BYTE_COMPILED.test(p.name))
    .reduce((sum, p) => sum + p.bytes, 0);
}

/** Programs that compile and link C/C++: with `-o FILE` they leave one binary of unknown size. */
const C_COMPILERS = /^(gcc|cc|c\+\+|g\+\+|clang|clang\+\+)(-\d+)?$/;
/** Arguments that only print something: `xz --version`, `curl --help` write no file. */
const INFORMATIONAL = new Set(['--version', '-V', '--help', '-h', '-version']);

function part(
  label: string,
  bytes: ByteRange,
  basis: string,
  ratio: { low: number; high: number } = GENERIC_RATIO,
  extra: Partial<Pending> = {},
): Pending {
  return { label, bytes, compressed: compressRange(bytes, ratio), basis, ...extra };
}

const SMALL_PROGRAMS = new Set([
  'mkdir',
  'ln',
  'chmod',
  'chown',
  'chgrp',
  'useradd',
  'adduser',
  'groupadd',
  'addgroup',
  'usermod',
  'groupmod',
  'deluser',
  'delgroup',
  'userdel',
  'echo',
  'printf',
  'cd',
  'set',
  'export',
  'true',
  'false',
  'test',
  '[',
  '[[',
  'ls',
  'cat',
  'id',
  'whoami',
  'sed',
  'mv',
  'touch',
  'ldconfig',
  'update-ca-certificates',
  'dpkg-reconfigure',
  'apt-mark',
  'command',
  'which',
  'grep',
  'find',
  'rm',
  'rmdir',
  'sleep',
  'exit',
  'source',
  '.',
  ':',
  'unset',
  'umask',
  'tee',
  'dirname',
  'basename',
  'uname',
  'date',
  'readlink',
  'realpath',
  'sort',
  'head',
  'tail',
  'awk',
  'cut',
  'tr',
  'wc',
  'dpkg',
  'dpkg-architecture',
  'mktemp',
  'gpgconf',
  'sha256sum',
  'sha512sum',
  'md5sum',
  'gpg',
  'gpgv',
  'cp',
  'install',
  'setcap',
  'env',
  'locale-gen',
  'update-alternatives',
  'eval',
  'local',
  'return',
  'shift',
  'wait',
  'trap',
  'type',
  'hash',
  'ulimit',
  'getent',
  'passwd',
  'chpasswd',
  'su-exec',
  'gosu',
  'nproc',
  'xargs',
  'file',
  'strip',
  'ldd',
  'tput',
  'yes',
  'sync',
  'hostname',
  'stat',
  'du',
  'df',
  'git config',
  'update-rc.d',
  'systemctl',
  'ssh-keyscan',
  'ssh-keygen',
  'openssl',
  'rc-update',
  'fc-cache',
  'a2enmod',
  'a2dismod',
  'a2enconf',
  'a2ensite',
  'docker-php-ext-enable',
  'envsubst',
  'jq',
  'yq',
  'python',
  'python3',
  'node',
  'java',
  'ruby',
  'perl',
  'php',
]);
const SHELL_KEYWORDS = new Set([
  'for',
  'do',
  'done',
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'while',
  'until',
  'case',
  'esac',
  '{',
  '}',
  '!',
  'in',
  'select',
  'function',
]);
const DOWNLOADERS = new Set(['curl', 'wget', 'git', 'svn', 'hg', 'aria2c']);
const UNPACKERS = new Set(['tar', 'unzip', 'gunzip', 'xz', 'bunzip2', 'zstd', '7z']);

function values(words: readonly Word[]): string[] {
  return words.map((w) => w.value);
}

function mb(n: number): string {
  return formatBytes(n);
}

/** Env value as the RUN sees it. */
function envValue(ctx: RunContext, name: string): string | undefined {
  return ctx.state.env.get(name);
}

function home(): string {
  return '/root';
}

function goPath(ctx: RunContext): string {
  return envValue(ctx, 'GOPATH') ?? (ctx.image === 'golang' ? '/go' : '/root/go');
}

function cargoHome(ctx: RunContext): string {
  return envValue(ctx, 'CARGO_HOME') ?? (ctx.image === 'rust' ? '/usr/local/cargo' : '/root/.cargo');
}

/** Context-relative path of a file the stage copied from the build context to `containerPath`. */
export function contextPathOf(state: StageState, containerPath: string): string | undefined {
  let best: PathRecord | undefined;
  for (const r of state.records) {
    if (r.contextSource === undefined || !isUnder(containerPath, r.path)) continue;
    if (!best || r.path.length > best.path.length) best = r;
  }
  if (!best) return undefined;
  const rest = containerPath.slice(best.path.length).replace(/^\//, '');
  const base = best.contextSource!.replace(/^\.\/?/, '').replace(/\/$/, '');
  // A single file copied onto the path (`COPY package-lock.json ./package-lock.json`).
  if (rest === '') return base || '.';
  return base ? `${base}/${rest}` : rest;
}

function readInStage(ctx: RunContext, containerPath: string): string | undefined {
  const rel = contextPathOf(ctx.state, containerPath);
  if (rel === undefined) return undefined;
  return ctx.inputs.readContextFile?.(rel);
}

// ------------------------------------------------------------------------------------------------

export function estimateRun(ctx: RunContext): RunResult {
  const { instruction } = ctx;
  const script = scriptOf(instruction);
  const all = invocations(script);
  const packages = packageCommands(script);
  // packageCommands() walks the script again: pair its commands with ours by position and words.
  const key = (inv: Invocation): string =>
    `${inv.index}|${inv.nested}|${inv.program}|${inv.args.map((a) => a.value).join('\u0000')}`;
  const byKey = new Map<string, PackageCommand>();
  for (const p of packages) byKey.set(key(p.invocation), p);
  const byInvocation = { get: (inv: Invocation): PackageCommand | undefined => byKey.get(key(inv)) };

  const pending: Pending[] = [];
  const removals: string[] = [];
  const removedPackages: { names: string[]; auto: boolean; line: Invocation }[] = [];
  let aptMarkAutoAll = false;
  const unknownPrograms = new Set<string>();
  const downloads = new Set<string>();
  let small = false;
  const workdir = ctx.state.workdir;

  // Removals first: they decide what the same RUN's parts leave behind.
  for (const inv of all) {
    const args = values(inv.args).map((a) => expandVariables(a, ctx.state.env));
    if (inv.program === 'rm') {
      for (const a of args) if (!a.startsWith('-')) removals.push(resolvePath(workdir, a));
    }
    const pc = byInvocation.get(inv);
    if (pc?.manager === 'apt') {
      if (pc.action === 'clean' || pc.action === 'autoclean') removals.push('/var/cache/apt/archives');
      if (pc.action === 'dist-clean') removals.push('/var/cache/apt/archives', '/var/lib/apt/lists');
    }
    if (inv.program === 'apt-mark' && args[0] === 'auto' && args.some((a) => a === '.*' || a === '*'))
      aptMarkAutoAll = true;
    if (pc?.manager === 'npm' && pc.action === 'cache' && args.includes('clean'))
      removals.push(`${home()}/.npm`);
    if (pc?.manager === 'yarn' && pc.action === 'cache' && args.includes('clean'))
      removals.push('/usr/local/share/.cache/yarn', `${home()}/.cache/yarn`);
    if (pc?.manager === 'pip' && pc.action === 'cache' && args.includes('purge'))
      removals.push(`${home()}/.cache/pip`);
    if (pc?.manager === 'go' && pc.action === 'clean') {
      if (args.includes('-cache')) removals.push(`${home()}/.cache/go-build`);
      if (args.includes('-modcache')) removals.push(`${goPath(ctx)}/pkg/mod`);
    }
    if (pc && ['dnf', 'yum', 'microdnf'].includes(pc.manager) && pc.action === 'clean')
      removals.push('/var/cache/dnf', '/var/cache/yum');
    if (pc?.manager === 'apk' && pc.action === 'cache' && args.includes('clean'))
      removals.push('/var/cache/apk');
  }

  for (const inv of all) {
    const pc = byInvocation.get(inv);
    if (pc) {
      const handled = packagePart(ctx, pc, pending, removals, removedPackages);
      if (!handled) unknownPrograms.add(inv.program);
      continue;
    }
    const program = inv.program;
    const args = values(inv.args).map((a) => expandVariables(a, ctx.state.env));
    if (/^python(\d(\.\d+)?)?$/.test(program) && args[0] === '-m' && args[1] === 'venv') {
      const target = args.slice(2).find((a) => !a.startsWith('-'));
      if (target) {
        const path = resolvePath(workdir, target);
        ctx.state.venv = path;
        const r = ECOSYSTEMS.venv.base;
        pending.push(
          part(
            'virtual environment',
            range(r.low, r.high),
            `python -m venv ${target}: ${ECOSYSTEMS.venv.basis}`,
            GENERIC_RATIO,
            {
              path,
              records: [{ path, bytes: range(r.low, r.high), label: 'virtual environment' }],
            },
          ),
        );
      }
      continue;
    }
    if (['mvn', 'mvnw', 'gradle', 'gradlew'].includes(program)) {
      buildToolPart(ctx, program, args, pending);
      continue;
    }
    if (program === 'dotnet' && ['restore', 'publish', 'build'].includes(args[0] ?? '')) {
      dotnetPart(ctx, args, pending);
      continue;
    }
    if (
      (program === 'chown' || program === 'chmod') &&
      args.some((a) => /^-[a-zA-Z]*R/.test(a) || a === '--recursive')
    ) {
      const targets = args.filter((a) => !a.startsWith('-')).slice(1);
      const copied = targets.flatMap((t) => {
        const p = resolvePath(workdir, t);
        return ctx.state.records.filter((r) => isUnder(r.path, p) && !r.cache);
      });
      if (copied.length > 0) {
        const bytes = addRanges(...copied.map((r) => r.bytes));
        const lines = [...new Set(copied.map((r) => r.line + 1))].join(', ');
        pending.push(
          part(
            `${program} -R`,
            bytes,
            `${program} -R copies every file it changes into this layer: ${formatRange(bytes)} from line ${lines} again`,
          ),
        );
        continue;
      }
      small = true;
      continue;
    }
    if (
      (DOWNLOADERS.has(program) || UNPACKERS.has(program)) &&
      args.length > 0 &&
      args.every((a) => INFORMATIONAL.has(a))
    ) {
      small = true;
      continue;
    }
    if (C_COMPILERS.test(program)) {
      const out = args[args.indexOf('-o') + 1];
      if (args.includes('-o') && out !== undefined && !args.includes('-c')) {
        const bin = artifact('c-binary');
        const path = resolvePath(workdir, out);
        const bytes = range(bin.low, bin.high);
        pending.push(
          part('C/C++ binary', bytes, `${program} -o ${out}: ${bin.basis}`, BINARY_RATIO, {
            records: [{ path, bytes, label: 'C/C++ binary' }],
          }),
        );
      } else small = true; // object files or a syntax check: build leftovers of a few kB to MB, not a program
      continue;
    }
    if (DOWNLOADERS.has(program)) {
      if (program === 'git' && args[0] !== 'clone') {
        small = true;
        continue;
      }
      downloads.add(program);
      continue;
    }
    if (UNPACKERS.has(program)) {
      // Unpacking a download: counted with the download.
      if (downloads.size === 0) downloads.add(program);
      continue;
    }
    if (program === 'rm' || program === 'rmdir') continue;
    // Shell keywords: the commands inside the loop or branch are invocations of their own.
    if (SHELL_KEYWORDS.has(program)) continue;
    if (SMALL_PROGRAMS.has(program)) {
      small = true;
      continue;
    }
    if (program === 'apt-get' || program === 'apt') continue;
    unknownPrograms.add(program);
  }

  if (downloads.size > 0) {
    const d = opaque('download');
    pending.push(
      part('download', range(d.low, d.high), `${[...downloads].join(', ')}: ${d.basis}`, GENERIC_RATIO, {
        unknown: true,
      }),
    );
  }
  if (unknownPrograms.size > 0) {
    const u = opaque('unknown-command');
    const names = [...unknownPrograms].slice(0, 4).join(', ');
    pending.push(
      part(
        'unknown command',
        range(u.low, u.high),
        `${u.basis.replace(/^unknown command/, `unknown command (${names})`)}`,
        GENERIC_RATIO,
        {
          unknown: true,
        },
      ),
    );
  }

  // Purged in the same RUN: the docker-library "build dependencies" pattern.
  for (const removed of removedPackages) {
    const aptParts = pending.filter((p) => p.label.startsWith('apt-get install'));
    if (aptParts.length === 0) continue;
    if (!aptMarkAutoAll) {
      for (const p of aptParts) purgeFromInstall(ctx, p, removed);
      continue;
    }
    if (removed.auto) {
      for (const p of aptParts) {
        const kept = range(0, p.bytes.high * 0.25);
        p.saved = range(p.bytes.high - kept.high, p.bytes.high);
        p.basis += `; apt-mark auto + purge --auto-remove in the same RUN removes them again except the libraries marked manual (0–25 % kept)`;
        p.bytes = kept;
        p.compressed = compressRange(kept, familyRatio(ctx.family));
      }
    }
  }

  // Clean-ups and cache mounts of this RUN.
  const parts: SizePart[] = [];
  let unknown = false;
  for (const p of pending) {
    const mounted =
      p.cachePaths?.find((c) => hasCacheMountFor(instruction, c)) ??
      (p.path && hasCacheMountFor(instruction, p.path) ? p.path : undefined);
    const cleaned = p.path !== undefined && removals.some((r) => removes(r, p.path!));
    if (mounted || cleaned) {
      parts.push({
        label: p.label,
        bytes: range(0),
        compressed: range(0),
        basis: mounted
          ? `${p.label}: kept out of the layer by the cache mount on ${mounted} (saves ${formatRange(p.bytes)})`
          : `${p.label}: removed in the same RUN (saves ${formatRange(p.bytes)})`,
        saved: p.bytes,
      });
      continue;
    }
    parts.push({ label: p.label, bytes: p.bytes, compressed: p.compressed, basis: p.basis, saved: p.saved });
    if (p.unknown) unknown = true;
    for (const r of p.records ?? [])
      ctx.state.records.push({ ...r, layer: instruction.index, line: instruction.range.start.line });
  }

  // Removals of what earlier layers added: they save nothing.
  const removedFromLines = new Set<number>();
  const earlier = ctx.state.records.filter((r) => r.layer !== instruction.index);
  const gone = new Set<PathRecord>();
  for (const pattern of removals) {
    for (const r of earlier) {
      if (removes(pattern, r.path)) {
        gone.add(r);
        removedFromLines.add(r.line);
      } else if (isUnder(pattern, r.path) && !hasGlobLike(pattern)) {
        removedFromLines.add(r.line);
      }
    }
  }
  for (const removed of removedPackages) {
    if (removed.names.length === 0 || !ctx.state.installed) continue;
    const indexes = aptInstalledIndexes(removed.names);
    const lines = ctx.state.records.filter(
      (r) => r.label.startsWith('Debian packages') && r.layer !== instruction.index,
    );
    if (
      indexes.length > 0 &&
      lines.length > 0 &&
      !pending.some((p) => p.label.startsWith('apt-get install'))
    ) {
      for (const l of lines) removedFromLines.add(l.line);
    }
    ctx.state.installed.delete(indexes);
  }
  if (gone.size > 0) ctx.state.records = ctx.state.records.filter((r) => !gone.has(r));
  if (removedFromLines.size > 0) {
    const lines = [...removedFromLines].sort((a, b) => a - b).map((l) => l + 1);
    parts.push({
      label: 'removal',
      bytes: range(0),
      compressed: range(0),
      basis: `+0 B: files removed here still ship in the layer${lines.length > 1 ? 's' : ''} of line ${lines.join(', ')}`,
    });
  }
  if (small && parts.every((p) => p.bytes.high === 0)) {
    const s = opaque('small-fs-change');
    parts.push({
      label: 'small changes',
      bytes: range(s.low, s.high),
      compressed: range(s.low, s.high),
      basis: s.basis,
    });
  }
  return { parts, removedFromLines: [...removedFromLines].sort((a, b) => a - b), unknown };
}

function hasGlobLike(p: string): boolean {
  return /[*?[]/.test(p);
}

// ---- package managers ---------------------------------------------------------------------------

function packagePart(
  ctx: RunContext,
  pc: PackageCommand,
  pending: Pending[],
  removals: string[],
  removedPackages: { names: string[]; auto: boolean; line: Invocation }[],
): boolean {
  const words = values(pc.packages).map((w) => expandVariables(w, ctx.state.env));
  switch (pc.manager) {
    case 'apt':
      return aptPart(ctx, pc, words, pending, removedPackages);
    case 'apk':
      return apkPart(ctx, pc, words, pending, removedPackages, removals);
    case 'pip':
      return pipPart(ctx, pc, words, pending);
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return nodePart(ctx, pc, words, pending);
    case 'go':
      return goPart(ctx, pc, pending);
    case 'cargo':
      return cargoPart(ctx, pc, pending);
    case 'dnf':
    case 'yum':
    case 'microdnf':
    case 'zypper':
      return rpmPart(ctx, pc, words, pending);
    case 'gem':
    case 'bundle':
    case 'composer': {
      if (!['install', 'update', 'require'].includes(pc.action)) return true;
      const eco = pc.manager === 'composer' ? ECOSYSTEMS.composer : ECOSYSTEMS.gem;
      const n = Math.max(words.length, 1);
      const bytes =
        words.length > 0
          ? perCount(eco.perPackage, n)
          : range(eco.perPackage.low * 5, eco.perPackage.high * 100);
      pending.push(
        part(
          `${pc.manager} ${pc.action}`,
          bytes,
          `${words.length > 0 ? `${n} package(s)` : 'dependencies of the project (count unknown: 5–100)'} × ${formatRange(eco.perPackage)}: ${eco.basis}`,
          GENERIC_RATIO,
          { unknown: true },
        ),
      );
      return true;
    }
  }
  return false;
}

/**
 * `apt-get purge X` after `apt-get install X` in the same RUN: X never reaches the layer. With
 * --auto-remove, once every package the install named is purged, the dependencies it pulled in go too
 * (apt marked them automatically installed); otherwise they stay. dpkg's status, logs and debconf
 * files stay rewritten either way.
 */
function purgeFromInstall(
  ctx: RunContext,
  p: Pending,
  removed: { names: string[]; auto: boolean; line: Invocation },
): void {
  if (!p.apt || removed.line.index <= p.apt.at) return;
  const purged = new Set(removed.names);
  const named = p.apt.packages.filter((pkg) => pkg.named);
  const everyNamedPurged = named.length > 0 && named.every((pkg) => purged.has(pkg.name));
  const gone = p.apt.packages.filter(
    (pkg) => purged.has(pkg.name) || (removed.auto && everyNamedPurged && !pkg.named),
  );
  if (gone.length === 0) return;
  const goneNames = new Set(gone.map((pkg) => pkg.name));
  p.apt.packages = p.apt.packages.filter((pkg) => !goneNames.has(pkg.name));
  const before = p.bytes;
  p.bytes = aptLayerBytes(p.apt.packages, p.apt);
  p.compressed = compressRange(p.bytes, familyRatio(ctx.family));
  p.saved = range(Math.max(0, before.low - p.bytes.low), Math.max(0, before.high - p.bytes.high));
  const removedBytes = gone.reduce((sum, pkg) => sum + pkg.bytes, 0);
  p.basis += `; purged again in the same RUN: ${gone.length} package${gone.length === 1 ? '' : 's'} (${mb(removedBytes)}) never reach the layer, dpkg's records of them do`;
  for (const r of p.records ?? []) r.bytes = p.bytes;
  ctx.state.installed?.delete(aptInstalledIndexes([...goneNames]));
}

function aptPart(
  ctx: RunContext,
  pc: PackageCommand,
  words: string[],
  pending: Pending[],
  removedPackages: { names: string[]; auto: boolean; line: Invocation }[],
): boolean {
  const debianLike = ctx.family === 'debian' || ctx.family === 'ubuntu';
  if (pc.action === 'update') {
    const stored = ctx.officialBase || ctx.family === 'debian';
    const bytes =
      ctx.family === 'ubuntu'
        ? range(APT_LISTS.storedBytes, APT_LISTS.unpackedBytes * 1.3)
        : stored
          ? range(APT_LISTS.storedBytes * 0.95, APT_LISTS.storedBytes * 1.1)
          : range(APT_LISTS.storedBytes, APT_LISTS.unpackedBytes);
    const basis =
      ctx.family === 'ubuntu'
        ? `apt lists: ${mb(APT_LISTS.storedBytes)} measured for Debian ${DEBIAN_RELEASE} (compressed indexes); Ubuntu's archive (universe included) is larger`
        : `apt lists: ${mb(APT_LISTS.storedBytes)} measured after apt-get update on Debian ${DEBIAN_RELEASE}, kept compressed as official images configure apt (${mb(APT_LISTS.unpackedBytes)} unpacked)`;
    pending.push(
      part('apt lists', bytes, basis, STORED_COMPRESSED, {
        path: '/var/lib/apt/lists',
        records: [{ path: '/var/lib/apt/lists', bytes, label: 'apt lists', cache: true }],
      }),
    );
    return true;
  }
  if (pc.action === 'purge' || pc.action === 'remove' || pc.action === 'autoremove') {
    const auto =
      pc.action === 'autoremove' || pc.args.flags.has('auto-remove') || pc.args.flags.has('autoremove');
    removedPackages.push({
      names: words.map(aptPackageName).filter((n): n is string => !!n),
      auto,
      line: pc.invocation,
    });
    return true;
  }
  if (pc.action !== 'install') return true;
  if (!debianLike || !ctx.state.installed) {
    const u = opaque('unknown-command');
    pending.push(
      part(
        'apt-get install',
        range(u.low, u.high),
        `apt-get install on a ${ctx.family} base: no package data for it`,
        GENERIC_RATIO,
        {
          unknown: true,
        },
      ),
    );
    return true;
  }
  const names: string[] = [];
  let variables = 0;
  for (const w of words) {
    const n = aptPackageName(w);
    if (n) names.push(n);
    else if (!w.endsWith('.deb')) variables++;
  }
  const optionText = [...pc.args.flags.entries()].map(([k, v]) => `${k}=${v}`).join(' ');
  const recommends =
    !pc.args.flags.has('no-install-recommends') && !/Install-Recommends[=\s]*(false|0|no)/i.test(optionText);
  const before = ctx.state.installed;
  const result = aptInstall(names, before, recommends);
  before.add(result.indexes);
  const sum = result.bytes;
  // Every install rewrites dpkg's and debconf's databases into the layer: debconf's templates.dat
  // (0.75 MB on a bookworm base), dpkg's status and status-old, logs, ld.so.cache: 1.07 MB of the
  // 1.37 MB measured for a RUN that installed and purged two small packages (npm run bench:size,
  // apt-purge-same-run; the rest was an upgraded liblzma5).
  const dpkgOverhead = range(900e3 + result.packages.length * 5e3, 1.5e6 + result.packages.length * 20e3);
  const scale = ctx.slim ? { low: 0.75, high: 1.0 } : { low: 0.9, high: 1.1 };
  const overhead = result.packages.length > 0 ? dpkgOverhead : range(0);
  let bytes = aptLayerBytes(result.packages, { scale, overhead });
  const notes: string[] = [];
  const deps = result.packages.filter((p) => !p.named).length;
  const named = result.packages.length - deps;
  let basis = `apt-get install: ${named} package${named === 1 ? '' : 's'}${deps > 0 ? ` + ${deps} dependenc${deps === 1 ? 'y' : 'ies'}${recommends ? ' and recommendations' : ''}` : ''}, Installed-Size ${mb(sum)} (Debian ${DEBIAN_RELEASE} data)`;
  if (!recommends) notes.push('--no-install-recommends');
  else if (deps > 0) notes.push('Recommends included: --no-install-recommends would skip them');
  if (result.alreadyInstalled.length > 0)
    notes.push(
      `already in the image: ${result.alreadyInstalled.slice(0, 5).join(', ')}${result.alreadyInstalled.length > 5 ? '…' : ''}`,
    );
  if (ctx.family === 'ubuntu') notes.push('Ubuntu sized with Debian metadata');
  if (ctx.slim) notes.push('slim image: docs, man pages and locales are not installed');
  const pyc = byteCompiledBytes(result.packages);
  if (pyc > 0)
    notes.push(
      `Python modules are byte-compiled on install: +${formatRange(scaleRange(range(pyc), PYC_RATIO.low, PYC_RATIO.high))} of .pyc files that Installed-Size leaves out`,
    );
  if (result.unknown.length > 0 || variables > 0) {
    const per = ECOSYSTEMS.rpm.perPackage;
    const n = result.unknown.length + variables;
    bytes = addRanges(bytes, perCount(per, result.unknown.length), range(0, variables * per.high * 5));
    notes.push(
      `${result.unknown.length > 0 ? `not in the Debian ${DEBIAN_RELEASE} data: ${result.unknown.slice(0, 4).join(', ')}${result.unknown.length > 4 ? '…' : ''}` : ''}${variables > 0 ? `${result.unknown.length > 0 ? '; ' : ''}${variables} name(s) from variables` : ''} (${formatRange(per)} each)`,
    );
    if (n > 0 && result.packages.length === 0) basis = `apt-get install: ${n} package(s) not in the data`;
  }
  if (notes.length > 0) basis += `; ${notes.join('; ')}`;
  const top = result.packages
    .slice(0, 5)
    .map((p) => `${p.name} ${mb(p.bytes)}`)
    .join(', ');
  const label = `apt-get install ${names.slice(0, 3).join(' ')}${names.length > 3 ? '…' : ''}`;
  pending.push(
    part(label, bytes, top ? `${basis}. Largest: ${top}` : basis, familyRatio(ctx.family), {
      unknown: result.unknown.length > 0 || variables > 0,
      // Without unknown names the part is exactly these packages, and a purge can subtract them.
      ...(result.unknown.length === 0 && variables === 0
        ? { apt: { packages: result.packages, overhead, scale, at: pc.invocation.index } }
        : {}),
      records: [
        { path: '/usr', bytes, label: `Debian packages (${names.slice(0, 3).join(' ')})`, cache: true },
      ],
    }),
  );
  // Downloaded .deb files: official Debian/Ubuntu images delete them after each apt run.
  if (!ctx.officialBase && result.packages.length > 0) {
    const debs = range(0, sum * 0.4);
    pending.push(
      part(
        'apt archives',
        debs,
        'downloaded .deb files in /var/cache/apt/archives (official Debian images delete them; this base may not): up to 40 % of the installed size',
        STORED_COMPRESSED,
        {
          path: '/var/cache/apt/archives',
        },
      ),
    );
  }
  return true;
}

function apkPart(
  ctx: RunContext,
  pc: PackageCommand,
  words: string[],
  pending: Pending[],
  removedPackages: { names: string[]; auto: boolean; line: Invocation }[],
  removals: string[],
): boolean {
  if (pc.action === 'remove') {
    // `apk del .build-deps` removes the virtual group of the same RUN.
    for (const w of words) removals.push(`apk:${w}`);
    void removedPackages;
    return true;
  }
  if (pc.action === 'update') {
    const c = ECOSYSTEMS.apk.indexCache;
    pending.push(
      part(
        'apk index',
        range(c.low, c.high),
        `apk update: ${ECOSYSTEMS.apk.indexCacheBasis}`,
        STORED_COMPRESSED,
        {
          path: '/var/cache/apk',
        },
      ),
    );
    return true;
  }
  if (pc.action !== 'install') return true;
  const virtual = pc.args.flags.get('virtual') ?? pc.args.flags.get('t');
  const names = words.filter((w) => !w.startsWith('-') && !w.includes('$'));
  const sizes = names.map((n) => apkPackageSize(n.split(/[=<>~]/)[0]!));
  const bytes = addRanges(...sizes.map((s) => range(s.low, s.high)));
  const known = sizes.filter((s) => !s.basis.endsWith('per-package range')).length;
  const basis = `apk add: ${names.length} package${names.length === 1 ? '' : 's'} (${known} from the table, others ${formatRange(ECOSYSTEMS.apk.perPackage)} each: ${ECOSYSTEMS.apk.basis})`;
  pending.push(
    part(
      `apk add ${names.slice(0, 3).join(' ')}${names.length > 3 ? '…' : ''}`,
      bytes,
      basis,
      familyRatio('alpine'),
      {
        path: typeof virtual === 'string' ? `apk:${virtual}` : undefined,
        unknown: known < names.length,
      },
    ),
  );
  const noCache = pc.args.flags.has('no-cache');
  if (!noCache) {
    const c = ECOSYSTEMS.apk.indexCache;
    pending.push(
      part(
        'apk cache',
        range(c.low, c.high),
        `apk index cache without --no-cache: ${ECOSYSTEMS.apk.indexCacheBasis}`,
        STORED_COMPRESSED,
        {
          path: '/var/cache/apk',
        },
      ),
    );
  }
  return true;
}

function pipPart(ctx: RunContext, pc: PackageCommand, words: string[], pending: Pending[]): boolean {
  if (pc.action !== 'install') return true;
  const eco = ECOSYSTEMS.pip;
  const reqFiles = [pc.args.flags.get('r'), pc.args.flags.get('requirement')].filter(
    (v): v is string => typeof v === 'string',
  );
  // parseArgs keeps only the last -r; other -r files stay among the words after a `-r`.
  const items: RangeWithBasis[] = [];
  const notes: string[] = [];
  let unknownSize = false;
  const named = words.filter(
    (w) => !w.startsWith('-') && !/^[./]/.test(w) && !w.includes('$') && !/\.(whl|tar\.gz|zip)$/.test(w),
  );
  const local = words.filter((w) => /^[./]/.test(w) || /\.(whl|tar\.gz|zip)$/.test(w));
  for (const n of named) items.push(pipPackageSize(n.split(/[=<>~![;]/)[0]!));
  for (const file of reqFiles) {
    const text = readInStage(ctx, resolvePath(ctx.state.workdir, expandVariables(file, ctx.state.env)));
    if (text === undefined) {
      items.push({ ...eco.withoutLock, basis: `${file}: not readable here (${eco.withoutLockBasis})` });
      unknownSize = true;
      continue;
    }
    const req = countRequirements(text);
    const sizes = req.names.map(pipPackageSize);
    const knownSizes = sizes.filter((s) => !s.basis.endsWith('per-package range'));
    const unknownCount = sizes.length - knownSizes.length;
    const factor = req.pinned ? { low: 1, high: 1 } : eco.transitive;
    const bytes = addRanges(
      ...knownSizes.map((s) => range(s.low, s.high)),
      range(unknownCount * eco.perPackage.low * factor.low, unknownCount * eco.perPackage.high * factor.high),
    );
    items.push({
      ...bytes,
      basis: `${file}: ${req.names.length} requirement${req.names.length === 1 ? '' : 's'}${req.pinned ? ' (all pinned: counted as the full set)' : ` (× ${factor.low}–${factor.high} for their dependencies)`}${knownSizes.length > 0 ? `, ${knownSizes.length} with known sizes` : ''}`,
    });
  }
  if (local.length > 0) {
    items.push({ ...eco.withoutLock, basis: `${local.join(' ')}: a local project; ${eco.withoutLockBasis}` });
    unknownSize = true;
  }
  if (items.length === 0) return true;
  const bytes = addRanges(...items.map((i) => range(i.low, i.high)));
  const target = pipTarget(ctx, pc);
  notes.push(...items.slice(0, 4).map((i) => i.basis));
  pending.push(
    part(
      `pip install`,
      bytes,
      `pip install into ${target.label}: ${notes.join('; ')}. Per package ${formatRange(eco.perPackage)} (${eco.basis})`,
      GENERIC_RATIO,
      {
        unknown: unknownSize || named.length > items.length,
        records: target.path ? [{ path: target.path, bytes, label: 'Python packages' }] : [],
      },
    ),
  );
  const noCache =
    pc.args.flags.has('no-cache-dir') ||
    (envValue(ctx, 'PIP_NO_CACHE_DIR') !== undefined &&
      !/^(0|false|no)$/i.test(envValue(ctx, 'PIP_NO_CACHE_DIR') ?? '')) ||
    pc.invocation.program === 'uv';
  if (!noCache) {
    const cache = scaleRange(bytes, eco.cache.ratio.low, eco.cache.ratio.high);
    pending.push(
      part('pip cache', cache, `pip cache without --no-cache-dir: ${eco.cacheBasis}`, STORED_COMPRESSED, {
        path: `${home()}/.cache/pip`,
        cachePaths: [`${home()}/.cache/pip`],
      }),
    );
  } else if (pc.invocation.program === 'uv') {
    const cache = scaleRange(bytes, eco.cache.ratio.low, eco.cache.ratio.high);
    pending.push(
      part(
        'uv cache',
        cache,
        `uv cache (~/.cache/uv) unless UV_NO_CACHE or a cache mount`,
        STORED_COMPRESSED,
        {
          path: `${home()}/.cache/uv`,
        },
      ),
    );
  }
  return true;
}

function pipTarget(ctx: RunContext, pc: PackageCommand): { path: string | undefined; label: string } {
  const flag =
    pc.args.flags.get('target') ??
    pc.args.flags.get('t') ??
    pc.args.flags.get('prefix') ??
    pc.args.flags.get('root');
  if (typeof flag === 'string') {
    const path = resolvePath(ctx.state.workdir, expandVariables(flag, ctx.state.env));
    return { path, label: path };
  }
  if (pc.args.flags.has('user')) return { path: `${home()}/.local`, label: '~/.local' };
  const program = pc.invocation.programWord.value;
  const venvFromProgram = /^(\/.+)\/bin\/(pip|python)/.exec(program)?.[1];
  const venv =
    venvFromProgram ?? envValue(ctx, 'VIRTUAL_ENV') ?? (pathHasVenv(ctx) ? ctx.state.venv : undefined);
  if (venv) return { path: venv, label: venv };
  return { path: '/usr/local/lib/python3/site-packages', label: 'site-packages' };
}

function pathHasVenv(ctx: RunContext): boolean {
  const venv = ctx.state.venv;
  const path = envValue(ctx, 'PATH');
  return venv !== undefined && path !== undefined && path.includes(`${venv}/bin`);
}

function nodePart(ctx: RunContext, pc: PackageCommand, words: string[], pending: Pending[]): boolean {
  const eco = ECOSYSTEMS.npm;
  const manager = pc.manager;
  const action = pc.action;
  const workdir = ctx.state.workdir;
  if (action === 'run' || action === 'build' || (manager === 'yarn' && ['build', 'run'].includes(action))) {
    const script = action === 'run' ? (words[0] ?? '') : action;
    if (/build|compile|dist|export/.test(script)) {
      const site = artifact('static-site');
      const next = artifact('next-standalone');
      const bytes = range(site.low, site.high);
      pending.push(
        part(
          `${manager} run ${script}`,
          bytes,
          `build output (dist/, build/, .next/): ${site.basis}`,
          GENERIC_RATIO,
          {
            unknown: true,
            records: [
              { path: `${workdir}/dist`, bytes, label: 'build output' },
              { path: `${workdir}/build`, bytes, label: 'build output' },
              { path: `${workdir}/.next`, bytes: range(next.low, next.high), label: 'Next.js build' },
              { path: `${workdir}/out`, bytes, label: 'static export' },
            ],
          },
        ),
      );
      return true;
    }
    return false;
  }
  const installing = action === 'ci' || action === 'install' || (manager === 'yarn' && action === '');
  if (!installing)
    return (
      action === 'cache' ||
      action === 'config' ||
      action === 'set' ||
      action === 'prune' ||
      action === 'version'
    );
  const global = pc.args.flags.has('g') || pc.args.flags.has('global');
  if (words.length > 0 || global) {
    const per = eco.namedPackage;
    const n = Math.max(words.length, 1);
    const bytes = perCount(per, n);
    pending.push(
      part(
        `${manager} install ${words.slice(0, 3).join(' ')}`,
        bytes,
        `${n} named package(s) × ${formatRange(per)}: ${eco.namedPackageBasis}`,
        GENERIC_RATIO,
        {
          unknown: true,
        },
      ),
    );
    return true;
  }
  const omitDev =
    pc.args.flags.get('omit') === 'dev' ||
    pc.args.flags.has('production') ||
    pc.args.flags.get('only') === 'production' ||
    pc.args.flags.get('only') === 'prod' ||
    pc.args.flags.has('prod') ||
    envValue(ctx, 'NODE_ENV') === 'production';
  const lockName =
    manager === 'yarn' ? 'yarn.lock' : manager === 'pnpm' ? 'pnpm-lock.yaml' : 'package-lock.json';
  const lockText = readInStage(ctx, `${workdir}/${lockName}`);
  const counts = lockText !== undefined ? countNpmLock(lockText, lockName) : undefined;
  const contextDir = contextPathOf(ctx.state, `${workdir}/package.json`)?.replace(/\/?package\.json$/, '');
  const measured =
    contextDir !== undefined
      ? ctx.inputs.measureDir?.(contextDir ? `${contextDir}/node_modules` : 'node_modules')
      : undefined;
  let bytes: ByteRange;
  let basis: string;
  let unknown = false;
  if (measured && measured.bytes > 0) {
    const f = omitDev ? eco.omitDevFactor : { low: 0.9, high: 1.1 };
    bytes = range(measured.bytes * f.low, measured.bytes * f.high * (measured.capped ? 2 : 1));
    basis = `node_modules measured in the workspace: ${mb(measured.bytes)} in ${measured.files} files${measured.capped ? ' (walk capped)' : ''}${omitDev ? `; dev dependencies omitted here (× ${f.low}–${f.high})` : ''}${counts ? `; ${lockName} lists ${counts.total} packages` : ''}`;
  } else if (counts) {
    const n = omitDev && counts.dev > 0 ? counts.total - counts.dev : counts.total;
    bytes = perCount(eco.perPackage, n);
    if (omitDev && counts.dev === 0) bytes = scaleRange(bytes, eco.omitDevFactor.low, 1);
    basis = `${lockName}: ${n} packages${omitDev && counts.dev > 0 ? ` (${counts.dev} dev packages omitted)` : ''} × ${formatRange(eco.perPackage)} (${eco.basis})`;
  } else {
    bytes = range(eco.withoutLock.low, eco.withoutLock.high);
    basis = `${manager} ${action || 'install'}: ${eco.withoutLockBasis}`;
    unknown = true;
  }
  const modules = `${workdir}/node_modules`;
  pending.push(
    part(`${manager} ${action || 'install'}`, bytes, basis, GENERIC_RATIO, {
      unknown,
      records: [{ path: modules, bytes, label: 'node_modules' }],
    }),
  );
  const cachePath =
    manager === 'npm'
      ? `${home()}/.npm`
      : manager === 'yarn'
        ? '/usr/local/share/.cache/yarn'
        : `${home()}/.local/share/pnpm/store`;
  const cleanFlag = manager === 'yarn' && pc.args.flags.has('no-cache');
  if (!cleanFlag) {
    const cache = scaleRange(bytes, eco.cache.ratio.low, eco.cache.ratio.high);
    pending.push(
      part(
        `${manager} cache`,
        cache,
        `${manager} cache in ${cachePath.replace('/root', '~')}: ${eco.cacheBasis}`,
        STORED_COMPRESSED,
        {
          path: cachePath,
          cachePaths: [cachePath, `${home()}/.cache`, `${home()}/.yarn`, '/usr/local/share/.cache'],
        },
      ),
    );
  }
  return true;
}

function goPart(ctx: RunContext, pc: PackageCommand, pending: Pending[]): boolean {
  const eco = ECOSYSTEMS.go;
  const workdir = ctx.state.workdir;
  const modCache = `${goPath(ctx)}/pkg/mod`;
  const modules = (): Pending | undefined => {
    if (ctx.state.fetched.has('go')) return undefined;
    ctx.state.fetched.add('go');
    const sum = readInStage(ctx, `${workdir}/go.sum`);
    const n = sum !== undefined ? countGoSum(sum) : undefined;
    const bytes =
      n !== undefined ? perCount(eco.perModule, n) : range(eco.withoutLock.low, eco.withoutLock.high);
    const basis =
      n !== undefined
        ? `go.sum: ${n} module versions × ${formatRange(eco.perModule)} (${eco.basis})`
        : `module cache: ${eco.withoutLockBasis}`;
    return part('Go module cache', bytes, basis, GENERIC_RATIO, {
      path: modCache,
      cachePaths: [modCache, `${goPath(ctx)}/pkg`],
      unknown: n === undefined,
      records: [{ path: modCache, bytes, label: 'Go module cache', cache: true }],
    });
  };
  const action = pc.action;
  if (action === 'mod') {
    const sub = pc.packages[0]?.value;
    if (sub === 'download') {
      const m = modules();
      if (m) pending.push(m);
    }
    return true;
  }
  if (action === 'get') {
    const m = modules();
    if (m) pending.push(m);
    return true;
  }
  if (action === 'build' || action === 'install') {
    const m = modules();
    if (m) pending.push(m);
    const bin = artifact('go-binary');
    const out = pc.args.flags.get('o');
    const bytes = range(bin.low, bin.high);
    let record: Omit<PathRecord, 'layer' | 'line'>;
    if (action === 'install')
      record = { path: `${goPath(ctx)}/bin`, bytes, label: 'Go binary', anyChild: true };
    else if (typeof out === 'string') {
      const p = resolvePath(workdir, expandVariables(out, ctx.state.env));
      record = out.endsWith('/')
        ? { path: p, bytes, label: 'Go binary', anyChild: true }
        : { path: p, bytes, label: 'Go binary' };
    } else record = { path: workdir, bytes, label: 'Go binary', anyChild: true };
    pending.push(part('Go binary', bytes, `go ${action}: ${bin.basis}`, BINARY_RATIO, { records: [record] }));
    const c = eco.buildCache;
    const cachePath = envValue(ctx, 'GOCACHE') ?? `${home()}/.cache/go-build`;
    pending.push(
      part(
        'Go build cache',
        range(c.low, c.high),
        `${cachePath.replace('/root', '~')}: ${eco.buildCacheBasis}`,
        GENERIC_RATIO,
        {
          path: cachePath,
          cachePaths: [cachePath, `${home()}/.cache`],
        },
      ),
    );
    return true;
  }
  return (
    action === 'env' ||
    action === 'version' ||
    action === 'clean' ||
    action === 'generate' ||
    action === 'vet' ||
    action === 'test'
  );
}

function cargoPart(ctx: RunContext, pc: PackageCommand, pending: Pending[]): boolean {
  const eco = ECOSYSTEMS.cargo;
  const workdir = ctx.state.workdir;
  const lock = readInStage(ctx, `${workdir}/Cargo.lock`);
  const crates = lock !== undefined ? countCargoLock(lock) : undefined;
  const registry = `${cargoHome(ctx)}/registry`;
  const registryPart = (): Pending | undefined => {
    if (ctx.state.fetched.has('cargo')) return undefined;
    ctx.state.fetched.add('cargo');
    const bytes =
      crates !== undefined
        ? perCount(eco.perCrate, crates)
        : range(eco.withoutLock.low * 0.2, eco.withoutLock.high * 0.2);
    return part(
      'cargo registry',
      bytes,
      crates !== undefined
        ? `Cargo.lock: ${crates} crates × ${formatRange(eco.perCrate)} (${eco.basis})`
        : `cargo registry: ${eco.withoutLockBasis}`,
      GENERIC_RATIO,
      {
        path: registry,
        cachePaths: [registry, cargoHome(ctx)],
        unknown: crates === undefined,
        records: [{ path: registry, bytes, label: 'cargo registry', cache: true }],
      },
    );
  };
  if (pc.action === 'fetch') {
    const r = registryPart();
    if (r) pending.push(r);
    return true;
  }
  if (pc.action === 'build' || pc.action === 'install') {
    const r = registryPart();
    if (r) pending.push(r);
    const bin = artifact('rust-binary');
    const release = pc.args.flags.has('release') || pc.action === 'install';
    const targetFlag = pc.args.flags.get('target');
    const target = `${workdir}/target`;
    const binDir =
      pc.action === 'install'
        ? `${cargoHome(ctx)}/bin`
        : `${target}${typeof targetFlag === 'string' ? `/${targetFlag}` : ''}/${release ? 'release' : 'debug'}`;
    const binBytes = range(bin.low, bin.high);
    if (pc.action === 'build') {
      const bytes =
        crates !== undefined
          ? perCount(eco.targetPerCrate, crates)
          : range(eco.withoutLock.low, eco.withoutLock.high);
      pending.push(
        part(
          'cargo target/',
          bytes,
          crates !== undefined
            ? `target/: ${crates} crates × ${formatRange(eco.targetPerCrate)} (${eco.targetBasis})`
            : `target/: ${eco.withoutLockBasis}`,
          GENERIC_RATIO,
          {
            path: target,
            unknown: crates === undefined,
            records: [
              { path: target, bytes, label: 'cargo target/', cache: true },
              { path: binDir, bytes: binBytes, label: 'Rust binary', anyChild: true },
            ],
          },
        ),
      );
    } else {
      pending.push(
        part('Rust binary', binBytes, `cargo install: ${bin.basis}`, BINARY_RATIO, {
          records: [{ path: binDir, bytes: binBytes, label: 'Rust binary', anyChild: true }],
        }),
      );
    }
    return true;
  }
  return false;
}

function rpmPart(ctx: RunContext, pc: PackageCommand, words: string[], pending: Pending[]): boolean {
  const eco = ECOSYSTEMS.rpm;
  if (pc.action !== 'install') return true;
  const names = words.filter((w) => !w.startsWith('-'));
  const bytes = perCount(eco.perPackage, Math.max(names.length, 1));
  pending.push(
    part(
      `${pc.manager} install`,
      bytes,
      `${names.length} package(s) × ${formatRange(eco.perPackage)}: ${eco.basis}`,
      familyRatio('rhel'),
      {
        unknown: true,
      },
    ),
  );
  const c = eco.metadataCache;
  const cachePath = pc.manager === 'yum' ? '/var/cache/yum' : '/var/cache/dnf';
  pending.push(
    part(
      `${pc.manager} cache`,
      range(c.low, c.high),
      `${cachePath}: ${eco.metadataCacheBasis}`,
      STORED_COMPRESSED,
      {
        path: cachePath,
      },
    ),
  );
  return true;
}

function buildToolPart(ctx: RunContext, program: string, args: string[], pending: Pending[]): void {
  const maven = program.startsWith('mvn');
  const eco = maven ? ECOSYSTEMS.maven : ECOSYSTEMS.gradle;
  const goals = args.filter((a) => !a.startsWith('-'));
  const workdir = ctx.state.workdir;
  const repo = maven ? `${home()}/.m2` : `${home()}/.gradle`;
  pending.push(
    part(
      maven ? 'Maven repository' : 'Gradle caches',
      range(eco.repository.low, eco.repository.high),
      `${repo.replace('/root', '~')}: ${eco.basis}`,
      STORED_COMPRESSED,
      {
        path: repo,
        cachePaths: [repo],
        unknown: true,
        records: [
          {
            path: repo,
            bytes: range(eco.repository.low, eco.repository.high),
            label: 'build tool cache',
            cache: true,
          },
        ],
      },
    ),
  );
  if (goals.some((g) => /package|install|verify|build|assemble|jar|bootJar|shadowJar|installDist/.test(g))) {
    const jar = artifact('jar');
    const dir = maven ? `${workdir}/target` : `${workdir}/build/libs`;
    const bytes = range(jar.low, jar.high);
    pending.push(
      part('JAR', bytes, `${program} ${goals.join(' ')}: ${jar.basis}`, STORED_COMPRESSED, {
        records: [{ path: dir, bytes, label: 'JAR', anyChild: true }],
      }),
    );
  }
}

function dotnetPart(ctx: RunContext, args: string[], pending: Pending[]): void {
  const eco = ECOSYSTEMS.nuget;
  const nuget = `${home()}/.nuget/packages`;
  if (!ctx.state.fetched.has('nuget')) {
    ctx.state.fetched.add('nuget');
    pending.push(
      part(
        'NuGet packages',
        range(eco.repository.low, eco.repository.high),
        `~/.nuget/packages: ${eco.basis}`,
        STORED_COMPRESSED,
        {
          path: nuget,
          cachePaths: [nuget, `${home()}/.nuget`],
          unknown: true,
          records: [
            {
              path: nuget,
              bytes: range(eco.repository.low, eco.repository.high),
              label: 'NuGet packages',
              cache: true,
            },
          ],
        },
      ),
    );
  }
  if (args[0] === 'publish') {
    const out =
      args.indexOf('-o') >= 0
        ? args[args.indexOf('-o') + 1]
        : args.find((a) => a.startsWith('--output='))?.slice(9);
    const a = artifact('dotnet-publish');
    const path = out ? resolvePath(ctx.state.workdir, out) : `${ctx.state.workdir}/bin`;
    const bytes = range(a.low, a.high);
    pending.push(
      part('dotnet publish', bytes, a.basis, GENERIC_RATIO, {
        records: [{ path, bytes, label: 'publish output' }],
      }),
    );
  }
}
