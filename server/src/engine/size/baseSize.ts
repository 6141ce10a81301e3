// Base-image sizes from the bundled table (data/base-images.json): exact rows, tag fallbacks, the
// range of an image's known tags when the tag is not in the table, and a marked "unknown base" range
// otherwise. Never a made-up point.
import table from '../../../../data/base-images.json';
import { imageFacts, knownTags, type BaseImageFacts, type OsFamily } from './baseImages';
import type { LookedUpBase } from './types';
import { compressRange, formatBytes, range, type ByteRange } from './units';

/**
 * Observed uncompressed/compressed ratio per OS family, amd64 rows with both values: median and range.
 * Source: ../shared/data/README.md (base-images.tsv snapshot of 2026-05-22 to 2026-09-25).
 */
export const FAMILY_RATIOS: Readonly<Record<string, { median: number; low: number; high: number }>> = {
  alpine: { median: 2.19, low: 2.15, high: 3.36 },
  debian: { median: 2.71, low: 2.4, high: 2.94 },
  ubuntu: { median: 2.52, low: 2.06, high: 2.63 },
  rhel: { median: 2.79, low: 2.17, high: 3.4 },
  busybox: { median: 2.0, low: 2.0, high: 2.0 },
};
/** For families without observations (and for layer content): the span of all families. */
export const GENERIC_RATIO = { median: 2.5, low: 2.0, high: 3.4 };
export const RATIO_SOURCE = 'family ratio from shared/data/README.md';

export function familyRatio(family: string): { median: number; low: number; high: number } {
  return FAMILY_RATIOS[family] ?? GENERIC_RATIO;
}

export interface BaseSize {
  /** Uncompressed (disk) bytes. */
  bytes: ByteRange;
  /** Compressed (pull) bytes. */
  compressed: ByteRange;
  /** One line saying where the numbers come from. */
  basis: string;
  /** `table`: the row of this tag; `fallback`: a related tag's row; `image-range`: the image's known tags; `unknown`. */
  kind: 'table' | 'fallback' | 'image-range' | 'unknown' | 'scratch' | 'registry';
  unknown: boolean;
  family: OsFamily;
  /** The table row used, for its source and date. */
  row: BaseImageFacts | undefined;
  source: string | undefined;
  asOf: string | undefined;
}

/** Sizes of one table row: uncompressed when given, else derived from compressed with the family ratio. */
export function rowSizes(
  row: BaseImageFacts,
): { bytes: ByteRange; compressed: ByteRange; derived: boolean } | undefined {
  const ratio = familyRatio(row.osFamily);
  if (row.uncompressedBytes !== null && row.compressedBytes !== null)
    return { bytes: range(row.uncompressedBytes), compressed: range(row.compressedBytes), derived: false };
  if (row.uncompressedBytes !== null)
    return {
      bytes: range(row.uncompressedBytes),
      compressed: compressRange(range(row.uncompressedBytes), ratio),
      derived: false,
    };
  if (row.compressedBytes !== null)
    return {
      bytes: range(row.compressedBytes * ratio.low, row.compressedBytes * ratio.high),
      compressed: range(row.compressedBytes),
      derived: true,
    };
  return undefined;
}

function isArm(platform: string | undefined): boolean {
  return platform !== undefined && /arm64|aarch64/.test(platform) && !platform.includes('$');
}

function variantOf(tag: string): string {
  // `1.19-alpine3.16` → `alpine`, `3.12-slim-bookworm` → `slim`, `1.19` → ``.
  if (/alpine/.test(tag)) return 'alpine';
  if (/slim/.test(tag)) return 'slim';
  if (/jre/.test(tag)) return 'jre';
  return '';
}

function spanOf(rows: readonly BaseImageFacts[]): { bytes: ByteRange; compressed: ByteRange } | undefined {
  const sizes = rows.map(rowSizes).filter((s) => s !== undefined);
  if (sizes.length === 0) return undefined;
  return {
    bytes: range(Math.min(...sizes.map((s) => s.bytes.low)), Math.max(...sizes.map((s) => s.bytes.high))),
    compressed: range(
      Math.min(...sizes.map((s) => s.compressed.low)),
      Math.max(...sizes.map((s) => s.compressed.high)),
    ),
  };
}

let amd64Rows: BaseImageFacts[] | undefined;
/** Every amd64 row of the table. */
function allAmd64(): BaseImageFacts[] {
  amd64Rows ??= (table.images as BaseImageFacts[]).filter((r) => r.platform === 'linux/amd64');
  return amd64Rows;
}

/**
 * The size of an external base image. `image` is canonical (`node`, `gcr.io/distroless/static-debian12`);
 * `written` is the reference as the Dockerfile has it, for messages.
 */
export function baseImageSize(
  image: string,
  tag: string | undefined,
  options: { platform?: string; written?: string; unresolved?: boolean } = {},
): BaseSize {
  const written = options.written ?? (tag ? `${image}:${tag}` : image);
  if (image === 'scratch')
    return {
      bytes: range(0),
      compressed: range(0),
      basis: 'scratch: an empty image',
      kind: 'scratch',
      unknown: false,
      family: 'scratch',
      row: undefined,
      source: undefined,
      asOf: undefined,
    };
  const facts = imageFacts(image, tag);
  const wantArm = isArm(options.platform);
  let row = facts.row;
  if (row && wantArm) {
    const arm = knownTags(image).find((r) => r.tag === row!.tag && r.platform === 'linux/arm64');
    if (arm) row = arm;
  }
  const sizes = !options.unresolved && row ? rowSizes(row) : undefined;
  if (row && sizes) {
    const ratio = familyRatio(row.osFamily);
    const via = facts.basis === 'fallback' ? ` (${written} not in the table: using tag ${row.tag})` : '';
    const derived = sizes.derived
      ? `; disk size derived from the ${formatBytes(row.compressedBytes ?? 0)} download × ${ratio.low}–${ratio.high} (${row.osFamily} ${RATIO_SOURCE})`
      : '';
    return {
      ...sizes,
      basis: `${image}:${row.tag} ${row.platform} from the base-image table as of ${row.asOf}${via}${derived}`,
      kind: facts.basis === 'fallback' ? 'fallback' : 'table',
      unknown: false,
      family: facts.family,
      row,
      source: row.source,
      asOf: row.asOf,
    };
  }

  // The image is in the table under other tags: the span of its tags of the same variant.
  const sameImage = knownTags(image).filter((r) => r.platform === 'linux/amd64');
  if (sameImage.length > 0 && !options.unresolved) {
    const variant = variantOf(tag ?? '');
    const similar = sameImage.filter((r) => variantOf(r.tag) === variant);
    const span = spanOf(similar.length > 0 ? similar : sameImage);
    if (span) {
      const tags = [...new Set((similar.length > 0 ? similar : sameImage).map((r) => r.tag))].join(', ');
      return {
        ...span,
        basis: `${written} is not in the base-image table: range of ${image}'s known tags (${tags})`,
        kind: 'image-range',
        unknown: true,
        family: facts.family,
        row: undefined,
        source: undefined,
        asOf: undefined,
      };
    }
  }

  // Nothing known about this image: the span of its family in the table, or of the whole table.
  const family = facts.family;
  if (family === 'distroless' && /static/.test(image)) {
    // GoogleContainerTools/distroless README: static is "around 2 MiB" (no byte sizes published).
    return unknownBase(
      range(1.5e6, 3e6),
      family,
      `${written}: unknown base; distroless publishes no sizes, its README puts static at "around 2 MiB"`,
    );
  }
  const familyRows = allAmd64().filter((r) => r.osFamily === family);
  const span = spanOf(familyRows.length > 0 ? familyRows : allAmd64());
  const bytes = span?.bytes ?? range(0, 2e9);
  const why = options.unresolved
    ? `${written}: unknown base (a build argument without a default)`
    : familyRows.length > 0
      ? `${written}: unknown base; range of the ${family} images in the base-image table`
      : `${written}: unknown base; range of the base-image table`;
  return unknownBase(bytes, family, why, span?.compressed);
}

function unknownBase(bytes: ByteRange, family: OsFamily, basis: string, compressed?: ByteRange): BaseSize {
  return {
    bytes,
    compressed: compressed ?? compressRange(bytes, familyRatio(family)),
    basis,
    kind: 'unknown',
    unknown: true,
    family,
    row: undefined,
    source: undefined,
    asOf: undefined,
  };
}

/** The key of a looked-up base in `SizeInputs.lookedUpBases`: the same reference on another platform is another image. */
export function lookedUpBaseKey(reference: string, platform: string | undefined): string {
  return platform ? `${reference} --platform=${platform}` : reference;
}

/**
 * A base the table does not know, sized by its registry: the compressed size is the registry's own
 * number; registries publish no uncompressed size, so the disk size is estimated from the compressed
 * one with the family's observed ratio (the span of all families when the family is unknown).
 */
export function lookedUpBaseSize(written: string, family: OsFamily, found: LookedUpBase): BaseSize {
  const known = FAMILY_RATIOS[family];
  const ratio = known ?? GENERIC_RATIO;
  const compressed = found.compressedBytes;
  return {
    bytes: range(compressed * ratio.low, compressed * ratio.high),
    compressed: range(compressed),
    basis:
      `${written}: compressed ${formatBytes(compressed)} (${found.platform}), from registry, ${found.date}; ` +
      `disk size estimated from the compressed size × ${ratio.low}–${ratio.high} (${known ? `${family} ${RATIO_SOURCE}` : `span of all families, ${RATIO_SOURCE}`})`,
    kind: 'registry',
    unknown: false,
    family,
    row: undefined,
    source: `registry ${found.registry}`,
    asOf: found.date,
  };
}
