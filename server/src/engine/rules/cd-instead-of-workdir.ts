import type { Instruction, Model, ShellCommand, Stage } from '../model/types';
import { runMounts } from '../shell/mounts';
import { parseArgs } from '../shell/query';
import { logicalSlice } from './lib/expansion';
import { indentation, likeKeyword, lineEnding, lineStart } from './lib/lines';
import type { Rule } from './types';

// Instructions that do not depend on the working directory (COPY/ADD/VOLUME only with absolute paths).
const NEUTRAL = new Set(['ENV', 'ARG', 'LABEL', 'EXPOSE', 'USER', 'STOPSIGNAL', 'MAINTAINER', 'SHELL']);

/**
 * `RUN cd /app && make`: the `cd` lasts only for this RUN, every later instruction starts in the
 * stage's working directory again. WORKDIR changes it for the rest of the stage and says so.
 * Only a `cd` that starts the RUN at the top level is reported: `(cd sub && make)` and a `cd` later
 * in a script are ordinary shell use.
 */
export const cdInsteadOfWorkdir: Rule = {
  meta: {
    id: 'cd-instead-of-workdir',
    category: 'correctness',
    severity: 'info',
    aliases: ['DL3003'],
    description: 'A RUN starts with `cd`; WORKDIR is the instruction that changes directories.',
    fixable: 'suggestion',
  },
  check({ model, stages, shipped, report }) {
    for (const stage of stages) {
      for (const instruction of stage.instructions) {
        const cd = leadingCd(model, instruction);
        if (!cd) continue;
        const alone = cd.command.operator === undefined;
        const message = alone
          ? `\`cd ${cd.target}\` in a RUN of its own has no effect: the next instruction starts in the stage's working directory again. Use \`WORKDIR ${cd.target}\`.`
          : `\`cd ${cd.target}\` changes the directory only for this RUN. Use \`WORKDIR ${cd.target}\` to switch directories for the instructions that follow.`;
        report({
          range: cd.command.range,
          message,
          data: {
            instruction: instruction.index,
            fixable: fixIsSafe(model, stage, instruction, cd, shipped),
          },
        });
      }
    }
  },
  fix(finding, { model }) {
    const instruction = model.instructions[Number(finding.data?.instruction)];
    if (!instruction || finding.data?.fixable !== true) return [];
    const cd = leadingCd(model, instruction);
    if (!cd) return [];
    const title = `Use WORKDIR ${cd.target}`;
    const next = instruction.shell!.commands[1];
    if (!next) {
      // The RUN becomes the WORKDIR, in the RUN keyword's casing.
      const workdir = `${likeKeyword(model, instruction, 'WORKDIR')} ${cd.target}`;
      return [{ title, kind: 'quickfix', edits: [{ range: instruction.range, newText: workdir }] }];
    }
    // An added instruction is upper case: dockerfile-utils flags lower-case keywords.
    const workdir = `WORKDIR ${cd.target}`;
    return [
      {
        title,
        kind: 'quickfix',
        edits: [
          {
            range: lineStart(instruction),
            newText: `${indentation(model, instruction)}${workdir}${lineEnding(model)}`,
          },
          { range: { start: cd.command.range.start, end: next.range.start }, newText: '' },
        ],
      },
    ];
  },
};

interface LeadingCd {
  command: ShellCommand;
  /** The directory as written. */
  target: string;
  /** The directory with quotes resolved. */
  value: string;
  quoted: boolean;
}

/** The `cd <dir>` that starts a shell-form RUN at the top level (not in a subshell or block). */
function leadingCd(model: Model, instruction: Instruction): LeadingCd | undefined {
  if (instruction.keyword !== 'RUN' || !instruction.shell || instruction.heredocs.length > 0)
    return undefined;
  const command = instruction.shell.commands[0];
  if (!command?.name || command.name.value !== 'cd' || command.assignments.length > 0) return undefined;
  if (command.operator === '|' || command.operator === '&') return undefined;
  // Nothing but blanks (and continuations) between the arguments' start and `cd`: no `(`, `{`, `if`.
  const argsStart = model.positions.offsetAt(instruction.argsRange!.start);
  const before = logicalSlice(model, argsStart, Math.max(argsStart, command.words[0]!.start));
  if (before.text.trim() !== '') return undefined;
  const { positionals } = parseArgs(command.args);
  if (positionals.length !== 1) return undefined;
  const dir = positionals[0]!;
  if (dir.value === '-' || dir.value === '') return undefined;
  return { command, target: dir.text, value: dir.value, quoted: dir.quoted };
}

/**
 * The rewrite keeps behaviour only when the new working directory cannot matter after the RUN: the
 * directory is a literal absolute path, the RUN does not `cd` again, and every later instruction of
 * the stage is indifferent to the working directory up to an absolute WORKDIR (or the stage ends, is
 * not shipped and no stage is built FROM it).
 */
function fixIsSafe(
  model: Model,
  stage: Stage,
  instruction: Instruction,
  cd: LeadingCd,
  shipped: ReadonlySet<number>,
): boolean {
  if (!cd.value.startsWith('/') || /[$`*?~\\]/.test(cd.target) || cd.quoted) return false;
  const op = cd.command.operator;
  if (op !== '&&' && op !== undefined) return false;
  const commands = instruction.shell!.commands;
  if (commands.slice(1).some((c) => c.name && ['cd', 'pushd', 'popd'].includes(c.name.value))) return false;
  if (runMounts(instruction).some((m) => m.target !== undefined && !m.target.startsWith('/'))) return false;
  for (const later of stage.instructions) {
    if (later.index <= instruction.index) continue;
    if (later.keyword === 'WORKDIR') return isAbsoluteLiteral(later.argsText.trim());
    if (NEUTRAL.has(later.keyword)) continue;
    if (later.keyword === 'COPY' || later.keyword === 'ADD') {
      const destination = later.args[later.args.length - 1]?.text ?? '';
      if (isAbsoluteLiteral(destination.replace(/^\[?\s*"?|"?\s*\]?$/g, ''))) continue;
      return false;
    }
    if (
      later.keyword === 'VOLUME' &&
      later.args.every((a) => isAbsoluteLiteral(a.text.replace(/[[\]",]/g, '')))
    )
      continue;
    return false;
  }
  // The stage ends: its working directory now differs, which matters if it is run or built upon.
  return !shipped.has(stage.index) && !model.stages.some((s) => s.baseStage === stage.index);
}

function isAbsoluteLiteral(path: string): boolean {
  return path.startsWith('/') && !path.includes('$');
}
