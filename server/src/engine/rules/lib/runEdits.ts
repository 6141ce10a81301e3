// Text edits on RUN instructions that keep the file's style: the escape character, CRLF line endings,
// the indentation and the continuation style (`&& \` at line ends or `&&` at line starts).
import type { Instruction, Model, Range, Stage, TextEdit, Word } from '../../model/types';
import type { Invocation } from '../../shell/query';

/** The document's line ending, judged from its first line break. */
export function lineEnding(model: Model): string {
  const nl = model.text.indexOf('\n');
  return nl > 0 && model.text[nl - 1] === '\r' ? '\r\n' : '\n';
}

/** Inserts ` <text>` at a document offset (e.g. a flag right after the `install` word). */
export function insertAt(model: Model, offset: number, text: string): TextEdit {
  const at = model.positions.positionAt(offset);
  return { range: { start: at, end: at }, newText: ` ${text}` };
}

/** True when the invocation's words have their own places in the document (not exec form, not `sh -c "…"`). */
export function editable(instruction: Instruction, invocation: Invocation): boolean {
  return instruction.execForm === undefined && !invocation.nested;
}

/** The range of a program and its action word, e.g. `apt-get install`, for reporting. */
export function commandRange(invocation: Invocation, actionWord?: Word): Range {
  const start = invocation.programWord.range.start;
  const end = (actionWord ?? invocation.programWord).range.end;
  return { start, end };
}

/** The range covering a whole simple command as written (program to last argument). */
export function invocationRange(invocation: Invocation): Range {
  const last = invocation.args[invocation.args.length - 1] ?? invocation.programWord;
  return { start: invocation.programWord.range.start, end: last.range.end };
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/** Whether the stage chain runs RUN under a shell other than a POSIX one (`SHELL ["powershell", …]`). */
export function usesNonPosixShell(model: Model, stageIndex: number): boolean {
  if (model.escapeChar !== '\\') return true;
  let current: number | undefined = stageIndex;
  const seen = new Set<number>();
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const stage: Stage | undefined = model.stages[current];
    if (!stage) return false;
    const shells = stage.instructions.filter((i) => i.keyword === 'SHELL');
    const last = shells[shells.length - 1];
    if (last) {
      const program = (last.execForm?.[0] ?? '').replace(/^.*[\\/]/, '').toLowerCase();
      return !['sh', 'bash', 'ash', 'dash', 'zsh'].includes(program);
    }
    current = stage.baseStage;
  }
  return false;
}

/** Offset just after the last character of a shell-form RUN's script (trailing blanks excluded). */
export function scriptEnd(model: Model, instruction: Instruction): number | undefined {
  if (!instruction.argsRange || instruction.execForm || instruction.heredocs.length > 0) return undefined;
  let end = model.positions.offsetAt(instruction.argsRange.end);
  const start = model.positions.offsetAt(instruction.argsRange.start);
  while (end > start && isSpace(model.text[end - 1])) end--;
  return end > start ? end : undefined;
}

/** Leading whitespace of a line. */
function indentation(model: Model, line: number): string {
  return /^[ \t]*/.exec(model.positions.lineText(line))?.[0] ?? '';
}

interface ContinuationStyle {
  multiLine: boolean;
  /** `&&` starts continued lines instead of ending them. */
  leadingOperator: boolean;
  /** Indentation for a new command line. */
  indent: string;
  /** `;` when the script chains its commands with `;` (docker-library `set -eux; …` style). */
  operator: '&&' | ';';
}

/** How a RUN lays out its commands, for adding one in the same style. */
export function continuationStyle(model: Model, instruction: Instruction): ContinuationStyle {
  const range = instruction.argsRange ?? instruction.range;
  const first = instruction.range.start.line;
  const last = range.end.line;
  const commands = instruction.shell?.commands ?? [];
  const chained = commands.slice(0, -1).map((c) => c.operator);
  const operator: '&&' | ';' =
    chained.length > 0 && chained[chained.length - 1] === ';' && !chained.includes('&&') ? ';' : '&&';
  if (last === first) return { multiLine: false, leadingOperator: false, indent: '    ', operator };
  let leadingOperator = false;
  for (let line = first + 1; line <= last; line++) {
    if (/^[ \t]*(&&|\|\||;)/.test(model.positions.lineText(line))) leadingOperator = true;
  }
  // Indentation of the last continued line on which a command starts (operator lines included).
  let indent: string | undefined;
  for (const command of commands) {
    const line = command.range.start.line;
    if (line > first && line <= last) indent = indentation(model, line);
  }
  if (indent === undefined) {
    const tab = /^\t/.test(model.positions.lineText(first + 1));
    indent = tab ? '\t' : '    ';
  }
  return { multiLine: true, leadingOperator, indent, operator };
}

/**
 * Appends a command to the end of a shell-form RUN: ` && cmd` on one line, or a new continued line
 * in the RUN's own style. Undefined when the script's end is not a safe place (trailing comment,
 * dangling operator, heredoc, exec form, a non-POSIX shell).
 */
export function appendToRun(model: Model, instruction: Instruction, command: string): TextEdit | undefined {
  if (usesNonPosixShell(model, instruction.stageIndex)) return undefined;
  if (instruction.heredocs.length > 0) return appendToHeredoc(model, instruction, command);
  const end = scriptEnd(model, instruction);
  if (end === undefined) return undefined;
  const commands = instruction.shell?.commands ?? [];
  const lastCommand = commands[commands.length - 1];
  if (!lastCommand) return undefined;
  // Between the last word and the end only closing words may stand: a `#` there starts a comment.
  const lastWordEnd = Math.max(...lastCommand.words.map((w) => w.end));
  const tail = model.text.slice(lastWordEnd, end);
  if (tail.includes('#') || tail.includes(model.escapeChar)) return undefined;
  const trimmed = instruction.argsText.trimEnd();
  if (/(&&|\|\||\||&|\\)$/.test(trimmed)) return undefined;
  const endsWithSemicolon = trimmed.endsWith(';');
  const style = continuationStyle(model, instruction);
  const op = endsWithSemicolon ? '' : style.operator;
  const at = model.positions.positionAt(end);
  const range = { start: at, end: at };
  if (!style.multiLine) {
    const sep = op === '&&' ? ' && ' : op === ';' ? '; ' : ' ';
    return { range, newText: `${sep}${command}` };
  }
  const eol = lineEnding(model);
  const esc = model.escapeChar;
  if (style.leadingOperator && op === '&&')
    return { range, newText: ` ${esc}${eol}${style.indent}&& ${command}` };
  const trailing = op === '&&' ? ' &&' : op === ';' ? ';' : '';
  return { range, newText: `${trailing} ${esc}${eol}${style.indent}${command}` };
}

/** `RUN <<EOF … EOF`: a new line at the end of the script body, indented like the last one. */
function appendToHeredoc(model: Model, instruction: Instruction, command: string): TextEdit | undefined {
  const heredoc = instruction.heredocs[0];
  const body = heredoc?.body;
  if (!heredoc?.terminated || !body || instruction.heredocs.length > 1) return undefined;
  // Only when the body is the script (RUN <<EOF, RUN bash <<EOF), not data fed to another program.
  const fromBody = (instruction.shell?.commands ?? []).some(
    (c) => c.name && c.name.start >= body.start && c.name.end <= body.end,
  );
  if (!fromBody) return undefined;
  const lines = body.text.split(/\r?\n/);
  const lastLine = [...lines].reverse().find((l) => l.trim() !== '') ?? '';
  if (/(\\|&&|\|\||\|)\s*$/.test(lastLine)) return undefined;
  const indent = /^[ \t]*/.exec(lastLine)?.[0] ?? '';
  const at = model.positions.positionAt(body.end);
  return { range: { start: at, end: at }, newText: `${lineEnding(model)}${indent}${command}` };
}

/** Deletes whole lines of an instruction (with its line break). */
export function deleteInstruction(model: Model, instruction: Instruction): TextEdit {
  const start = { line: instruction.range.start.line, character: 0 };
  const nextLine = instruction.range.end.line + 1;
  const end =
    nextLine < model.positions.lineCount
      ? { line: nextLine, character: 0 }
      : model.positions.positionAt(model.text.length);
  return { range: { start, end }, newText: '' };
}

/** The keyword as written (`RUN` or `run`), to keep the file's casing in new instructions. */
export function keywordAsWritten(model: Model, instruction: Instruction, keyword: string): string {
  const raw = model.text.slice(
    model.positions.offsetAt(instruction.keywordRange.start),
    model.positions.offsetAt(instruction.keywordRange.end),
  );
  return raw === raw.toLowerCase() ? keyword.toLowerCase() : keyword.toUpperCase();
}

// Commands whose effect outlives them in the shell: merged into one RUN they would change what the
// commands after them see (directory, environment, options).
const STATEFUL = new Set([
  'cd',
  'pushd',
  'popd',
  'export',
  'source',
  '.',
  'umask',
  'unset',
  'shopt',
  'alias',
  'exec',
  'trap',
  'ulimit',
]);

/**
 * One edit that makes `second` (a RUN right after `first`) part of `first`: the keyword and line
 * break between them become `&& \` and a continued line. Comment lines in between stay (BuildKit
 * drops them inside a continued instruction); blank lines go. Undefined when that would change
 * behaviour or cannot be written safely.
 */
export function joinRuns(model: Model, first: Instruction, second: Instruction): TextEdit | undefined {
  if (usesNonPosixShell(model, first.stageIndex)) return undefined;
  if (!second.argsRange || second.execForm || second.heredocs.length > 0 || !second.shell) return undefined;
  const flags = (i: Instruction): string =>
    i.flags
      .map((f) => `${f.name}=${f.value ?? ''}`)
      .sort()
      .join(' ');
  if (flags(first) !== flags(second)) return undefined;
  const commands = first.shell?.commands ?? [];
  if (commands.some((c) => (c.name && STATEFUL.has(c.name.value)) || (!c.name && c.assignments.length > 0)))
    return undefined;
  // Reuse the append logic for the checks and the separator, with a marker for the second script.
  const marker = '\u0000';
  const append = appendToRun(model, first, marker);
  if (!append || first.heredocs.length > 0) return undefined;
  const [separator] = append.newText.split(marker);
  const eol = lineEnding(model);
  const start = model.positions.offsetAt(append.range.start);
  const end = model.positions.offsetAt(second.argsRange.start);
  const between = model.text.slice(start, model.positions.offsetAt(second.range.start));
  const comments = between
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.startsWith('#'));
  let newText = separator!;
  if (!newText.includes(eol)) {
    // A one-line RUN becomes a continued one: `a && \` then the second script on its own line.
    const op = newText.trim();
    const lead = op === '&&' ? ' &&' : op === ';' ? ';' : '';
    newText = `${lead} ${model.escapeChar}${eol}${continuationStyle(model, second).indent}`;
  }
  if (comments.length > 0) {
    const cut = newText.lastIndexOf(eol) + eol.length;
    const indent = /^[ \t]*/.exec(newText.slice(cut))?.[0] ?? '';
    newText = `${newText.slice(0, cut)}${comments.map((c) => `${indent}${c}${eol}`).join('')}${newText.slice(cut)}`;
  }
  return {
    range: { start: model.positions.positionAt(start), end: model.positions.positionAt(end) },
    newText,
  };
}
