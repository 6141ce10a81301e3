// Splitting a Dockerfile into stage chunks that the parser libraries can handle one at a time.
//
// dockerfile-ast and dockerfile-utils are superlinear in the number of instructions (variable
// resolution walks every FROM and every stage for each `$VAR`), so a 20,000-line file costs far more
// than twenty 1,000-line ones. A cheap line scanner that follows the parser's own rules (parser
// directives, the escape character, line continuations, comments inside continuations, heredocs)
// finds where each stage begins; the text is cut there, at line starts.
//
// Each chunk after the first is parsed as `prelude + "\n" + chunk`, where the prelude is everything
// before the first FROM (parser directives, global ARGs), so that escape handling and ARG resolution
// stay what they are in the whole file; the blank line ends the directive block, and what the parser
// reports inside the prelude copy is dropped. Positions map back by a line and an offset delta.
//
// The scanner only proposes cuts; model/document.ts checks each chunk's parse against them (no
// construct runs to the end of a chunk, each chunk starts with FROM) and falls back to parsing the
// whole file when they disagree, so an unusual file is slower, never wrong.

/** A piece of the document: `[start, end)` offsets; `start` is a line start (after a `\n`). */
export interface TextChunk {
  start: number;
  end: number;
}

export interface ChunkPlan {
  /** Offset of the line where the first FROM begins: `text.slice(0, preludeEnd)` is the prelude. */
  preludeEnd: number;
  /** Consecutive chunks covering the whole text; the first starts at 0 and holds the prelude. */
  chunks: TextChunk[];
}

export interface ScannedInstruction {
  /** Upper-cased keyword as written (no validation). */
  keyword: string;
  /** Offset of the keyword's first character. */
  start: number;
  /** Offset of the line break that ends the instruction (heredoc bodies included), or text.length. */
  end: number;
}

export interface ScanResult {
  escapeChar: string;
  instructions: ScannedInstruction[];
}

/** Smallest chunk (in lines) worth parsing on its own; smaller stages are grouped with the next ones. */
export const DEFAULT_MIN_CHUNK_LINES = 200;

const isBlank = (c: string): boolean => c === ' ' || c === '\t';
const isNewline = (c: string): boolean => c === '\r' || c === '\n';

/**
 * The escape character from the parser directives at the top of the file, and the offset where
 * instructions may begin (after the directive lines).
 */
export function readDirectiveHeader(text: string): { escapeChar: string; bodyStart: number } {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let escapeChar: string | undefined;
  let bodyStart = i;
  const directive = /^[ \t]*#[ \t]*([^ \t=\r\n]+)[ \t]*=[ \t]*([^\r\n]*)/;
  while (i < text.length) {
    let lineEnd = i;
    while (lineEnd < text.length && !isNewline(text[lineEnd]!)) lineEnd++;
    const m = directive.exec(text.slice(i, lineEnd));
    if (!m) break;
    if (escapeChar === undefined && m[1]!.toLowerCase() === 'escape') {
      const value = m[2]!.trim().split(/[ \t]/)[0] ?? '';
      if (value === '\\' || value === '`') escapeChar = value;
    }
    i = lineEnd;
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (i < text.length) i++;
    bodyStart = i;
  }
  return { escapeChar: escapeChar ?? '\\', bodyStart };
}

/** Instruction boundaries as dockerfile-ast's parser draws them (its rules, simplified). */
export function scanInstructions(text: string): ScanResult {
  const { escapeChar, bodyStart } = readDirectiveHeader(text);
  const instructions: ScannedInstruction[] = [];
  const n = text.length;
  let i = bodyStart;
  while (i < n) {
    const c = text[i]!;
    if (isBlank(c) || isNewline(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      i = lineBreakAt(text, i);
      continue;
    }
    const start = i;
    // The keyword: up to a blank or a line break; an escaped line break continues it. Built from
    // slices, so that a megabyte-long first word costs one copy.
    let keyword = '';
    let run = i;
    let end = -1;
    while (i < n) {
      const k = text[i]!;
      if (k === escapeChar && isNewline(text[i + 1] ?? '')) {
        keyword += text.slice(run, i);
        i = skipLineBreak(text, i + 1);
        run = i;
        continue;
      }
      if (isBlank(k)) break;
      if (isNewline(k)) {
        end = i;
        break;
      }
      i++;
    }
    keyword += text.slice(run, i);
    if (end < 0 && i >= n) end = n;
    let argsEnd = end;
    if (end < 0) argsEnd = scanArguments(text, i, escapeChar);
    keyword = keyword.toUpperCase();
    end = argsEnd;
    if (end < n) {
      const names = heredocNames(keyword, text.slice(start, end), escapeChar);
      let tabbed = false;
      for (const name of names) {
        if (name.tabbed) tabbed = true;
        end = heredocEnd(text, end, name.name, tabbed);
      }
    }
    instructions.push({ keyword, start, end });
    i = end;
  }
  return { escapeChar, instructions };
}

/** From a blank after the keyword: the offset of the line break that ends the arguments. */
function scanArguments(text: string, from: number, escapeChar: string): number {
  const n = text.length;
  let escaped = false;
  for (let i = from + 1; i < n; i++) {
    const c = text[i]!;
    if (isNewline(c)) {
      if (escaped) continue;
      return i;
    }
    if (c === escapeChar) {
      const next = text[i + 1];
      if (next === '\n' || next === '\r') {
        escaped = true;
        i++;
      } else if (next === ' ' || next === '\t') {
        let j = i + 2;
        while (j < n && isBlank(text[j]!)) j++;
        if (j >= n) return n;
        if (isNewline(text[j]!)) escaped = true;
        i = j;
      }
      continue;
    }
    if (c === '#') {
      if (escaped) i = lineBreakAt(text, i) - 1;
      continue;
    }
    if (!isBlank(c)) escaped = false;
  }
  return n;
}

/** Heredoc openers (`<<EOF`, `<<-"EOF"`) among the arguments of RUN, COPY, ADD (also after ONBUILD). */
function heredocNames(
  keyword: string,
  instructionText: string,
  escapeChar: string,
): Array<{ name: string; tabbed: boolean }> {
  if (!instructionText.includes('<<')) return [];
  // Arguments as the parser splits them: continuations and comment lines inside them removed.
  const joined = instructionText
    .split(/\r\n|\r|\n/)
    .filter((line, index) => index === 0 || !/^[ \t]*#/.test(line))
    .map((line) => {
      const trimmed = line.replace(/[ \t]+$/, '');
      return trimmed.endsWith(escapeChar) ? trimmed.slice(0, -1) : line;
    })
    .join('');
  let words = joined.split(/[ \t]+/).filter(Boolean);
  let effective = keyword;
  if (keyword === 'ONBUILD') {
    effective = (words[1] ?? '').toUpperCase();
    words = words.slice(1);
  }
  if (effective !== 'RUN' && effective !== 'COPY' && effective !== 'ADD') return [];
  const names: Array<{ name: string; tabbed: boolean }> = [];
  for (const word of words.slice(1)) {
    if (!word.startsWith('<<') || word.length <= 2) continue;
    const name = heredocName(word);
    if (name !== undefined) names.push({ name, tabbed: word.startsWith('<<-') });
  }
  return names;
}

/** dockerfile-ast's Util.parseHeredocName. */
function heredocName(word: string): string | undefined {
  let value = word.slice(2);
  if (value.startsWith('-')) value = value.slice(1);
  if (value.startsWith('"')) {
    if (!value.endsWith('"')) return undefined;
    value = value.slice(1, -1);
  }
  if (value.startsWith("'")) {
    if (!value.endsWith("'")) return undefined;
    value = value.slice(1, -1);
  }
  if (value.startsWith('<')) return undefined;
  return value;
}

/** dockerfile-ast's Parser.parseHeredoc: the line break after the delimiter line, or text.length. */
function heredocEnd(text: string, offset: number, name: string, tabbed: boolean): number {
  let startWord = -1;
  let lineStart = true;
  for (let i = offset; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ') lineStart = false;
    else if (c === '\t') {
      if (!tabbed) lineStart = false;
    } else if (c === '\r' || c === '\n') {
      if (startWord !== -1 && name === text.slice(startWord, i)) return i;
      startWord = -1;
      lineStart = true;
    } else if (lineStart) {
      startWord = i;
      lineStart = false;
    }
  }
  return text.length;
}

function lineBreakAt(text: string, from: number): number {
  let i = from;
  while (i < text.length && !isNewline(text[i]!)) i++;
  return i;
}

function skipLineBreak(text: string, at: number): number {
  if (text[at] === '\r' && text[at + 1] === '\n') return at + 2;
  return at + 1;
}

/** The offset just after the first `\n` at or after `from`, or undefined. */
function afterNextLineFeed(text: string, from: number): number | undefined {
  const lf = text.indexOf('\n', from);
  return lf < 0 ? undefined : lf + 1;
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/**
 * Where to cut: before each FROM after the first, just after the line break that ends the previous
 * instruction (comments and blank lines between stages go with the stage that follows, so that a
 * comment above a FROM stays beside it). Stages are grouped until a chunk has at least `minLines`
 * lines. Undefined when the file is better parsed whole (no FROM, or a single chunk).
 */
export function planChunks(text: string, minLines = DEFAULT_MIN_CHUNK_LINES): ChunkPlan | undefined {
  const { instructions } = scanInstructions(text);
  const firstFrom = instructions.findIndex((ins) => ins.keyword === 'FROM');
  if (firstFrom < 0) return undefined;
  const preludeEnd = lineStartOf(text, instructions[firstFrom]!.start);
  const cuts: number[] = [];
  let lastCut = 0;
  let lastCutLines = 0;
  let lines = 0;
  let counted = 0;
  const countLines = (upTo: number): void => {
    for (let k = text.indexOf('\n', counted); k >= 0 && k < upTo; k = text.indexOf('\n', k + 1)) lines++;
    counted = upTo;
  };
  for (let k = firstFrom + 1; k < instructions.length; k++) {
    const ins = instructions[k]!;
    if (ins.keyword !== 'FROM') continue;
    const cut = afterNextLineFeed(text, instructions[k - 1]!.end);
    if (cut === undefined || cut > ins.start || cut <= lastCut) continue;
    countLines(cut);
    if (lines - lastCutLines < minLines) continue;
    cuts.push(cut);
    lastCut = cut;
    lastCutLines = lines;
  }
  // A short tail is merged into the chunk before it.
  if (cuts.length > 0) {
    countLines(text.length);
    if (lines - lastCutLines < minLines / 2) cuts.pop();
  }
  if (cuts.length === 0) return undefined;
  const starts = [0, ...cuts];
  return {
    preludeEnd,
    chunks: starts.map((start, k) => ({ start, end: starts[k + 1] ?? text.length })),
  };
}
