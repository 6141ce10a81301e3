// Semantic tokens for Dockerfiles, in LSP's relative encoding (5 numbers per token). Built from the
// Model instruction by instruction, so a range request only looks at the instructions in the range and
// a large file is a linear pass; a time budget bounds the work of one request. Tokens never span a
// line: a name or string broken by a line continuation becomes one token per line.
import { joinContinuations, type LogicalText } from '../model/logicalText';
import type { Instruction, Model, Range, Stage } from '../model/types';
import { resolveReference } from '../rules/lib/stages';
import { keyValueSpans } from './keyValueSpans';
import { variableUses } from './variableUses';

export const TOKEN_TYPES = [
  'keyword',
  'comment',
  'string',
  'number',
  'operator',
  'variable',
  'parameter',
  'property',
  'type',
  'class',
  'macro',
  'label',
] as const;
export type TokenType = (typeof TOKEN_TYPES)[number];

export const TOKEN_MODIFIERS = ['declaration', 'deprecated'] as const;
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

/** What each token type stands for in a Dockerfile (for documentation and tests). */
export const TOKEN_MEANING: Readonly<Record<TokenType, string>> = {
  keyword: 'instruction keywords, `AS`, the CMD/NONE of HEALTHCHECK and ONBUILD triggers',
  comment: 'comments',
  string: 'values of flags, ENV/ARG/LABEL values, strings of JSON arrays',
  number: 'EXPOSE ports and stages referred to by number',
  operator: '`=` of flags and pairs, `:-`-style expansion operators, `<<`, line continuations',
  variable: 'ARG/ENV names where declared (with `declaration`) and `$NAME` uses',
  parameter: 'flags (`--from`, `--mount`)',
  property: '`--mount` options and LABEL keys',
  type: 'image references',
  class: 'stage names (with `declaration` after AS)',
  macro: 'parser directives (`# syntax=`, `# escape=`, `# check=`)',
  label: 'heredoc delimiters',
};

const TYPE_INDEX = new Map<TokenType, number>(TOKEN_TYPES.map((t, i) => [t, i]));
const DECLARATION = 1 << TOKEN_MODIFIERS.indexOf('declaration');
const DEPRECATED = 1 << TOKEN_MODIFIERS.indexOf('deprecated');

/** Default longest time one request may take; what is done by then is returned. */
export const DEFAULT_BUDGET_MS = 250;

export interface SemanticTokensOptions {
  /** Only tokens on the lines of this range. */
  range?: Range;
  /** Stop after this many milliseconds and return the tokens so far. */
  budgetMs?: number;
  now?: () => number;
}

export interface SemanticTokensResult {
  /** LSP's encoding: deltaLine, deltaStartChar, length, tokenType, tokenModifiers per token. */
  data: number[];
  /** False when the budget ran out before the end of the document (or range). */
  complete: boolean;
}

/** The tokens of the document (or of the lines of `options.range`), within a time budget. */
export function semanticTokens(model: Model, options: SemanticTokensOptions = {}): SemanticTokensResult {
  const now = options.now ?? (() => performance.now());
  const run = createSemanticTokenRun(model, options.range);
  const complete = run.advance(now() + (options.budgetMs ?? DEFAULT_BUDGET_MS), now);
  return { data: run.data(), complete };
}

export interface SemanticTokenRun {
  /** Works until done (returns true) or until `now()` passes `deadline` (returns false). */
  advance(deadline: number, now?: () => number): boolean;
  /** The encoded tokens so far. */
  data(): number[];
}

interface Token {
  start: number;
  end: number;
  type: number;
  modifiers: number;
}

/** A resumable computation, for callers that interleave it with other work (the language server). */
export function createSemanticTokenRun(model: Model, range?: Range): SemanticTokenRun {
  const firstLine = range ? range.start.line : 0;
  const lastLine = range ? range.end.line : Number.MAX_SAFE_INTEGER;
  const encoder = new Encoder(model, firstLine, lastLine);
  const lineItems = lineItemsBetween(model, firstLine, lastLine);
  const instructions = model.instructions;
  let next = firstInstructionEndingAtOrAfter(instructions, firstLine);
  let nextLineItem = 0;
  let done = false;

  const emitLineItemsBefore = (offset: number): void => {
    while (nextLineItem < lineItems.length && lineItems[nextLineItem]!.start < offset) {
      // Counted before its tokens are made, so that an item that throws is not retried forever.
      const item = lineItems[nextLineItem++]!;
      for (const token of item.tokens()) encoder.push(token);
    }
  };

  const step = (): boolean => {
    const instruction = instructions[next];
    if (!instruction || instruction.range.start.line > lastLine || encoder.past) {
      emitLineItemsBefore(Number.MAX_SAFE_INTEGER);
      return true;
    }
    next++;
    const start = model.positions.offsetAt(instruction.range.start);
    const end = model.positions.offsetAt(instruction.range.end);
    emitLineItemsBefore(start);
    const { base, overlay } = instructionTokens(model, instruction);
    // Comments on continuation lines lie inside the instruction: a value continued across them
    // leaves them out.
    while (nextLineItem < lineItems.length && lineItems[nextLineItem]!.start <= end) {
      const item = lineItems[nextLineItem++]!;
      overlay.push(...item.tokens());
    }
    for (const token of punch(base, overlay)) encoder.push(token);
    return false;
  };

  return {
    advance(deadline, now = () => performance.now()) {
      let count = 0;
      while (!done) {
        try {
          done = step();
        } catch {
          // Every step moves past what it started on: a piece that cannot be tokenized is left out
          // and the next one carries on.
        }
        if (!done && ++count % 16 === 0 && now() > deadline) return false;
      }
      return true;
    },
    data: () => encoder.data,
  };
}

// ---------------------------------------------------------------------------------------------------

interface LineItem {
  start: number;
  tokens(): Token[];
}

/** Comments and parser directives on the lines from `firstLine` to `lastLine`, in document order. */
function lineItemsBetween(model: Model, firstLine: number, lastLine: number): LineItem[] {
  const items: LineItem[] = [];
  for (const directive of model.directives) {
    if (directive.range.start.line < firstLine || directive.range.start.line > lastLine) continue;
    const start = model.positions.offsetAt(directive.range.start);
    items.push({
      start,
      tokens: () => directiveTokens(model, start, model.positions.offsetAt(directive.range.end)),
    });
  }
  const comments = model.comments;
  let lo = 0;
  let hi = comments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (comments[mid]!.range.start.line < firstLine) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < comments.length && comments[i]!.range.start.line <= lastLine; i++) {
    const comment = comments[i]!;
    const start = model.positions.offsetAt(comment.range.start);
    const end = model.positions.offsetAt(comment.range.end);
    items.push({ start, tokens: () => [token(start, end, 'comment')] });
  }
  if (model.directives.length > 0) items.sort((a, b) => a.start - b.start);
  return items;
}

function firstInstructionEndingAtOrAfter(instructions: Instruction[], line: number): number {
  let lo = 0;
  let hi = instructions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (instructions[mid]!.range.end.line < line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function token(start: number, end: number, type: TokenType, modifiers = 0): Token {
  return { start, end, type: TYPE_INDEX.get(type)!, modifiers };
}

/** `# syntax=docker/dockerfile:1`: `#` a comment, the name a macro, `=` an operator, the value a string. */
function directiveTokens(model: Model, start: number, end: number): Token[] {
  const text = model.text.slice(start, end);
  const eq = text.indexOf('=');
  const nameStart = text.search(/[^#\s]/);
  if (eq < 0 || nameStart < 0 || nameStart > eq) return [token(start, end, 'macro')];
  const tokens = [token(start, start + nameStart, 'comment'), token(start + nameStart, start + eq, 'macro')];
  tokens.push(token(start + eq, start + eq + 1, 'operator'));
  if (start + eq + 1 < end) tokens.push(token(start + eq + 1, end, 'string'));
  return tokens;
}

const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
const JSON_CAPABLE_KEYWORDS = new Set(['COPY', 'ADD', 'VOLUME']);
const PORT = /^\d+(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/i;

/**
 * The tokens of an instruction: `base` (keywords, flags, values) and `overlay` (variables, line
 * continuations), which wins where the two overlap: a string holding `$X` or continued over a line
 * becomes pieces around them.
 */
function instructionTokens(model: Model, instruction: Instruction): { base: Token[]; overlay: Token[] } {
  const positions = model.positions;
  const offsetAt = positions.offsetAt.bind(positions);
  const base: Token[] = [];
  const keywordStart = offsetAt(instruction.keywordRange.start);
  const keywordEnd = offsetAt(instruction.keywordRange.end);
  base.push(
    token(keywordStart, keywordEnd, 'keyword', instruction.keyword === 'MAINTAINER' ? DEPRECATED : 0),
  );

  for (const flag of instruction.flags) {
    const flagStart = offsetAt(flag.range.start);
    const flagEnd = offsetAt(flag.range.end);
    const eqInFlag = model.text.slice(flagStart, flagEnd).indexOf('=');
    const hasEquals = eqInFlag >= 0;
    const eq = flagStart + eqInFlag;
    base.push(token(flagStart, hasEquals ? eq : flagEnd, 'parameter'));
    if (hasEquals) base.push(token(eq, eq + 1, 'operator'));
    if (!flag.valueRange) continue;
    const valueStart = offsetAt(flag.valueRange.start);
    const valueEnd = offsetAt(flag.valueRange.end);
    if (flag.name === 'mount') mountTokens(model, instruction, valueStart, valueEnd, base);
    else if (flag.name === 'from') base.push(stageOrImageToken(model, instruction, valueStart, valueEnd));
    else base.push(token(valueStart, valueEnd, 'string'));
  }

  const args = instruction.args;
  const keyword = instruction.keyword;
  if (keyword === 'FROM') {
    const stage = model.stages[instruction.stageIndex];
    if (stage && stage.from === instruction) fromTokens(model, stage, base);
  } else if (keyword === 'ARG' || keyword === 'ENV' || keyword === 'LABEL') {
    for (const span of keyValueSpans(model, instruction)) {
      base.push(
        keyword === 'LABEL'
          ? token(span.keyStart, span.keyEnd, 'property')
          : token(span.keyStart, span.keyEnd, 'variable', DECLARATION),
      );
      if (span.equals !== undefined) base.push(token(span.equals, span.equals + 1, 'operator'));
      if (span.valueStart !== undefined && span.valueEnd !== undefined)
        base.push(token(span.valueStart, span.valueEnd, 'string'));
    }
  } else if (keyword === 'HEALTHCHECK' || keyword === 'ONBUILD') {
    const first = args[0];
    if (first && (keyword === 'ONBUILD' || /^(?:CMD|NONE)$/i.test(first.text)))
      base.push(token(first.start, first.end, 'keyword'));
  } else if (keyword === 'EXPOSE') {
    for (const arg of args) if (PORT.test(arg.text)) base.push(token(arg.start, arg.end, 'number'));
  }
  if (
    instruction.argsRange &&
    ((instruction.execForm && EXEC_FORM_KEYWORDS.has(keyword)) ||
      (JSON_CAPABLE_KEYWORDS.has(keyword) && instruction.argsText.trimStart().startsWith('[')))
  ) {
    const start = offsetAt(instruction.argsRange.start);
    const end = offsetAt(instruction.argsRange.end);
    jsonStringTokens(joinContinuations(model.text, start, end, model.escapeChar), base);
  }

  const headEnd = heredocTokens(model, instruction, base);
  const overlay: Token[] = [];
  continuationTokens(model, keywordStart, headEnd ?? offsetAt(instruction.range.end), overlay);

  for (const use of variableUses(model, instruction)) {
    const { reference, nameEnd } = use;
    if (!use.editable) {
      overlay.push(token(reference.start, reference.end, 'variable'));
      continue;
    }
    overlay.push(token(reference.start, nameEnd, 'variable'));
    if (reference.operator) overlay.push(token(nameEnd, nameEnd + reference.operator.length, 'operator'));
    if (reference.end - 1 >= nameEnd && model.text[reference.end - 1] === '}')
      overlay.push(token(reference.end - 1, reference.end, 'variable'));
  }
  return { base, overlay };
}

function fromTokens(model: Model, stage: Stage, into: Token[]): void {
  const offsetAt = model.positions.offsetAt.bind(model.positions);
  let after = offsetAt(stage.from.keywordRange.end);
  if (stage.base) {
    const start = offsetAt(stage.base.range.start);
    after = offsetAt(stage.base.range.end);
    into.push(token(start, after, stage.baseStage !== undefined ? 'class' : 'type'));
  }
  if (stage.nameRange) {
    const nameStart = offsetAt(stage.nameRange.start);
    const between = model.text.slice(after, nameStart);
    const as = /\bas\b/i.exec(between);
    if (as) into.push(token(after + as.index, after + as.index + 2, 'keyword'));
    into.push(token(nameStart, offsetAt(stage.nameRange.end), 'class', DECLARATION));
  }
}

/** `type=cache,from=build,target=/root/.cache`: option names, `=`, values; `from` names a stage or image. */
function mountTokens(
  model: Model,
  instruction: Instruction,
  start: number,
  end: number,
  into: Token[],
): void {
  const text = model.text.slice(start, end);
  let partStart = 0;
  for (const part of text.split(',')) {
    const at = start + partStart;
    const eq = part.indexOf('=');
    const keyEnd = eq >= 0 ? eq : part.length;
    const key = part.slice(0, keyEnd);
    const lead = key.length - key.trimStart().length;
    const trimmedKey = key.trim();
    if (trimmedKey) into.push(token(at + lead, at + lead + trimmedKey.length, 'property'));
    if (eq >= 0) {
      into.push(token(at + eq, at + eq + 1, 'operator'));
      if (eq + 1 < part.length) {
        const valueStart = at + eq + 1;
        const valueEnd = at + part.length;
        into.push(
          trimmedKey.toLowerCase() === 'from'
            ? stageOrImageToken(model, instruction, valueStart, valueEnd)
            : token(valueStart, valueEnd, 'string'),
        );
      }
    }
    partStart += part.length + 1;
  }
}

function stageOrImageToken(model: Model, instruction: Instruction, start: number, end: number): Token {
  const value = model.text.slice(start, end).trim();
  switch (resolveReference(model, value, instruction.stageIndex).kind) {
    case 'stage':
    case 'own-stage':
    case 'later-stage':
      return token(start, end, 'class');
    case 'index':
    case 'bad-index':
      return token(start, end, 'number');
    case 'variable':
      return token(start, end, 'string');
    default:
      return token(start, end, 'type');
  }
}

/** Double-quoted strings of a JSON array (`["npm", "start"]`), one token per contiguous stretch. */
function jsonStringTokens(source: LogicalText, into: Token[]): void {
  const s = source.text;
  let i = s.indexOf('"');
  while (i >= 0 && i < s.length) {
    let j = i + 1;
    while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
    const close = Math.min(j + 1, s.length);
    logicalTokens(source, i, close, 'string', into);
    i = s.indexOf('"', close);
  }
}

/** A stretch of logical text as tokens over the document, split where continuations were removed. */
function logicalTokens(source: LogicalText, from: number, to: number, type: TokenType, into: Token[]): void {
  let runStart = from;
  for (let k = from + 1; k <= to; k++) {
    if (k === to || source.offsets[k] !== source.offsets[k - 1]! + 1) {
      into.push(token(source.offsets[runStart]!, source.offsets[k - 1]! + 1, type));
      runStart = k;
    }
  }
}

/**
 * `<<EOF` / `<<-"EOF"` markers and delimiter lines. Returns where the instruction's own lines end (the
 * first heredoc body), or undefined without heredocs.
 */
function heredocTokens(model: Model, instruction: Instruction, into: Token[]): number | undefined {
  let headEnd: number | undefined;
  for (const heredoc of instruction.heredocs) {
    const marker = model.positions.offsetAt(heredoc.range.start);
    if (model.text.startsWith('<<', marker)) {
      const operatorEnd = marker + (model.text[marker + 2] === '-' ? 3 : 2);
      into.push(token(marker, operatorEnd, 'operator'));
      let nameEnd = operatorEnd;
      while (nameEnd < model.text.length && !/[\s;|&<>]/.test(model.text[nameEnd]!)) nameEnd++;
      if (nameEnd > operatorEnd) into.push(token(operatorEnd, nameEnd, 'label'));
    }
    if (heredoc.body) headEnd ??= heredoc.body.start;
    else headEnd ??= model.positions.offsetAt({ line: heredoc.range.start.line + 1, character: 0 });
    if (heredoc.terminated) {
      const end = model.positions.offsetAt(heredoc.range.end);
      const start = end - heredoc.name.length;
      if (start >= 0 && model.text.slice(start, end) === heredoc.name) into.push(token(start, end, 'label'));
    }
  }
  return headEnd;
}

/** The escape character that continues a line (followed only by blanks up to the line end). */
function continuationTokens(model: Model, start: number, end: number, into: Token[]): void {
  // Searched in the instruction's own text: a search of the whole document from here would make a
  // file without escape characters quadratic.
  const text = model.text.slice(start, end);
  const escape = model.escapeChar;
  let i = text.indexOf(escape);
  while (i >= 0) {
    let j = i + 1;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    // BuildKit continues a line that ends in the escape character, even one escaped itself (`\\`).
    const after = model.text[start + j];
    if (after === '\n' || after === '\r' || after === undefined) {
      into.push(token(start + i, start + i + 1, 'operator'));
    }
    i = text.indexOf(escape, i + 1);
  }
}

/** Base tokens with the overlay's stretches cut out of them, plus the overlay, in document order. */
function punch(base: Token[], overlay: Token[]): Token[] {
  base.sort((a, b) => a.start - b.start);
  if (overlay.length === 0) return base;
  overlay.sort((a, b) => a.start - b.start);
  const out: Token[] = [];
  let first = 0;
  for (const b of base) {
    while (first < overlay.length && overlay[first]!.end <= b.start) first++;
    let cursor = b.start;
    for (let k = first; k < overlay.length && overlay[k]!.start < b.end; k++) {
      const o = overlay[k]!;
      if (o.start > cursor) out.push({ ...b, start: cursor, end: o.start });
      cursor = Math.max(cursor, o.end);
    }
    if (cursor < b.end) out.push({ ...b, start: cursor, end: b.end });
  }
  out.push(...overlay);
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Encodes tokens in document order, one per line piece, skipping overlaps and lines outside the range. */
class Encoder {
  readonly data: number[] = [];
  /** Set once a token lies after the last wanted line. */
  past = false;
  private previousLine = 0;
  private previousChar = 0;
  private lastEnd = 0;

  constructor(
    private readonly model: Model,
    private readonly firstLine: number,
    private readonly lastLine: number,
  ) {}

  push(t: Token): void {
    const text = this.model.text;
    const start = Math.max(t.start, this.lastEnd);
    const end = Math.min(t.end, text.length);
    if (start >= end || this.past) return;
    this.lastEnd = end;
    let { line, character } = this.model.positions.positionAt(start);
    let pieceStart = start;
    while (pieceStart < end) {
      let pieceEnd = pieceStart;
      while (pieceEnd < end && text[pieceEnd] !== '\n' && text[pieceEnd] !== '\r') pieceEnd++;
      if (line > this.lastLine) {
        this.past = true;
        return;
      }
      if (pieceEnd > pieceStart && line >= this.firstLine)
        this.emit(line, character, pieceEnd - pieceStart, t);
      // Past the line break (`\r\n`, `\n` or a lone `\r`, as the position index counts lines).
      let next = pieceEnd;
      if (text[next] === '\r') next++;
      if (text[next] === '\n') next++;
      if (next === pieceEnd) break;
      pieceStart = next;
      line++;
      character = 0;
    }
  }

  private emit(line: number, character: number, length: number, t: Token): void {
    const deltaLine = line - this.previousLine;
    const deltaChar = deltaLine === 0 ? character - this.previousChar : character;
    this.data.push(deltaLine, deltaChar, length, t.type, t.modifiers);
    this.previousLine = line;
    this.previousChar = character;
  }
}

export interface DecodedToken {
  line: number;
  character: number;
  length: number;
  /** A name from TOKEN_TYPES, or `unknown(<index>)` for an index outside the legend. */
  type: string;
  modifiers: TokenModifier[];
}

/** The absolute form of encoded tokens (for tests, benchmarks and debugging). */
export function decodeSemanticTokens(data: readonly number[]): DecodedToken[] {
  const out: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const deltaLine = data[i]!;
    line += deltaLine;
    character = deltaLine === 0 ? character + data[i + 1]! : data[i + 1]!;
    const bits = data[i + 4]!;
    out.push({
      line,
      character,
      length: data[i + 2]!,
      type: TOKEN_TYPES[data[i + 3]!] ?? `unknown(${data[i + 3]})`,
      modifiers: TOKEN_MODIFIERS.filter((_, k) => (bits & (1 << k)) !== 0),
    });
  }
  return out;
}
