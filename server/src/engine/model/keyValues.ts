import type { Instruction } from './types';

/**
 * Splits ENV/ARG/LABEL arguments into name/value pairs with quotes removed: `A=1 B="two words"`, the
 * legacy `ENV A one two` (the rest of the line is the value), and `ARG A B` (names without defaults).
 */
export function keyValues(instruction: Instruction): Array<[string, string]> {
  const text = instruction.argsText.trim();
  const words = splitWords(text);
  if (words.length === 0) return [];
  if (!words[0]!.includes('=')) {
    if (instruction.keyword === 'ARG') return words.map((w) => [w, ''] as [string, string]);
    const value = text.slice(text.indexOf(words[0]!) + words[0]!.length).trim();
    return [[words[0]!, unquote(value)]];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    return eq < 0 ? [w, ''] : [w.slice(0, eq), unquote(w.slice(eq + 1))];
  });
}

/** Words separated by unquoted, unescaped blanks; quotes and escapes are kept for unquote(). */
function splitWords(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      current += c;
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) current += text[++i];
    } else if (c === '"' || c === "'") {
      quote = c;
      current += c;
    } else if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === ' ' || c === '\t') {
      if (current) out.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current) out.push(current);
  return out;
}

/** Removes quotes anywhere in a word (`a"b c"` → `ab c`) and resolves escapes inside double quotes. */
export function unquote(value: string): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < value.length) out += value[++i];
      else out += c;
    } else if (c === '"' || c === "'") quote = c;
    else out += c;
  }
  return out;
}
