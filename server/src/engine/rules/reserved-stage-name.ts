import type { Rule } from './types';

// BuildKit gives these names a meaning of their own: `scratch` is the empty base image and `context`
// is the build context (named build contexts use the same namespace as stage names).
const RESERVED = new Map([
  ['scratch', '`FROM scratch` means the empty base image'],
  ['context', '`context` names the build context'],
]);

export const reservedStageName: Rule = {
  meta: {
    id: 'reserved-stage-name',
    category: 'correctness',
    severity: 'error',
    aliases: ['ReservedStageName'],
    description: 'A stage is named `scratch` or `context`, names that BuildKit reserves.',
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameRange) continue;
      const meaning = RESERVED.get(stage.name);
      if (!meaning) continue;
      report({
        range: stage.nameRange,
        message: `\`${stage.rawName}\` is reserved and cannot be used as a stage name: ${meaning}, so references to this stage are ambiguous. Rename the stage.`,
      });
    }
  },
};
