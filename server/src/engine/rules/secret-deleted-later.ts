import { secretFileMountFix } from '../fixes/secretMount';
import { argDefaults, substituteArgs } from '../model/imageRef';
import type { Instruction, Model, Range, Stage, Word } from '../model/types';
import { runMounts } from '../shell/mounts';
import { parseArgs, runInvocations, type Invocation } from '../shell/query';
import {
  copyArguments,
  globToRegExp,
  isGlob,
  secretFileKind,
  secretGlobKind,
  variableAssignments,
} from './lib/security';
import type { Rule } from './types';

/** A secret file that is in a layer: copied in by COPY/ADD, or written by an earlier RUN. */
interface Placed {
  /** Absolute paths it may be at (a COPY into a folder without a trailing `/` is ambiguous). */
  paths: string[];
  /** A folder of secrets (`.ssh`): deleting a file inside it counts too. */
  folder: boolean;
  how: 'copied' | 'written';
  instruction: Instruction;
  /** For a COPY/ADD source from the build context: the source word's document offset. */
  source?: number;
  kind: string;
}

interface StageState {
  placed: Placed[];
  cwd: string | undefined;
  /** Targets of earlier RUN mounts: files there were never in a layer. */
  mounted: string[];
  /** ENV and ARG values so far (kept as the walk goes, not recomputed per instruction). */
  vars: Map<string, string | undefined>;
}

/**
 * Every instruction makes a layer, and a later layer can only hide a file, not take it out of the
 * earlier one: `docker save`, `docker history` tools or a registry pull give the earlier layer back.
 */
export const secretDeletedLater: Rule = {
  meta: {
    id: 'secret-deleted-later',
    category: 'security',
    severity: 'error',
    aliases: [],
    description:
      'A secret file is copied or written in one layer and deleted by a later RUN: it stays in the earlier layer.',
    fixable: 'suggestion',
  },
  check({ model, report }) {
    const states = new Map<number, StageState>();
    for (const stage of model.stages) {
      const inherited = stage.baseStage !== undefined ? states.get(stage.baseStage) : undefined;
      const state: StageState = {
        placed: inherited ? [...inherited.placed] : [],
        cwd: inherited ? inherited.cwd : '/',
        mounted: inherited ? [...inherited.mounted] : [],
        vars: new Map(inherited ? inherited.vars : []),
      };
      const globals = argDefaults(model.globalArgs);
      const expand = (text: string) => substituteArgs(text, state.vars);
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
          for (const a of variableAssignments(model, instruction)) {
            const value = a.value ?? (instruction.keyword === 'ARG' ? globals.get(a.name) : undefined);
            state.vars.set(a.name, value === undefined ? undefined : expand(value).value);
          }
        } else if (instruction.keyword === 'WORKDIR') {
          const dir = expand(instruction.argsText.trim().replace(/^["']|["']$/g, ''));
          state.cwd = dir.unresolved ? undefined : resolvePath(dir.value, state.cwd);
        } else if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          state.placed.push(...copiedSecrets(model, instruction, state.cwd, expand));
        } else if (instruction.keyword === 'RUN') {
          runStep(model, stage, instruction, state, report);
        }
      }
      states.set(stage.index, state);
    }
  },
  fix(finding, { model }) {
    const { copy, source, run } = finding.data ?? {};
    const instruction = typeof copy === 'number' ? model.instructions[copy] : undefined;
    if (!instruction || typeof source !== 'number' || typeof run !== 'number') return [];
    // Deleted later, the file is gone from the image either way: whether the stage ships does not matter.
    const fix = secretFileMountFix(model, instruction, source, { shipped: true, deletedBy: run });
    return fix ? [fix] : [];
  },
};

type Expand = (text: string) => { value: string; unresolved: boolean };

function copiedSecrets(
  model: Model,
  instruction: Instruction,
  cwd: string | undefined,
  expand: Expand,
): Placed[] {
  const { sources, destination, heredocs } = copyArguments(model, instruction);
  if (!destination) return [];
  const dest = expand(destination.value);
  if (dest.unresolved) return [];
  const destPath = resolvePath(dest.value, cwd);
  if (!destPath) return [];
  const intoDir = dest.value.endsWith('/') || sources.length + heredocs > 1;
  const out: Placed[] = [];
  for (const source of sources) {
    const path = expand(source.value).value;
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) continue;
    const name = basename(path);
    const kind = isGlob(path) ? secretGlobKind(path, dest.value) : secretFileKind(path, dest.value);
    const destKind = !intoDir ? secretFileKind(destPath) : undefined;
    if (!kind && !destKind) continue;
    const folder = /^\.(ssh|aws|gnupg|kube)$/i.test(name);
    const paths = folder
      ? [intoDir ? join(destPath, name) : destPath]
      : intoDir || isGlob(name)
        ? [join(destPath, name)]
        : [destPath, join(destPath, name)];
    const fromContext = !instruction.flags.some((f) => f.name === 'from');
    out.push({
      paths,
      folder,
      how: 'copied',
      instruction,
      ...(fromContext ? { source: source.start } : {}),
      kind: (kind ?? destKind)!,
    });
  }
  // `COPY <<EOF /root/.npmrc`: inline content written to a secret's place.
  if (heredocs > 0 && !intoDir) {
    const kind = secretFileKind(destPath);
    if (kind) out.push({ paths: [destPath], folder: false, how: 'copied', instruction, kind });
  }
  return out;
}

// Commands that create no files (a RUN that starts with these has not made anything yet).
const SIDE_EFFECT_FREE = new Set([
  'rm',
  'unlink',
  'shred',
  'set',
  'true',
  ':',
  'cd',
  'ls',
  'echo',
  'test',
  '[',
  'export',
]);

type Reporter = (finding: { range: Range; message: string; data?: Record<string, unknown> }) => void;

function runStep(
  model: Model,
  stage: Stage,
  instruction: Instruction,
  state: StageState,
  report: Reporter,
): void {
  const mounts = runMounts(instruction)
    .map((m) => m.target)
    .filter((t): t is string => t !== undefined)
    .map((t) => resolvePath(t, state.cwd))
    .filter((t): t is string => t !== undefined);
  const vars = state.vars;
  const pathOf = (value: string, cwd: string | undefined): string | undefined => {
    let v = value;
    if (v.includes('$')) {
      v = v.replace(/\$\{?HOME\}?/g, '/root');
      v = v.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (m, name: string) => vars.get(name) ?? m);
      if (v.includes('$')) return undefined;
    }
    return resolvePath(v, cwd);
  };
  const pending: Placed[] = [];
  let cwd = state.cwd;
  // Whether only commands that create no files ran before, in this RUN (`cd`, `set`, …).
  let nothingCreatedYet = true;
  for (const inv of runInvocations(instruction)) {
    if (inv.program === 'cd' && !inv.nested) {
      const target = inv.args[0];
      cwd = target ? pathOf(target.value, cwd) : '/root';
      continue;
    }
    for (const target of removedPaths(inv)) {
      const path = pathOf(target.value, cwd);
      if (!path) continue;
      // Written earlier in this same RUN: removed before the layer is committed, nothing leaks.
      let createdHere = false;
      for (let i = pending.length - 1; i >= 0; i--)
        if (pending[i]!.paths.some((p) => removes(path, p, pending[i]!.folder))) {
          pending.splice(i, 1);
          createdHere = true;
        }
      const leaked = state.placed.filter((p) => p.paths.some((q) => removes(path, q, p.folder)));
      if (leaked.length === 0) {
        // A secret that no earlier command of this RUN can have made came from an earlier layer
        // (`COPY . .`, a key generated by a tool in a previous RUN).
        const wasMounted = [...state.mounted, ...mounts].some((m) => path === m || path.startsWith(`${m}/`));
        const kind =
          !createdHere && nothingCreatedYet && !wasMounted && !isGlob(path)
            ? secretFileKind(path)
            : undefined;
        if (kind)
          report({
            range: target.range,
            message: `\`${target.value}\` looks like ${kind}; this RUN did not create it, so an earlier instruction did, and deleting it here leaves it in that earlier layer. Keep it out of the image instead (\`.dockerignore\`, \`RUN --mount=type=secret\`, or create, use and delete it in one RUN).`,
          });
        continue;
      }
      state.placed = state.placed.filter((p) => !leaked.includes(p));
      const first = leaked[0]!;
      const line = first.instruction.range.start.line + 1;
      const where =
        first.instruction.stageIndex === stage.index
          ? `line ${line}`
          : `line ${line} (stage ${stageName(model, first.instruction.stageIndex)})`;
      const fix =
        first.how === 'copied'
          ? 'Do not copy it: mount it for the steps that need it (`RUN --mount=type=secret` or `--mount=type=ssh`).'
          : 'Write, use and delete it in one RUN, or better, mount it (`RUN --mount=type=secret`).';
      report({
        range: target.range,
        message: `\`${target.value}\` looks like ${first.kind} and was ${first.how} into the image on ${where}: deleting it in a later RUN only hides it, the file stays in that earlier layer. ${fix}`,
        // The fix rewrites the COPY (from the build context) into a secret mount up to this RUN.
        ...(first.source !== undefined
          ? { data: { copy: first.instruction.index, source: first.source, run: instruction.index } }
          : {}),
      });
    }
    if (!SIDE_EFFECT_FREE.has(inv.program) || inv.command.redirects.length > 0) nothingCreatedYet = false;
    for (const written of writtenPaths(model, inv)) {
      const path = pathOf(written.value, cwd);
      if (!path || mounts.some((m) => path === m || path.startsWith(`${m}/`))) continue;
      const kind = secretFileKind(path);
      if (kind) pending.push({ paths: [path], folder: false, how: 'written', instruction, kind });
    }
  }
  state.placed.push(...pending);
  state.mounted.push(...mounts);
}

/** Paths an invocation deletes: `rm`, `unlink`, `shred -u`. */
function removedPaths(inv: Invocation): Word[] {
  if (inv.program === 'rm' || inv.program === 'unlink') return parseArgs(inv.args).positionals;
  if (inv.program === 'shred') {
    const parsed = parseArgs(inv.args, new Set(['n', 'iterations', 's', 'size']));
    return parsed.flags.has('u') || parsed.flags.has('remove') ? parsed.positionals : [];
  }
  return [];
}

const NPM_AUTH = /(^|:)_(authToken|auth|password)$/;

/** Paths an invocation writes a file to: output redirections, `tee`, `cp`/`mv`/`install` targets, credential helpers. */
function writtenPaths(model: Model, inv: Invocation): Word[] {
  const out: Word[] = [];
  if (!inv.nested) for (const r of inv.command.redirects) if (isOutputRedirect(model, r)) out.push(r);
  const parsed = parseArgs(
    inv.args,
    new Set(['t', 'm', 'o', 'g', 'S', 'target-directory', 'mode', 'owner', 'group']),
  );
  const positionals = parsed.positionals;
  if (inv.program === 'tee') out.push(...positionals);
  if (
    (inv.program === 'cp' || inv.program === 'mv' || inv.program === 'install') &&
    positionals.length >= 2
  ) {
    const dest = positionals.at(-1)!;
    const dir = parsed.flags.get('t') ?? parsed.flags.get('target-directory');
    if (typeof dir === 'string') {
      for (const src of positionals) out.push({ ...src, value: join(dir, basename(src.value)) });
    } else if (dest.value.endsWith('/') || positionals.length > 2) {
      for (const src of positionals.slice(0, -1))
        out.push({ ...dest, value: join(dest.value, basename(src.value)) });
    } else {
      out.push(dest);
      out.push({ ...dest, value: join(dest.value, basename(positionals[0]!.value)) });
    }
  }
  // `npm config set //registry.npmjs.org/:_authToken …` writes the user's ~/.npmrc.
  if ((inv.program === 'npm' || inv.program === 'pnpm') && positionals[0]?.value === 'config') {
    const action = positionals[1]?.value;
    const key = positionals[2]?.value ?? '';
    if ((action === 'set' || action === 'add') && NPM_AUTH.test(key.split('=')[0]!))
      out.push({ ...inv.programWord, value: '/root/.npmrc' });
  }
  if (inv.program === 'aws' && positionals[0]?.value === 'configure' && positionals[1]?.value === 'set') {
    if (/aws_(secret_access_key|access_key_id|session_token)$/.test(positionals[2]?.value ?? ''))
      out.push({ ...inv.programWord, value: '/root/.aws/credentials' });
  }
  return out;
}

/** `>`, `>>`, `>|`, `2>`, `&>` before the word (not `<`): read from the document. */
function isOutputRedirect(model: Model, word: Word): boolean {
  let i = word.start - 1;
  while (i >= 0 && (model.text[i] === ' ' || model.text[i] === '\t')) i--;
  if (model.text[i] === '|' && model.text[i - 1] === '>') return true;
  return model.text[i] === '>';
}

// ---------------------------------------------------------------------------------------------
// Paths

function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function join(dir: string, name: string): string {
  return normalize(`${dir}/${name}`);
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** An absolute path for `path` seen from `cwd`; `~` is root's home. Undefined when it cannot be told. */
function resolvePath(path: string, cwd: string | undefined): string | undefined {
  let p = path;
  if (p === '~' || p.startsWith('~/')) p = `/root${p.slice(1)}`;
  if (p.includes('$')) return undefined;
  if (p.startsWith('/')) return normalize(p);
  if (cwd === undefined) return undefined;
  return normalize(`${cwd}/${p}`);
}

/** Whether deleting `removed` (maybe a glob) deletes `placed`: the same path, a folder of it, or a file inside it. */
function removes(removed: string, placed: string, folder: boolean): boolean {
  if (isGlob(removed)) {
    const re = globToRegExp(removed);
    let p = placed;
    while (p !== '/' && p !== '') {
      if (re.test(p)) return true;
      p = p.slice(0, p.lastIndexOf('/')) || '/';
    }
    const staticDir = removed.slice(0, removed.search(/[*?[]/)).replace(/\/[^/]*$/, '');
    return folder && (staticDir === placed || staticDir.startsWith(`${placed}/`));
  }
  return (
    removed === placed || placed.startsWith(`${removed}/`) || (folder && removed.startsWith(`${placed}/`))
  );
}

function stageName(model: Model, index: number): string {
  const stage = model.stages[index];
  return stage?.rawName ? `\`${stage.rawName}\`` : `${index}`;
}
