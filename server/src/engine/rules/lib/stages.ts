// Places where a Dockerfile names another stage (`COPY --from=…`, `RUN --mount=…,from=…`) and how
// BuildKit resolves such a name: a stage name (case-insensitive), a stage index, else an image.
import type { Instruction, Model, Range, Stage } from '../../model/types';

export interface StageReference {
  /** The value as written, e.g. `build`, `0`, `nginx:1.27`. */
  value: string;
  /** Range of the value alone (for edits). */
  range: Range;
  instruction: Instruction;
  /** `copy` for COPY/ADD --from, `mount` for a RUN --mount from= option. */
  kind: 'copy' | 'mount';
}

/** Every `--from=` of COPY and every `from=` of a RUN `--mount`, in document order. */
export function stageReferences(model: Model): StageReference[] {
  const out: StageReference[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      for (const flag of instruction.flags) {
        if (flag.name !== 'from' || flag.value === undefined || !flag.valueRange) continue;
        out.push({ value: flag.value, range: flag.valueRange, instruction, kind: 'copy' });
      }
    } else if (instruction.keyword === 'RUN') {
      for (const flag of instruction.flags) {
        if (flag.name !== 'mount' || !flag.valueRange) continue;
        const start = model.positions.offsetAt(flag.valueRange.start);
        const end = model.positions.offsetAt(flag.valueRange.end);
        const text = model.text.slice(start, end);
        let partStart = 0;
        for (const part of text.split(',')) {
          const eq = part.indexOf('=');
          if (eq > 0 && part.slice(0, eq).trim().toLowerCase() === 'from') {
            const valueStart = start + partStart + eq + 1;
            const value = part.slice(eq + 1);
            out.push({
              value,
              range: {
                start: model.positions.positionAt(valueStart),
                end: model.positions.positionAt(valueStart + value.length),
              },
              instruction,
              kind: 'mount',
            });
          }
          partStart += part.length + 1;
        }
      }
    }
  }
  return out;
}

export type Resolution =
  | { kind: 'stage'; stage: Stage }
  | { kind: 'index'; stage: Stage }
  | { kind: 'later-stage'; stage: Stage }
  | { kind: 'own-stage'; stage: Stage }
  | { kind: 'bad-index'; index: number }
  | { kind: 'variable' }
  | { kind: 'image' }
  | { kind: 'name' };

/**
 * What `--from=value` in stage `current` refers to. `name` is a plain name that is no stage: BuildKit
 * would then pull it as an image `docker.io/library/<name>:latest` (or use a named build context).
 */
export function resolveReference(model: Model, value: string, current: number): Resolution {
  if (value.includes('$')) return { kind: 'variable' };
  if (/^\d+$/.test(value)) {
    const index = Number(value);
    const stage = model.stages[index];
    if (!stage) return { kind: 'bad-index', index };
    if (index === current) return { kind: 'own-stage', stage };
    if (index > current) return { kind: 'later-stage', stage };
    return { kind: 'index', stage };
  }
  const lower = value.toLowerCase();
  const named = model.stages.filter((s) => s.name === lower);
  const earlier = named.filter((s) => s.index < current);
  if (earlier.length > 0) return { kind: 'stage', stage: earlier[earlier.length - 1]! };
  const own = named.find((s) => s.index === current);
  if (own) return { kind: 'own-stage', stage: own };
  if (named.length > 0) return { kind: 'later-stage', stage: named[0]! };
  if (/[/:@]/.test(value)) return { kind: 'image' };
  return { kind: 'name' };
}

/** BuildKit's rule for stage names (after lower-casing). */
export const STAGE_NAME = /^[a-z][a-z0-9\-_.]*$/;

/** `FROM` keyword as written, to match the casing of words we add (`AS`). */
export function keywordText(model: Model, instruction: Instruction): string {
  return model.text.slice(
    model.positions.offsetAt(instruction.keywordRange.start),
    model.positions.offsetAt(instruction.keywordRange.end),
  );
}
