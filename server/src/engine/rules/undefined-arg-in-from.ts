import type { Range, VariableDecl } from '../model/types';
import { logicalSlice, variableReferences } from './lib/expansion';
import { PLATFORM_ARGS } from './lib/platformArgs';
import { closest } from './lib/suggest';
import type { Rule } from './types';

/**
 * FROM lines (image and `--platform`) are expanded with the global ARGs only: those declared before
 * the first FROM, plus BuildKit's automatic platform ARGs. Anything else expands to an empty string,
 * and `--build-arg` cannot set it because the build does not declare it there.
 */
export const undefinedArgInFrom: Rule = {
  meta: {
    id: 'undefined-arg-in-from',
    category: 'correctness',
    severity: 'warning',
    aliases: ['UndefinedArgInFrom'],
    description: 'A FROM line uses a variable that is not an ARG declared before the first FROM.',
  },
  check({ model, report }) {
    const global = new Set(model.globalArgs.map((a) => a.name));
    const stageArgs = new Map<string, VariableDecl>();
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ARG' || instruction.stageIndex < 0) continue;
      for (const word of instruction.args) {
        const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(word.text)?.[0];
        if (name && !stageArgs.has(name))
          stageArgs.set(name, { name, value: undefined, instruction, range: word.range });
      }
    }
    for (const stage of model.stages) {
      const places: Range[] = [];
      if (stage.base) places.push(stage.base.range);
      const platform = stage.from.flags.find((f) => f.name === 'platform');
      if (platform?.valueRange) places.push(platform.valueRange);
      for (const place of places) {
        const source = logicalSlice(
          model,
          model.positions.offsetAt(place.start),
          model.positions.offsetAt(place.end),
        );
        for (const ref of variableReferences(source, model.escapeChar, model)) {
          if (global.has(ref.name) || PLATFORM_ARGS.has(ref.name)) continue;
          const later = stageArgs.get(ref.name);
          const hint = later
            ? ` \`ARG ${ref.name}\` on line ${later.range.start.line + 1} is inside a stage, where FROM lines cannot see it: move it before the first FROM.`
            : suggestionText(closest(ref.name, [...global, ...PLATFORM_ARGS]), ref.name);
          report({
            range: ref.range,
            message: `\`$${ref.name}\` is not declared before the first FROM, so it expands to ${ref.operator === ':-' || ref.operator === '-' ? 'its default' : 'an empty string'} and \`--build-arg ${ref.name}=…\` cannot change it.${hint}`,
          });
        }
      }
    }
  },
};

function suggestionText(match: string | undefined, name: string): string {
  return match
    ? ` Did you mean \`$${match}\`?`
    : ` Declare \`ARG ${name}\` (with a default if it needs one) before the first FROM.`;
}
