// ARG and ENV definitions with the exact range of each name, and which of them an instruction sees,
// following BuildKit's scoping: global ARGs (before the first FROM) serve FROM lines only; inside a
// stage, a name is visible after its ARG or ENV, and a stage built FROM another stage starts with
// what that stage defined (as the undefined-var rule counts it).
import { joinContinuations } from '../model/logicalText';
import { unquote } from '../model/keyValues';
import type { Instruction, Model, Range } from '../model/types';
import { splitWords } from '../rules/lib/words';

export interface VariableDefinition {
  name: string;
  kind: 'ARG' | 'ENV';
  /** The value after `=` with quotes removed; undefined for `ARG NAME` without a default. */
  value: string | undefined;
  instruction: Instruction;
  /** -1 for global ARGs. */
  stageIndex: number;
  /** The name as written in the document. */
  nameRange: Range;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const definitionsByModel = new WeakMap<Model, VariableDefinition[]>();

/** Every ARG/ENV definition of the document in order. Computed once per Model. */
export function variableDefinitions(model: Model): VariableDefinition[] {
  let list = definitionsByModel.get(model);
  if (!list) {
    list = model.instructions.flatMap((instruction) => definitionsOf(model, instruction));
    definitionsByModel.set(model, list);
  }
  return list;
}

/** The names an ARG or ENV instruction defines, with their values and name ranges. */
export function definitionsOf(model: Model, instruction: Instruction): VariableDefinition[] {
  const kind = instruction.keyword;
  if ((kind !== 'ARG' && kind !== 'ENV') || !instruction.argsRange) return [];
  const start = model.positions.offsetAt(instruction.argsRange.start);
  const end = model.positions.offsetAt(instruction.argsRange.end);
  const source = joinContinuations(model.text, start, end, model.escapeChar);
  const words = splitWords(source, model.escapeChar);
  const out: VariableDefinition[] = [];
  const add = (name: string, at: number, value: string | undefined): void => {
    if (!NAME.test(name)) return;
    const from = source.offsets[at] ?? start;
    out.push({
      name,
      kind,
      value,
      instruction,
      stageIndex: instruction.stageIndex,
      nameRange: {
        start: model.positions.positionAt(from),
        end: model.positions.positionAt(from + name.length),
      },
    });
  };
  const first = words[0];
  if (kind === 'ENV' && first && !first.text.includes('=')) {
    // Legacy `ENV NAME the rest of the line`.
    const rest = source.text.slice(first.end).trim();
    add(first.text, first.start, unquote(rest));
    return out;
  }
  for (const word of words) {
    const eq = word.text.indexOf('=');
    if (eq < 0) add(word.text, word.start, kind === 'ARG' ? undefined : '');
    else add(word.text.slice(0, eq), word.start, unquote(word.text.slice(eq + 1)));
  }
  return out;
}

/** True for the FROM line of a stage (it sees only global ARGs, not the stage's own). */
function isFromLine(model: Model, instruction: Instruction): boolean {
  return model.stages[instruction.stageIndex]?.from === instruction;
}

/**
 * The definitions an instruction sees, latest last per name (a later definition overrides): for a
 * FROM line and before the first FROM, the global ARGs before it; inside a stage, the definitions of
 * the stages it is built FROM, then its own ones before the instruction.
 */
export function definitionsInScope(model: Model, instruction: Instruction): VariableDefinition[] {
  const all = variableDefinitions(model);
  if (instruction.stageIndex < 0 || isFromLine(model, instruction))
    return all.filter((d) => d.stageIndex < 0 && d.instruction.index < instruction.index);
  const chain: number[] = [];
  const seen = new Set<number>();
  let stage = model.stages[instruction.stageIndex];
  while (stage && !seen.has(stage.index)) {
    seen.add(stage.index);
    chain.unshift(stage.index);
    stage = stage.baseStage !== undefined ? model.stages[stage.baseStage] : undefined;
  }
  const own = new Set(chain);
  return all.filter(
    (d) =>
      own.has(d.stageIndex) &&
      (d.stageIndex !== instruction.stageIndex || d.instruction.index < instruction.index),
  );
}

/** Per name, the definition that applies last (document order of `definitions`). */
export function latestByName(definitions: readonly VariableDefinition[]): Map<string, VariableDefinition[]> {
  const byName = new Map<string, VariableDefinition[]>();
  for (const d of definitions) {
    const list = byName.get(d.name) ?? [];
    list.push(d);
    byName.set(d.name, list);
  }
  return byName;
}

/**
 * The value a stage ARG without a default takes: the global ARG's default of the same name, when the
 * stage re-declares a global ARG (`ARG VERSION` after `ARG VERSION=1.2` before FROM).
 */
export function globalDefault(model: Model, name: string): VariableDefinition | undefined {
  return variableDefinitions(model)
    .filter((d) => d.stageIndex < 0 && d.name === name)
    .at(-1);
}

/** A value for one-line display: long values (scripts, PATHs) are cut with an ellipsis. */
export function shortValue(value: string, max = 60): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}
