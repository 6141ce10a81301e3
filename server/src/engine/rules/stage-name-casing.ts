import type { TextEdit } from '../model/types';
import { stageReferences } from './lib/stages';
import type { Rule } from './types';

/**
 * BuildKit lower-cases stage names before it compares them, so `AS Builder` works, but the mixed case
 * reads like an instruction keyword and hides that `builder` and `Builder` are the same stage.
 */
export const stageNameCasing: Rule = {
  meta: {
    id: 'stage-name-casing',
    category: 'correctness',
    severity: 'warning',
    aliases: ['StageNameCasing'],
    description: 'A stage name is not all lower case.',
    fixable: 'safe',
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const raw = stage.rawName;
      if (!raw || !stage.nameRange || raw === raw.toLowerCase()) continue;
      report({
        range: stage.nameRange,
        message: `Stage name \`${raw}\` should be lower case (\`${raw.toLowerCase()}\`): stage names are case-insensitive, and upper-case letters make them look like keywords.`,
        data: { stage: stage.index },
      });
    }
  },
  fix(finding, { model }) {
    const stage = model.stages[Number(finding.data?.stage)];
    if (!stage?.rawName || !stage.nameRange) return [];
    const lower = stage.rawName.toLowerCase();
    const edits: TextEdit[] = [{ range: stage.nameRange, newText: lower }];
    // `FROM <stage>` lines built on this stage.
    for (const other of model.stages) {
      const base = other.base;
      if (other.baseStage !== stage.index || !base || base.raw.includes('$')) continue;
      if (base.raw !== base.raw.toLowerCase())
        edits.push({ range: base.range, newText: base.raw.toLowerCase() });
    }
    // `COPY --from=<stage>` and `RUN --mount=…,from=<stage>` (BuildKit matches them case-insensitively).
    for (const ref of stageReferences(model)) {
      if (ref.value.toLowerCase() === lower && ref.value !== lower)
        edits.push({ range: ref.range, newText: lower });
    }
    const others = edits.length - 1;
    return [
      {
        title:
          others > 0
            ? `Rename stage to ${lower} (and ${others} reference${others === 1 ? '' : 's'})`
            : `Rename stage to ${lower}`,
        kind: 'quickfix',
        isPreferred: true,
        edits,
      },
    ];
  },
};
