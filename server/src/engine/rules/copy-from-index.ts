import type { Model, Stage, TextEdit } from '../model/types';
import { likeKeyword } from './lib/lines';
import { resolveReference, STAGE_NAME, stageReferences, type StageReference } from './lib/stages';
import type { Rule } from './types';

/**
 * `COPY --from=0` names a stage by its position: adding or removing a stage above it silently makes it
 * copy from another stage. A name says which stage is meant and survives reordering.
 */
export const copyFromIndex: Rule = {
  meta: {
    id: 'copy-from-index',
    category: 'correctness',
    severity: 'info',
    aliases: [],
    description: '`COPY --from` (or a RUN mount) refers to a stage by its number instead of its name.',
    fixable: 'safe',
  },
  check({ model, report }) {
    for (const ref of stageReferences(model)) {
      const resolved = resolveReference(model, ref.value, ref.instruction.stageIndex);
      if (resolved.kind !== 'index') continue;
      const stage = resolved.stage;
      const what = stage.rawName ? `\`${stage.rawName}\`` : `\`FROM ${stage.base?.raw ?? ''}\``;
      const flag = ref.kind === 'copy' ? `--from=${ref.value}` : `from=${ref.value}`;
      report({
        range: ref.range,
        message: `\`${flag}\` refers to stage ${stage.index} (${what}, line ${stage.from.range.start.line + 1}) by its position: adding or removing a stage above it changes what is copied. Refer to the stage by name.`,
        data: { stage: stage.index },
      });
    }
  },
  fix(finding, { model }) {
    const stage = model.stages[Number(finding.data?.stage)];
    if (!stage) return [];
    const edits: TextEdit[] = [];
    let name = stage.rawName;
    if (!name) {
      name = newStageName(model, stage);
      if (!stage.base) return [];
      const as = likeKeyword(model, stage.from, 'AS');
      edits.push({
        range: { start: stage.base.range.end, end: stage.base.range.end },
        newText: ` ${as} ${name}`,
      });
    }
    for (const ref of numericReferencesTo(model, stage)) edits.push({ range: ref.range, newText: name });
    return [
      {
        title: stage.rawName
          ? `Use the stage name ${name}`
          : `Name stage ${stage.index} ${name} and use the name`,
        kind: 'quickfix',
        isPreferred: true,
        edits,
      },
    ];
  },
};

function numericReferencesTo(model: Model, stage: Stage): StageReference[] {
  return stageReferences(model).filter((ref) => {
    const resolved = resolveReference(model, ref.value, ref.instruction.stageIndex);
    return resolved.kind === 'index' && resolved.stage.index === stage.index;
  });
}

/**
 * A name for an unnamed stage: its base image's name (`golang:1.27` → `golang`), else `build`, else
 * `stage-<n>`, skipping names already used for a stage or written anywhere as an image or `--from`
 * value (a new stage name would capture those references).
 */
function newStageName(model: Model, stage: Stage): string {
  const taken = new Set<string>(['scratch', 'context']);
  for (const s of model.stages) {
    if (s.name) taken.add(s.name);
    if (s.base) taken.add(s.base.resolved.toLowerCase());
  }
  for (const ref of stageReferences(model)) taken.add(ref.value.toLowerCase());
  const candidates: string[] = [];
  const base = stage.base;
  if (base && !base.hasUnresolvedVariables && stage.baseStage === undefined) {
    const last = base.repository.split('/').pop() ?? '';
    const cleaned = last.toLowerCase().replace(/[^a-z0-9\-_.]/g, '-');
    candidates.push(cleaned, `${cleaned}-build`);
  }
  candidates.push('build', 'builder');
  for (const candidate of candidates)
    if (STAGE_NAME.test(candidate) && !taken.has(candidate)) return candidate;
  let n = stage.index;
  while (taken.has(`stage-${n}`)) n++;
  return `stage-${n}`;
}
