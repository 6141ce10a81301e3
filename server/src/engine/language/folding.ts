// Folding ranges: each stage, each instruction continued over several lines, each heredoc body and
// each block of consecutive comment lines.
import type { Model } from '../model/types';

export interface Fold {
  startLine: number;
  endLine: number;
  kind: 'comment' | undefined;
}

export function foldingRanges(model: Model): Fold[] {
  const folds: Fold[] = [];
  const push = (startLine: number, endLine: number, kind?: 'comment'): void => {
    if (endLine > startLine) folds.push({ startLine, endLine, kind });
  };
  for (const stage of model.stages) push(stage.range.start.line, stage.range.end.line);
  for (const instruction of model.instructions) {
    push(instruction.range.start.line, instruction.range.end.line);
    for (const heredoc of instruction.heredocs) {
      // From the line before the body (the `<<EOF` line, or the previous heredoc's delimiter): the
      // delimiter line folds away with the body.
      const bodyStart = heredoc.body ? heredoc.body.range.start.line : heredoc.range.start.line + 1;
      push(bodyStart - 1, heredoc.range.end.line);
    }
  }
  let blockStart = -1;
  let previous = -2;
  const directiveLines = new Set(model.directives.map((d) => d.range.start.line));
  for (const comment of model.comments) {
    const line = comment.range.start.line;
    if (directiveLines.has(line)) continue;
    if (line !== previous + 1) {
      if (blockStart >= 0) push(blockStart, previous, 'comment');
      blockStart = line;
    }
    previous = line;
  }
  if (blockStart >= 0) push(blockStart, previous, 'comment');

  // Editors keep one range per start line: the widest one.
  folds.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  const out: Fold[] = [];
  for (const fold of folds) {
    if (out.length > 0 && out[out.length - 1]!.startLine === fold.startLine) continue;
    out.push(fold);
  }
  return out;
}
