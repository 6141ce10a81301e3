// Display strings for the editor and the CLI, from a SizeEstimate: inlay hints (`+45 MB`), the FROM
// hint (`node:22 ≈ 1.1 GB`), code lenses (`builder ≈ 1.2 GB · discarded`, `final image ≈ 126 MB ·
// 89% smaller than builder`) and the status bar. Handlers only place them.
import type { InstructionSize, SizeEstimate, StageSize } from './types';
import { formatApprox, formatRange, midpoint, type ByteRange } from './units';

export type SizeView = 'uncompressed' | 'compressed';

function pick(view: SizeView, bytes: ByteRange, compressed: ByteRange): ByteRange {
  return view === 'compressed' ? compressed : bytes;
}

/** `+45 MB`, `+0–50 MB`, `+0 B`. */
export function instructionHint(instruction: InstructionSize, view: SizeView = 'uncompressed'): string {
  return `+${formatRange(pick(view, instruction.bytes, instruction.compressed))}`;
}

/** `node:22 ≈ 1.1 GB`, `golang:1.19 721–918 MB (unknown tag)`. */
export function baseHint(stage: StageSize, view: SizeView = 'uncompressed'): string {
  const bytes = pick(view, stage.base.bytes, stage.base.compressed);
  const suffix =
    stage.base.kind === 'unknown'
      ? ' (unknown base)'
      : stage.base.kind === 'image-range'
        ? ' (tag not in table)'
        : '';
  return `${stage.base.image} ${formatApprox(bytes)}${suffix}`;
}

/** Code lens text above a FROM. */
export function stageLens(estimate: SizeEstimate, stage: StageSize, view: SizeView = 'uncompressed'): string {
  const total = pick(view, stage.total, stage.totalCompressed);
  const name = stage.name ?? `stage ${stage.index}`;
  if (estimate.image?.stageIndex !== stage.index) {
    return `${name} ${formatApprox(total)} · ${stage.shipped ? 'shipped' : 'discarded'}`;
  }
  let text = `final image ${formatApprox(total)}`;
  const heaviest = estimate.heaviestStage !== undefined ? estimate.stages[estimate.heaviestStage] : undefined;
  if (heaviest && heaviest.index !== stage.index) {
    const other = pick(view, heaviest.total, heaviest.totalCompressed);
    const saving = 1 - midpoint(total) / midpoint(other);
    if (saving >= 0.01)
      text += ` · ${Math.round(saving * 100)}% smaller than ${heaviest.name ?? `stage ${heaviest.index}`}`;
  }
  return text;
}

/** Status bar: `image ≈ 126 MB`. */
export function statusText(estimate: SizeEstimate, view: SizeView = 'uncompressed'): string {
  if (!estimate.image) return '';
  return `image ${formatApprox(pick(view, estimate.image.bytes, estimate.image.compressed))}`;
}
