// `lean-dockerfile fix` and `check --fix`: apply fixes until nothing changes (bounded passes, since a
// fix can make room for another), then print or write the result.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, type AnalyzeOptions } from '../engine/analyze';
import { applyEdits } from '../engine/fixes/apply';
import { fixAllEdits, ruleFixEdits } from '../engine/fixes/fixAll';

const MAX_PASSES = 10;

export interface FixResult {
  text: string;
  passes: number;
  /** Files created by the fixes (relative to the Dockerfile's folder) and their content. */
  files: Array<{ path: string; content: string }>;
}

/** Applies one rule's fixes (`rule` set) or all preferred fixes, pass after pass. */
export function fixText(text: string, options: AnalyzeOptions, rule?: string): FixResult {
  let current = text;
  const files: FixResult['files'] = [];
  let passes = 0;
  while (passes < MAX_PASSES) {
    const analysis = analyze(current, options);
    const { edits, files: newFiles } = rule
      ? ruleFixEdits(analysis, rule)
      : { edits: fixAllEdits(analysis), files: [] };
    for (const f of newFiles) if (!files.some((x) => x.path === f.path)) files.push(f);
    if (edits.length === 0) break;
    const next = applyEdits(current, edits);
    passes++;
    if (next === current) break;
    current = next;
  }
  return { text: current, passes, files };
}

/** Writes files a fix creates next to the Dockerfile, never replacing an existing one. */
export function writeCreatedFiles(dockerfile: string, files: FixResult['files']): string[] {
  const written: string[] = [];
  for (const f of files) {
    const target = path.join(path.dirname(dockerfile), f.path);
    if (existsSync(target)) continue;
    writeFileSync(target, f.content);
    written.push(target);
  }
  return written;
}
