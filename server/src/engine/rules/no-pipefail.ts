import type { Fix } from '../findings';
import type { Instruction, Model, ShellCommand, Stage } from '../model/types';
import { baseName, parseArgs } from '../shell/query';
import { indentation, lineEnding, lineStart } from './lib/lines';
import type { Rule } from './types';

// Shells that understand `set -o pipefail` (bash, zsh, ksh; BusyBox ash since 1.16). dash, Debian's
// and Ubuntu's /bin/sh, does not: `set -o pipefail` is an error there.
const PIPEFAIL_SHELLS = new Set(['bash', 'zsh', 'ksh', 'mksh', 'ash']);
const POSIX_SHELLS = new Set([...PIPEFAIL_SHELLS, 'sh', 'dash', 'busybox']);
// Commands whose failure in front of a pipe does not matter (`echo "$SHA  f" | sha256sum -c -`).
const HARMLESS_PRODUCERS = new Set(['echo', 'printf', 'true', ':']);
const BASH_SHELL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';

/**
 * A shell-form RUN with a pipe `a | b` succeeds when `b` succeeds, whatever `a` did: a failed
 * download in `curl … | tar -x` leaves a broken layer instead of a failed build. `set -o pipefail`
 * (or a SHELL with `-o pipefail`) makes the pipe fail when any part fails.
 */
export const noPipefail: Rule = {
  meta: {
    id: 'no-pipefail',
    category: 'correctness',
    severity: 'info',
    aliases: ['DL4006'],
    description:
      'A RUN pipes commands under a shell without `pipefail`, so failures before the last command are ignored.',
    fixable: 'suggestion',
  },
  check({ model, stages, imageFacts, report }) {
    for (const stage of stages) {
      const family = imageFacts(stage).family;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN' || !instruction.shell) continue;
        // Template files (`{{ if … | … }}`) are not shell yet.
        if (instruction.argsText.includes('{{')) continue;
        const shell = effectiveShell(model, stage, instruction);
        if (shell === undefined ? family === 'windows' : !isPosixShell(shell)) continue;
        if (shell && hasPipefail(shell)) continue;
        const pipeline = firstRiskyPipeline(withoutCaseStatements(model, instruction));
        if (!pipeline) continue;
        const producer =
          pipeline.slice(0, -1).find((c) => !HARMLESS_PRODUCERS.has(baseName(c.name?.value ?? '')))?.name
            ?.value ?? pipeline[0]!.name!.value;
        const consumer = pipeline[pipeline.length - 1]!.name?.value ?? 'the last command';
        const fix = fixKind(shell, family, instruction);
        const dash =
          !shell && (family === 'debian' || family === 'ubuntu')
            ? ' (/bin/sh is dash here, which has no pipefail: use bash)'
            : '';
        report({
          range: { start: pipeline[0]!.range.start, end: pipeline[pipeline.length - 1]!.range.end },
          message: `This pipe hides failures: the RUN succeeds when \`${consumer}\` succeeds, even if \`${producer}\` fails. Enable \`pipefail\`${dash} so that any failing command fails the build.`,
          data: { instruction: instruction.index, fix },
        });
      }
    }
  },
  fix(finding, { model }) {
    const instruction = model.instructions[Number(finding.data?.instruction)];
    if (!instruction?.argsRange) return [];
    const fixes: Fix[] = [];
    if (finding.data?.fix === 'prefix') {
      const at = instruction.argsRange.start;
      fixes.push({
        title: 'Add `set -o pipefail &&` to the RUN',
        kind: 'quickfix',
        edits: [{ range: { start: at, end: at }, newText: 'set -o pipefail && ' }],
      });
    } else if (finding.data?.fix === 'shell') {
      fixes.push({
        title: `Run with bash and pipefail: add ${BASH_SHELL}`,
        kind: 'quickfix',
        edits: [
          {
            range: lineStart(instruction),
            newText: `${indentation(model, instruction)}${BASH_SHELL}${lineEnding(model)}`,
          },
        ],
      });
    }
    return fixes;
  },
};

/** The SHELL in force for a RUN: the stage's last SHELL before it, else its base stages'; undefined = default. */
function effectiveShell(model: Model, stage: Stage, instruction: Instruction): string[] | undefined {
  let shell: string[] | undefined;
  for (const i of stage.instructions) {
    if (i.index >= instruction.index) break;
    if (i.keyword === 'SHELL' && i.execForm) shell = i.execForm;
  }
  if (shell) return shell;
  const seen = new Set<number>();
  let current = stage.baseStage;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const parent = model.stages[current];
    if (!parent) break;
    const shells = parent.instructions.filter((i) => i.keyword === 'SHELL' && i.execForm);
    if (shells.length > 0) return shells[shells.length - 1]!.execForm;
    current = parent.baseStage;
  }
  return undefined;
}

function isPosixShell(shell: string[]): boolean {
  return shell.length > 0 && POSIX_SHELLS.has(baseName(shell[0]!));
}

/** `-o pipefail`, also in combined options such as `-eo pipefail` or `-euxo pipefail`. */
function setsPipefail(args: readonly string[]): boolean {
  return args.some((a, i) => a === 'pipefail' && i > 0 && /^-[A-Za-z]*o$/.test(args[i - 1]!));
}

function hasPipefail(shell: string[]): boolean {
  return setsPipefail(shell.slice(1));
}

/**
 * The first pipeline (commands joined by `|`) whose hidden failures matter and that no earlier
 * `set -o pipefail` of the same script covers. Pipes fed only by echo/printf are harmless, and so
 * are pipes into a checksum check (`… | sha256sum -c`), which fails on missing input by itself; pipes
 * from `yes` or into `head`/`grep -q` are left alone, as pipefail would make their SIGPIPE fail.
 */
function firstRiskyPipeline(commands: readonly ShellCommand[]): ShellCommand[] | undefined {
  let i = 0;
  while (i < commands.length) {
    const command = commands[i]!;
    if (command.name?.value === 'set' && setsPipefail(command.args.map((a) => a.value))) return undefined;
    let j = i;
    while (j < commands.length - 1 && commands[j]!.operator === '|') j++;
    if (j > i) {
      const pipeline = commands.slice(i, j + 1);
      if (isRisky(pipeline)) return pipeline;
    }
    i = j + 1;
  }
  return undefined;
}

function isRisky(pipeline: ShellCommand[]): boolean {
  const names = pipeline.map((c) => (c.name ? baseName(c.name.value) : ''));
  if (!names[0]) return false;
  const producers = names.slice(0, -1);
  if (producers.every((n) => HARMLESS_PRODUCERS.has(n))) return false;
  if (producers.includes('yes')) return false;
  return !pipeline.slice(1).some((c, k) => {
    const name = names[k + 1]!;
    if (name === 'head') return true;
    // A checksum check fails on missing or cut-short input anyway.
    if (/^(?:sha\d*|md5|b2)sum$/.test(name)) {
      const { flags } = parseArgs(c.args);
      if (flags.has('c') || flags.has('check')) return true;
    }
    if (name !== 'grep' && name !== 'egrep' && name !== 'fgrep') return false;
    const { flags } = parseArgs(c.args);
    return (
      flags.has('q') || flags.has('quiet') || flags.has('silent') || flags.has('m') || flags.has('max-count')
    );
  });
}

/**
 * The RUN's commands minus those inside `case … esac`: the small shell reader does not know case
 * statements and would take the `|` between patterns (`amd64|arm64)`) for a pipe.
 */
function withoutCaseStatements(model: Model, instruction: Instruction): ShellCommand[] {
  const commands = instruction.shell!.commands;
  if (!commands.some((c) => c.name?.value === 'case')) return [...commands];
  const out: ShellCommand[] = [];
  let until = -1;
  for (const command of commands) {
    const start = command.words[0]?.start ?? 0;
    if (start < until) continue;
    if (command.name?.value === 'case') {
      const esac = /\besac\b/g;
      esac.lastIndex = start;
      const match = esac.exec(model.text);
      until = match ? match.index : model.text.length;
      continue;
    }
    out.push(command);
  }
  return out;
}

/** Which rewrite is right for this shell and base image, if any. */
function fixKind(
  shell: string[] | undefined,
  family: string,
  instruction: Instruction,
): 'prefix' | 'shell' | undefined {
  const program = shell ? baseName(shell[0]!) : 'sh';
  const heredoc = instruction.heredocs.length > 0;
  if (PIPEFAIL_SHELLS.has(program)) return heredoc ? undefined : 'prefix';
  if (program !== 'sh' && program !== 'dash') return undefined;
  // /bin/sh: BusyBox ash on Alpine, BusyBox and Wolfi; bash on RHEL-family images; dash on Debian/Ubuntu.
  if (program === 'sh' && ['alpine', 'busybox', 'wolfi', 'rhel'].includes(family))
    return heredoc ? undefined : 'prefix';
  if (family === 'debian' || family === 'ubuntu') return 'shell';
  return undefined;
}
