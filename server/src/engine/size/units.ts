// Byte ranges and their display. Data and results are bytes; display uses decimal units
// (1 kB = 10^3 B, 1 MB = 10^6 B, 1 GB = 10^9 B), as registries and `docker images` do.

/** A size that is known only between two bounds (low = high for a measured or exact size). */
export interface ByteRange {
  low: number;
  high: number;
}

export const ZERO: ByteRange = Object.freeze({ low: 0, high: 0 });

export function range(low: number, high: number = low): ByteRange {
  const a = Math.max(0, Math.round(low));
  const b = Math.max(0, Math.round(high));
  return { low: Math.min(a, b), high: Math.max(a, b) };
}

export function addRanges(...ranges: readonly ByteRange[]): ByteRange {
  let low = 0;
  let high = 0;
  for (const r of ranges) {
    low += r.low;
    high += r.high;
  }
  return range(low, high);
}

export function scaleRange(r: ByteRange, lowFactor: number, highFactor: number = lowFactor): ByteRange {
  return range(r.low * lowFactor, r.high * highFactor);
}

/** `r` as a compressed (pull) size, given the range of uncompressed/compressed ratios of such content. */
export function compressRange(r: ByteRange, ratio: { low: number; high: number }): ByteRange {
  return range(r.low / ratio.high, r.high / ratio.low);
}

export function midpoint(r: ByteRange): number {
  return (r.low + r.high) / 2;
}

function trim(n: number, digits: number): string {
  const fixed = n.toFixed(digits);
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** `0 B`, `512 B`, `4.2 kB`, `45 MB`, `3.4 MB`, `1.13 GB`: 1 MB = 10^6 B. */
export function formatBytes(bytes: number): string {
  const b = Math.max(0, bytes);
  if (b < 1000) return `${Math.round(b)} B`;
  if (b < 1e6) return `${trim(b / 1e3, b < 1e4 ? 1 : 0)} kB`;
  if (b < 1e9) {
    const mb = b / 1e6;
    // 999.6 MB rounds up to the next unit rather than printing "1000 MB".
    if (mb >= 999.5) return `${trim(b / 1e9, 2)} GB`;
    return `${trim(mb, mb < 10 ? 1 : 0)} MB`;
  }
  return `${trim(b / 1e9, b < 1e10 ? 2 : 1)} GB`;
}

/**
 * A range for display: `45 MB` when both ends print the same, `40–60 MB` when they share a unit,
 * `500 MB–1.2 GB` otherwise.
 */
export function formatRange(r: ByteRange): string {
  const low = formatBytes(r.low);
  const high = formatBytes(r.high);
  if (low === high) return low;
  const [lowNumber, lowUnit] = low.split(' ');
  const [highNumber, highUnit] = high.split(' ');
  if (lowUnit === highUnit) return `${lowNumber}–${highNumber} ${highUnit}`;
  if (r.low === 0) return `0–${high}`;
  return `${low}–${high}`;
}

/** `≈ 45 MB` for a tight range (within ±15 % of its middle), else the range itself. */
export function formatApprox(r: ByteRange): string {
  const mid = midpoint(r);
  if (r.high > 0 && r.high - r.low <= 0.3 * mid) return `≈ ${formatBytes(mid)}`;
  return formatRange(r);
}
