// The freshness of every stage's base image tag, for the "newest supported tag" command: which
// release it names, whether that release still gets security fixes, and the newest supported tag.
import type { BaseTagInfo } from '../../../common/protocol';
import type { Model } from './model/types';
import { cycleOfTag, EOL_AS_OF, tagFreshness } from './rules/lib/eol';
import { canonicalImageName, knownTags } from './size/baseImages';

/** One entry per stage built from an image (not `scratch`, not an earlier stage). */
export function baseTagReport(model: Model, today: string): BaseTagInfo[] {
  const out: BaseTagInfo[] = [];
  for (const stage of model.stages) {
    const base = stage.base;
    if (!base || stage.isScratch || stage.baseStage !== undefined) continue;
    const image = canonicalImageName(base.registry, base.repository);
    // Releases the base-image table has seen published are certain to exist as tags.
    const published = new Set(
      knownTags(image)
        .map((row) => cycleOfTag(image, row.tag))
        .filter((c): c is string => c !== undefined),
    );
    const freshness =
      base.tag !== undefined && !base.hasUnresolvedVariables
        ? tagFreshness(image, base.tag, today, (cycle) => published.has(cycle))
        : undefined;
    const inPlace = base.tagRange !== undefined && !base.raw.includes('$') && base.digest === undefined;
    out.push({
      stageIndex: stage.index,
      stageName: stage.rawName,
      written: base.raw,
      image,
      tag: base.tag,
      tagRange: inPlace ? base.tagRange : undefined,
      status: freshness?.status ?? 'unknown',
      product: freshness?.product,
      cycle: freshness?.cycle,
      eol: freshness?.eol,
      newestTag: freshness?.newestTag,
      oldestSupportedTag: freshness?.oldestSupportedTag,
      asOf: EOL_AS_OF,
    });
  }
  return out;
}
