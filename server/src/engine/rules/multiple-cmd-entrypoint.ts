import type { Instruction } from '../model/types';
import { wholeLinesRange } from './lib/lines';
import type { Rule } from './types';

const TEMPLATE = /^(?:<%|\{\{|\{%|%%)/;

/** An image has one CMD and one ENTRYPOINT: in a stage, every one but the last is ignored. */
export const multipleCmdEntrypoint: Rule = {
  meta: {
    id: 'multiple-cmd-entrypoint',
    category: 'correctness',
    severity: 'warning',
    aliases: ['DL4003', 'DL4004', 'MultipleInstructionsDisallowed'],
    description: 'A stage has more than one CMD or ENTRYPOINT; only the last one takes effect.',
    fixable: 'safe',
  },
  check({ stages, report }) {
    for (const stage of stages) {
      for (const keyword of ['CMD', 'ENTRYPOINT']) {
        const all = stage.instructions.filter((i) => i.keyword === keyword);
        const last = all[all.length - 1];
        for (const earlier of all.slice(0, -1)) {
          // A template directive between them (`<% else %>`, `{{ else }}`) makes them alternatives.
          if (
            stage.instructions.some(
              (i) => i.index > earlier.index && i.index < last!.index && TEMPLATE.test(i.keyword),
            )
          )
            continue;
          report({
            range: earlier.range,
            message: `This ${keyword} is ignored: the ${keyword} on line ${last!.range.start.line + 1} replaces it. A stage uses only its last ${keyword}.`,
            unnecessary: true,
            data: { instruction: earlier.index },
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const instruction: Instruction | undefined = model.instructions[Number(finding.data?.instruction)];
    if (!instruction || instruction.range.start.line !== finding.range.start.line) return [];
    return [
      {
        title: `Remove the ignored ${instruction.keyword}`,
        kind: 'quickfix',
        isPreferred: true,
        edits: [{ range: wholeLinesRange(model, instruction), newText: '' }],
      },
    ];
  },
};
