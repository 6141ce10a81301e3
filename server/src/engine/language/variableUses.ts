// Where an instruction uses `$NAME` / `${NAME…}`: its flags and arguments (continuations and comment
// lines removed, as BuildKit reads them) and the heredoc bodies whose text is expanded.
import { literalText, type LogicalText } from '../model/logicalText';
import type { Heredoc, Instruction, Model } from '../model/types';
import { logicalSlice, variableReferences, type VariableReference } from '../rules/lib/expansion';

export interface VariableUse {
  reference: VariableReference;
  /** Document offsets of the name alone (`X` of `${X:-1}`). */
  nameStart: number;
  nameEnd: number;
  /** True when the name is written in one piece (not split by a line continuation): it can be edited. */
  editable: boolean;
}

// Exec-form arguments run without a shell: nothing expands `$X` in them.
const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);
// Heredoc bodies of these instructions are read by a shell (RUN) or expanded by BuildKit unless the
// delimiter is quoted (COPY, ADD).
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);
// Generator placeholders (`{{ .Version }}`) in template Dockerfiles are not Dockerfile syntax.
const TEMPLATE = /\{\{.*?\}\}/g;

/**
 * Every variable use in an instruction, in document order. ONBUILD triggers are left out: they are
 * expanded in a later build, against that build's variables.
 */
export function variableUses(model: Model, instruction: Instruction): VariableUse[] {
  if (instruction.keyword === 'ONBUILD') return [];
  const positions = model.positions;
  const regionStart = positions.offsetAt(instruction.keywordRange.end);
  let regionEnd: number;
  if (instruction.execForm && EXEC_FORM_KEYWORDS.has(instruction.keyword)) {
    regionEnd = instruction.argsRange ? positions.offsetAt(instruction.argsRange.start) : regionStart;
  } else if (instruction.argsRange) {
    regionEnd = positions.offsetAt(instruction.argsRange.end);
  } else {
    const lastFlag = instruction.flags[instruction.flags.length - 1];
    regionEnd = lastFlag ? positions.offsetAt(lastFlag.range.end) : regionStart;
  }
  const uses: VariableUse[] = [];
  if (regionEnd > regionStart) collect(model, logicalSlice(model, regionStart, regionEnd), uses);
  if (HEREDOC_KEYWORDS.has(instruction.keyword)) {
    for (const heredoc of instruction.heredocs) {
      if (!heredoc.body) continue;
      if (instruction.keyword !== 'RUN' && hasQuotedDelimiter(model, heredoc)) continue;
      collect(model, literalText(model.text, heredoc.body.start, heredoc.body.end), uses);
    }
  }
  return uses;
}

function collect(model: Model, source: LogicalText, into: VariableUse[]): void {
  const text = source.text.includes('{{')
    ? source.text.replace(TEMPLATE, (m) => ' '.repeat(m.length))
    : source.text;
  if (!text.includes('$')) return;
  for (const reference of variableReferences({ text, offsets: source.offsets }, model.escapeChar, model)) {
    const braced = model.text[reference.start + 1] === '{';
    const nameStart = reference.start + (braced ? 2 : 1);
    const nameEnd = nameStart + reference.name.length;
    const editable = model.text.slice(nameStart, nameEnd) === reference.name;
    into.push({ reference, nameStart, nameEnd, editable });
  }
}

/** `<<'EOF'` or `<<"EOF"` (also with `-`): BuildKit copies the body as it is, without expansion. */
export function hasQuotedDelimiter(model: Model, heredoc: Heredoc): boolean {
  let i = model.positions.offsetAt(heredoc.range.start);
  if (model.text.startsWith('<<', i)) i += 2;
  if (model.text[i] === '-') i++;
  const c = model.text[i];
  return c === '"' || c === "'";
}
