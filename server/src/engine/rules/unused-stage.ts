import type { Model, Stage, TextEdit } from '../model/types';
import { runMounts } from '../shell/mounts';
import { keywordAsWritten } from './lib/runEdits';
import type { Rule } from './types';

/**
 * An unnamed stage can only be used by its index (`COPY --from=0`); when nothing uses it and it is
 * not the last stage, no build output depends on it. BuildKit skips it, the legacy builder builds
 * it for nothing, and readers wonder what it is for.
 */
export const unusedStage: Rule = {
  meta: {
    id: 'unused-stage',
    category: 'size',
    severity: 'info',
    aliases: [],
    description: 'An unnamed stage that is not the last one and that no later stage uses.',
    fixable: 'suggestion',
  },
  check({ model, report }) {
    const refs = references(model);
    if (refs.dynamic) return;
    // A template (`FROM alpine:{{ .version }}`, `%%PLACEHOLDER%%`) picks its stages when rendered.
    if (model.stages.some((s) => /\{\{|%%/.test(s.from.argsText))) return;
    const last = model.stages.length - 1;
    for (const stage of model.stages) {
      if (stage.index === last || stage.name !== undefined || refs.used.has(stage.index)) continue;
      const image = stage.base?.raw ?? '';
      report({
        range: stage.from.range,
        message: `Stage ${stage.index} (\`FROM ${image}\`) has no name and no later stage copies from it or mounts it, so it adds nothing to the image: BuildKit skips it and the legacy builder builds it for nothing. Remove it, or name it if you build it on its own.`,
        unnecessary: true,
        data: { stage: stage.index },
      });
    }
  },
  fix(finding, { model }) {
    const stage = model.stages[finding.data?.stage as number];
    if (!stage) return [];
    const fixes = [];
    const removal = removeStage(model, stage);
    if (removal)
      fixes.push({ title: `Remove unused stage ${stage.index}`, kind: 'quickfix' as const, edits: removal });
    const name = `stage-${stage.index}`;
    if (stage.base && !model.stages.some((s) => s.name === name)) {
      const as = keywordAsWritten(model, stage.from, 'AS');
      fixes.push({
        title: `Name the stage \`${name}\``,
        kind: 'quickfix' as const,
        edits: [
          { range: { start: stage.base.range.end, end: stage.base.range.end }, newText: ` ${as} ${name}` },
        ],
      });
    }
    return fixes;
  },
};

/** Stage indexes used by `COPY --from=<n>` or `RUN --mount=from=<n>`; `dynamic` when a reference is a variable. */
function references(model: Model): { used: Set<number>; dynamic: boolean } {
  const used = new Set<number>();
  let dynamic = false;
  const note = (value: string | undefined): void => {
    if (value === undefined) return;
    if (value.includes('$')) dynamic = true;
    else if (/^\d+$/.test(value)) used.add(Number(value));
  };
  for (const i of model.instructions) {
    if (i.keyword === 'COPY' || i.keyword === 'ADD') note(i.flags.find((f) => f.name === 'from')?.value);
    if (i.keyword === 'RUN') for (const m of runMounts(i)) note(m.from);
    if (i.keyword === 'ONBUILD' && /--from=\S*\$/.test(i.argsText)) dynamic = true;
  }
  return { used, dynamic };
}

/** Deletes the stage's lines and renumbers later `COPY --from=<n>`; undefined when a mount names a later index. */
function removeStage(model: Model, stage: Stage): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const i of model.instructions) {
    if (
      i.keyword === 'RUN' &&
      runMounts(i).some((m) => m.from !== undefined && /^\d+$/.test(m.from) && Number(m.from) > stage.index)
    )
      return undefined;
    if (i.keyword !== 'COPY' && i.keyword !== 'ADD') continue;
    const from = i.flags.find((f) => f.name === 'from');
    if (!from?.value || !from.valueRange || !/^\d+$/.test(from.value) || Number(from.value) <= stage.index)
      continue;
    edits.push({ range: from.valueRange, newText: String(Number(from.value) - 1) });
  }
  const lastLine = stage.instructions[stage.instructions.length - 1]!.range.end.line;
  const start = { line: stage.from.range.start.line, character: 0 };
  const end =
    lastLine + 1 < model.positions.lineCount
      ? { line: lastLine + 1, character: 0 }
      : model.positions.positionAt(model.text.length);
  edits.unshift({ range: { start, end }, newText: '' });
  return edits;
}
