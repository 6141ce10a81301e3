// `lean-dockerfile size <file> [--format text|json] [--compressed] [--context DIR] [--target NAME]`:
// the engine's size estimate of a Dockerfile, sized against its build context on disk.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDockerfile } from '../engine/model/parse';
import { estimateSizes } from '../engine/size/estimate';
import type { SizeEstimate, StageSize } from '../engine/size/types';
import { formatRange, type ByteRange } from '../engine/size/units';
import { shippedStages } from '../engine/stages';
import { BuildContext } from '../io/context';

export const SIZE_USAGE = `Usage: lean-dockerfile size <file|-> [--format text|json] [--compressed] [--context DIR] [--target NAME]

Estimates the image a Dockerfile builds, before building it: each stage's base image and the layer
of every instruction, as ranges (1 MB = 10^6 bytes) with the basis of each number.

Options:
  --format text|json   output format (default: text); json sizes are in bytes, lines 1-based
  --compressed         show compressed (pull) sizes instead of uncompressed (disk) sizes
  --context DIR        build context to size COPY/ADD sources from (default: the Dockerfile's folder)
  --target NAME        a stage that is shipped besides the last one (repeatable)
  -h, --help           show this help

Exit codes: 0 estimate printed, 2 usage or I/O error.`;

export interface SizeOptions {
  file: string;
  format: 'text' | 'json';
  compressed: boolean;
  context: string | undefined;
  targets: string[];
}

export class SizeUsageError extends Error {}

export function parseSizeArgs(argv: readonly string[]): SizeOptions | 'help' {
  const options: SizeOptions = {
    file: '',
    format: 'text',
    compressed: false,
    context: undefined,
    targets: [],
  };
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new SizeUsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return 'help';
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json')
          throw new SizeUsageError(`--format must be text or json, not "${v}"`);
        options.format = v;
        break;
      }
      case '--compressed':
        options.compressed = true;
        break;
      case '--context':
        options.context = value();
        break;
      case '--target':
        options.targets.push(value());
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new SizeUsageError(`unknown option ${arg}`);
        files.push(arg);
    }
  }
  if (files.length !== 1) throw new SizeUsageError('size takes exactly one file (or - for standard input)');
  options.file = files[0]!;
  return options;
}

/** The JSON contract: bytes, 1-based lines; extra fields beyond the documented ones are allowed. */
export function sizeJson(estimate: SizeEstimate, compressed: boolean): unknown {
  const view = (r: { bytes: ByteRange; compressed: ByteRange }): ByteRange =>
    compressed ? r.compressed : r.bytes;
  return {
    view: compressed ? 'compressed' : 'uncompressed',
    image: estimate.image
      ? {
          ...view(estimate.image),
          stage: estimate.image.stageIndex,
          unknown: estimate.image.unknown,
        }
      : null,
    stages: estimate.stages.map((s) => ({
      name: s.name ?? String(s.index),
      index: s.index,
      shipped: s.shipped,
      base: s.base.image,
      baseBytes: compressed ? s.base.compressed : s.base.bytes,
      baseBasis: s.base.basis,
      baseUnknown: s.base.unknown,
      bytes: compressed ? s.totalCompressed : s.total,
      added: compressed ? s.addedCompressed : s.added,
      unknown: s.unknown,
      instructions: s.instructions
        .filter((i) => i.layer)
        .map((i) => ({
          line: i.line + 1,
          keyword: i.keyword,
          bytes: compressed ? i.compressed : i.bytes,
          basis: i.basis,
          unknown: i.unknown,
          ...(i.removedFromLines.length > 0
            ? { removedFromLines: i.removedFromLines.map((l) => l + 1) }
            : {}),
          details: i.details.map((d) => ({
            label: d.label,
            bytes: compressed ? d.compressed : d.bytes,
            basis: d.basis,
          })),
        })),
    })),
    sources: estimate.sources,
  };
}

const BAR_WIDTH = 24;

function bar(value: number, max: number): string {
  if (max <= 0) return '';
  const eighths = Math.round((value / max) * BAR_WIDTH * 8);
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  const partial = rest > 0 ? (['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][rest] ?? '') : '';
  const text = '█'.repeat(full) + partial;
  return text === '' && value > 0 ? '▏' : text;
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

/** A small table with a bar per stage, then each stage's layers. */
export function sizeText(estimate: SizeEstimate, displayPath: string, compressed: boolean): string {
  const total = (s: StageSize): ByteRange => (compressed ? s.totalCompressed : s.total);
  const lines: string[] = [];
  lines.push(
    `${displayPath}: ${compressed ? 'compressed (pull)' : 'uncompressed (disk)'} sizes, 1 MB = 10^6 B`,
    '',
  );
  const rows = estimate.stages.map((s) => ({
    index: String(s.index),
    name: s.name ?? '-',
    base: `${s.base.image}${s.base.unknown ? ' (unknown)' : ''}`,
    size: formatRange(total(s)),
    mid: (total(s).low + total(s).high) / 2,
    role: s.index === estimate.image?.stageIndex ? 'image' : s.shipped ? 'shipped' : 'discarded',
  }));
  const max = Math.max(0, ...rows.map((r) => r.mid));
  const w = {
    name: Math.max(5, ...rows.map((r) => Math.min(r.name.length, 20))),
    base: Math.max(4, ...rows.map((r) => Math.min(r.base.length, 36))),
    size: Math.max(4, ...rows.map((r) => r.size.length)),
  };
  lines.push(
    `  #  ${pad('stage', w.name)}  ${pad('base', w.base)}  ${pad('size', w.size)}  ${pad('', BAR_WIDTH)}  role`,
  );
  for (const r of rows) {
    lines.push(
      `${padStart(r.index, 3)}  ${pad(truncate(r.name, 20), w.name)}  ${pad(truncate(r.base, 36), w.base)}  ${padStart(r.size, w.size)}  ${pad(bar(r.mid, max), BAR_WIDTH)}  ${r.role}`,
    );
  }
  if (estimate.image) {
    const img = compressed ? estimate.image.compressed : estimate.image.bytes;
    lines.push('', `image: ${formatRange(img)}${estimate.image.unknown ? ' (includes guess ranges)' : ''}`);
  }
  for (const s of estimate.stages) {
    lines.push('', `stage ${s.name ?? s.index} (line ${s.line + 1}):`);
    const base = compressed ? s.base.compressed : s.base.bytes;
    lines.push(`  ${pad('FROM', 6)}${padStart(formatRange(base), 14)}  ${truncate(s.base.basis, 110)}`);
    for (const i of s.instructions) {
      if (!i.layer) continue;
      const bytes = compressed ? i.compressed : i.bytes;
      lines.push(
        `  ${pad(String(i.line + 1), 6)}${padStart(`+${formatRange(bytes)}`, 14)}  ${truncate(`${i.keyword}: ${i.basis}`, 110)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Runs `size`; returns the exit code. */
export function runSizeCommand(argv: readonly string[]): number {
  let options: SizeOptions | 'help';
  try {
    options = parseSizeArgs(argv);
  } catch (error) {
    if (error instanceof SizeUsageError) {
      process.stderr.write(`lean-dockerfile: ${error.message}\n\n${SIZE_USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(`${SIZE_USAGE}\n`);
    return 0;
  }
  let text: string;
  try {
    text = readFileSync(options.file === '-' ? 0 : options.file, 'utf8');
  } catch (error) {
    process.stderr.write(
      `lean-dockerfile: cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
    );
    return 2;
  }
  const model = parseDockerfile(text);
  const shipped = shippedStages(model, options.targets);
  const contextDir =
    options.context ?? (options.file === '-' ? process.cwd() : path.dirname(path.resolve(options.file)));
  const context = new BuildContext(path.resolve(contextDir), {
    dockerfilePath: options.file === '-' ? undefined : options.file,
  });
  const estimate = estimateSizes(model, shipped, context.inputs());
  const displayPath = options.file === '-' ? '<stdin>' : options.file;
  process.stdout.write(
    options.format === 'json'
      ? `${JSON.stringify(sizeJson(estimate, options.compressed), null, 2)}\n`
      : sizeText(estimate, displayPath, options.compressed),
  );
  return 0;
}
