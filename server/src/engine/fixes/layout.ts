// Helpers that let fixes add whole instructions in the file's own style: its line endings, its
// keyword casing and the indentation of the neighbouring line.
import type { Instruction, Model, TextEdit } from '../model/types';

/** The file's line ending: CRLF when its first line break is one. */
export function eolOf(model: Model): string {
  const lf = model.text.indexOf('\n');
  return lf > 0 && model.text[lf - 1] === '\r' ? '\r\n' : '\n';
}

const KNOWN_KEYWORDS = new Set([
  'FROM',
  'RUN',
  'CMD',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'ENV',
  'ADD',
  'COPY',
  'ENTRYPOINT',
  'VOLUME',
  'USER',
  'WORKDIR',
  'ARG',
  'ONBUILD',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
]);

/**
 * Whether the file writes keywords in lower case (most of them), so added ones should too. Only real
 * instructions vote: lines the parser could not place (broken continuations) are not a style.
 */
export function usesLowerCaseKeywords(model: Model): boolean {
  let lower = 0;
  let upper = 0;
  for (const i of model.instructions) {
    if (!KNOWN_KEYWORDS.has(i.keyword)) continue;
    const raw = model.text.slice(
      model.positions.offsetAt(i.keywordRange.start),
      model.positions.offsetAt(i.keywordRange.end),
    );
    if (raw === raw.toLowerCase()) lower++;
    else upper++;
  }
  return lower > upper;
}

/** A keyword (`RUN`, `AS`) cased like the file's keywords. */
export function keyword(model: Model, word: string): string {
  return usesLowerCaseKeywords(model) ? word.toLowerCase() : word.toUpperCase();
}

/** An instruction line, keyword cased like the file's. */
export function instructionLine(model: Model, instruction: string, rest: string): string {
  return `${keyword(model, instruction)} ${rest}`;
}

function indentOf(model: Model, line: number): string {
  return /^[ \t]*/.exec(model.positions.lineText(line))?.[0] ?? '';
}

/** Inserts lines before an instruction, with its indentation. */
export function insertBefore(model: Model, instruction: Instruction, lines: readonly string[]): TextEdit {
  const eol = eolOf(model);
  const indent = indentOf(model, instruction.range.start.line);
  const at = { line: instruction.range.start.line, character: 0 };
  return { range: { start: at, end: at }, newText: lines.map((l) => `${indent}${l}${eol}`).join('') };
}

/** Inserts lines after an instruction (after its last line, continuations and heredocs included). */
export function insertAfter(model: Model, instruction: Instruction, lines: readonly string[]): TextEdit {
  const eol = eolOf(model);
  const indent = indentOf(model, instruction.range.start.line);
  const end = instruction.range.end;
  // Each new line starts with a line break, so this also works on a last line without one.
  const lineEnd = { line: end.line, character: model.positions.lineText(end.line).length };
  return {
    range: { start: lineEnd, end: lineEnd },
    newText: lines.map((l) => `${eol}${indent}${l}`).join(''),
  };
}
