import type { Instruction, Model, Stage } from '../model/types';
import { packageCommands } from '../shell/packages';
import { invocations } from '../shell/query';
import { commandRange, editable, insertAt } from './lib/runEdits';
import { chainInstructions, runScript } from './lib/size';
import type { Rule } from './types';

const FLAG = '--no-install-recommends';
// `-o APT::Install-Recommends=false` on the command line, or the same setting written to apt.conf.d.
const OFF_SETTING = /APT::Install-Recommends\s*[= ]\s*"?(false|0|no|off)"?/i;

/**
 * apt installs the packages a package only recommends (documentation, optional helpers) unless told
 * not to: on Debian and Ubuntu that often doubles what an `apt-get install` adds.
 */
export const aptNoInstallRecommends: Rule = {
  meta: {
    id: 'apt-no-install-recommends',
    category: 'size',
    severity: 'info',
    aliases: ['DL3015'],
    description: '`apt-get install` without `--no-install-recommends` also installs recommended packages.',
    fixable: 'suggestion',
  },
  check({ model, stages, report }) {
    for (const stage of stages) {
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        let configured: boolean | undefined;
        for (const p of packageCommands(runScript(run))) {
          if (p.manager !== 'apt' || p.action !== 'install' || p.packages.length === 0) continue;
          if (p.args.flags.has('no-install-recommends')) continue;
          // A simulation or a download-only run installs nothing.
          if (
            ['s', 'simulate', 'dry-run', 'just-print', 'no-act', 'recon', 'd', 'download-only'].some((f) =>
              p.args.flags.has(f),
            )
          )
            continue;
          if (p.invocation.args.some((a) => OFF_SETTING.test(a.value))) continue;
          configured ??= configuredOff(model, stage, run);
          if (configured) continue;
          const action = p.args.positionals[0];
          report({
            range: commandRange(p.invocation, action),
            message: `\`${p.invocation.program} install\` without \`${FLAG}\` also installs every package that the listed ones only recommend, often tens of MB. Add \`${FLAG}\` and name what you need.`,
            data: { at: action && editable(run, p.invocation) ? action.end : undefined },
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const at = finding.data?.at;
    if (typeof at !== 'number') return [];
    return [{ title: `Add ${FLAG}`, kind: 'quickfix', edits: [insertAt(model, at, FLAG)] }];
  },
};

/** The RUN itself or an earlier RUN of the stage chain sets `APT::Install-Recommends "false"` in apt's configuration. */
function configuredOff(model: Model, stage: Stage, run: Instruction): boolean {
  for (const i of chainInstructions(model, stage)) {
    if (i.index > run.index) break;
    if (i.keyword !== 'RUN') continue;
    if (invocations(runScript(i)).some((inv) => inv.args.some((a) => OFF_SETTING.test(a.value)))) return true;
    if (i.heredocs.some((h) => h.body && OFF_SETTING.test(h.body.text))) return true;
  }
  return false;
}
