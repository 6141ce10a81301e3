// Pipelines of a RUN (`curl … | sh`): which programs feed which. `invocations()` lists programs in
// order; this groups the ones joined by `|`, at every level of `sh -c "…"` nesting.
import { createPositionIndex } from '../model/positions';
import { parseShell } from '../model/shell';
import type { Instruction, ShellCommand, ShellScript, Word } from '../model/types';
import { invocations, type Invocation } from './query';
import { runScript } from './query';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

/** Every pipeline of a RUN (a single command is a pipeline of one), nested `sh -c` scripts included. */
export function runPipelines(instruction: Instruction): Invocation[][] {
  return pipelines(scriptOf(instruction));
}

/** Every pipeline of a script, nested `sh -c` scripts included (those have `nested: true`). */
export function pipelines(script: ShellScript | undefined): Invocation[][] {
  const out: Invocation[][] = [];
  if (script) walk(script, undefined, undefined, 0, out);
  return out;
}
/** The script of a RUN (shell form, or exec form as one command). */
export const scriptOf = runScript;

/** Pipelines in document order; those of a `sh -c` string follow the pipeline that runs it. */
function walk(
  script: ShellScript,
  at: Word | undefined,
  outerIndex: number | undefined,
  depth: number,
  out: Invocation[][],
): void {
  let current: Invocation[] = [];
  let inner: Invocation[][] = [];
  const flush = (): void => {
    if (current.length > 0) out.push(current);
    out.push(...inner);
    current = [];
    inner = [];
  };
  script.commands.forEach((original, index) => {
    const command = at ? relocate(original, at) : original;
    const own = invocations({ commands: [command] })[0];
    if (own) {
      // Like `invocations()`: nested commands share their outer command's index.
      current.push({ ...own, nested: at !== undefined, index: outerIndex ?? index });
      const word = shellScriptWord(own);
      if (word && depth < 3) {
        const text = word.value;
        const parsed = parseShell(
          { text, offsets: Array.from({ length: text.length + 1 }, () => word.start) },
          createPositionIndex(''),
        );
        walk(parsed, word, outerIndex ?? index, depth + 1, inner);
      }
    }
    if (command.operator !== '|') flush();
  });
  flush();
}

/** The script word of `sh -c "…"`, if the invocation is a shell given one. */
export function shellScriptWord(invocation: Invocation): Word | undefined {
  if (!SHELLS.has(invocation.program)) return undefined;
  const c = invocation.args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a.value));
  return c >= 0 ? invocation.args[c + 1] : undefined;
}

function relocate(command: ShellCommand, at: Word): ShellCommand {
  const move = (w: Word): Word => ({ ...w, range: at.range, start: at.start, end: at.end });
  return {
    ...command,
    words: command.words.map(move),
    assignments: command.assignments.map(move),
    name: command.name && move(command.name),
    args: command.args.map(move),
    redirects: command.redirects.map(move),
    range: at.range,
  };
}
