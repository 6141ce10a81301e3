// Line-level helpers for fixes that add or remove whole instructions while keeping the file's style:
// its line ending (LF or CRLF), the instruction's indentation and its keyword casing.
import type { Instruction, Model, Range } from '../../model/types';

/** `\r\n` when the file uses CRLF line endings, else `\n`. */
export function lineEnding(model: Model): string {
  return model.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Leading blanks of the instruction's first line. */
export function indentation(model: Model, instruction: Instruction): string {
  return /^[ \t]*/.exec(model.positions.lineText(instruction.range.start.line))![0];
}

/** `word` upper- or lower-cased like the instruction's keyword (`run` → `workdir`). */
export function likeKeyword(model: Model, instruction: Instruction, word: string): string {
  const start = model.positions.offsetAt(instruction.keywordRange.start);
  const end = model.positions.offsetAt(instruction.keywordRange.end);
  const written = model.text.slice(start, end);
  return written === written.toLowerCase() ? word.toLowerCase() : word.toUpperCase();
}

/** The range that removes the instruction's lines entirely (continuation lines included). */
export function wholeLinesRange(model: Model, instruction: Instruction): Range {
  const first = instruction.range.start.line;
  const last = instruction.range.end.line;
  const start = { line: first, character: 0 };
  if (last + 1 < model.positions.lineCount) return { start, end: { line: last + 1, character: 0 } };
  // The last line of the file: take the line break before it instead.
  const end = { line: last, character: model.positions.lineText(last).length };
  if (first === 0) return { start, end };
  return { start: { line: first - 1, character: model.positions.lineText(first - 1).length }, end };
}

/** A zero-width range at the start of the instruction's first line. */
export function lineStart(instruction: Instruction): Range {
  const at = { line: instruction.range.start.line, character: 0 };
  return { start: at, end: at };
}
