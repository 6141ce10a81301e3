// "Use a secret mount", the fix of secret-file-copied, secret-deleted-later and secret-in-arg-env: the
// secret leaves the image and is mounted only for the RUN steps that read it.
// - A file from the build context (`COPY id_rsa /root/.ssh/id_rsa`): the COPY goes (or just that
//   source), the RUNs that read it get `--mount=type=secret,id=id_rsa,target=/root/.ssh/id_rsa` (the
//   path the COPY wrote, so they find it where they did), and the `rm`/`chmod 600` of it are dropped:
//   a secret mount is read-only and gone after its RUN anyway.
// - A build argument (`ARG NPM_TOKEN`), or an ENV that only forwards one (`ENV NPM_TOKEN=$NPM_TOKEN`):
//   the declaration goes and the RUNs that use the variable get `--mount=type=secret,id=NAME,env=NAME`.
//
// Offered only when the rewrite can be shown right from the Model, otherwise nothing:
// - the RUNs that read the secret are found: they name the file (or `$NAME`), or run a tool that reads
//   that file where it was put (npm and an `.npmrc` in its folder, git and `~/.ssh/id_rsa`);
// - nothing else needs it where it was: no other instruction names it; a file deleted by a later RUN
//   existed only until then; a file never deleted must be a build credential (`.npmrc`, an SSH key…)
//   or sit in a stage that is not shipped, and no later stage may inherit or copy it;
// - the mount behaves like the copy for its readers: RUN as root (a secret is mounted 0400 root), no
//   `--chown`/`--chmod` on the COPY, nothing writing, moving or re-owning the file;
// - a variable loses nothing: no default value (it would silently become unset) and no other ARG/ENV
//   of that name;
// - the BuildKit frontend supports it: `env=` needs Dockerfile syntax 1.10, so a file without a
//   `# syntax=` line gets `# syntax=docker/dockerfile:1`, and one pinned older gets no fix.
import type { Fix } from '../findings';
import type { Instruction, Model, ShellCommand, Stage, TextEdit, Word } from '../model/types';
import { wholeLinesRange } from '../rules/lib/lines';
import { usesNonPosixShell } from '../rules/lib/runEdits';
import {
  baseImageUser,
  copyArguments,
  instructionWords,
  isGlob,
  isRootUser,
  variableAssignments,
  type DockerWord,
} from '../rules/lib/security';
import { runMounts } from '../shell/mounts';
import { parseArgs, runInvocations, type Invocation } from '../shell/query';
import { rootImageFacts } from '../stageFacts';
import { rootImageName } from './builderProof';
import { eolOf } from './layout';
import {
  chainInstructions,
  invocationCwd,
  isUnder,
  normalizePath,
  resolvePath,
  workdirBefore,
} from './stagePaths';

/** Dockerfile frontend 1.x minor versions: secret mounts are stable since 1.2, their `env=` since 1.10. */
const SECRET_MOUNT_SINCE = 2;
const SECRET_ENV_SINCE = 10;

// ---------------------------------------------------------------------------------------------
// The `# syntax=` header

const OFFICIAL_FRONTEND =
  /^(?:docker\.io\/)?docker\/dockerfile(?:-upstream)?(?::([\w.-]+))?(@sha256:[0-9a-f]{64})?$/;

/**
 * What the file needs for a Dockerfile feature of frontend 1.`minMinor`: no edit when its `# syntax=`
 * line already gives one, a `# syntax=docker/dockerfile:1` line when it has none, undefined when it
 * pins an older, unknown or digest-only frontend (changing a pin is the user's decision).
 */
export function syntaxHeaderEdits(model: Model, minMinor: number): TextEdit[] | undefined {
  const directive = model.directives.find((d) => d.name.toLowerCase() === 'syntax');
  if (!directive) {
    // Before everything (a BOM aside): directives only count at the very top of the file.
    const at = model.positions.positionAt(model.text.startsWith('\uFEFF') ? 1 : 0);
    return [{ range: { start: at, end: at }, newText: `# syntax=docker/dockerfile:1${eolOf(model)}` }];
  }
  const match = OFFICIAL_FRONTEND.exec(directive.value.trim());
  if (!match) return undefined;
  const [, tag, digest] = match;
  if (tag === undefined) return digest ? undefined : [];
  if (/^(1|latest|labs|1-labs|master|master-labs)$/.test(tag)) return [];
  const version = /^1\.(\d+)(?:\.\d+)?(?:-labs)?$/.exec(tag);
  return version && Number(version[1]) >= minMinor ? [] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Shared edits

/** The file's text of an instruction, continuation lines and heredocs included. */
function instructionText(model: Model, instruction: Instruction): string {
  return model.text.slice(
    model.positions.offsetAt(instruction.range.start),
    model.positions.offsetAt(instruction.range.end),
  );
}

function rangeOf(model: Model, start: number, end: number): TextEdit['range'] {
  return { start: model.positions.positionAt(start), end: model.positions.positionAt(end) };
}

/**
 * Removes one word of an instruction's argument list with the blank (or continuation) before it, or
 * after it for the first word. Undefined when a comment line sits in that gap.
 */
function removeWord(model: Model, words: readonly DockerWord[], index: number): TextEdit | undefined {
  const word = words[index];
  if (!word) return undefined;
  const [start, end] =
    index > 0 ? [words[index - 1]!.end, word.end] : [word.start, words[index + 1]?.start ?? word.end];
  if (model.text.slice(start, end).replace(word.text, '').includes('#')) return undefined;
  return { range: rangeOf(model, start, end), newText: '' };
}

/** ` --mount=…` right after the RUN keyword (flags are order-free). */
function mountEdit(run: Instruction, spec: string): TextEdit {
  const at = run.keywordRange.end;
  return { range: { start: at, end: at }, newText: ` --mount=${spec}` };
}

function sortedFix(model: Model, title: string, edits: TextEdit[]): Fix {
  const offset = (e: TextEdit): number => model.positions.offsetAt(e.range.start);
  return { title, kind: 'quickfix', edits: [...edits].sort((a, b) => offset(a) - offset(b)) };
}

// ---------------------------------------------------------------------------------------------
// Secret files

/** Where a path is named in text: not as part of a longer path or name (`/root/.npmrc.bak`). */
function mentions(text: string, path: string): boolean {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9._/-])${escaped}($|[^A-Za-z0-9._-])`).test(text);
}

/** Root's home written as `~`, `$HOME` or `${HOME}` (mounts are only offered for RUNs as root). */
function expandHome(value: string): string {
  return value.replace(/(^|[=:\s])(?:~|\$HOME|\$\{HOME\})(?=\/|$)/g, '$1/root');
}

const basename = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const dirname = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

/** Folders that exist in any image: no later step can depend on the COPY having created them. */
const STANDARD_DIRS = new Set(['/', '/root', '/tmp', '/etc', '/home', '/usr', '/usr/local', '/var', '/opt']);

/** Files whose only job in a build is fetching dependencies: never needed by the running app. */
function isBuildCredential(target: string): boolean {
  const name = basename(target);
  return (
    ['.npmrc', '.pypirc', '.netrc', '_netrc', '.git-credentials'].includes(name) ||
    /^id_(rsa|dsa|ecdsa|ed25519)$/.test(name)
  );
}

/** Tools that read a credential file from a fixed place without being told its path. */
function readsImplicitly(inv: Invocation, target: string, cwd: string | undefined): boolean {
  const p = inv.program;
  const name = basename(target);
  if (name === '.npmrc')
    return (
      ['npm', 'npx', 'yarn', 'pnpm'].includes(p) && (target === '/root/.npmrc' || dirname(target) === cwd)
    );
  const readers: Record<string, readonly string[]> = {
    '/root/.pypirc': ['twine'],
    '/root/.netrc': ['git', 'go', 'pip', 'pip3', 'wget'],
    '/root/.git-credentials': ['git', 'go'],
    '/root/.aws/credentials': ['aws'],
    '/root/.kube/config': ['kubectl', 'helm'],
    '/root/.docker/config.json': ['docker', 'crane', 'skopeo'],
    '/root/.pgpass': ['psql', 'pg_dump', 'pg_restore'],
  };
  if (/^\/root\/\.ssh\/id_(rsa|dsa|ecdsa|ed25519)$/.test(target))
    return ['git', 'ssh', 'scp', 'sftp', 'go', 'cargo', 'bundle', 'composer'].includes(p);
  if (target === '/root/.netrc' && p === 'curl')
    return inv.args.some((a) => ['-n', '--netrc', '--netrc-optional'].includes(a.value));
  return readers[target]?.includes(p) ?? false;
}

const REMOVERS = new Set(['rm', 'unlink']);
// Modes that leave root's access to a read-only file as a secret mount gives it (0400).
const OWNER_ONLY_MODE = /^(0?[46]00|go-rwx|og-rwx|go=|og=|u=rw,go=|u=r,go=)$/;
// Programs that change a file in place, move it or re-own it: a read-only mount would fail them.
const CHANGERS = new Set(['chown', 'chgrp', 'mv', 'truncate', 'tee', 'shred', 'dd', 'touch', 'ln']);

/** What one RUN does with the secret file. */
interface RunPlan {
  run: Instruction;
  /** Reads it: gets the mount. */
  reads: boolean;
  /** Deletes it (the file existed until this RUN). */
  deletes: boolean;
  /** Runs commands that do not name the file (a RUN that deletes it may have used it in them). */
  other: boolean;
  /** Commands to drop (`rm` of it, `chmod 600` of it). */
  dropCommands: Set<ShellCommand>;
  /** Words to drop from a command that deletes other paths too. */
  dropWords: Word[];
}

interface FileContext {
  model: Model;
  stage: Stage;
  image: string;
  target: string;
}

/** The file's path in a word, if any: `exact` (the word is the path), `named` (inside a word), `unknown`. */
function wordReference(
  ctx: FileContext,
  word: Word,
  cwd: string | undefined,
): 'exact' | 'named' | 'unknown' | undefined {
  const value = expandHome(word.value);
  if (mentions(value, ctx.target))
    return resolvePath(value, cwd) === ctx.target || value === ctx.target ? 'exact' : 'named';
  if (value.startsWith('/') || value.includes('$') || basename(value) !== basename(ctx.target))
    return undefined;
  const resolved = resolvePath(value, cwd);
  if (resolved === undefined) return 'unknown';
  return resolved === ctx.target ? 'exact' : undefined;
}

/** Whether deleting `value` (a path or glob, from a RUN in `cwd`) may delete `target`. */
function mayDelete(value: string, target: string, cwd: string | undefined): boolean {
  const path = expandHome(value);
  // A glob deletes at most what is under the folder before its first wildcard.
  const prefix = isGlob(path) ? path.slice(0, path.search(/[*?[]/)) : undefined;
  const folder = prefix === undefined ? path : prefix.slice(0, prefix.lastIndexOf('/') + 1) || '.';
  const resolved = resolvePath(folder, cwd);
  return resolved === undefined || isUnder(target, resolved);
}

/** `>`/`>>` right before a redirect target: it is written to, not read. */
function isOutputRedirect(model: Model, word: Word): boolean {
  let i = word.start - 1;
  while (i >= 0 && (model.text[i] === ' ' || model.text[i] === '\t')) i--;
  return model.text[i] === '>' || (model.text[i] === '|' && model.text[i - 1] === '>');
}

/** Plans one RUN after the COPY; undefined when the file is used in a way a mount cannot serve. */
function planRun(ctx: FileContext, run: Instruction): RunPlan | undefined {
  const { model, stage, image, target } = ctx;
  const plan: RunPlan = {
    run,
    reads: false,
    deletes: false,
    other: false,
    dropCommands: new Set(),
    dropWords: [],
  };
  const all = runInvocations(run);
  // Only flat commands of a shell-form script can be dropped without rewriting its control flow.
  const droppable = (inv: Invocation): boolean =>
    !inv.nested && run.execForm === undefined && run.heredocs.length === 0 && run.shell !== undefined;
  for (const inv of all) {
    const cwd = invocationCwd(model, stage, run, inv, all, image);
    const refs = inv.command.words
      .map((word) => ({ word, kind: wordReference(ctx, word, cwd) }))
      .filter((r) => r.kind !== undefined);
    const { positionals, flags } = parseArgs(inv.args);
    const removes =
      REMOVERS.has(inv.program) || (inv.program === 'shred' && (flags.has('u') || flags.has('remove')));
    if (refs.length === 0) {
      // Deleting the folder the COPY made for the file, a glob that may match it, or a path we cannot
      // resolve: the file's life would not end where the rewrite says.
      if (removes && positionals.some((p) => mayDelete(p.value, target, cwd))) return undefined;
      if (readsImplicitly(inv, target, cwd)) plan.reads = true;
      else plan.other = true;
      continue;
    }
    if (refs.some((r) => r.kind === 'unknown')) return undefined;
    if (removes) {
      if (!droppable(inv) || refs.some((r) => r.kind !== 'exact' || !positionals.includes(r.word)))
        return undefined;
      plan.deletes = true;
      if (positionals.every((p) => refs.some((r) => r.word === p))) plan.dropCommands.add(inv.command);
      else plan.dropWords.push(...refs.map((r) => r.word));
    } else if (inv.program === 'chmod') {
      const [mode, ...files] = positionals;
      const tightens = mode !== undefined && OWNER_ONLY_MODE.test(mode.value) && files.length === 1;
      if (!tightens || !droppable(inv) || refs.some((r) => r.kind !== 'exact' || r.word !== files[0]))
        return undefined;
      plan.dropCommands.add(inv.command);
    } else if (
      CHANGERS.has(inv.program) ||
      refs.some((r) => inv.command.redirects.includes(r.word) && isOutputRedirect(model, r.word)) ||
      (inv.program === 'sed' &&
        inv.args.some((a) => /^-[a-zA-Z]*i/.test(a.value) || a.value.startsWith('--in-place'))) ||
      (['cp', 'install', 'rsync'].includes(inv.program) && refs.some((r) => r.word === positionals.at(-1)))
    ) {
      return undefined;
    } else {
      plan.reads = true;
    }
  }
  return plan;
}

/** The user a RUN runs as is root (USER of the stage chain before it, else the base image's). */
function runsAsRoot(model: Model, stage: Stage, run: Instruction): boolean {
  const user = chainInstructions(model, stage)
    .filter((i) => i.keyword === 'USER' && i.index < run.index)
    .at(-1);
  const name = user
    ? user.argsText.trim()
    : (baseImageUser(rootImageFacts(model.stages, stage)).user ?? 'root');
  return !name.includes('$') && isRootUser(name);
}

/** Whether a later stage gets the file: built FROM this stage, or a `COPY --from` of it or a folder of it. */
function passedOn(model: Model, stage: Stage, target: string): boolean {
  if (model.stages.some((s) => s.baseStage === stage.index)) return true;
  const names = new Set([String(stage.index), ...(stage.name ? [stage.name] : [])]);
  return model.instructions.some((i) => {
    const from = i.flags.find((f) => f.name === 'from')?.value?.toLowerCase();
    if ((i.keyword !== 'COPY' && i.keyword !== 'ADD') || from === undefined || !names.has(from)) return false;
    return copyArguments(model, i).sources.some((s) => {
      const path = resolvePath(s.value, '/');
      return path === undefined || isGlob(path) || isUnder(target, path);
    });
  });
}

/**
 * Removes the dropped commands of a RUN and the operator joining each to its neighbour. Undefined when
 * the script is not a flat `a && b; c` list (an `if`, a `||`, a subshell…), where dropping one
 * command would change what the others do.
 */
function dropCommandEdits(model: Model, plan: RunPlan): TextEdit[] | undefined {
  if (plan.dropCommands.size === 0 && plan.dropWords.length === 0) return [];
  const commands = plan.run.shell?.commands ?? [];
  const at = (p: TextEdit['range']['start']): number => model.positions.offsetAt(p);
  const argsStart = at(plan.run.argsRange!.start);
  const argsEnd = at(plan.run.argsRange!.end);
  // Blanks, line continuations and one `&&` or `;` (the escape character is `\` here: see the callers).
  const gap = /^(\s|\\\r?\n)*((&&|;)(\s|\\\r?\n)*)?$/;
  const starts = commands.map((c) => at(c.range.start));
  const ends = commands.map((c) => at(c.range.end));
  if (!/^\s*$/.test(model.text.slice(argsStart, starts[0]))) return undefined;
  if (!/^[\s;]*$/.test(model.text.slice(ends.at(-1), argsEnd))) return undefined;
  for (let i = 0; i + 1 < commands.length; i++)
    if (!gap.test(model.text.slice(ends[i], starts[i + 1]))) return undefined;
  const edits: TextEdit[] = [];
  let i = 0;
  while (i < commands.length) {
    if (!plan.dropCommands.has(commands[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < commands.length && plan.dropCommands.has(commands[j + 1]!)) j++;
    // A run of dropped commands goes with the operator after it, or before it at the end of the script.
    const [start, end] = j + 1 < commands.length ? [starts[i]!, starts[j + 1]!] : [ends[i - 1]!, ends[j]!];
    edits.push({ range: rangeOf(model, start, end), newText: '' });
    i = j + 1;
  }
  for (const word of plan.dropWords) {
    const words = plan.run.shell!.commands.find((c) => c.words.includes(word))!.words;
    const before = words[words.indexOf(word) - 1]!;
    edits.push({ range: rangeOf(model, before.end, word.end), newText: '' });
  }
  return edits;
}

/** The path a COPY/ADD source lands at, when it is one file we can place. */
function copiedTo(
  model: Model,
  stage: Stage,
  copy: Instruction,
  source: DockerWord,
  sourceCount: number,
  destination: DockerWord,
): string | undefined {
  const dest = destination.value;
  if (dest.includes('$')) return undefined;
  const cwd = workdirBefore(model, stage, copy.index, rootImageName(model, stage));
  const destPath = resolvePath(dest, cwd);
  if (destPath === undefined) return undefined;
  const name = basename(source.value);
  const intoFolder = dest.endsWith('/') || sourceCount > 1 || destPath === cwd || /(^|\/)\.\.?$/.test(dest);
  if (intoFolder) return normalizePath(`${destPath}/${name}`);
  // `COPY id_rsa /root/.ssh` could be a file or a folder: only a name that says "file" decides.
  return basename(destPath) === name || /^(id_|\.npmrc$|\.pypirc$|\.netrc$|\.env)/.test(basename(destPath))
    ? destPath
    : undefined;
}

/** BuildKit's secret ids: a name from the file, `.npmrc` → `npmrc`. */
function secretId(source: string): string {
  return (
    basename(source)
      .replace(/^\.+/, '')
      .replace(/[^A-Za-z0-9_.-]/g, '_') || 'secret'
  );
}

export interface SecretFileOptions {
  /** Whether the COPY's stage ends up in the image (then only build credentials may leave it). */
  shipped: boolean;
  /** For secret-deleted-later: the RUN (instruction index) whose delete was reported. */
  deletedBy?: number;
}

/**
 * "Use a secret mount" for one secret source of a COPY/ADD from the build context (`sourceStart` is
 * the source word's document offset); undefined when the rewrite cannot be shown right (see the top).
 */
export function secretFileMountFix(
  model: Model,
  copy: Instruction,
  sourceStart: number,
  options: SecretFileOptions,
): Fix | undefined {
  const stage = model.stages[copy.stageIndex];
  if (model.parseError !== undefined || !stage || usesNonPosixShell(model, stage.index)) return undefined;
  if (copy.keyword !== 'COPY' && copy.keyword !== 'ADD') return undefined;
  if (copy.flags.some((f) => f.name !== 'link')) return undefined;
  const { sources, destination, heredocs, execForm } = copyArguments(model, copy);
  const source = sources.find((s) => s.start === sourceStart);
  if (!source || !destination || execForm || heredocs > 0) return undefined;
  if (
    /[$*?[\]]/.test(source.value) ||
    source.value.endsWith('/') ||
    /^[a-z][a-z0-9+.-]*:\/\//i.test(source.value)
  )
    return undefined;
  if (/^\.(ssh|aws|gnupg|kube)$/i.test(basename(source.value))) return undefined;
  const target = copiedTo(model, stage, copy, source, sources.length, destination);
  if (target === undefined) return undefined;
  const ctx: FileContext = { model, stage, image: rootImageName(model, stage), target };

  // The RUNs after the COPY, up to the one that deletes the file.
  const later = stage.instructions.filter((i) => i.index > copy.index);
  const parent = dirname(target);
  const parentMatters =
    !STANDARD_DIRS.has(parent) && parent !== workdirBefore(model, stage, copy.index, ctx.image);
  const plans: RunPlan[] = [];
  for (const instruction of later) {
    const text = expandHome(instructionText(model, instruction));
    // A later step that works in the folder the COPY created would miss it once the COPY is gone.
    if (parentMatters && mentions(text.split(target).join(' '), parent)) return undefined;
    if (instruction.keyword !== 'RUN') {
      if (mentions(text, target)) return undefined;
      continue;
    }
    const plan = planRun(ctx, instruction);
    if (!plan) return undefined;
    plans.push(plan);
    if (plan.deletes) break;
  }
  const deleting = plans.find((p) => p.deletes);
  if (options.deletedBy !== undefined && deleting?.run.index !== options.deletedBy) return undefined;
  if (!deleting && ((options.shipped && !isBuildCredential(target)) || passedOn(model, stage, target)))
    return undefined;

  const id = secretId(source.value);
  const spec = `type=secret,id=${id},target=${target}`;
  const edits: TextEdit[] = [];
  let readers = 0;
  for (const plan of plans) {
    const commands = plan.run.shell?.commands ?? [];
    const emptied = commands.length > 0 && commands.every((c) => plan.dropCommands.has(c));
    if (emptied) {
      edits.push({ range: wholeLinesRange(model, plan.run), newText: '' });
      continue;
    }
    const dropped = dropCommandEdits(model, plan);
    if (!dropped) return undefined;
    edits.push(...dropped);
    // The RUN that deletes the file had it for its other commands: it keeps it, mounted.
    if (!plan.reads && !(plan.deletes && plan.other)) continue;
    if (!runsAsRoot(model, stage, plan.run)) return undefined;
    readers++;
    const mounted = runMounts(plan.run).some((m) => m.type === 'secret' && m.target === target);
    if (!mounted) edits.push(mountEdit(plan.run, spec));
  }
  if (readers === 0) return undefined;
  const header = syntaxHeaderEdits(model, SECRET_MOUNT_SINCE);
  if (!header) return undefined;

  if (sources.length + heredocs > 1) {
    // The other sources stay; one left needs a destination that still reads as a folder.
    if (sources.length === 2 && !destination.value.endsWith('/')) return undefined;
    const words = instructionWords(model, copy);
    const removal = removeWord(
      model,
      words,
      words.findIndex((w) => w.start === source.start),
    );
    if (!removal) return undefined;
    edits.push(removal);
  } else {
    edits.push({ range: wholeLinesRange(model, copy), newText: '' });
  }
  edits.push(...header);
  return sortedFix(
    model,
    `Use a secret mount for ${source.value} (build with --secret id=${id},src=${source.value})`,
    edits,
  );
}

// ---------------------------------------------------------------------------------------------
// Secret variables

/** `$NAME`, `${NAME}`, `${NAME:-x}`, `${#NAME}` in a text. */
function usesVariable(text: string, name: string): boolean {
  return new RegExp(`\\$(?:${name}(?![A-Za-z0-9_])|\\{[#!]?${name}(?![A-Za-z0-9_]))`).test(text);
}

export interface SecretVariableOptions {
  /** Whether the declaration's stage ends up in the image (then an ENV is for the running app too). */
  shipped: boolean;
}

/**
 * "Use a secret mount" for a build argument, or an ENV that forwards one, that the stage's RUNs read;
 * undefined when the rewrite cannot be shown right (see the top).
 */
export function secretVariableMountFix(
  model: Model,
  declaration: Instruction,
  name: string,
  options: SecretVariableOptions,
): Fix | undefined {
  const stage = model.stages[declaration.stageIndex];
  if (model.parseError !== undefined || !stage || usesNonPosixShell(model, stage.index)) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  const own = variableAssignments(model, declaration).filter((a) => a.name === name);
  if (own.length !== 1) return undefined;

  // What goes: the ARG, or the ENV and the ARG it forwards (ENV NAME=$NAME in a stage nobody ships).
  let removed: Instruction[];
  if (declaration.keyword === 'ARG') {
    if (own[0]!.value !== undefined) return undefined;
    removed = [declaration];
  } else {
    if (options.shipped || model.stages.some((s) => s.baseStage === stage.index)) return undefined;
    if (!instructionWords(model, declaration)[0]?.value.includes('=')) return undefined;
    if (own[0]!.value !== `$${name}` && own[0]!.value !== `\${${name}}`) return undefined;
    const arg = stage.instructions.find(
      (i) =>
        i.keyword === 'ARG' &&
        i.index < declaration.index &&
        variableAssignments(model, i).some((a) => a.name === name && a.value === undefined),
    );
    if (!arg) return undefined;
    removed = [arg, declaration];
  }
  // Any other declaration would keep a value (or the global default would have given one).
  const declares = (i: Instruction): boolean =>
    (i.keyword === 'ARG' || i.keyword === 'ENV') &&
    variableAssignments(model, i).some((a) => a.name === name);
  if (chainInstructions(model, stage).some((i) => declares(i) && !removed.includes(i))) return undefined;
  if (model.globalArgs.some((a) => a.name === name && a.value !== undefined)) return undefined;

  const readers: Instruction[] = [];
  for (const instruction of stage.instructions) {
    if (instruction.index <= removed[0]!.index || removed.includes(instruction)) continue;
    if (!usesVariable(instructionText(model, instruction), name)) continue;
    if (instruction.keyword !== 'RUN') return undefined;
    readers.push(instruction);
  }
  if (readers.length === 0) return undefined;
  const header = syntaxHeaderEdits(model, SECRET_ENV_SINCE);
  if (!header) return undefined;

  const edits: TextEdit[] = [...header];
  for (const instruction of removed) {
    const words = instructionWords(model, instruction);
    if (words.length === 1) {
      edits.push({ range: wholeLinesRange(model, instruction), newText: '' });
      continue;
    }
    const removal = removeWord(
      model,
      words,
      words.findIndex((w) => w.value === name || w.value.startsWith(`${name}=`)),
    );
    if (!removal) return undefined;
    edits.push(removal);
  }
  for (const run of readers)
    if (!runMounts(run).some((m) => m.type === 'secret' && m.options.get('env') === name))
      edits.push(mountEdit(run, `type=secret,id=${name},env=${name}`));
  return sortedFix(
    model,
    `Use a secret mount for ${name} (build with --secret id=${name},env=${name})`,
    edits,
  );
}
