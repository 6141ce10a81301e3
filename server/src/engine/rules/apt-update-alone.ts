import type { Instruction, Stage } from '../model/types';
import type { Invocation } from '../shell/query';
import { commandRange, deleteInstruction, usesNonPosixShell } from './lib/runEdits';
import { scriptFacts, type OrderedPackageCommand, type ScriptFacts, isTemplated } from './lib/size';
import type { Rule } from './types';

// apt actions that read the lists `apt-get update` downloads.
const USES_LISTS = new Set([
  'install',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'build-dep',
  'source',
  'reinstall',
  'download',
]);
// Instructions an update may move past without changing what it does.
const TRANSPARENT = new Set([
  'ENV',
  'ARG',
  'LABEL',
  'EXPOSE',
  'WORKDIR',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'MAINTAINER',
]);

/**
 * `RUN apt-get update` on its own is cached like any layer: when a later RUN's package list
 * changes, Docker re-runs only that RUN, against lists of whatever age the cached layer has (apt
 * then fails with 404s or installs outdated versions), and the lists stay in the image.
 */
export const aptUpdateAlone: Rule = {
  meta: {
    id: 'apt-update-alone',
    category: 'size',
    severity: 'warning',
    aliases: ['DS017'],
    description: '`apt-get update` in a RUN that installs nothing afterwards.',
    fixable: 'suggestion',
  },
  check({ stages, report }) {
    for (const stage of stages) {
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN' || isTemplated(run)) continue;
        const facts = scriptFacts(run);
        for (const update of facts.packages) {
          if (update.manager !== 'apt' || update.action !== 'update') continue;
          if (usedLater(facts, update)) continue;
          const target = nextInstallRun(stage, run);
          report({
            range: commandRange(update.invocation, update.args.positionals[0]),
            message: `\`${update.invocation.program} update\` in a RUN that installs nothing after it: the layer is cached, so a later install can run against outdated lists (404 errors, old versions), and the lists stay in the image. Run it in the same RUN as the install${target ? ` on line ${target.range.start.line + 1}` : ''}.`,
            data: { instruction: run.index, target: target?.index },
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const run = model.instructions[finding.data?.instruction as number];
    const target = model.instructions[finding.data?.target as number];
    if (!run || !target || typeof finding.data?.target !== 'number') return [];
    const facts = scriptFacts(run);
    const commands = run.shell?.commands ?? [];
    const update = facts.packages[0];
    // Only a RUN that is just the update (no mounts, no other command) can be folded away.
    if (
      run.flags.length > 0 ||
      commands.length !== 1 ||
      facts.invocations.length !== 1 ||
      !update ||
      update.action !== 'update' ||
      commands[0]!.redirects.length > 0 ||
      usesNonPosixShell(model, run.stageIndex)
    )
      return [];
    const targetFacts = scriptFacts(target);
    const alreadyUpdates = targetFacts.packages.some((p) => p.manager === 'apt' && p.action === 'update');
    if (alreadyUpdates)
      return [
        {
          title: 'Remove this RUN (the install RUN updates the lists itself)',
          kind: 'quickfix',
          edits: [deleteInstruction(model, run)],
        },
      ];
    if (!target.argsRange || target.execForm || target.heredocs.length > 0) return [];
    const text = commands[0]!.words.map((w) => w.text).join(' ');
    return [
      {
        title: `Merge \`${text}\` into the RUN on line ${target.range.start.line + 1}`,
        kind: 'quickfix',
        edits: [
          deleteInstruction(model, run),
          { range: { start: target.argsRange.start, end: target.argsRange.start }, newText: `${text} && ` },
        ],
      },
    ];
  },
};

/** A later command of the same RUN reads the lists, or may (a script, `… | sh`). */
function usedLater(facts: ScriptFacts, update: OrderedPackageCommand): boolean {
  const later = facts.invocations.slice(update.order + 1);
  if (later.some(mayInstall)) return true;
  return facts.packages.some(
    (p) => p.order > update.order && p.manager === 'apt' && USES_LISTS.has(p.action),
  );
}

function mayInstall(inv: Invocation): boolean {
  const program = inv.program;
  if (program === 'apt-cache' || program === 'apt-install' || program === 'install_packages') return true;
  // Wrappers around apt-get (tonistiigi/xx's xx-apt-get for cross builds, apt-fast).
  if (/.-apt(-get)?$|^apt-fast$/.test(program)) return true;
  if (program === 'add-apt-repository' || program === 'unminimize' || program === 'aptitude') return true;
  // Scripts and piped installers (nodesource's setup_XX.x | bash) may install anything.
  if (/\.(sh|bash)$/.test(program) || inv.programWord.value.includes('/')) return true;
  return ['sh', 'bash', 'ash', 'dash', 'zsh', 'make', 'python', 'python3', 'perl'].includes(program);
}

/** The next RUN of the stage, if it installs with apt and only transparent instructions stand between. */
function nextInstallRun(stage: Stage, run: Instruction): Instruction | undefined {
  const after = stage.instructions.filter((i) => i.index > run.index);
  for (const i of after) {
    if (i.keyword === 'RUN') {
      const installs = scriptFacts(i).packages.some((p) => p.manager === 'apt' && USES_LISTS.has(p.action));
      return installs ? i : undefined;
    }
    if (!TRANSPARENT.has(i.keyword)) return undefined;
  }
  return undefined;
}
