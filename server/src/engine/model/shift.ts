// Moving converted Model pieces from the coordinates of the text they were parsed from (a chunk) to
// document coordinates: lines move by `lines`, offsets by `offset`; characters stay, since chunks
// start at line starts. Always copies: cached pieces are shared and must not change.
import type { FromInfo, InstructionRecord } from './parse';
import type {
  Flag,
  Heredoc,
  Instruction,
  Position,
  Range,
  ShellCommand,
  ShellScript,
  Span,
  Word,
} from './types';

export interface Shift {
  lines: number;
  offset: number;
}

/**
 * Moves ranges by a line delta. Ranges and positions are values that nobody changes: when no line
 * moved, the same objects serve both versions; otherwise each distinct object is copied once, so
 * ranges shared inside the Model (see intern.ts) stay shared.
 */
export class RangeMover {
  private readonly positions = new Map<Position, Position>();
  private readonly ranges = new Map<Range, Range>();

  constructor(readonly lines: number) {}

  position(p: Position): Position {
    if (this.lines === 0) return p;
    let moved = this.positions.get(p);
    if (!moved) {
      moved = { line: p.line + this.lines, character: p.character };
      this.positions.set(p, moved);
    }
    return moved;
  }

  range(r: Range): Range {
    if (this.lines === 0) return r;
    let moved = this.ranges.get(r);
    if (!moved) {
      moved = { start: this.position(r.start), end: this.position(r.end) };
      this.ranges.set(r, moved);
    }
    return moved;
  }
}

/** A one-off move (no sharing kept): for the few ranges outside instructions. */
export function shiftRange(r: Range, d: Shift): Range {
  if (d.lines === 0) return r;
  return {
    start: { line: r.start.line + d.lines, character: r.start.character },
    end: { line: r.end.line + d.lines, character: r.end.character },
  };
}

interface Move {
  offset: number;
  ranges: RangeMover;
}

const moveOptional = (r: Range | undefined, m: Move): Range | undefined =>
  r ? m.ranges.range(r) : undefined;

function shiftSpan(s: Span, d: Move): Span {
  return { text: s.text, range: d.ranges.range(s.range), start: s.start + d.offset, end: s.end + d.offset };
}

function shiftWord(w: Word, d: Move): Word {
  return {
    text: w.text,
    value: w.value,
    quoted: w.quoted,
    range: d.ranges.range(w.range),
    start: w.start + d.offset,
    end: w.end + d.offset,
  };
}

function shiftFlag(f: Flag, d: Move): Flag {
  return {
    name: f.name,
    value: f.value,
    range: d.ranges.range(f.range),
    valueRange: moveOptional(f.valueRange, d),
  };
}

function shiftHeredoc(h: Heredoc, d: Move): Heredoc {
  return {
    name: h.name,
    body: h.body ? shiftSpan(h.body, d) : undefined,
    terminated: h.terminated,
    range: d.ranges.range(h.range),
  };
}

function shiftShell(script: ShellScript, d: Move): ShellScript {
  return {
    commands: script.commands.map((c): ShellCommand => {
      // The word lists share Word objects; keep them shared in the copy.
      const copies = new Map<Word, Word>();
      const copy = (w: Word): Word => {
        let shifted = copies.get(w);
        if (!shifted) {
          shifted = shiftWord(w, d);
          copies.set(w, shifted);
        }
        return shifted;
      };
      return {
        words: c.words.map(copy),
        assignments: c.assignments.map(copy),
        name: c.name ? copy(c.name) : undefined,
        args: c.args.map(copy),
        redirects: c.redirects.map(copy),
        operator: c.operator,
        range: d.ranges.range(c.range),
      };
    }),
  };
}

function shiftInstruction(ins: Instruction, d: Move, index: number, stageIndex: number): Instruction {
  if (d.ranges.lines === 0 && d.offset === 0) return { ...ins, index, stageIndex };
  return {
    keyword: ins.keyword,
    index,
    stageIndex,
    range: d.ranges.range(ins.range),
    keywordRange: d.ranges.range(ins.keywordRange),
    flags: ins.flags.map((f) => shiftFlag(f, d)),
    args: ins.args.map((a) => shiftSpan(a, d)),
    argsText: ins.argsText,
    argsRange: moveOptional(ins.argsRange, d),
    execForm: ins.execForm,
    heredocs: ins.heredocs.map((h) => shiftHeredoc(h, d)),
    shell: ins.shell ? shiftShell(ins.shell, d) : undefined,
  };
}

function shiftFromInfo(f: FromInfo, d: Move): FromInfo {
  return {
    rawName: f.rawName,
    nameRange: moveOptional(f.nameRange, d),
    imageRaw: f.imageRaw,
    imageRange: moveOptional(f.imageRange, d),
    tagRange: moveOptional(f.tagRange, d),
  };
}

/** Moves records by `d`; `mover` must be made for `d.lines` and may be shared by one placement. */
export function shiftRecord(
  r: InstructionRecord,
  d: Shift,
  index: number,
  stageIndex: number,
  mover: RangeMover = new RangeMover(d.lines),
): InstructionRecord {
  const move: Move = { offset: d.offset, ranges: mover };
  const record: InstructionRecord = { instruction: shiftInstruction(r.instruction, move, index, stageIndex) };
  if (r.from) record.from = d.lines !== 0 ? shiftFromInfo(r.from, move) : r.from;
  if (r.args)
    record.args = d.lines !== 0 ? r.args.map((a) => ({ ...a, range: mover.range(a.range) })) : r.args;
  return record;
}
