// Parsing a whole document into the Model (and, on request, dockerfile-utils' problems), stage chunk
// by stage chunk (see chunks.ts), with an optional cache of chunk results keyed by the chunk's text so
// that re-analysing an edited document only parses and validates the chunks the edit touched.
import { withAstPatches } from './astPatches';
import { planChunks, type ChunkPlan } from './chunks';
import {
  buildModel,
  convertAst,
  parseAst,
  type ConvertedText,
  type DockerfileAst,
  type InstructionRecord,
} from './parse';
import { createPositionIndex } from './positions';
import { RangeMover, shiftRange, shiftRecord, type Shift } from './shift';
import { checkSyntax, checkSyntaxOfAst, type SyntaxProblem } from './syntax';
import type { Model, PositionIndex } from './types';

export interface ParsedDocument {
  model: Model;
  /** dockerfile-utils' problems in document coordinates (when asked for and the validator did not throw). */
  syntax?: SyntaxProblem[];
  /** Set when the validator threw. */
  syntaxError?: string;
  /** How the text was parsed, for tests and benchmarks. */
  stats: { chunks: number; parsedChunks: number; fallback?: string };
}

export interface ParseOptions {
  /** Also run dockerfile-utils' validator on the same parse. */
  validate?: boolean;
  /** Reuses chunk results from earlier versions of the same document. */
  cache?: ChunkCache;
  /** Smallest chunk in lines (tests use small values to exercise the chunked path). */
  minChunkLines?: number;
  /**
   * Build argument values for FROM lines. Applied when the Model is put together, after the chunk
   * cache: cached chunks hold no resolved images, so other values never meet a stale parse.
   */
  buildArgs?: Readonly<Record<string, string>>;
}

interface ChunkResult {
  /** Whether the chunk's parse agrees with the cut points (else the whole file is parsed). */
  ok: boolean;
  escapeChar: string;
  /** Parser directives (first chunk only: it always starts the document, so they never move). */
  directives: Model['directives'];
  /** Problems inside the chunk's own region, in the chunk text's coordinates; undefined when not validated. */
  syntax: SyntaxProblem[] | { error: string } | undefined;
  /** Where the chunk's own text begins inside the parsed text (after the prelude copy). */
  regionStart: number;
  regionStartLine: number;
  /**
   * Instructions and comments in document coordinates, as last placed (`shift` maps the parsed text to
   * the document; `key` also covers the numbering). Only this copy is kept: a chunk that moved is
   * shifted from here by the difference.
   */
  placed: { key: string; shift: Shift; records: InstructionRecord[]; comments: Model['comments'] };
}

/**
 * Chunk results of one document, keyed by the parsed chunk text. Entries that the latest parse did
 * not use are dropped, so the cache holds about one version's worth of results.
 */
export class ChunkCache {
  private entries = new Map<string, ChunkResult>();
  private used = new Set<string>();

  get(key: string): ChunkResult | undefined {
    const entry = this.entries.get(key);
    if (entry) this.used.add(key);
    return entry;
  }

  set(key: string, entry: ChunkResult): void {
    this.entries.set(key, entry);
    this.used.add(key);
  }

  /** Forgets what the latest parse did not use. */
  sweep(): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key);
    this.used.clear();
  }

  clear(): void {
    this.entries.clear();
    this.used.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

const SEPARATOR = '\n';

/** Parses (and optionally validates) a document. Never throws: a parser failure gives an empty Model. */
export function parseDocument(text: string, options: ParseOptions = {}): ParsedDocument {
  return runToEnd(parseDocumentSteps(text, options));
}

/** Runs a step generator to its result. */
export function runToEnd<T>(steps: Generator<unknown, T, void>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The same parse in steps (one per chunk), for callers that interleave it with other work or
 * abandon it when the document changes: each `next()` does a bounded amount of synchronous work.
 */
export function* parseDocumentSteps(
  text: string,
  options: ParseOptions = {},
): Generator<void, ParsedDocument, void> {
  const positions = createPositionIndex(text);
  let fallback: string | undefined;
  try {
    const plan = planChunks(text, options.minChunkLines);
    if (plan) {
      const chunked = yield* parseChunked(text, positions, plan, options);
      if (chunked) {
        options.cache?.sweep();
        return chunked;
      }
      fallback = 'chunk parse disagreed with the cut points';
    }
  } catch (error) {
    fallback = `chunked parse failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  options.cache?.sweep();
  const whole = withAstPatches(() =>
    parseWhole(text, positions, options.validate === true, options.buildArgs),
  );
  if (fallback) whole.stats.fallback = fallback;
  return whole;
}

function parseWhole(
  text: string,
  positions: PositionIndex,
  validate: boolean,
  buildArgs: ParseOptions['buildArgs'],
): ParsedDocument {
  let ast: DockerfileAst;
  let converted: ConvertedText;
  try {
    ast = parseAst(text);
    converted = convertAst(ast, positions, 0, { text, positions, lines: 0 });
  } catch (error) {
    return {
      model: {
        text,
        escapeChar: '\\',
        directives: [],
        comments: [],
        globalArgs: [],
        instructions: [],
        stages: [],
        positions,
        parseError: error instanceof Error ? error.message : String(error),
      },
      stats: { chunks: 1, parsedChunks: 1 },
    };
  }
  let stageIndex = -1;
  const records = converted.records.map((r, index) => {
    if (r.from) stageIndex++;
    return shiftRecord(r, NO_SHIFT, index, stageIndex);
  });
  const model = buildModel(
    text,
    positions,
    converted.escapeChar,
    converted.directives,
    converted.comments,
    records,
    buildArgs,
  );
  const result: ParsedDocument = { model, stats: { chunks: 1, parsedChunks: 1 } };
  if (validate) {
    try {
      result.syntax = checkSyntaxOfAst(text, ast);
    } catch (error) {
      result.syntaxError = error instanceof Error ? error.message : String(error);
    }
  }
  return result;
}

const NO_SHIFT: Shift = { lines: 0, offset: 0 };

/** Undefined when a chunk's parse shows that the cut points were wrong. */
function* parseChunked(
  text: string,
  positions: PositionIndex,
  plan: ChunkPlan,
  options: ParseOptions,
): Generator<void, ParsedDocument | undefined, void> {
  const validate = options.validate === true;
  const prelude = text.slice(0, plan.preludeEnd);
  // The prelude must end with a line feed (or be empty) for the line mapping below to hold.
  if (plan.preludeEnd > 0 && text[plan.preludeEnd - 1] !== '\n') return undefined;
  const last = plan.chunks.length - 1;
  const records: InstructionRecord[] = [];
  const syntax: SyntaxProblem[] = [];
  let syntaxFailed = false;
  let escapeChar = '\\';
  let directives: Model['directives'] = [];
  const comments: Model['comments'] = [];
  let parsedChunks = 0;
  let stageIndex = -1;

  for (let k = 0; k <= last; k++) {
    const chunk = plan.chunks[k]!;
    const region = text.slice(chunk.start, chunk.end);
    const chunkText = k === 0 ? region : prelude + SEPARATOR + region;
    let entry = options.cache?.get(chunkText);
    if (!entry || (validate && entry.syntax === undefined)) {
      if (parsedChunks > 0) yield;
      const regionStart = k === 0 ? 0 : prelude.length + SEPARATOR.length;
      const where = { isFirst: k === 0, isLast: k === last, preludeEnd: plan.preludeEnd, validate };
      const place = { text, positions, start: chunk.start };
      entry = withAstPatches(() => parseChunk(chunkText, regionStart, where, place));
      parsedChunks++;
      options.cache?.set(chunkText, entry);
    }
    if (!entry.ok) return undefined;
    const shift: Shift = {
      lines: positions.positionAt(chunk.start).line - entry.regionStartLine,
      offset: chunk.start - entry.regionStart,
    };
    if (k === 0) {
      escapeChar = entry.escapeChar;
      directives = entry.directives;
    }

    // Reuse the last placement when the chunk sits where it sat before, else move it from there.
    const placeKey = `${shift.lines}:${shift.offset}:${records.length}:${stageIndex}`;
    if (entry.placed.key !== placeKey) {
      const from = entry.placed;
      const delta: Shift = {
        lines: shift.lines - from.shift.lines,
        offset: shift.offset - from.shift.offset,
      };
      let index = records.length;
      let stage = stageIndex;
      const mover = new RangeMover(delta.lines);
      entry.placed = {
        key: placeKey,
        shift,
        records: from.records.map((r) => {
          if (r.from) stage++;
          return shiftRecord(r, delta, index++, stage, mover);
        }),
        comments:
          delta.lines === 0
            ? from.comments
            : from.comments.map((c) => ({ text: c.text, range: mover.range(c.range) })),
      };
    }
    for (const r of entry.placed.records) {
      if (r.from) stageIndex++;
      records.push(r);
    }
    for (const c of entry.placed.comments) comments.push(c);

    if (validate) {
      if (entry.syntax === undefined || 'error' in entry.syntax) syntaxFailed = true;
      else
        for (const p of entry.syntax)
          syntax.push(shift.lines === 0 ? p : { ...p, range: shiftRange(p.range, shift) });
    }
  }

  const model = buildModel(text, positions, escapeChar, directives, comments, records, options.buildArgs);
  const result: ParsedDocument = {
    model,
    stats: { chunks: plan.chunks.length, parsedChunks },
  };
  if (validate) {
    if (!syntaxFailed) result.syntax = syntax;
    else {
      // The validator threw on a chunk: what it does on the whole file decides.
      try {
        result.syntax = withAstPatches(() => checkSyntax(text));
      } catch (error) {
        result.syntaxError = error instanceof Error ? error.message : String(error);
      }
    }
  }
  return result;
}

function parseChunk(
  chunkText: string,
  regionStart: number,
  where: { isFirst: boolean; isLast: boolean; preludeEnd: number; validate: boolean },
  place: { text: string; positions: PositionIndex; start: number },
): ChunkResult {
  const local = createPositionIndex(chunkText);
  const regionStartLine = local.positionAt(regionStart).line;
  const shift: Shift = {
    lines: place.positions.positionAt(place.start).line - regionStartLine,
    offset: place.start - regionStart,
  };
  const ast = parseAst(chunkText);
  if (!agrees(ast, chunkText, local, regionStart, where)) {
    return {
      ok: false,
      escapeChar: '\\',
      directives: [],
      syntax: undefined,
      regionStart,
      regionStartLine,
      placed: { key: '', shift, records: [], comments: [] },
    };
  }
  // Converted straight into document coordinates (the chunk's own text is the document's there).
  const converted = convertAst(ast, local, regionStart, {
    text: place.text,
    positions: place.positions,
    lines: shift.lines,
  });
  let syntax: ChunkResult['syntax'];
  if (where.validate) {
    try {
      syntax = checkSyntaxOfAst(chunkText, ast).filter((p) => p.range.start.line >= regionStartLine);
    } catch (error) {
      syntax = { error: error instanceof Error ? error.message : String(error) };
    }
  }
  return {
    ok: true,
    escapeChar: converted.escapeChar,
    directives: converted.directives,
    syntax,
    regionStart,
    regionStartLine,
    // Numbered when placed (the key never matches a real placement).
    placed: { key: '', shift, records: converted.records, comments: converted.comments },
  };
}

/**
 * Whether the parse of a chunk is the parse of that stretch of the whole file: nothing in the chunk
 * (an instruction continued by an escape, a heredoc) runs on to the end of the chunk text unless it
 * is the last chunk, the chunk's own text begins with a FROM, and in the first chunk nothing crosses
 * the end of the prelude (which the other chunks repeat).
 */
function agrees(
  ast: DockerfileAst,
  chunkText: string,
  local: PositionIndex,
  regionStart: number,
  where: { isFirst: boolean; isLast: boolean; preludeEnd: number },
): boolean {
  const instructions = ast.getInstructions();
  const boundary = where.isFirst ? where.preludeEnd : regionStart;
  let firstInRegion: (typeof instructions)[number] | undefined;
  for (const node of instructions) {
    const range = node.getRange();
    const start = local.offsetAt(range.start);
    const end = local.offsetAt(range.end);
    if (!where.isLast && end >= chunkText.length) return false;
    if (start < boundary && end >= boundary) return false;
    if (start >= boundary && !firstInRegion) firstInRegion = node;
  }
  if (!firstInRegion || firstInRegion.getKeyword() !== 'FROM') return false;
  // The prelude ends at the line of the first FROM (later chunks may begin with comments).
  return !where.isFirst || local.positionAt(boundary).line === firstInRegion.getRange().start.line;
}
