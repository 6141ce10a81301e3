import type { Position, PositionIndex } from './types';

/** Line-start table for a text: O(log n) offset ↔ position in both directions. */
export function createPositionIndex(text: string): PositionIndex {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      lineStarts.push(i + 1);
    } else if (c === 10 /* \n */) {
      lineStarts.push(i + 1);
    }
  }
  const lineEnd = (line: number): number => {
    const next = line + 1 < lineStarts.length ? lineStarts[line + 1]! : text.length;
    let end = next;
    if (end > lineStarts[line]! && text.charCodeAt(end - 1) === 10) end--;
    if (end > lineStarts[line]! && text.charCodeAt(end - 1) === 13) end--;
    return end;
  };
  return {
    lineCount: lineStarts.length,
    positionAt(offset: number): Position {
      const o = Math.max(0, Math.min(offset, text.length));
      let lo = 0;
      let hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid]! <= o) lo = mid;
        else hi = mid - 1;
      }
      return { line: lo, character: o - lineStarts[lo]! };
    },
    offsetAt(position: Position): number {
      if (position.line < 0) return 0;
      if (position.line >= lineStarts.length) return text.length;
      const start = lineStarts[position.line]!;
      return Math.min(start + Math.max(0, position.character), lineEnd(position.line));
    },
    lineText(line: number): string {
      if (line < 0 || line >= lineStarts.length) return '';
      return text.slice(lineStarts[line], lineEnd(line));
    },
  };
}
