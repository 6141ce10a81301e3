// Dockerfile-level word splitting, as BuildKit's parser splits the arguments of ENV, LABEL and ARG:
// blanks separate words except inside quotes or after the escape character; quotes stay in the word.
import type { LogicalText } from '../../model/logicalText';

export interface TextWord {
  text: string;
  /** Indexes into the logical text. */
  start: number;
  end: number;
}

export function splitWords(source: LogicalText | string, escapeChar: string): TextWord[] {
  const s = typeof source === 'string' ? source : source.text;
  const words: TextWord[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    const start = i;
    let quote: string | undefined;
    while (i < s.length) {
      const c = s[i]!;
      if (!quote && /\s/.test(c)) break;
      if (c === escapeChar && quote !== "'") {
        i += 2;
        continue;
      }
      if (quote && c === quote) quote = undefined;
      else if (!quote && (c === '"' || c === "'")) quote = c;
      i++;
    }
    const end = Math.min(i, s.length);
    words.push({ text: s.slice(start, end), start, end });
  }
  return words;
}
