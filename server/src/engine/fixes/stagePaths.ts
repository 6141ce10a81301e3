// Paths and variables as a stage sees them: the working directory at an instruction, ENV/ARG values,
// `cd` inside a RUN, and the programs CMD/ENTRYPOINT start. Shared by the builder split and the check
// that proves its `COPY --from` sources exist.
import type { Instruction, Model, ShellCommand, Stage, Word } from '../model/types';
import { invocations, type Invocation } from '../shell/query';
import { keyValues, unquote } from '../model/keyValues';
import { normalizePath, resolvePath } from '../rules/lib/size';

export { keyValues };

export { normalizePath, resolvePath };

/** Whether `path` is `dir` or inside it. */
export function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(`${dir}/`);
}

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

/** The external image at the root of a stage's `FROM <stage>` chain. */
export function rootStage(model: Model, stage: Stage): Stage {
  return stageChain(model, stage)[0] ?? stage;
}

/** Instructions the stage's layers consist of, inherited ones first (FROM lines excluded). */
export function chainInstructions(model: Model, stage: Stage): Instruction[] {
  return stageChain(model, stage).flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM'));
}

/** `$NAME` and `${NAME}` replaced from `env`; undefined when one is not known (then we do not guess). */
export function expandVariables(text: string, env: ReadonlyMap<string, string>): string | undefined {
  let unknown = false;
  const out = text.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?::[-+][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (m, a, b) => {
      const value = env.get((a ?? b) as string);
      if (value === undefined) unknown = true;
      return value ?? m;
    },
  );
  return unknown ? undefined : out;
}

/** Names of the variables a text refers to. */
export function variableNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))/g))
    names.add((m[1] ?? m[2])!);
  return names;
}

/**
 * Environment the official images set and Dockerfiles rely on (GOPATH for `go install`, CARGO_HOME
 * for `cargo install`, GEM_HOME for bundler): from the images' published Dockerfiles.
 */
const IMAGE_ENV: Record<string, Record<string, string>> = {
  golang: { GOPATH: '/go', HOME: '/root' },
  rust: { CARGO_HOME: '/usr/local/cargo', RUSTUP_HOME: '/usr/local/rustup', HOME: '/root' },
  ruby: { GEM_HOME: '/usr/local/bundle', BUNDLE_APP_CONFIG: '/usr/local/bundle', HOME: '/root' },
};

export function imageEnv(image: string): Record<string, string> {
  return IMAGE_ENV[image] ?? { HOME: '/root' };
}

/**
 * Variables a RUN (or WORKDIR) sees from the Dockerfile: the image's known environment, ENV of the
 * stage chain and ARGs with a value, up to the instruction with index `before`.
 */
export function envBefore(model: Model, stage: Stage, before: number, image: string): Map<string, string> {
  const env = new Map(Object.entries(imageEnv(image)));
  const globalArgs = new Map(model.globalArgs.map((a) => [a.name, a.value]));
  for (const instruction of chainInstructions(model, stage)) {
    if (instruction.index >= before) break;
    if (instruction.keyword === 'ENV') {
      for (const [k, v] of keyValues(instruction)) env.set(k, expandVariables(v, env) ?? v);
    } else if (instruction.keyword === 'ARG') {
      for (const [k, v] of keyValues(instruction)) {
        const value = instruction.argsText.includes('=') ? v : globalArgs.get(k);
        if (value !== undefined && !env.has(k)) env.set(k, value);
      }
    }
  }
  return env;
}

/** The working directory at an instruction (WORKDIR of the chain; `/` without one), or undefined. */
export function workdirBefore(model: Model, stage: Stage, before: number, image: string): string | undefined {
  let cwd: string | undefined = '/';
  for (const i of chainInstructions(model, stage)) {
    if (i.index >= before) break;
    if (i.keyword !== 'WORKDIR') continue;
    const arg = unquote(i.argsText.trim());
    const expanded = expandVariables(arg, envBefore(model, stage, i.index, image));
    cwd = expanded === undefined ? undefined : resolvePath(expanded, cwd);
  }
  return cwd;
}

/**
 * The directory an invocation of a RUN runs in: the WORKDIR, changed by `cd` commands before it in
 * the same RUN (`cd app && make`). Undefined when a `cd` goes somewhere we cannot resolve.
 */
export function invocationCwd(
  model: Model,
  stage: Stage,
  run: Instruction,
  target: Invocation,
  all: readonly Invocation[],
  image: string,
): string | undefined {
  let cwd = workdirBefore(model, stage, run.index, image);
  for (const inv of all) {
    if (inv === target || inv.index >= target.index) break;
    if (inv.program !== 'cd' || inv.nested) continue;
    const dir = inv.args.find((a) => !a.value.startsWith('-'));
    cwd = dir ? resolvePath(dir.value, cwd) : '/root';
  }
  return cwd;
}

/** Variables set for one invocation: `NAME=v cmd`, `env NAME=v cmd`, or `export NAME=v` earlier in the RUN. */
export function commandVariables(all: readonly Invocation[], target: Invocation): Map<string, string> {
  const env = new Map<string, string>();
  const assign = (w: Word): void => {
    const eq = w.value.indexOf('=');
    if (eq > 0 && /^[A-Za-z_][A-Za-z0-9_]*$/.test(w.value.slice(0, eq)))
      env.set(w.value.slice(0, eq), w.value.slice(eq + 1));
  };
  for (const inv of all) {
    if (inv === target) break;
    if (inv.program === 'export' || inv.program === 'declare') inv.args.forEach(assign);
  }
  target.command.assignments.forEach(assign);
  // `env NAME=v cmd`: the assignments sit between the wrapper and the program.
  for (const w of target.command.words) {
    if (w.start >= target.programWord.start) break;
    if (!target.command.assignments.includes(w)) assign(w);
  }
  return env;
}

/** One program CMD/ENTRYPOINT starts: its program word as written and its arguments. */
export interface StartupCommand {
  program: string;
  args: string[];
}

function wordsOf(values: readonly string[], range: Instruction['range']): Word[] {
  return values.map((value) => ({ value, text: value, quoted: true, range, start: 0, end: 0 }));
}

function argvCommands(argv: readonly string[], range: Instruction['range']): StartupCommand[] {
  const words = wordsOf(argv, range);
  const [name, ...args] = words;
  if (!name) return [];
  const command: ShellCommand = {
    words,
    assignments: [],
    name,
    args,
    redirects: [],
    operator: undefined,
    range,
  };
  return toStartup(invocations({ commands: [command] }));
}

function toStartup(list: readonly Invocation[]): StartupCommand[] {
  return list.map((i) => ({ program: i.programWord.value, args: i.args.map((a) => a.value) }));
}

/**
 * What the container starts, from the last ENTRYPOINT and CMD of the stage chain: exec-form arrays
 * joined as Docker joins them, shell forms parsed (every command of `a && b` counts).
 */
export function startupCommands(model: Model, stage: Stage): StartupCommand[] {
  const body = chainInstructions(model, stage);
  const entry = [...body].reverse().find((i) => i.keyword === 'ENTRYPOINT');
  const cmd = [...body].reverse().find((i) => i.keyword === 'CMD');
  if (entry?.shell) return toStartup(invocations(entry.shell));
  const cmdArgv = cmd?.execForm;
  if (entry?.execForm && entry.execForm.length > 0) {
    if (cmdArgv) return argvCommands([...entry.execForm, ...cmdArgv], entry.range);
    if (cmd?.shell)
      return [...argvCommands(entry.execForm, entry.range), ...toStartup(invocations(cmd.shell))];
    return argvCommands(entry.execForm, entry.range);
  }
  if (cmdArgv) return argvCommands(cmdArgv, cmd!.range);
  if (cmd?.shell) return toStartup(invocations(cmd.shell));
  return [];
}

/** Flags of the `go` command taking a value (`-o out`, `-tags x`); the others are booleans. */
export const GO_VALUE_FLAGS: ReadonlySet<string> = new Set([
  'o',
  'C',
  'p',
  'tags',
  'ldflags',
  'gcflags',
  'asmflags',
  'gccgoflags',
  'mod',
  'modfile',
  'pkgdir',
  'toolexec',
  'overlay',
  'pgo',
  'installsuffix',
  'buildmode',
  'compiler',
  'covermode',
  'coverpkg',
  'buildvcs',
  'exec',
]);

/**
 * Arguments of tools whose flags are single-dash long names (`go build -mod=readonly -o app`):
 * `-name=value`, or `-name value` for the names in `valueFlags`. Positionals keep their words.
 */
export function singleDashArgs(
  args: readonly Word[],
  valueFlags: ReadonlySet<string>,
): { flags: Map<string, string | true>; positionals: Word[] } {
  const flags = new Map<string, string | true>();
  const positionals: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const v = args[i]!.value;
    if (!v.startsWith('-') || v === '-') {
      positionals.push(args[i]!);
      continue;
    }
    if (v === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    const body = v.replace(/^--?/, '');
    const eq = body.indexOf('=');
    if (eq > 0) flags.set(body.slice(0, eq), body.slice(eq + 1));
    else if (valueFlags.has(body) && i + 1 < args.length) flags.set(body, args[++i]!.value);
    else flags.set(body, true);
  }
  return { flags, positionals };
}

/**
 * Where a COPY/ADD from the build context puts its sources: a file-like source (`app.py`,
 * `requirements.txt`) copied into a folder lands at `<folder>/<name>`; a folder, `.` or a wildcard
 * lands as the destination itself (their contents are copied). Paths are absolute or undefined.
 */
export function copyTargets(i: Instruction, cwd: string | undefined): string[] {
  const all = i.execForm ?? i.args.map((a) => a.text);
  const dest = all.at(-1);
  if (!dest || all.length < 2) return [];
  const target = resolvePath(dest, cwd);
  if (!target) return [];
  const sources = all.slice(0, -1);
  const intoFolder = dest.endsWith('/') || dest === '.' || sources.length > 1 || target === '/';
  return sources.map((s) => {
    const name = s.replace(/\/+$/, '').slice(s.replace(/\/+$/, '').lastIndexOf('/') + 1);
    const fileLike = /^[^*?[]+\.[A-Za-z0-9]+$/.test(name) && !s.endsWith('/');
    return intoFolder && fileLike ? (target === '/' ? `/${name}` : `${target}/${name}`) : target;
  });
}
