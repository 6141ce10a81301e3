import type { Instruction } from '../model/types';
import { joinRuns } from './lib/runEdits';
import { scriptFacts } from './lib/size';
import type { Rule } from './types';

// Package managers whose installs are worth doing in one RUN, grouped by what they share.
const FAMILY: Record<string, string> = {
  apt: 'apt',
  apk: 'apk',
  dnf: 'dnf/yum',
  yum: 'dnf/yum',
  microdnf: 'dnf/yum',
  zypper: 'zypper',
  pip: 'pip',
};

/**
 * Every RUN is a layer: two RUNs in a row that both install packages pay twice for the package
 * manager's metadata and for every file the second one changes, and cost an extra layer to pull.
 */
export const combineConsecutiveRuns: Rule = {
  meta: {
    id: 'combine-consecutive-runs',
    category: 'size',
    severity: 'info',
    aliases: ['DL3059'],
    description: 'Consecutive RUN instructions that each install packages with the same package manager.',
    fixable: 'suggestion',
  },
  check({ stages, report }) {
    for (const stage of stages) {
      let previous: { run: Instruction; families: Set<string> } | undefined;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') {
          previous = undefined;
          continue;
        }
        const families = installFamilies(instruction);
        const shared = previous ? [...families].filter((f) => previous!.families.has(f)) : [];
        if (previous && shared.length > 0) {
          report({
            range: instruction.keywordRange,
            message: `This RUN and the one on line ${previous.run.range.start.line + 1} both install packages with ${shared[0]}: each RUN is another layer with its own copy of the package metadata. Merge them into one RUN.`,
            data: { instruction: instruction.index, previous: previous.run.index },
          });
        }
        previous = { run: instruction, families };
      }
    }
  },
  fix(finding, { model }) {
    const second = model.instructions[finding.data?.instruction as number];
    const first = model.instructions[finding.data?.previous as number];
    if (!first || !second || typeof finding.data?.previous !== 'number') return [];
    const edit = joinRuns(model, first, second);
    if (!edit) return [];
    return [
      {
        title: `Merge into the RUN on line ${first.range.start.line + 1}`,
        kind: 'quickfix',
        edits: [edit],
      },
    ];
  },
};

function installFamilies(run: Instruction): Set<string> {
  const out = new Set<string>();
  for (const p of scriptFacts(run).packages) {
    const family = FAMILY[p.manager];
    if (
      family &&
      p.action === 'install' &&
      (p.packages.length > 0 || p.args.flags.has('r') || p.args.flags.has('requirement'))
    )
      out.add(family);
  }
  return out;
}
