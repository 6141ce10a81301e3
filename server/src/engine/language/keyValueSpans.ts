// Where the keys and values of ARG, ENV and LABEL sit in the document. The Model keeps these
// instructions' arguments as text; navigation, rename and highlighting need document offsets.
import type { Instruction, Model } from '../model/types';
import { logicalSlice } from '../rules/lib/expansion';
import { splitWords } from '../rules/lib/words';

export interface KeyValueSpan {
  /** The key as written (quotes kept, e.g. `"org.opencontainers.image.title"` in a LABEL). */
  key: string;
  /** Document offsets of the key. */
  keyStart: number;
  keyEnd: number;
  /** Document offset of the `=`, when the pair has one (`ENV A=1`; not `ARG A`, not `ENV A 1`). */
  equals: number | undefined;
  /** Document offsets of the value; undefined without a value. */
  valueStart: number | undefined;
  valueEnd: number | undefined;
}

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const KEY_VALUE_KEYWORDS = new Set(['ARG', 'ENV', 'LABEL']);

/**
 * The pairs of an ARG, ENV or LABEL: `A=1 B="two words"`, names without values (`ARG A B`) and the
 * legacy `ENV A one two` / `LABEL a b` form, where the first word is the key and the rest its value.
 * Other instructions have none.
 */
export function keyValueSpans(model: Model, instruction: Instruction): KeyValueSpan[] {
  if (!KEY_VALUE_KEYWORDS.has(instruction.keyword) || !instruction.argsRange) return [];
  const start = model.positions.offsetAt(instruction.argsRange.start);
  const end = model.positions.offsetAt(instruction.argsRange.end);
  const source = logicalSlice(model, start, end);
  const words = splitWords(source, model.escapeChar);
  const first = words[0];
  if (!first) return [];
  // A logical-text index → its document offset; `end` indexes are exclusive.
  const at = (index: number): number => source.offsets[index]!;
  const endAt = (index: number): number => source.offsets[index - 1]! + 1;

  if (!first.text.includes('=') && instruction.keyword !== 'ARG') {
    const last = words[words.length - 1]!;
    const second = words[1];
    return [
      {
        key: first.text,
        keyStart: at(first.start),
        keyEnd: endAt(first.end),
        equals: undefined,
        valueStart: second ? at(second.start) : undefined,
        valueEnd: second ? endAt(last.end) : undefined,
      },
    ];
  }
  return words.map((word) => {
    const eq = equalsIndex(word.text, model.escapeChar);
    if (eq < 0) {
      return {
        key: word.text,
        keyStart: at(word.start),
        keyEnd: endAt(word.end),
        equals: undefined,
        valueStart: undefined,
        valueEnd: undefined,
      };
    }
    const hasValue = eq + 1 < word.text.length;
    return {
      key: word.text.slice(0, eq),
      keyStart: at(word.start),
      keyEnd: eq > 0 ? endAt(word.start + eq) : at(word.start),
      equals: at(word.start + eq),
      valueStart: hasValue ? at(word.start + eq + 1) : undefined,
      valueEnd: hasValue ? endAt(word.end) : undefined,
    };
  });
}

/** The `=` that separates key and value: the first one outside quotes and not escaped. */
function equalsIndex(word: string, escapeChar: string): number {
  let quote: string | undefined;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (c === escapeChar && quote !== "'") {
      i++;
    } else if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '=') {
      return i;
    }
  }
  return -1;
}

/** Variable names an ARG or ENV declares, with the document offsets of each name. */
export function declaredNames(
  model: Model,
  instruction: Instruction,
): Array<{ name: string; start: number; end: number }> {
  if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') return [];
  const out: Array<{ name: string; start: number; end: number }> = [];
  for (const span of keyValueSpans(model, instruction)) {
    // A name split by a line continuation cannot be edited as one piece; it is not a plain name.
    if (!VARIABLE_NAME.test(span.key) || span.keyEnd - span.keyStart !== span.key.length) continue;
    out.push({ name: span.key, start: span.keyStart, end: span.keyEnd });
  }
  return out;
}
