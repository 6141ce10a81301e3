import type { Instruction, Model, Stage, TextEdit } from '../model/types';
import { parseArgs, type Invocation } from '../shell/query';
import { appendToRun, deleteInstruction, invocationRange } from './lib/runEdits';
import {
  chainInstructions,
  commandEnv,
  copiedPaths,
  copyArgs,
  hitsCopied,
  isSmallTextFile,
  dockerfileEnv,
  mountCovers,
  normalizePath,
  overlaps,
  packageName,
  resolvePath,
  scriptFacts,
  workdirAt,
  isTemplated,
} from './lib/size';
import type { Rule } from './types';

interface Created {
  /** Absolute path, or `pkg:<name>` for an installed package. */
  path: string;
  /** For COPY/ADD: folder contents landed at `path` (see `hitsCopied`). */
  contents?: boolean;
  /** Where it came from, for the advice. */
  source: 'run' | 'context' | 'url' | 'stage';
  instruction: Instruction;
  /** How it got there, for the message: `downloaded by the RUN on line 4`. */
  how: string;
}

interface Deletion {
  invocation: Invocation;
  /** Paths (or `pkg:<name>`) the command removes. */
  targets: string[];
  /** What the user wrote, for the message. */
  shown: string[];
}

const CACHES = {
  npm: '/root/.npm',
  yarn: '/usr/local/share/.cache/yarn',
  pip: '/root/.cache/pip',
  apk: '/var/cache/apk',
  lists: '/var/lib/apt/lists',
};

/**
 * Each instruction adds a layer and a layer can only add: deleting a file in a later RUN hides it
 * from the final filesystem but its bytes stay in the layer that created it, so the image is not
 * one byte smaller.
 */
export const rmInLaterLayer: Rule = {
  meta: {
    id: 'rm-in-later-layer',
    category: 'size',
    severity: 'warning',
    aliases: [],
    description:
      'Files created or added in one layer are deleted in a later RUN, so their bytes stay in the image.',
    fixable: 'suggestion',
  },
  check({ model, stages, shipped, report }) {
    for (const stage of stages) {
      // In a stage that is not shipped, layers do not matter: COPY --from takes its final files.
      if (!shipped.has(stage.index)) continue;
      const alive: Created[] = [];
      for (const instruction of chainInstructions(model, stage)) {
        const owner = model.stages[instruction.stageIndex]!;
        const own = instruction.stageIndex === stage.index;
        if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
          const args = copyArgs(instruction);
          const source: Created['source'] =
            args?.from !== undefined
              ? 'stage'
              : args?.sources.some((x) => /^(https?|git):|^git@/.test(x))
                ? 'url'
                : 'context';
          for (const copied of copiedPaths(model, owner, instruction)) {
            // A config file or script copied and deleted later costs a few KB: not worth a warning.
            if (isSmallTextFile(copied)) continue;
            alive.push({
              path: copied.path,
              contents: copied.contents,
              source,
              instruction,
              how: `added by ${instruction.keyword} on line ${instruction.range.start.line + 1}`,
            });
          }
          continue;
        }
        if (instruction.keyword !== 'RUN' || isTemplated(instruction)) continue;
        for (const step of runSteps(model, owner, instruction)) {
          if ('created' in step) {
            if (!mountCovers(instruction, step.created.path)) alive.push(step.created);
            continue;
          }
          const hits = alive.filter((c) => step.targets.some((t) => matches(t, c)));
          // Gone from the filesystem either way; only earlier layers keep the bytes.
          for (const hit of hits) alive.splice(alive.indexOf(hit), 1);
          const earlier = hits.filter((c) => c.instruction !== instruction);
          if (!own || earlier.length === 0) continue;
          const first = earlier[0]!;
          const name = first.path.startsWith('pkg:') ? first.path.slice(4) : first.path;
          const packages = first.path.startsWith('pkg:');
          report({
            range: invocationRange(step.invocation),
            message: `\`${name}\` was ${first.how}; ${packages ? 'removing it' : 'deleting it'} in a later RUN hides it but does not make the image smaller: the bytes stay in that earlier layer. ${ADVICE[packages ? 'package' : first.source]}`,
            data: { instruction: instruction.index, creator: first.instruction.index },
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const run = model.instructions[finding.data?.instruction as number];
    const creator = model.instructions[finding.data?.creator as number];
    if (!run || !creator || typeof finding.data?.creator !== 'number') return [];
    const edits = moveDelete(model, creator, run);
    if (!edits) return [];
    return [
      {
        title: `Move the delete into the RUN on line ${creator.range.start.line + 1}`,
        kind: 'quickfix',
        edits,
      },
    ];
  },
};

const ADVICE: Record<Created['source'] | 'package', string> = {
  run: 'Delete it in the RUN that creates it.',
  package: 'Install and remove it in the same RUN, or use a builder stage.',
  context:
    'Keep it out of the image: exclude it in .dockerignore, or bind-mount what is only needed during the build (`RUN --mount=type=bind,source=…`).',
  url: 'Download it in the RUN that uses it and delete it there, or fetch it in a builder stage.',
  stage: 'Copy only what the image needs from that stage, or bind-mount it (`RUN --mount=type=bind,from=…`).',
};

function matches(target: string, created: Created): boolean {
  if (target.startsWith('pkg:') || created.path.startsWith('pkg:')) return target === created.path;
  if (created.contents !== undefined)
    return hitsCopied(target, { path: created.path, contents: created.contents });
  return overlaps(target, created.path);
}

type Step = { created: Created } | Deletion;

/** What a RUN creates and deletes, in order. */
function runSteps(model: Model, stage: Stage, run: Instruction): Step[] {
  const facts = scriptFacts(run);
  const steps: Step[] = [];
  const line = run.range.start.line + 1;
  const root = isRoot(model, stage, run);
  let cwd = workdirAt(model, stage, run);
  const env = dockerfileEnv(model, stage, run.index);
  const create = (path: string | undefined, how: string): void => {
    if (path !== undefined)
      steps.push({
        created: { path, source: 'run', instruction: run, how: `${how} by the RUN on line ${line}` },
      });
  };
  const home = (path: string): string | undefined =>
    path.startsWith('~/') || path === '~'
      ? root
        ? normalizePath(`/root/${path.slice(1)}`)
        : undefined
      : resolvePath(path, cwd);

  for (const inv of facts.invocations) {
    const words = inv.args.map((a) => a.value);
    const local = commandEnv(facts.invocations, inv);
    if (inv.program === 'cd' || inv.program === 'pushd') cwd = undefined;
    const pkg = facts.packages.find((p) => p.invocation === inv);
    if (pkg) {
      const { manager, action } = pkg;
      if (action === 'install' && ['apt', 'apk', 'dnf', 'yum', 'microdnf', 'zypper'].includes(manager)) {
        for (const w of pkg.packages)
          if (!w.value.includes('$') && !w.value.endsWith('.deb'))
            create(`pkg:${packageName(w)}`, 'installed');
        const virtual = pkg.args.flags.get('virtual') ?? pkg.args.flags.get('t');
        if (manager === 'apk' && typeof virtual === 'string') create(`pkg:${virtual}`, 'installed');
      }
      if (['remove', 'purge', 'erase'].includes(action) && pkg.packages.length > 0)
        steps.push({
          invocation: inv,
          targets: pkg.packages.map((w) => `pkg:${packageName(w)}`),
          shown: pkg.packages.map((w) => w.value),
        });
      if (manager === 'apt' && action === 'update') create(CACHES.lists, 'downloaded (`apt-get update`)');
      if (
        manager === 'apk' &&
        !pkg.args.flags.has('no-cache') &&
        (action === 'update' || pkg.args.flags.has('update'))
      )
        create(CACHES.apk, 'filled (`apk update`)');
      const noPipCache =
        pkg.args.flags.has('no-cache-dir') ||
        pkg.args.flags.has('no-cache') ||
        env.has('PIP_NO_CACHE_DIR') ||
        local.has('PIP_NO_CACHE_DIR');
      if (manager === 'pip' && action === 'install' && inv.program !== 'uv' && root && !noPipCache)
        create(CACHES.pip, 'filled (pip cache)');
      if (manager === 'npm' && (action === 'install' || action === 'ci') && root && !pkg.args.flags.has('g'))
        create(CACHES.npm, 'filled (npm cache)');
      if (manager === 'yarn' && action === 'install' && root) create(CACHES.yarn, 'filled (yarn cache)');
      if (action === 'cache' && ['clean', 'purge'].includes(pkg.packages[0]?.value ?? '')) {
        const target =
          manager === 'npm'
            ? CACHES.npm
            : manager === 'yarn'
              ? CACHES.yarn
              : manager === 'pip'
                ? CACHES.pip
                : manager === 'apk'
                  ? CACHES.apk
                  : undefined;
        if (target)
          steps.push({
            invocation: inv,
            targets: [target],
            shown: [`${inv.program} cache ${pkg.packages[0]!.value}`],
          });
      }
      continue;
    }
    if (inv.program === 'curl') {
      const parsed = parseArgs(
        inv.args,
        new Set([
          'o',
          'output',
          'output-dir',
          'H',
          'header',
          'u',
          'user',
          'd',
          'data',
          'A',
          'X',
          'request',
          'e',
          'retry',
          'm',
          'max-time',
          'connect-timeout',
          'w',
          'C',
        ]),
      );
      const out = parsed.flags.get('o') ?? parsed.flags.get('output');
      const dir = parsed.flags.get('output-dir');
      const base = typeof dir === 'string' ? resolvePath(dir, cwd) : cwd;
      if (typeof out === 'string' && out !== '-') create(resolvePath(out, base), 'downloaded');
      else if (parsed.flags.has('O') || parsed.flags.has('remote-name')) {
        const url = parsed.positionals.find((w) => /^https?:\/\//.test(w.value));
        const name = url ? urlBasename(url.value) : undefined;
        if (name && base !== undefined) create(normalizePath(`${base}/${name}`), 'downloaded');
      }
      continue;
    }
    if (inv.program === 'wget') {
      const parsed = parseArgs(
        inv.args,
        new Set([
          'O',
          'output-document',
          'P',
          'directory-prefix',
          'header',
          'U',
          'user-agent',
          't',
          'tries',
          'T',
          'timeout',
        ]),
      );
      const out = parsed.flags.get('O') ?? parsed.flags.get('output-document');
      if (typeof out === 'string') {
        if (out !== '-') create(resolvePath(out, cwd), 'downloaded');
        continue;
      }
      const dir = parsed.flags.get('P') ?? parsed.flags.get('directory-prefix');
      const base = typeof dir === 'string' ? resolvePath(dir, cwd) : cwd;
      for (const url of parsed.positionals.filter((w) => /^https?:\/\//.test(w.value))) {
        const name = urlBasename(url.value);
        if (name && base !== undefined) create(normalizePath(`${base}/${name}`), 'downloaded');
      }
      continue;
    }
    if (inv.program === 'git' && words[0] === 'clone') {
      const parsed = parseArgs(
        inv.args.slice(1),
        new Set(['b', 'branch', 'depth', 'c', 'config', 'o', 'origin', 'j', 'jobs', 'reference', 'filter']),
      );
      const [url, dir] = parsed.positionals;
      const name = dir?.value ?? (url ? urlBasename(url.value)?.replace(/\.git$/, '') : undefined);
      if (name) create(resolvePath(name, cwd), 'cloned');
      continue;
    }
    if (inv.program === 'rm') {
      const parsed = parseArgs(inv.args);
      const targets: string[] = [];
      const shown: string[] = [];
      for (const w of parsed.positionals) {
        const path = home(w.value);
        if (path === undefined || path === '/' || mountCovers(run, path)) continue;
        targets.push(path);
        shown.push(w.value);
      }
      if (targets.length > 0) steps.push({ invocation: inv, targets, shown });
    }
  }
  return steps;
}

function urlBasename(url: string): string | undefined {
  if (url.includes('$')) return undefined;
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const name = path.slice(path.lastIndexOf('/') + 1);
  return name && !name.includes(':') ? name : undefined;
}

/** Whether RUN runs as root (no USER, or USER root/0, in the stage chain before it). */
function isRoot(model: Model, stage: Stage, run: Instruction): boolean {
  let user = 'root';
  for (const i of chainInstructions(model, stage)) {
    if (i.index >= run.index) break;
    if (i.keyword === 'USER') user = i.argsText.trim().split(':')[0] ?? '';
  }
  return user === 'root' || user === '0';
}

/**
 * A RUN that is just `rm …` of absolute paths, all created by one RUN of the same stage with only
 * non-RUN, non-COPY instructions between: the rm moves to the end of that RUN.
 */
function moveDelete(model: Model, creator: Instruction, run: Instruction): TextEdit[] | undefined {
  if (creator.keyword !== 'RUN' || creator.stageIndex !== run.stageIndex) return undefined;
  if (run.flags.length > 0 || run.heredocs.length > 0 || !run.shell || run.shell.commands.length !== 1)
    return undefined;
  const facts = scriptFacts(run);
  const rm = facts.invocations[0];
  if (facts.invocations.length !== 1 || rm?.program !== 'rm' || rm.wrappers.length > 0) return undefined;
  const parsed = parseArgs(rm.args);
  if (parsed.positionals.some((w) => !w.value.startsWith('/') || w.value.includes('$'))) return undefined;
  const stage = model.stages[run.stageIndex]!;
  const between = stage.instructions.filter((i) => i.index > creator.index && i.index < run.index);
  if (between.some((i) => ['RUN', 'COPY', 'ADD', 'FROM', 'ONBUILD', 'SHELL'].includes(i.keyword)))
    return undefined;
  const created = runSteps(model, stage, creator).flatMap((s) => ('created' in s ? [s.created.path] : []));
  const all = parsed.positionals.every((w) =>
    created.some((c) => !c.startsWith('pkg:') && overlaps(normalizePath(w.value), c)),
  );
  if (!all) return undefined;
  const text = run.shell.commands[0]!.words.map((w) => w.text).join(' ');
  const append = appendToRun(model, creator, text);
  if (!append) return undefined;
  return [append, deleteInstruction(model, run)];
}
