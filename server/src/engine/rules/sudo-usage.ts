import type { Instruction, Model, Word } from '../model/types';
import { baseName, runInvocations } from '../shell/query';
import { baseImageUser, chainInstructions, expandAt, instructionWords, isRootUser } from './lib/security';
import type { Rule, RuleContext } from './types';

// sudo options that take the next word as their value.
const VALUE_OPTIONS = new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-T', '-U', '-R']);

/**
 * RUN steps run as the stage's USER. sudo adds nothing when that is root and, when it is not, hides
 * a privilege change behind a tool built for interactive terminals (password prompts, TTY checks,
 * a reset environment). `USER root` for the steps that need it says the same thing plainly.
 */
export const sudoUsage: Rule = {
  meta: {
    id: 'sudo-usage',
    category: 'security',
    severity: 'warning',
    aliases: ['DL3004'],
    description: 'sudo is used inside a RUN instruction.',
    fixable: 'suggestion',
  },
  check({ model, imageFacts, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const asRoot = runsAsRoot(model, instruction, imageFacts);
      for (const inv of runInvocations(instruction)) {
        if (!inv.wrappers.includes('sudo')) continue;
        const words = [inv.command.name!, ...inv.command.args];
        const sudo = words.find((w) => w.start <= inv.programWord.start && baseName(w.value) === 'sudo');
        if (!sudo) continue;
        const removal = sudoSpan(words, sudo, inv.programWord);
        const otherUser = removal?.otherUser ?? false;
        const editable = instruction.execForm === undefined && !inv.nested && removal !== undefined;
        const why = otherUser
          ? 'it switches user here: use `USER <name>` before this step (or `gosu`/`su-exec` in an entrypoint) instead.'
          : asRoot === false
            ? 'this step runs as a non-root user: switch with `USER root` before it and back afterwards instead.'
            : asRoot
              ? 'the step already runs as root, so sudo only adds an interactive tool to the image.'
              : 'steps that need root should run under `USER root` (then switch back); sudo is a tool for interactive logins.';
        report({
          range: sudo.range,
          message: `Avoid sudo in RUN: ${why}`,
          data:
            editable && !otherUser && asRoot === true
              ? { start: removal.start, end: removal.end }
              : undefined,
        });
      }
    }
  },
  fix(finding, { model }) {
    const start = finding.data?.start;
    const end = finding.data?.end;
    if (typeof start !== 'number' || typeof end !== 'number') return [];
    return [
      {
        title: 'Drop sudo',
        kind: 'quickfix',
        edits: [
          {
            range: { start: model.positions.positionAt(start), end: model.positions.positionAt(end) },
            newText: '',
          },
        ],
      },
    ];
  },
};

/**
 * The text to delete for `sudo [options]`: from the sudo word to the next word after its options
 * (`VAR=value` assignments that sudo passes on are kept). `otherUser` when `-u`/`-g` name a non-root user.
 */
function sudoSpan(
  words: Word[],
  sudo: Word,
  program: Word,
): { start: number; end: number; otherUser: boolean } | undefined {
  let i = words.indexOf(sudo) + 1;
  let otherUser = false;
  while (i < words.length && words[i]!.start < program.start) {
    const v = words[i]!.value;
    if (!v.startsWith('-')) break;
    if (v === '--') {
      i++;
      break;
    }
    const attached = /^-(u|g)(.+)$/.exec(v) ?? /^--(user|group)=(.+)$/.exec(v);
    if (attached && !isRootUser(attached[2]!)) otherUser = true;
    if (VALUE_OPTIONS.has(v) || v === '--user' || v === '--group') {
      const value = words[i + 1]?.value ?? '';
      if (
        (v === '-u' || v === '-g' || v === '--user' || v === '--group') &&
        !isRootUser(value.replace(/^#/, ''))
      )
        otherUser = true;
      i++;
    }
    i++;
  }
  const next = words[i];
  if (!next) return undefined;
  return { start: sudo.start, end: next.start, otherUser };
}

/** Whether the RUN runs as root: true, false, or undefined when the user cannot be told. */
function runsAsRoot(
  model: Model,
  instruction: Instruction,
  imageFacts: RuleContext['imageFacts'],
): boolean | undefined {
  const stage = model.stages[instruction.stageIndex];
  if (!stage) return undefined;
  const users = chainInstructions(model, stage).filter(
    (i) => i.keyword === 'USER' && (i.stageIndex !== stage.index || i.index < instruction.index),
  );
  const last = users.at(-1);
  if (last) {
    const written = instructionWords(model, last)[0]?.value ?? '';
    const { value, unresolved } = expandAt(model, last, written);
    return unresolved ? undefined : isRootUser(value);
  }
  const base = baseImageUser(imageFacts(stage));
  return base.user === undefined ? undefined : isRootUser(base.user);
}
