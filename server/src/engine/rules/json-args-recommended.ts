import { execFormArray } from '../fixes/text';
import type { Instruction, Model, ShellCommand, Stage } from '../model/types';
import type { Rule } from './types';

// Characters that only a shell gives meaning to: variables, globs, substitutions, home directories.
const SHELL_SYNTAX = /[$`*?[{~]/;

/**
 * In shell form, CMD and ENTRYPOINT run as `/bin/sh -c "…"`: the shell is PID 1, so `docker stop`'s
 * SIGTERM never reaches the program and the container is killed after the grace period.
 */
export const jsonArgsRecommended: Rule = {
  meta: {
    id: 'json-args-recommended',
    category: 'correctness',
    severity: 'warning',
    aliases: ['JSONArgsRecommended', 'DL3025'],
    description:
      'CMD and ENTRYPOINT in shell form run under /bin/sh, which does not pass signals on to the program.',
    fixable: 'safe',
  },
  check({ model, stages, report }) {
    for (const stage of stages) {
      // With a custom SHELL the user chose the interpreter on purpose (BuildKit does not warn either).
      if (usesCustomShell(model, stage.index)) continue;
      for (const instruction of stage.instructions) {
        if ((instruction.keyword !== 'CMD' && instruction.keyword !== 'ENTRYPOINT') || instruction.execForm)
          continue;
        if (!instruction.argsRange) continue;
        const ignoresCmd =
          instruction.keyword === 'ENTRYPOINT' ? ' It also ignores CMD and `docker run` arguments.' : '';
        report({
          range: instruction.argsRange,
          message: `${instruction.keyword} in shell form runs under /bin/sh -c, so the program does not receive signals such as SIGTERM from \`docker stop\`.${ignoresCmd} Use the JSON (exec) form.`,
        });
      }
    }
  },
  fix(finding, { model }) {
    const instruction = model.instructions.find(
      (i) =>
        (i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') &&
        i.argsRange?.start.line === finding.range.start.line &&
        !i.execForm,
    );
    if (!instruction?.argsRange) return [];
    const words = simpleCommandWords(instruction);
    if (words) {
      return [
        {
          title: `Convert ${instruction.keyword} to exec form`,
          kind: 'quickfix',
          isPreferred: true,
          edits: [{ range: instruction.argsRange, newText: execFormArray(words) }],
        },
      ];
    }
    // The command needs a shell (variables, pipes, &&): keep it, but say so explicitly; with a single
    // command, `exec` makes the program replace the shell (placed after any `NAME=value` prefixes).
    const script = withExec(instruction) ?? instruction.argsText;
    return [
      {
        title: `Convert ${instruction.keyword} to exec form that runs /bin/sh -c explicitly`,
        kind: 'quickfix',
        edits: [{ range: instruction.argsRange, newText: execFormArray(['/bin/sh', '-c', script]) }],
      },
    ];
  },
};

/** The argv of a command that needs no shell at all, or undefined. A leading `exec` is dropped. */
function simpleCommandWords(instruction: Instruction): string[] | undefined {
  const commands = instruction.shell?.commands ?? [];
  if (commands.length !== 1) return undefined;
  const command: ShellCommand = commands[0]!;
  if (
    command.assignments.length > 0 ||
    command.redirects.length > 0 ||
    command.operator !== undefined ||
    !command.name
  )
    return undefined;
  const words = [command.name, ...command.args];
  if (words.some((w) => SHELL_SYNTAX.test(w.text))) return undefined;
  const argv = words.map((w) => w.value);
  if (argv[0] === 'exec' && argv.length > 1) argv.shift();
  return argv;
}

/** `NAME=v prog args` → `NAME=v exec prog args` for a single command; undefined when it does not apply. */
function withExec(instruction: Instruction): string | undefined {
  const commands = instruction.shell?.commands ?? [];
  const command = commands[0];
  if (commands.length !== 1 || !command?.name || command.name.value === 'exec') return undefined;
  const text = instruction.argsText;
  let at = 0;
  for (const assignment of command.assignments)
    at = text.indexOf(assignment.text, at) + assignment.text.length;
  const nameAt = text.indexOf(command.name.text, at);
  if (nameAt < 0) return undefined;
  return `${text.slice(0, nameAt)}exec ${text.slice(nameAt)}`;
}

function usesCustomShell(model: Model, stageIndex: number): boolean {
  let current: number | undefined = stageIndex;
  const seen = new Set<number>();
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const stage: Stage | undefined = model.stages[current];
    if (!stage) return false;
    if (stage.instructions.some((i) => i.keyword === 'SHELL')) return true;
    current = stage.baseStage;
  }
  return false;
}
