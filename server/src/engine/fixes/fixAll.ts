import { fixesFor, type Analysis } from '../analyze';
import type { Fix, Finding } from '../findings';
import type { TextEdit } from '../model/types';
import { ruleById } from '../rules';

/**
 * Non-overlapping edits of one chosen fix per finding, in document order. Findings whose fix would
 * overlap an earlier one are left for a later pass (callers loop until nothing changes).
 */
function combine(
  analysis: Analysis,
  pick: (finding: Finding) => Fix | undefined,
): { edits: TextEdit[]; files: NonNullable<Fix['createFiles']> } {
  const { positions } = analysis.model;
  const taken: Array<[number, number]> = [];
  const edits: TextEdit[] = [];
  const files: NonNullable<Fix['createFiles']> = [];
  for (const finding of analysis.findings) {
    const fix = pick(finding);
    if (!fix) continue;
    const spans = fix.edits.map(
      (e) => [positions.offsetAt(e.range.start), positions.offsetAt(e.range.end)] as [number, number],
    );
    // Two insertions at the same point also conflict: their order would be arbitrary.
    const overlaps = spans.some(([s, e]) =>
      taken.some(([ts, te]) => (s < te && ts < e) || (s === e && ts === te && s === ts)),
    );
    if (overlaps) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
    for (const file of fix.createFiles ?? []) if (!files.some((f) => f.path === file.path)) files.push(file);
  }
  edits.sort((a, b) => positions.offsetAt(a.range.start) - positions.offsetAt(b.range.start));
  return { edits, files };
}

/**
 * What "Fix all auto-fixable problems" (and fix on save) applies: the preferred fix of rules whose fixes
 * are marked safe, editing only this file. Suggestions (Add USER, splits, pins) stay manual.
 */
export function fixAllEdits(analysis: Analysis): TextEdit[] {
  return combine(analysis, (f) => {
    if (ruleById(f.ruleId)?.meta.fixable !== 'safe') return undefined;
    return fixesFor(analysis, f).find((x) => x.isPreferred && !x.createFiles?.length);
  }).edits;
}

/** One rule's fixes (by id or alias): the preferred fix of each finding, else its first. */
export function ruleFixEdits(
  analysis: Analysis,
  rule: string,
): { edits: TextEdit[]; files: NonNullable<Fix['createFiles']> } {
  const wanted = rule.toLowerCase();
  const matches = (id: string): boolean =>
    id.toLowerCase() === wanted || (ruleById(id)?.meta.aliases ?? []).some((a) => a.toLowerCase() === wanted);
  return combine(analysis, (f) => {
    if (!matches(f.ruleId)) return undefined;
    const fixes = fixesFor(analysis, f);
    return fixes.find((x) => x.isPreferred) ?? fixes[0];
  });
}
