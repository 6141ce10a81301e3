// The structural check behind "Split into builder stage": every `COPY --from=<stage>` source must be
// something that stage produces. It reads the Dockerfile again, independently of the code that wrote
// the COPY lines: a path is produced when it is under a WORKDIR, a COPY/ADD destination, written by a
// command's output flag (`go build -o`, `dotnet publish -o`, `pip --target`, `cp … dest`, …), a
// toolchain's fixed output place (cargo's `target/`, maven's `target/`, `go install`'s GOBIN), or a
// file the base image is known to ship (the CA bundle).
import type { Instruction, Model, Stage } from '../model/types';
import { parseArgs, runInvocations, type Invocation } from '../shell/query';
import { rootImageFacts } from '../stageFacts';
import { canonicalImageName } from '../size/baseImages';
import {
  chainInstructions,
  envBefore,
  invocationCwd,
  commandVariables,
  copyTargets,
  GO_VALUE_FLAGS,
  isUnder,
  normalizePath,
  resolvePath,
  rootStage,
  singleDashArgs,
  workdirBefore,
} from './stagePaths';

/** cargo options that take a value (`--target x86_64-unknown-linux-musl`, `-p app`). */
export const CARGO_VALUES = new Set([
  'target',
  'target-dir',
  'manifest-path',
  'bin',
  'p',
  'package',
  'j',
  'jobs',
  'root',
  'profile',
  'features',
  'F',
  'path',
  'version',
  'git',
  'branch',
  'tag',
  'rev',
]);

export interface ProducedPath {
  path: string;
  /** Why the builder has it, e.g. `go build -o`, `WORKDIR`, `COPY destination`. */
  how: string;
}

export interface BuilderCopy {
  instruction: Instruction;
  /** The source as written. */
  source: string;
  /** The stage copied from. */
  from: Stage;
  /** The produced path that covers the source; undefined when none does. */
  producedBy: ProducedPath | undefined;
  /** True for a marked placeholder (`<built-binary>`) the user has to fill in. */
  placeholder: boolean;
}

/** The canonical image name at the root of a stage's chain ('' for scratch or an unknown base). */
export function rootImageName(model: Model, stage: Stage): string {
  const root = rootStage(model, stage);
  return root.base && !root.isScratch ? canonicalImageName(root.base.registry, root.base.repository) : '';
}

const OUTPUT_FLAGS: Record<string, { values: string[]; flags: string[] }> = {
  gcc: { values: ['o', 'I', 'L', 'l', 'D'], flags: ['o'] },
  rustc: { values: ['o', 'out-dir', 'target', 'C', 'edition'], flags: ['o', 'out-dir'] },
  javac: { values: ['d', 'cp', 'classpath', 'sourcepath', 'source', 'target', 'release'], flags: ['d'] },
  tsc: { values: ['outDir', 'outFile', 'p', 'project', 'outdir'], flags: ['outDir', 'outFile', 'outdir'] },
  dotnet: {
    values: ['o', 'output', 'c', 'configuration', 'r', 'runtime', 'f', 'framework'],
    flags: ['o', 'output'],
  },
  pip: {
    values: ['r', 'requirement', 'c', 'constraint', 'i', 'index-url', 't', 'target', 'prefix', 'root'],
    flags: ['t', 'target', 'prefix', 'root'],
  },
  curl: { values: ['o', 'output', 'H', 'u', 'd', 'X'], flags: ['o', 'output'] },
  wget: {
    values: ['O', 'output-document', 'P', 'directory-prefix'],
    flags: ['O', 'output-document', 'P', 'directory-prefix'],
  },
  tar: { values: ['C', 'directory', 'f', 'file'], flags: ['C', 'directory'] },
  unzip: { values: ['d'], flags: ['d'] },
};

const SINGLE_DASH = new Set(['gcc', 'javac']);

const PROGRAM_KIND: Record<string, string> = {
  gcc: 'gcc',
  'g++': 'gcc',
  cc: 'gcc',
  'c++': 'gcc',
  clang: 'gcc',
  'clang++': 'gcc',
  rustc: 'rustc',
  javac: 'javac',
  tsc: 'tsc',
  dotnet: 'dotnet',
  pip: 'pip',
  pip3: 'pip',
  curl: 'curl',
  wget: 'wget',
  tar: 'tar',
  unzip: 'unzip',
};

/** Everything the stage (with the stages it is built FROM) is known to produce. */
export function producedPaths(model: Model, builder: Stage): ProducedPath[] {
  const image = rootImageName(model, builder);
  const out: ProducedPath[] = [];
  const add = (path: string | undefined, how: string): void => {
    if (path !== undefined && path !== '/') out.push({ path: normalizePath(path), how });
  };
  for (const stage of chainStages(model, builder)) {
    for (const i of stage.instructions) {
      if (i.keyword === 'WORKDIR') add(workdirBefore(model, stage, i.index + 1, image), 'WORKDIR');
      if (i.keyword === 'COPY' || i.keyword === 'ADD')
        for (const p of copyTargets(i, workdirBefore(model, stage, i.index, image)))
          add(p, `${i.keyword} destination`);
      if (i.keyword === 'RUN') runOutputs(model, stage, i, image, add);
    }
  }
  if (knownCaBundle(model, builder)) add('/etc/ssl/certs', 'CA bundle of the base image');
  return out;
}

/**
 * Whether the stage is known to have `/etc/ssl/certs/ca-certificates.crt`: its base has it per the
 * bundled table (alpine, debian, ubuntu, the distroless images), it is a golang or rust image (both
 * install ca-certificates on top of buildpack-deps or alpine), or a RUN installs ca-certificates.
 */
export function knownCaBundle(model: Model, stage: Stage): boolean {
  const facts = rootImageFacts(model.stages, stage);
  if (facts.hasCaCerts === true || ['golang', 'rust'].includes(rootImageName(model, stage))) return true;
  if (facts.family === 'rhel') return false; // their bundle lives in /etc/pki
  return chainInstructions(model, stage).some((i) =>
    runInvocations(i).some((inv) => inv.args.some((a) => a.value === 'ca-certificates')),
  );
}

function chainStages(model: Model, stage: Stage): Stage[] {
  const out: Stage[] = [];
  let current: Stage | undefined = stage;
  const seen = new Set<number>();
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    out.unshift(current);
    current = current.baseStage !== undefined ? model.stages[current.baseStage] : undefined;
  }
  return out;
}

function runOutputs(
  model: Model,
  stage: Stage,
  run: Instruction,
  image: string,
  add: (path: string | undefined, how: string) => void,
): void {
  const all = runInvocations(run);
  const env = envBefore(model, stage, run.index, image);
  for (const inv of all) {
    const cwd = invocationCwd(model, stage, run, inv, all, image);
    const vars = new Map([...env, ...commandVariables(all, inv)]);
    const at = (p: string | undefined): string | undefined =>
      p === undefined ? undefined : resolvePath(p, cwd);
    const program = inv.program;
    const positionals = (values: string[] = []): string[] =>
      parseArgs(inv.args, new Set(values)).positionals.map((w) => w.value);
    const kind = PROGRAM_KIND[program] ?? (/^pip3(\.\d+)?$/.test(program) ? 'pip' : undefined);
    if (kind && OUTPUT_FLAGS[kind]) {
      const spec = OUTPUT_FLAGS[kind];
      // gcc and javac spell long flags with one dash (`-fPIC`, `-classpath`): not letter bundles.
      const parsed = SINGLE_DASH.has(kind)
        ? singleDashArgs(inv.args, new Set(spec.values))
        : parseArgs(inv.args, new Set(spec.values));
      for (const flag of spec.flags) {
        const value = parsed.flags.get(flag);
        if (typeof value === 'string') add(at(value), `${program} -${flag}`);
      }
    }
    if (program === 'go') {
      const parsed = singleDashArgs(inv.args, GO_VALUE_FLAGS);
      const output = parsed.flags.get('o');
      if (parsed.positionals[0]?.value === 'build' && typeof output === 'string')
        add(at(output), 'go build -o');
      if (parsed.positionals[0]?.value === 'install') {
        const gopath = vars.get('GOPATH') ?? `${vars.get('HOME') ?? '/root'}/go`;
        add(vars.get('GOBIN') ?? `${gopath.split(':')[0]}/bin`, 'go install');
      }
    }
    if (program === 'cargo') cargoOutputs(inv, cwd, vars, add);
    if (program === 'mvn' || program === 'mvnw') {
      const file = parseArgs(inv.args, new Set(['f', 'file', 'pl', 's', 'P'])).flags.get('f');
      const dir = typeof file === 'string' ? at(file.replace(/\/?pom\.xml$/, '') || '.') : cwd;
      add(dir && `${dir}/target`, 'maven target/');
    }
    if (program === 'gradle' || program === 'gradlew') add(cwd && `${cwd}/build`, 'gradle build/');
    if (/^python(\d(\.\d+)*)?$/.test(program)) {
      const m = inv.args.findIndex((a) => a.value === '-m');
      if (m >= 0 && ['venv', 'virtualenv'].includes(inv.args[m + 1]?.value ?? ''))
        add(at(inv.args.slice(m + 2).find((a) => !a.value.startsWith('-'))?.value), 'python -m venv');
    }
    if (program === 'virtualenv') add(at(positionals()[0]), 'virtualenv');
    if (program === 'uv' && inv.args[0]?.value === 'venv')
      add(at(positionals().slice(1)[0] ?? '.venv'), 'uv venv');
    if ((program === 'bundle' || program === 'gem') && positionals()[0] === 'install')
      add(vars.get('BUNDLE_PATH') ?? vars.get('GEM_HOME'), `${program} install`);
    if (['cp', 'mv', 'install', 'ln', 'rsync'].includes(program)) {
      const parsed = parseArgs(inv.args, new Set(['t', 'target-directory', 'm', 'mode', 'o', 'g', 'S']));
      const target = parsed.flags.get('t') ?? parsed.flags.get('target-directory');
      const pos = parsed.positionals.map((w) => w.value);
      if (typeof target === 'string') add(at(target), `${program} -t`);
      else if (pos.length >= 2) add(at(pos.at(-1)), `${program} destination`);
      else if (program === 'install' && parsed.flags.has('d')) pos.forEach((p) => add(at(p), 'install -d'));
    }
    if (program === 'mkdir') positionals().forEach((p) => add(at(p), 'mkdir'));
    if (program === 'touch') positionals().forEach((p) => add(at(p), 'touch'));
    for (const r of inv.command.redirects) if (!inv.nested) add(at(r.value), 'shell redirect');
  }
}

function cargoOutputs(
  inv: Invocation,
  cwd: string | undefined,
  vars: ReadonlyMap<string, string>,
  add: (path: string | undefined, how: string) => void,
): void {
  const parsed = parseArgs(inv.args, CARGO_VALUES);
  const action = parsed.positionals[0]?.value;
  const flag = (name: string): string | undefined => {
    const v = parsed.flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  if (action === 'build' || action === 'b' || action === 'install') {
    const manifest = flag('manifest-path');
    const dir = manifest ? resolvePath(manifest.replace(/\/?Cargo\.toml$/, '') || '.', cwd) : cwd;
    const targetDir = flag('target-dir') ?? vars.get('CARGO_TARGET_DIR');
    add(targetDir ? resolvePath(targetDir, cwd) : dir && `${dir}/target`, 'cargo target directory');
  }
  if (action === 'install') {
    // Without CARGO_HOME cargo uses ~/.cargo.
    const root =
      flag('root') ??
      vars.get('CARGO_INSTALL_ROOT') ??
      vars.get('CARGO_HOME') ??
      `${vars.get('HOME') ?? '/root'}/.cargo`;
    add(resolvePath(`${root}/bin`, cwd), 'cargo install');
  }
}

/** The static directory part of a path that may hold globs: `/app/target/*.jar` → `/app/target`. */
function staticPart(path: string): string {
  const glob = path.search(/[*?[]/);
  if (glob < 0) return path;
  const slash = path.lastIndexOf('/', glob);
  return slash <= 0 ? '/' : path.slice(0, slash);
}

function copySources(i: Instruction): string[] {
  if (i.execForm) return i.execForm.slice(0, -1);
  return i.args.slice(0, -1).map((a) => a.text);
}

/** Resolves `--from=<value>` of a COPY in `stage` to an earlier stage (by name or index). */
export function copySourceStage(model: Model, value: string, stage: Stage): Stage | undefined {
  if (/^\d+$/.test(value)) {
    const s = model.stages[Number(value)];
    return s && s.index < stage.index ? s : undefined;
  }
  const named = model.stages.filter((s) => s.name === value.toLowerCase() && s.index < stage.index);
  return named.at(-1);
}

/** Every source of every `COPY --from=<stage>` of a stage, with the produced path that covers it. */
export function builderCopies(model: Model, stage: Stage): BuilderCopy[] {
  const out: BuilderCopy[] = [];
  const cache = new Map<number, ProducedPath[]>();
  for (const i of stage.instructions) {
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
    const fromValue = i.flags.find((f) => f.name === 'from')?.value;
    const from = fromValue ? copySourceStage(model, fromValue, stage) : undefined;
    if (!from) continue;
    let produced = cache.get(from.index);
    if (!produced) {
      produced = producedPaths(model, from);
      cache.set(from.index, produced);
    }
    for (const source of copySources(i)) {
      const placeholder = /<[^>]+>/.test(source);
      // Sources of COPY --from are relative to the root of the stage's file system.
      const resolved = resolvePath(source, '/');
      const dir = resolved && staticPart(resolved);
      // The most specific produced path that covers the source (a build folder over the WORKDIR).
      const producedBy = dir
        ? produced.filter((p) => isUnder(dir, p.path)).sort((a, b) => b.path.length - a.path.length)[0]
        : undefined;
      out.push({ instruction: i, source, from, producedBy, placeholder });
    }
  }
  return out;
}

/** The `COPY --from=<stage>` sources no produced path covers (placeholders excluded): empty means proven. */
export function unprovenBuilderCopies(model: Model, stage: Stage): BuilderCopy[] {
  return builderCopies(model, stage).filter((c) => !c.producedBy && !c.placeholder);
}
