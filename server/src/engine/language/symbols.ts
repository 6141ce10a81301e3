// The outline of a Dockerfile: global ARGs, then each stage with its instructions; ARG and ENV list
// the variables they declare.
import type { Instruction, Model, Range } from '../model/types';
import { declaredNames } from './keyValueSpans';

export type OutlineKind = 'stage' | 'instruction' | 'variable';

export interface OutlineSymbol {
  name: string;
  detail: string;
  kind: OutlineKind;
  range: Range;
  /** The part to reveal and select (a stage's name, an instruction's keyword); inside `range`. */
  selectionRange: Range;
  children: OutlineSymbol[];
}

const DETAIL_LENGTH = 60;

export function documentOutline(model: Model): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  const firstFrom = model.stages[0]?.from.index ?? model.instructions.length;
  for (let i = 0; i < firstFrom; i++) out.push(instructionSymbol(model, model.instructions[i]!));
  for (const stage of model.stages) {
    const image = stage.base?.raw ?? '';
    out.push({
      name: stage.rawName ?? (image || `stage ${stage.index}`),
      detail: stage.rawName ? `${image} · stage ${stage.index}` : `stage ${stage.index}`,
      kind: 'stage',
      range: stage.range,
      selectionRange: stage.nameRange ?? stage.base?.range ?? stage.from.keywordRange,
      children: stage.instructions.slice(1).map((i) => instructionSymbol(model, i)),
    });
  }
  return out;
}

function instructionSymbol(model: Model, instruction: Instruction): OutlineSymbol {
  const children: OutlineSymbol[] = declaredNames(model, instruction).map(({ name, start, end }) => {
    const range = { start: model.positions.positionAt(start), end: model.positions.positionAt(end) };
    return {
      name,
      detail: instruction.keyword,
      kind: 'variable',
      range,
      selectionRange: range,
      children: [],
    };
  });
  return {
    name: instruction.keyword,
    detail: summary(instruction.argsText),
    kind: 'instruction',
    range: instruction.range,
    selectionRange: instruction.keywordRange,
    children,
  };
}

/** The arguments on one line, cut to a length an outline can show. */
function summary(text: string): string {
  // Only the start is shown: a megabyte-long line is not copied whole.
  const oneLine = text
    .slice(0, DETAIL_LENGTH * 4)
    .replace(/\s+/g, ' ')
    .trim();
  return oneLine.length > DETAIL_LENGTH ? `${oneLine.slice(0, DETAIL_LENGTH - 1)}…` : oneLine;
}
