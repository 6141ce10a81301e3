import type { Stage } from '../model/types';
import type { Rule } from './types';

/**
 * Stage names are compared case-insensitively; with two stages of one name, `--target`, `FROM <name>`
 * and `COPY --from=<name>` can only mean one of them, and which one depends on the builder.
 */
export const duplicateStageName: Rule = {
  meta: {
    id: 'duplicate-stage-name',
    category: 'correctness',
    severity: 'error',
    aliases: ['DuplicateStageName', 'DL3024'],
    description: 'Two stages have the same name (names are compared case-insensitively).',
  },
  check({ model, report }) {
    const first = new Map<string, Stage>();
    for (const stage of model.stages) {
      if (!stage.name || !stage.nameRange) continue;
      const earlier = first.get(stage.name);
      if (!earlier) {
        first.set(stage.name, stage);
        continue;
      }
      report({
        range: stage.nameRange,
        message: `Stage name \`${stage.rawName}\` is already used by the stage on line ${earlier.from.range.start.line + 1}. \`--target\`, \`FROM ${stage.name}\` and \`COPY --from=${stage.name}\` cannot tell them apart: give each stage its own name.`,
      });
    }
  },
};
