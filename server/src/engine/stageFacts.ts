import type { Stage } from './model/types';
import { canonicalImageName, imageFacts, type ImageFacts } from './size/baseImages';

/** Base-image facts of a stage: `FROM <stage>` chains are followed to the external image at their root. */
export function rootImageFacts(stages: readonly Stage[], stage: Stage): ImageFacts {
  let root = stage;
  const seen = new Set<number>();
  while (root.baseStage !== undefined && !seen.has(root.index)) {
    seen.add(root.index);
    root = stages[root.baseStage] ?? root;
  }
  if (root.isScratch) return imageFacts('scratch', undefined);
  const base = root.base;
  return base
    ? imageFacts(canonicalImageName(base.registry, base.repository), base.tag)
    : imageFacts('', undefined);
}
