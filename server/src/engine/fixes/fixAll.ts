import { fixesFor, type Analysis } from '../analyze';
import type { TextEdit } from '../model/types';

/**
 * The edits of every preferred fix whose edits do not overlap an earlier one, in document order:
 * what "Fix all auto-fixable problems" applies. Findings whose fixes overlap are left for a later pass.
 */
export function fixAllEdits(analysis: Analysis): TextEdit[] {
  const { positions } = analysis.model;
  const taken: Array<[number, number]> = [];
  const edits: TextEdit[] = [];
  for (const finding of analysis.findings) {
    const fix = fixesFor(analysis, finding).find((f) => f.isPreferred);
    if (!fix) continue;
    const spans = fix.edits.map(
      (e) => [positions.offsetAt(e.range.start), positions.offsetAt(e.range.end)] as [number, number],
    );
    const overlaps = spans.some(([s, e]) =>
      taken.some(([ts, te]) => (s < te && ts < e) || (s === e && ts === te && s === ts)),
    );
    if (overlaps) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
  }
  return edits.sort((a, b) => positions.offsetAt(a.range.start) - positions.offsetAt(b.range.start));
}
