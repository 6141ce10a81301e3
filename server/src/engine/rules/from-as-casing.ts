import { keywordText } from './lib/stages';
import type { Rule } from './types';

/**
 * BuildKit's FromAsCasing: an all-upper-case `FROM` wants `AS`, an all-lower-case `from` wants `as`.
 * A `From` in mixed case is left alone (the keyword itself is then the inconsistency).
 */
export const fromAsCasing: Rule = {
  meta: {
    id: 'from-as-casing',
    category: 'correctness',
    severity: 'warning',
    aliases: ['FromAsCasing'],
    description: "The `AS` keyword's casing does not match the `FROM` keyword's.",
    fixable: 'safe',
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      const as = stage.from.args[1];
      if (!stage.nameRange || !as || as.text.toLowerCase() !== 'as') continue;
      const from = keywordText(model, stage.from);
      const wanted = from === from.toUpperCase() ? 'AS' : from === from.toLowerCase() ? 'as' : undefined;
      if (!wanted || as.text === wanted) continue;
      report({
        range: as.range,
        message: `\`${as.text}\` does not match the casing of \`${from}\`: write \`${from} … ${wanted} ${stage.rawName ?? ''}\`.`,
        data: { wanted },
      });
    }
  },
  fix(finding) {
    const wanted = finding.data?.wanted;
    if (wanted !== 'AS' && wanted !== 'as') return [];
    return [
      {
        title: `Write \`${wanted}\``,
        kind: 'quickfix',
        isPreferred: true,
        edits: [{ range: finding.range, newText: wanted }],
      },
    ];
  },
};
