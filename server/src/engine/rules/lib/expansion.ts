// Where a Dockerfile instruction's arguments refer to variables, read the way BuildKit's word
// expander reads them (not the way a shell would): the Dockerfile's escape character escapes the next
// character, single quotes are literal, double quotes still expand `$`, and `${NAME<op>word}` forms
// carry a word that may hold further references.
import { joinContinuations, type LogicalText } from '../../model/logicalText';
import type { Model, Range } from '../../model/types';

/** `${NAME:-word}` and friends; `''` for plain `$NAME` / `${NAME}`. */
export type ExpansionOperator = '' | '-' | ':-' | '+' | ':+' | '?' | ':?' | '#' | '%' | '/';

export interface VariableReference {
  name: string;
  operator: ExpansionOperator;
  /** Document offsets of the whole `$…` expression. */
  start: number;
  end: number;
  range: Range;
  /** Inside the word of a guarded expansion (`${A:+$A:}`), which is used only when that applies. */
  nested: boolean;
}

/** Operators that make an unset variable harmless on purpose: a default, an alternative, an error. */
const GUARDED = new Set<ExpansionOperator>(['-', ':-', '+', ':+', '?', ':?']);

export function isGuarded(ref: VariableReference): boolean {
  return GUARDED.has(ref.operator) || ref.nested;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
// Parameters that are not variable names: `$$`, `$?`, `$1`, …
const SPECIAL = new Set(['@', '*', '#', '?', '-', '$', '!', '0']);

/**
 * Every `$NAME` / `${NAME…}` reference to a named variable in `source`, nested ones (in a default
 * word) included. Positional and special parameters (`$1`, `$$`) and escaped dollars are skipped.
 */
export function variableReferences(
  source: LogicalText,
  escapeChar: string,
  model: Pick<Model, 'positions'>,
): VariableReference[] {
  const s = source.text;
  const out: VariableReference[] = [];
  let depth = 0;
  const at = (i: number): number => source.offsets[Math.min(i, s.length)]!;
  const push = (name: string, operator: ExpansionOperator, from: number, to: number): void => {
    const start = at(from);
    const end = to >= s.length ? at(s.length) : source.offsets[to - 1]! + 1;
    out.push({
      name,
      operator,
      start,
      end,
      range: { start: model.positions.positionAt(start), end: model.positions.positionAt(end) },
      nested: depth > 0,
    });
  };

  // Reads `$…` at i (s[i] === '$'); returns the index after it.
  const dollar = (i: number): number => {
    const next = s[i + 1];
    if (next === undefined) return i + 1;
    if (next !== '{') {
      if (NAME_START.test(next)) {
        let j = i + 1;
        while (j < s.length && NAME_PART.test(s[j]!)) j++;
        push(s.slice(i + 1, j), '', i, j);
        return j;
      }
      if (/[0-9]/.test(next) || SPECIAL.has(next)) return i + 2;
      return i + 1;
    }
    // ${…}
    let j = i + 2;
    const nameStart = j;
    if (j < s.length && NAME_START.test(s[j]!)) {
      while (j < s.length && NAME_PART.test(s[j]!)) j++;
    } else {
      // ${1}, ${#}, bad substitutions: not a named variable; skip to the closing brace.
      const close = s.indexOf('}', j);
      return close < 0 ? s.length : close + 1;
    }
    const name = s.slice(nameStart, j);
    const c = s[j];
    if (c === '}') {
      push(name, '', i, j + 1);
      return j + 1;
    }
    let operator: ExpansionOperator;
    if (c === ':' && s[j + 1] !== undefined && '-+?'.includes(s[j + 1]!)) {
      operator = `:${s[j + 1]}` as ExpansionOperator;
      j += 2;
    } else if (c !== undefined && '-+?#%/'.includes(c)) {
      operator = c as ExpansionOperator;
      j += 1;
    } else {
      // Malformed: BuildKit fails the build; nothing to report as a variable here.
      const close = s.indexOf('}', j);
      return close < 0 ? s.length : close + 1;
    }
    // The word up to the matching `}` may hold references of its own; those of a default or
    // alternative word only matter when the default applies, so they count as guarded.
    const guardsWord = GUARDED.has(operator);
    if (guardsWord) depth++;
    const slot = out.length;
    const wordEnd = scan(j, '}');
    if (guardsWord) depth--;
    push(name, operator, i, Math.min(wordEnd + 1, s.length));
    // Keep document order: the outer reference before the ones inside it.
    out.splice(slot, 0, out.pop()!);
    return wordEnd + 1;
  };

  // Scans from i until `stop` (outside quotes) or the end; returns the index of `stop` (or length).
  const scan = (i: number, stop: string | undefined): number => {
    while (i < s.length) {
      const c = s[i]!;
      if (stop !== undefined && c === stop) return i;
      if (c === escapeChar) {
        i += 2;
      } else if (c === "'") {
        const close = s.indexOf("'", i + 1);
        i = close < 0 ? s.length : close + 1;
      } else if (c === '"') {
        i++;
        while (i < s.length && s[i] !== '"') {
          if (s[i] === escapeChar && s[i + 1] !== undefined && `"$${escapeChar}`.includes(s[i + 1]!)) i += 2;
          else if (s[i] === '$') i = dollar(i);
          else i++;
        }
        i++;
      } else if (c === '$') {
        i = dollar(i);
      } else {
        i++;
      }
    }
    return s.length;
  };

  scan(0, undefined);
  return out;
}

/** The document text between two offsets as BuildKit sees it (continuations removed), with offsets. */
export function logicalSlice(model: Model, start: number, end: number): LogicalText {
  return joinContinuations(model.text, start, end, model.escapeChar);
}
