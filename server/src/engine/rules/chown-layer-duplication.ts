import type { Instruction, Model, Stage, TextEdit } from '../model/types';
import { parseArgs, type Invocation } from '../shell/query';
import { deleteInstruction, invocationRange } from './lib/runEdits';
import {
  copiedPaths,
  hitsCopied,
  isSmallTextFile,
  overlaps,
  resolvePath,
  scriptFacts,
  workdirAt,
} from './lib/size';
import type { Rule } from './types';

// Programs whose path arguments they create or overwrite.
const WRITERS = new Set(['touch', 'mkdir', 'mkfifo', 'mknod']);

interface Change {
  invocation: Invocation;
  /** `chown` or `chmod`. */
  program: string;
  /** Owner (`app:app`) or mode (`755`). */
  value: string;
  targets: string[];
}

/**
 * Changing the owner or mode of a file copies the whole file into the new layer (overlay
 * filesystems copy a file up before any metadata change), so `RUN chown -R` over what a COPY brought
 * in stores those files twice. `COPY --chown` / `--chmod` set them right the first time.
 */
export const chownLayerDuplication: Rule = {
  meta: {
    id: 'chown-layer-duplication',
    category: 'size',
    severity: 'warning',
    aliases: [],
    description:
      '`RUN chown -R` / `chmod -R` on files an earlier COPY/ADD of the stage brought in stores them twice.',
    fixable: 'suggestion',
  },
  check({ model, stages, shipped, report }) {
    for (const stage of stages) {
      // Only shipped layers matter: COPY --from takes the final files of a builder stage.
      if (!shipped.has(stage.index)) continue;
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        for (const change of recursiveChanges(model, stage, run)) {
          const copies = copiesUnder(model, stage, run, change.targets);
          if (copies.length === 0) continue;
          const first = copies[0]!;
          const flag = change.program === 'chown' ? '--chown' : '--chmod';
          report({
            range: invocationRange(change.invocation),
            message: `\`${change.program} -R\` on ${change.targets.map((t) => `\`${t}\``).join(', ')} rewrites files that ${first.keyword} on line ${first.range.start.line + 1} brought in: each one is copied again into this layer, so the image stores them twice. Use \`${first.keyword} ${flag}=${change.value}\` instead.`,
            data: { instruction: run.index },
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const run = model.instructions[finding.data?.instruction as number];
    const stage = run ? model.stages[run.stageIndex] : undefined;
    if (!run || !stage) return [];
    const edits = replaceWithCopyFlags(model, stage, run);
    if (!edits) return [];
    return [{ title: edits.title, kind: 'quickfix', edits: edits.edits }];
  },
};

/** `chown -R owner paths…` / `chmod -R mode paths…` of a RUN, with targets resolved. */
function recursiveChanges(model: Model, stage: Stage, run: Instruction): Change[] {
  const facts = scriptFacts(run);
  const cwd = workdirAt(model, stage, run);
  const out: Change[] = [];
  let movedAway = false;
  // Paths this RUN writes itself before changing them (`touch f && chown app f`): new, not copied.
  const written: string[] = [];
  for (const inv of facts.invocations) {
    if (inv.program === 'cd' || inv.program === 'pushd') movedAway = true;
    const writes = [
      ...inv.command.redirects,
      ...(WRITERS.has(inv.program) ? inv.args.filter((a) => !a.value.startsWith('-')) : []),
    ];
    for (const w of writes) {
      const path = resolvePath(w.value, movedAway ? undefined : cwd);
      if (path) written.push(path);
    }
    if (inv.program !== 'chown' && inv.program !== 'chmod') continue;
    const parsed = parseArgs(inv.args, new Set(['reference', 'from']));
    if (!parsed.flags.has('R') && !parsed.flags.has('recursive')) continue;
    const [value, ...paths] = parsed.positionals;
    if (!value || paths.length === 0) continue;
    const targets = paths
      .map((p) => resolvePath(p.value, movedAway ? undefined : cwd))
      .filter((p): p is string => p !== undefined)
      .filter((t) => !written.some((w) => w === t || w.startsWith(`${t}/`)));
    if (targets.length > 0) out.push({ invocation: inv, program: inv.program, value: value.value, targets });
  }
  return out;
}

/** COPY/ADD instructions of the stage, before `run`, that put files under (or at) one of the targets. */
function copiesUnder(
  model: Model,
  stage: Stage,
  run: Instruction,
  targets: readonly string[],
): Instruction[] {
  return stage.instructions.filter(
    (i) =>
      (i.keyword === 'COPY' || i.keyword === 'ADD') &&
      i.index < run.index &&
      copiedPaths(model, stage, i).some((p) => !isSmallTextFile(p) && targets.some((t) => hitsCopied(t, p))),
  );
}

/**
 * When the RUN only changes owners/modes, with literal values, over paths that only COPYs filled
 * (no RUN in between), the flags move onto those COPYs and the RUN goes.
 */
function replaceWithCopyFlags(
  model: Model,
  stage: Stage,
  run: Instruction,
): { title: string; edits: TextEdit[] } | undefined {
  if (run.flags.length > 0 || run.heredocs.length > 0 || !run.shell) return undefined;
  const facts = scriptFacts(run);
  const changes = recursiveChanges(model, stage, run);
  if (changes.length === 0 || changes.length !== facts.invocations.length) return undefined;
  if (run.shell.commands.some((c) => c.operator === '||' || c.operator === '|' || c.operator === '&'))
    return undefined;
  const flags = new Map<string, string>();
  for (const change of changes) {
    const name = change.program === 'chown' ? 'chown' : 'chmod';
    if (change.value.includes('$') || flags.has(name)) return undefined;
    if (name === 'chmod' && !/^[0-7]{3,4}$/.test(change.value)) return undefined;
    if (change.invocation.args.some((a) => /^-[^R-]|^--(?!recursive)/.test(a.value) && a.value !== '-R'))
      return undefined;
    flags.set(name, change.value);
  }
  const targets = changes.flatMap((c) => c.targets);
  const copies = copiesUnder(model, stage, run, targets);
  if (copies.length === 0) return undefined;
  // A RUN between the first COPY and this one may have created files the COPY flags would not cover.
  const firstCopy = copies[0]!.index;
  if (stage.instructions.some((i) => i.keyword === 'RUN' && i.index > firstCopy && i.index < run.index))
    return undefined;
  // Every target must be something a COPY brought in (not, e.g., a folder a RUN created before).
  const earlierRuns = stage.instructions.filter((i) => i.keyword === 'RUN' && i.index < firstCopy);
  for (const r of earlierRuns)
    for (const inv of scriptFacts(r).invocations)
      if (inv.args.some((a) => targets.some((t) => a.value.startsWith('/') && overlaps(t, a.value))))
        return undefined;

  const edits: TextEdit[] = [];
  for (const copy of copies) {
    let inserted = '';
    for (const [name, value] of flags) {
      const existing = copy.flags.find((f) => f.name === name);
      if (existing?.valueRange) edits.push({ range: existing.valueRange, newText: value });
      else if (!existing) inserted += ` --${name}=${value}`;
      else return undefined;
    }
    if (inserted)
      edits.push({ range: { start: copy.keywordRange.end, end: copy.keywordRange.end }, newText: inserted });
  }
  edits.push(deleteInstruction(model, run));
  edits.sort((a, b) => model.positions.offsetAt(a.range.start) - model.positions.offsetAt(b.range.start));
  const described = [...flags].map(([n, v]) => `--${n}=${v}`).join(' ');
  return { title: `Use ${copies[0]!.keyword} ${described} and remove this RUN`, edits };
}
