import { BASE_IMAGES_AS_OF, knownTags, tagFallbacks, type BaseImageFacts } from '../size/baseImages';
import type { Rule } from './types';

/**
 * Minimum saving, in MB of compressed (download) size, before a smaller variant is worth proposing;
 * the `heavyBaseThresholdMB` setting (`ctx.options`) overrides it.
 */
export const DEFAULT_HEAVY_BASE_THRESHOLD_MB = 100;

const VARIANTS = ['slim', 'alpine'] as const;
const PLATFORM = 'linux/amd64';

interface Candidate {
  tag: string;
  bytes: number;
  saving: number;
}

const mb = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;

/**
 * The default tags of the official language images (node:22, python:3.13, golang:1.27) are built
 * on the full Debian image with compilers, headers and tools; the same version also comes as a
 * `-slim` (Debian, minimal) or `-alpine` variant that is a fraction of the size.
 */
export const heavyFinalBase: Rule = {
  meta: {
    id: 'heavy-final-base',
    category: 'size',
    severity: 'warning',
    aliases: [],
    description:
      'A shipped stage is based on an image that has a much smaller official variant of the same version.',
    fixable: 'suggestion',
    shippedOnly: true,
  },
  check({ stages, imageFacts, options, report }) {
    const threshold = options?.heavyBaseThresholdMB ?? DEFAULT_HEAVY_BASE_THRESHOLD_MB;
    for (const stage of stages) {
      const base = stage.base;
      if (!base || stage.baseStage !== undefined || stage.isScratch || base.tag === undefined) continue;
      const facts = imageFacts(stage);
      const current = facts.row?.compressedBytes;
      if (!facts.row || !current || /slim|alpine/.test(base.tag)) continue;
      const candidates = smallerVariants(facts.image, base.tag, current, threshold);
      if (candidates.length === 0) continue;
      const name = base.resolved.slice(0, base.resolved.length - base.tag.length - 1);
      const list = candidates
        .map((c) => `\`${name}:${c.tag}\` is ${mb(c.bytes)} (−${mb(c.saving)})`)
        .join(', ');
      report({
        range: base.range,
        message: `\`${base.resolved}\` is about ${mb(current)} compressed (download size, ${PLATFORM}, bundled table of ${BASE_IMAGES_AS_OF}); ${list}. Unless the application needs what the full image adds (compilers, headers, extra tools), use the smaller variant.`,
        data: {
          candidates: candidates.map((c) => ({ tag: c.tag, saving: c.saving })),
          literal: !base.raw.includes('$') && !base.digest && base.tagRange !== undefined,
          name,
        },
      });
    }
  },
  fix(finding, { model }) {
    if (finding.data?.literal !== true) return [];
    const stage = model.stages.find(
      (s) =>
        s.base?.tagRange &&
        s.base.range.start.line === finding.range.start.line &&
        s.base.range.start.character === finding.range.start.character,
    );
    const tagRange = stage?.base?.tagRange;
    const candidates = finding.data?.candidates;
    if (!tagRange || !Array.isArray(candidates)) return [];
    return candidates.map((c: { tag: string; saving: number }) => ({
      title: `Switch to ${String(finding.data?.name)}:${c.tag} (−${mb(c.saving)} compressed)`,
      kind: 'quickfix' as const,
      edits: [{ range: tagRange, newText: c.tag }],
    }));
  },
};

/** Same-version `-slim` / `-alpine` tags the table knows, saving at least the threshold. */
function smallerVariants(image: string, tag: string, current: number, thresholdMB: number): Candidate[] {
  const rows = knownTags(image).filter((r) => r.platform === PLATFORM && r.compressedBytes);
  const versioned = /^\d+(\.\d+)*$/.test(tag);
  const out: Candidate[] = [];
  for (const variant of VARIANTS) {
    const wanted = tag === 'latest' ? variant : `${tag}-${variant}`;
    // A full version (22.11.0) has the sizes of its major line's row (22-slim); other tags must match exactly.
    const lookups = versioned ? tagFallbacks(wanted).filter((t) => t.endsWith(`-${variant}`)) : [wanted];
    let row: BaseImageFacts | undefined;
    for (const t of lookups) {
      row = rows.find((r) => r.tag === t);
      if (row) break;
    }
    if (!row?.compressedBytes) continue;
    const saving = current - row.compressedBytes;
    if (saving >= thresholdMB * 1e6) out.push({ tag: wanted, bytes: row.compressedBytes, saving });
  }
  return out;
}
