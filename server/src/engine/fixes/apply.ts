import { createPositionIndex } from '../model/positions';
import type { TextEdit } from '../model/types';

/** Applies non-overlapping edits to a text (the order of `edits` does not matter). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const index = createPositionIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let lastStart = Number.POSITIVE_INFINITY;
  for (const span of spans) {
    if (span.end > lastStart) throw new Error('overlapping edits');
    out = out.slice(0, span.start) + span.text + out.slice(span.end);
    lastStart = span.start;
  }
  return out;
}
