// Renaming a stage or an ARG/ENV variable: every occurrence BuildKit would connect to it changes, and
// a new name BuildKit would reject (or read as something else) is refused with the reason.
import type { Model, Position, Range, TextEdit } from '../model/types';
import { PLATFORM_ARGS } from '../rules/lib/platformArgs';
import { STAGE_NAME } from '../rules/lib/stages';
import { VARIABLE_NAME } from './keyValueSpans';
import { nameIndex, occurrenceAt, type NamedSymbol, type Occurrence } from './references';

export type PrepareRenameResult = { range: Range; placeholder: string } | { error: string };
export type RenameResult = { edits: TextEdit[] } | { error: string };

// BuildKit gives these a meaning of their own: the empty image and the build context.
const RESERVED_STAGE_NAMES = new Set(['scratch', 'context']);

/** Whether the name under the cursor can be renamed, and the range the editor should select. */
export function prepareRename(model: Model, position: Position): PrepareRenameResult {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return { error: notRenamable(model, position) };
  const refusal = refuse(occurrence);
  if (refusal) return { error: refusal };
  return { range: occurrence.range, placeholder: model.text.slice(occurrence.start, occurrence.end) };
}

/** The edits that rename the stage or variable under the cursor to `newName`. */
export function rename(model: Model, position: Position, newName: string): RenameResult {
  const occurrence = occurrenceAt(model, position);
  if (!occurrence) return { error: notRenamable(model, position) };
  const refusal = refuse(occurrence);
  if (refusal) return { error: refusal };
  const symbol = occurrence.symbol;
  const problem =
    symbol.kind === 'stage'
      ? checkStageName(model, symbol, newName)
      : checkVariableName(model, symbol, newName);
  if (problem) return { error: problem };
  const edits: TextEdit[] = [];
  for (const o of symbol.occurrences) {
    if (!o.renamable) continue;
    if (model.text.slice(o.start, o.end) === newName) continue;
    edits.push({ range: o.range, newText: newName });
  }
  return { edits };
}

function refuse(occurrence: Occurrence): string | undefined {
  const symbol = occurrence.symbol;
  if (symbol.kind === 'stage') {
    if (symbol.stageIndex !== undefined && symbol.name === String(symbol.stageIndex))
      return 'This stage has no name: add `AS <name>` to its FROM line to give it one.';
    if (!occurrence.renamable)
      return 'This refers to the stage by its number; rename the stage at its `AS` name instead.';
    return undefined;
  }
  if (PLATFORM_ARGS.has(symbol.name))
    return `\`${symbol.name}\` is set by BuildKit itself: under another name it would lose that value.`;
  if (!occurrence.renamable) return 'This name is split by a line continuation and cannot be renamed here.';
  return undefined;
}

function notRenamable(model: Model, position: Position): string {
  const offset = model.positions.offsetAt(position);
  const instruction = model.instructions.find(
    (i) =>
      model.positions.offsetAt(i.keywordRange.start) <= offset &&
      offset <= model.positions.offsetAt(i.keywordRange.end),
  );
  if (instruction)
    return `\`${instruction.keyword}\` is an instruction keyword; only stage names and ARG/ENV variables can be renamed.`;
  const image = model.stages.find(
    (s) =>
      s.base &&
      s.baseStage === undefined &&
      model.positions.offsetAt(s.base.range.start) <= offset &&
      offset <= model.positions.offsetAt(s.base.range.end),
  );
  if (image) return 'This is an image reference, not a name defined in this Dockerfile.';
  return 'Only stage names and ARG/ENV variables declared in this Dockerfile can be renamed.';
}

function checkStageName(model: Model, symbol: NamedSymbol, newName: string): string | undefined {
  const lower = newName.toLowerCase();
  if (!STAGE_NAME.test(lower))
    return `\`${newName}\` is not a valid stage name: BuildKit wants a letter first, then letters, digits, \`-\`, \`_\` or \`.\`.`;
  if (newName !== lower)
    return `Stage names are compared in lower case and BuildKit warns about capitals (StageNameCasing): use \`${lower}\`.`;
  if (RESERVED_STAGE_NAMES.has(lower)) return `\`${lower}\` is reserved by BuildKit and cannot name a stage.`;
  const clash = model.stages.find((s) => s.name === lower && s.index !== symbol.stageIndex);
  if (clash)
    return `A stage named \`${lower}\` already exists (line ${clash.from.range.start.line + 1}); stage names must be unique.`;
  return undefined;
}

function checkVariableName(model: Model, symbol: NamedSymbol, newName: string): string | undefined {
  if (!VARIABLE_NAME.test(newName))
    return `\`${newName}\` is not a valid variable name: use letters, digits and \`_\`, not starting with a digit.`;
  if (newName === symbol.name) return undefined;
  // Another variable of that name where this one is used would capture its uses (or be captured).
  const stagesOf = (s: NamedSymbol): Set<number> =>
    new Set(s.occurrences.map((o) => stageAt(model, o.start)));
  const mine = stagesOf(symbol);
  for (const other of nameIndex(model).symbols) {
    if (other === symbol || other.kind !== 'variable' || other.name !== newName) continue;
    const shared = other.occurrences.find((o) => mine.has(stageAt(model, o.start)));
    if (shared)
      return `\`${newName}\` is already a variable where \`${symbol.name}\` is used (line ${shared.range.start.line + 1}).`;
  }
  return undefined;
}

/** Stage index of the instruction holding a document offset; -1 before the first FROM. */
function stageAt(model: Model, offset: number): number {
  const stages = model.stages;
  let lo = 0;
  let hi = stages.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (model.positions.offsetAt(stages[mid]!.range.start) <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
