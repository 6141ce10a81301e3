// What is at a position of a Dockerfile: a keyword, a flag or its value, a RUN mount option, the FROM
// image, a variable reference, a package name after `apt-get install` / `apk add`, a parser directive…
// Completion, hover and signature help all start here. It reads the Model plus the text of the line
// (and, for package names, the command up to the cursor), so it works on half-typed input and costs
// the same in a 20,000-line file as in a small one.
import { joinContinuations } from '../model/logicalText';
import type { Instruction, Model, Position, Range } from '../model/types';

/** A piece of the line under the cursor. */
export interface Token {
  text: string;
  range: Range;
}

export type PackageManagerName = 'apt' | 'apk';

interface InInstruction {
  instruction: Instruction;
  token: Token;
  /** The token's text before the cursor. */
  prefix: string;
}

export type CursorContext =
  | { kind: 'directive-name'; token: Token; prefix: string; present: string[] }
  | { kind: 'directive-value'; directive: string; token: Token; prefix: string }
  | {
      kind: 'keyword';
      token: Token;
      prefix: string;
      instruction: Instruction | undefined;
      /** Before the first FROM only ARG (and FROM) may stand. */
      beforeFirstFrom: boolean;
      /** After `ONBUILD`: the trigger instruction. */
      onbuild: boolean;
    }
  | (InInstruction & { kind: 'flag-name'; hasValue: boolean })
  | (InInstruction & { kind: 'flag-value'; flag: string })
  | (InInstruction & { kind: 'mount-key'; mountType: string; written: string[]; flagToken: Token })
  | (InInstruction & { kind: 'mount-value'; mountType: string; key: string; flagToken: Token })
  | (InInstruction & { kind: 'image'; argIndex: number })
  | (InInstruction & { kind: 'from-keyword'; argIndex: number })
  | (InInstruction & { kind: 'stage-name'; argIndex: number })
  | (InInstruction & { kind: 'variable'; braced: boolean; closed: boolean })
  | (InInstruction & { kind: 'package'; manager: PackageManagerName })
  | (InInstruction & { kind: 'argument'; argIndex: number; inHeredoc: boolean })
  | { kind: 'none' };

const DIRECTIVE_LINE = /^\s*#\s*[A-Za-z][A-Za-z0-9_-]*\s*=/;
const isBlank = (c: string | undefined): boolean => c !== undefined && /\s/.test(c);

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** The instruction whose lines hold `position` (binary search; instructions are in document order). */
export function instructionAt(model: Model, position: Position): Instruction | undefined {
  const list = model.instructions;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (before(position, list[mid]!.range.start)) hi = mid - 1;
    else {
      found = mid;
      lo = mid + 1;
    }
  }
  const instruction = found >= 0 ? list[found] : undefined;
  return instruction && position.line <= instruction.range.end.line ? instruction : undefined;
}

/** The line without its line break; a byte-order mark reads as a blank so offsets stay put. */
function lineOf(model: Model, line: number): string {
  const text = model.positions.lineText(line);
  return line === 0 && text.startsWith('\uFEFF') ? ` ${text.slice(1)}` : text;
}

/** The whitespace-delimited token around `character`. */
function tokenAround(line: number, text: string, character: number): Token {
  let start = character;
  while (start > 0 && !isBlank(text[start - 1])) start--;
  let end = character;
  while (end < text.length && !isBlank(text[end])) end++;
  return {
    text: text.slice(start, end),
    range: { start: { line, character: start }, end: { line, character: end } },
  };
}

function slice(token: Token, from: number, to: number): Token {
  const line = token.range.start.line;
  const base = token.range.start.character;
  return {
    text: token.text.slice(from, to),
    range: { start: { line, character: base + from }, end: { line, character: base + to } },
  };
}

export function cursorAt(model: Model, position: Position): CursorContext {
  if (position.line < 0 || position.line >= model.positions.lineCount) return { kind: 'none' };
  const line = position.line;
  const text = lineOf(model, line);
  const character = Math.max(0, Math.min(position.character, text.length));
  const at: Position = { line, character };
  const textBefore = text.slice(0, character);
  const instruction = instructionAt(model, at);

  if (/^\s*#/.test(text)) {
    if (instruction && line > instruction.range.start.line) return { kind: 'none' };
    return directiveContext(model, line, text, character) ?? { kind: 'none' };
  }

  const onKeywordLine = instruction !== undefined && line === instruction.keywordRange.start.line;
  if (!instruction || (onKeywordLine && character <= instruction.keywordRange.end.character)) {
    if (!/^\s*[A-Za-z]*$/.test(textBefore)) return { kind: 'none' };
    const firstFrom = model.stages[0]?.from.range.start;
    return {
      kind: 'keyword',
      ...wordAround(line, text, character),
      instruction,
      beforeFirstFrom: !firstFrom || before(at, firstFrom),
      onbuild: false,
    };
  }

  const variable = variableAround(model, instruction, line, text, character);
  if (variable) return variable;

  const token = tokenAround(line, text, character);
  const prefix = token.text.slice(0, character - token.range.start.character);
  const base = { instruction, token, prefix };

  if (instruction.keyword === 'ONBUILD') {
    const afterKeyword = textBefore.slice(instruction.keywordRange.end.character);
    if (onKeywordLine && /^\s+[A-Za-z]*$/.test(afterKeyword))
      return {
        kind: 'keyword',
        ...wordAround(line, text, character),
        instruction,
        beforeFirstFrom: false,
        onbuild: true,
      };
    return { kind: 'none' };
  }

  const heredoc = instruction.heredocs.find(
    (h) =>
      h.body &&
      line > instruction.range.start.line &&
      !before(at, h.body.range.start) &&
      line <= h.range.end.line,
  );
  if (heredoc) {
    if (instruction.keyword === 'RUN' && heredoc.body) {
      const manager = packageManagerBefore(model, heredoc.body.start, at, prefix, true);
      if (manager) return { ...base, kind: 'package', manager };
    }
    return { ...base, kind: 'argument', argIndex: -1, inHeredoc: true };
  }

  const firstArg = instruction.args[0];
  const inFlags = !firstArg || !before(firstArg.range.start, token.range.start);
  if (inFlags && token.text.startsWith('-')) return flagContext(instruction, token, character);

  const argIndex = argumentIndex(instruction, at);
  if (instruction.keyword === 'FROM') {
    if (argIndex === 0) return { ...base, kind: 'image', argIndex };
    if (argIndex === 1) return { ...base, kind: 'from-keyword', argIndex };
    if (argIndex === 2) return { ...base, kind: 'stage-name', argIndex };
  }
  if (instruction.keyword === 'RUN' && instruction.argsRange) {
    const start = model.positions.offsetAt(instruction.argsRange.start);
    const manager = packageManagerBefore(model, start, at, prefix, false);
    if (manager) return { ...base, kind: 'package', manager };
  }
  return { ...base, kind: 'argument', argIndex, inHeredoc: false };
}

/** A keyword-like word (letters only) around the cursor, for keyword and directive names. */
function wordAround(line: number, text: string, character: number): { token: Token; prefix: string } {
  let start = character;
  while (start > 0 && /[A-Za-z]/.test(text[start - 1]!)) start--;
  let end = character;
  while (end < text.length && /[A-Za-z]/.test(text[end]!)) end++;
  return {
    token: {
      text: text.slice(start, end),
      range: { start: { line, character: start }, end: { line, character: end } },
    },
    prefix: text.slice(start, character),
  };
}

/** `# syntax=…` lines count only while every line above is a directive too (BuildKit stops looking after the first other line). */
function directiveContext(
  model: Model,
  line: number,
  text: string,
  character: number,
): CursorContext | undefined {
  const present: string[] = [];
  for (let l = 0; l < line; l++) {
    const above = lineOf(model, l);
    if (!DIRECTIVE_LINE.test(above)) return undefined;
    present.push(/#\s*([A-Za-z][A-Za-z0-9_-]*)/.exec(above)![1]!.toLowerCase());
  }
  const textBefore = text.slice(0, character);
  const name = /^\s*#\s*([A-Za-z]*)$/.exec(textBefore);
  if (name) return { kind: 'directive-name', ...wordAround(line, text, character), present };
  const value = /^\s*#\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*/.exec(textBefore);
  if (!value) return undefined;
  const start = value[0].length;
  let end = start;
  while (end < text.length && !isBlank(text[end])) end++;
  return {
    kind: 'directive-value',
    directive: value[1]!.toLowerCase(),
    token: {
      text: text.slice(start, end),
      range: { start: { line, character: start }, end: { line, character: end } },
    },
    prefix: text.slice(start, character),
  };
}

/** `$NAME` / `${NAME` whose name the cursor is in or right after (`$` alone included, for completion). */
function variableAround(
  model: Model,
  instruction: Instruction,
  line: number,
  text: string,
  character: number,
): CursorContext | undefined {
  // Only the stretch near the cursor matters; a huge line is not scanned whole.
  const from = Math.max(0, character - 256);
  const window = text.slice(from, Math.min(text.length, character + 256));
  const pattern = /\$(\{)?([A-Za-z_][A-Za-z0-9_]*)?/g;
  for (let m = pattern.exec(window); m; m = pattern.exec(window)) {
    const dollar = from + m.index;
    const nameStart = dollar + 1 + (m[1] ? 1 : 0);
    const nameEnd = nameStart + (m[2]?.length ?? 0);
    if (dollar >= character) break;
    if (character < nameStart || character > nameEnd) continue;
    const escape = text[dollar - 1];
    if (escape === model.escapeChar || escape === '\\' || escape === '$') continue;
    const token: Token = {
      text: text.slice(nameStart, nameEnd),
      range: { start: { line, character: nameStart }, end: { line, character: nameEnd } },
    };
    return {
      kind: 'variable',
      instruction,
      token,
      prefix: text.slice(nameStart, character),
      braced: m[1] !== undefined,
      closed: text[nameEnd] === '}',
    };
  }
  return undefined;
}

function flagContext(instruction: Instruction, token: Token, character: number): CursorContext {
  const offset = character - token.range.start.character;
  const eq = token.text.indexOf('=');
  if (eq < 0 || offset <= eq) {
    const name = slice(token, 0, eq < 0 ? token.text.length : eq);
    return {
      kind: 'flag-name',
      instruction,
      token: name,
      prefix: name.text.slice(0, offset),
      hasValue: eq >= 0,
    };
  }
  const flag = token.text.slice(0, eq).replace(/^-+/, '').toLowerCase();
  const value = slice(token, eq + 1, token.text.length);
  const valueOffset = offset - eq - 1;
  if (instruction.keyword === 'RUN' && flag === 'mount')
    return mountContext(instruction, token, value, valueOffset);
  return { kind: 'flag-value', instruction, flag, token: value, prefix: value.text.slice(0, valueOffset) };
}

/** Inside `--mount=type=cache,target=/x,…`: the option key or value the cursor is in. */
function mountContext(
  instruction: Instruction,
  flagToken: Token,
  value: Token,
  offset: number,
): CursorContext {
  const parts: Array<{ start: number; end: number; text: string }> = [];
  let start = 0;
  for (let i = 0; i <= value.text.length; i++) {
    if (i === value.text.length || value.text[i] === ',') {
      parts.push({ start, end: i, text: value.text.slice(start, i) });
      start = i + 1;
    }
  }
  const keyOf = (text: string): string =>
    (text.includes('=') ? text.slice(0, text.indexOf('=')) : text).trim().toLowerCase();
  const typePart = parts.find((p) => keyOf(p.text) === 'type' && p.text.includes('='));
  const mountType = typePart
    ? typePart.text
        .slice(typePart.text.indexOf('=') + 1)
        .trim()
        .toLowerCase()
    : 'bind';
  const current = parts.find((p) => p.start <= offset && offset <= p.end) ?? parts.at(-1)!;
  const eq = current.text.indexOf('=');
  const local = offset - current.start;
  if (eq < 0 || local <= eq) {
    const key = slice(value, current.start, current.start + (eq < 0 ? current.text.length : eq));
    return {
      kind: 'mount-key',
      instruction,
      mountType,
      token: key,
      prefix: key.text.slice(0, local),
      written: parts.filter((p) => p !== current).map((p) => keyOf(p.text)),
      flagToken,
    };
  }
  const optionValue = slice(value, current.start + eq + 1, current.end);
  return {
    kind: 'mount-value',
    instruction,
    mountType,
    key: keyOf(current.text),
    token: optionValue,
    prefix: optionValue.text.slice(0, local - eq - 1),
    flagToken,
  };
}

/** Index of the argument (after the flags) at the position: the one containing it, else how many end before it. */
function argumentIndex(instruction: Instruction, at: Position): number {
  let index = 0;
  for (const arg of instruction.args) {
    if (before(at, arg.range.start)) return index;
    if (!before(arg.range.end, at)) return index;
    index++;
  }
  return index;
}

const WRAPPERS = new Set(['sudo', 'doas', 'env', 'exec', 'nohup', 'time', 'command', 'nice']);
const INSTALL_ACTION: Record<PackageManagerName, ReadonlySet<string>> = {
  apt: new Set(['install', 'reinstall']),
  apk: new Set(['add']),
};
// Options whose value is the next word (so that word is not a package name or the action).
const VALUE_OPTIONS: Record<PackageManagerName, ReadonlySet<string>> = {
  apt: new Set(['-o', '-t', '-c', '--option', '--target-release', '--config-file']),
  apk: new Set(['-X', '--repository', '-t', '--virtual', '-p', '--root', '--arch', '--repositories-file']),
};
/** How far back a command is read: commands are far shorter, and a huge heredoc is not re-read whole. */
const COMMAND_WINDOW = 4000;

/**
 * The package manager when the cursor stands where `apt-get install` / `apt install` / `apk add`
 * expects a package name: in the same simple command, after the action, not on an option or its value.
 */
function packageManagerBefore(
  model: Model,
  scriptStart: number,
  at: Position,
  prefix: string,
  heredoc: boolean,
): PackageManagerName | undefined {
  if (prefix.startsWith('-')) return undefined;
  const cursor = model.positions.offsetAt(at);
  const from = Math.max(scriptStart, cursor - COMMAND_WINDOW);
  const source = heredoc
    ? model.text.slice(from, cursor).replace(/\\\r?\n/g, ' ')
    : joinContinuations(model.text, from, cursor, model.escapeChar).text;
  const command = source.split(/&&|\|\||[;|\n\r(`]/).at(-1) ?? '';
  const words = command.split(/\s+/).filter((w) => w !== '');
  // The word being typed is not part of the command yet.
  if (prefix !== '' && words.at(-1)?.endsWith(prefix)) words.pop();
  // Skip `VAR=value` assignments and wrappers with their options (`sudo -E apt-get …`).
  let i = 0;
  let afterWrapper = false;
  for (; i < words.length; i++) {
    const word = words[i]!;
    if (WRAPPERS.has(word)) afterWrapper = true;
    else if (!/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) && !(afterWrapper && word.startsWith('-'))) break;
  }
  const program = words[i]?.slice(words[i]!.lastIndexOf('/') + 1);
  const manager: PackageManagerName | undefined =
    program === 'apt-get' || program === 'apt' || program === 'aptitude'
      ? 'apt'
      : program === 'apk'
        ? 'apk'
        : undefined;
  if (!manager) return undefined;
  let action: string | undefined;
  let previousTakesValue = false;
  for (const word of words.slice(i + 1)) {
    if (previousTakesValue) {
      previousTakesValue = false;
      continue;
    }
    if (word.startsWith('-')) {
      previousTakesValue = !word.includes('=') && VALUE_OPTIONS[manager].has(word);
      continue;
    }
    if (action === undefined) action = word;
  }
  if (previousTakesValue || action === undefined || !INSTALL_ACTION[manager].has(action)) return undefined;
  return manager;
}
