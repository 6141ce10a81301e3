import type { Instruction, Model } from '../model/types';
import { logicalSlice } from './lib/expansion';
import { splitWords } from './lib/words';
import type { Rule } from './types';

/**
 * `ENV key value` and `LABEL key value` are the old one-pair-per-instruction forms: the value runs to
 * the end of the line, which is easy to misread (`ENV A b C=d` sets A to `b C=d`). BuildKit warns
 * about them (LegacyKeyValueFormat); `key=value` says the same thing explicitly.
 */
export const legacyKeyValueFormat: Rule = {
  meta: {
    id: 'legacy-key-value-format',
    category: 'correctness',
    severity: 'warning',
    aliases: ['LegacyKeyValueFormat'],
    description: 'ENV or LABEL uses the legacy `key value` form instead of `key=value`.',
    fixable: 'safe',
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      const legacy = readLegacy(model, instruction);
      if (!legacy || !instruction.argsRange) continue;
      const keyword = instruction.keyword;
      report({
        range: instruction.argsRange,
        message: `\`${keyword} ${legacy.key} <value>\` is the legacy form: write \`${keyword} ${legacy.key}=<value>\`. In the legacy form the whole rest of the line is one value.`,
        data: { instruction: instruction.index },
      });
    }
  },
  fix(finding, { model }) {
    const instruction = model.instructions[Number(finding.data?.instruction)];
    if (!instruction) return [];
    const legacy = readLegacy(model, instruction);
    if (!legacy) return [];
    const { positions } = model;
    const range = (start: number, end: number) => ({
      start: positions.positionAt(start),
      end: positions.positionAt(end),
    });
    const edits = [{ range: range(legacy.keyEnd, legacy.valueStart), newText: '=' }];
    const value = legacy.value;
    if (splitWords(value, model.escapeChar).length > 1) {
      // Several words: BuildKit kept the blanks between them, so the new form needs quotes. Only text
      // that quotes and escapes cannot change is wrapped; anything else is left to the author.
      if (/["']/.test(value) || value.includes(model.escapeChar)) return [];
      edits.push(
        { range: range(legacy.valueStart, legacy.valueStart), newText: '"' },
        { range: range(legacy.valueEnd, legacy.valueEnd), newText: '"' },
      );
    }
    return [
      {
        title: `Use ${instruction.keyword} ${legacy.key}=…`,
        kind: 'quickfix',
        isPreferred: true,
        edits,
      },
    ];
  },
};

interface LegacyPair {
  key: string;
  /** Document offsets. */
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** The value as BuildKit reads it (continuations removed). */
  value: string;
}

/** The key and value of a legacy `ENV key value` / `LABEL key value`, or undefined. */
function readLegacy(model: Model, instruction: Instruction): LegacyPair | undefined {
  if ((instruction.keyword !== 'ENV' && instruction.keyword !== 'LABEL') || !instruction.argsRange)
    return undefined;
  const start = model.positions.offsetAt(instruction.argsRange.start);
  const end = model.positions.offsetAt(instruction.argsRange.end);
  const source = logicalSlice(model, start, end);
  const words = splitWords(source, model.escapeChar);
  const [key, first] = words;
  // BuildKit decides by the first word: with an `=` in it, the instruction uses the new form.
  if (!key || !first || key.text.includes('=')) return undefined;
  const last = words[words.length - 1]!;
  return {
    key: key.text,
    keyEnd: source.offsets[key.end - 1]! + 1,
    valueStart: source.offsets[first.start]!,
    valueEnd: source.offsets[last.end - 1]! + 1,
    value: source.text.slice(first.start, last.end),
  };
}
