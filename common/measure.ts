// Reading a finished build: the per-layer sizes an engine's `history` reports, matched to the
// Dockerfile's instructions, and compared with the estimates. Pure (text in, data out), so the
// "Build and Measure" command (client/src/measure.ts) and the size benchmark (scripts/bench-size.mjs)
// read builds the same way, and both are unit-tested here.

/** One row of `podman history` / `docker history`: what built the layer and its uncompressed size. */
export interface HistoryEntry {
  createdBy: string;
  bytes: number;
}

/** An instruction of the built stage, FROM excluded, in file order. `line` is 0-based. */
export interface StageInstructionRef {
  line: number;
  keyword: string;
}

export interface AlignedInstruction extends StageInstructionRef {
  /** Bytes of the instruction's layer; undefined when no history entry could be matched to it. */
  bytes: number | undefined;
  createdBy?: string;
}

export interface HistoryAlignment {
  /** The stage's instructions in file order, with their measured layers. */
  instructions: AlignedInstruction[];
  /** Bytes of the entries older than the stage's first instruction: the FROM image. */
  baseBytes: number | undefined;
  /** The whole image: every entry's bytes. */
  totalBytes: number;
  /** False when the history and the Dockerfile disagree somewhere (then some instructions stay undefined). */
  complete: boolean;
}

const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/**
 * Instructions that some builders leave out of the history: BuildKit records no entry for ARG, and
 * ONBUILD triggers nothing in the image that declares them. Everything else gets an entry (metadata
 * ones with 0 bytes) from podman/buildah, BuildKit and the classic builder alike.
 */
const MAY_LACK_ENTRY = new Set(['ARG', 'ONBUILD']);

function numberOf(value: unknown): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

/** `podman history --format json IMAGE`: a JSON array, newest layer first. */
export function parsePodmanHistory(text: string): HistoryEntry[] {
  const parsed: unknown = JSON.parse(text);
  if (!Array.isArray(parsed)) throw new Error('podman history did not print a JSON array');
  return parsed.map((row: unknown) => {
    const r = (row ?? {}) as Record<string, unknown>;
    return {
      createdBy: String(r.CreatedBy ?? r.createdBy ?? r.created_by ?? ''),
      bytes: numberOf(r.size ?? r.Size),
    };
  });
}

/**
 * `docker history --no-trunc --human=false --format '{{json .}}' IMAGE`: one JSON object per line,
 * newest first, `Size` in bytes as a string.
 */
export function parseDockerHistory(text: string): HistoryEntry[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim().startsWith('{'))
    .map((line) => {
      const r = JSON.parse(line) as Record<string, unknown>;
      return { createdBy: String(r.CreatedBy ?? ''), bytes: numberOf(r.Size) };
    });
}

/**
 * The instruction a history entry records. Classic builder and buildah write metadata steps as
 * `/bin/sh -c #(nop) ENV …` and a RUN as its bare shell command; BuildKit writes `RUN /bin/sh -c … #
 * buildkit`, `COPY . . # buildkit`, `ENV A=1`. Undefined when the text does not say (a RUN whose
 * shell was changed by SHELL, or an engine we do not know): such an entry can stand for a RUN only.
 */
export function historyKeyword(createdBy: string): string | undefined {
  const text = createdBy.trim();
  const nop = /#\(nop\)\s+([A-Za-z]+)/.exec(text);
  if (nop) {
    const keyword = nop[1]!.toUpperCase();
    return KEYWORDS.has(keyword) ? keyword : undefined;
  }
  const leading = /^([A-Z]+)\b/.exec(text);
  if (leading && KEYWORDS.has(leading[1]!)) return leading[1];
  // `/bin/sh -c cmd`, or with build arguments `|2 A=1 B=2 /bin/sh -c cmd`.
  if (/^(\|\d+ .*)?\/bin\/sh -c /.test(text)) return 'RUN';
  return undefined;
}

function matches(entryKeyword: string | undefined, instructionKeyword: string): boolean {
  return entryKeyword === undefined ? instructionKeyword === 'RUN' : entryKeyword === instructionKeyword;
}

/**
 * Matches history entries (newest first, as the engines print them) to the built stage's
 * instructions. Works from the newest end: the stage's own instructions are the newest entries, and
 * whatever is older belongs to its FROM image (which may have any number of entries). An instruction
 * that some builders do not record (ARG) is skipped when the entry is for something else; any other
 * disagreement stops the matching and leaves the older instructions undefined.
 */
export function alignHistory(
  entries: readonly HistoryEntry[],
  instructions: readonly StageInstructionRef[],
): HistoryAlignment {
  const aligned: AlignedInstruction[] = instructions.map((i) => ({ ...i, bytes: undefined }));
  let next = 0;
  let complete = true;
  for (let i = aligned.length - 1; i >= 0; i--) {
    const instruction = aligned[i]!;
    const entry = entries[next];
    if (entry && matches(historyKeyword(entry.createdBy), instruction.keyword)) {
      instruction.bytes = entry.bytes;
      instruction.createdBy = entry.createdBy;
      next++;
      continue;
    }
    if (MAY_LACK_ENTRY.has(instruction.keyword)) {
      instruction.bytes = 0;
      continue;
    }
    complete = false;
    break;
  }
  const totalBytes = entries.reduce((sum, e) => sum + e.bytes, 0);
  const baseBytes = complete ? entries.slice(next).reduce((sum, e) => sum + e.bytes, 0) : undefined;
  return { instructions: aligned, baseBytes, totalBytes, complete };
}

/** A point for a range estimate: its middle. */
export function pointOf(estimate: { low: number; high: number }): number {
  return (estimate.low + estimate.high) / 2;
}

/**
 * Error of an estimate against the measured size, in percent of the measured size: positive when the
 * estimate (its middle) is too high. Undefined when nothing was measured (0 bytes): no percentage
 * says anything about a range against an empty layer.
 */
export function errorPercent(estimate: { low: number; high: number }, measured: number): number | undefined {
  if (!(measured > 0)) return undefined;
  return ((pointOf(estimate) - measured) / measured) * 100;
}

/** `+5 %`, `−12 %` (a real minus sign, as the size hints print). */
export function formatPercent(percent: number): string {
  const rounded = Math.round(percent);
  if (rounded === 0) return '0 %';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} %`;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export interface ErrorSummary {
  count: number;
  /** Median of the absolute errors, in percent. */
  medianAbsolute: number | undefined;
  /** How many errors are within ±`tolerance` percent. */
  within: number;
  tolerance: number;
}

export function summarizeErrors(errors: readonly number[], tolerance = 20): ErrorSummary {
  return {
    count: errors.length,
    medianAbsolute: median(errors.map(Math.abs)),
    within: errors.filter((e) => Math.abs(e) <= tolerance).length,
    tolerance,
  };
}
