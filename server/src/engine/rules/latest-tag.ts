import { canonicalImageName, newestVersionTag, BASE_IMAGES_AS_OF } from '../size/baseImages';
import type { ImageRef } from '../model/types';
import type { Rule } from './types';

/** A FROM image without a tag, or with `:latest`, changes under the build whenever upstream moves it. */
export const latestTag: Rule = {
  meta: {
    id: 'latest-tag',
    category: 'security',
    severity: 'warning',
    aliases: ['DL3006', 'DL3007', 'DS001', 'CKV_DOCKER_7'],
    description: 'FROM uses an image without a tag or with the `latest` tag, so builds are not reproducible.',
    fixable: 'suggestion',
  },
  check({ stages, report }) {
    for (const stage of stages) {
      const base = stage.base;
      if (!base || stage.isScratch || stage.baseStage !== undefined || base.digest) continue;
      // An image that is entirely a variable (`FROM ${BASE}` with no default) cannot be judged.
      if (base.hasUnresolvedVariables && base.resolved.trim() === '') continue;
      // Tags are case-sensitive: only `latest` itself is the moving default.
      if (base.tag !== undefined && base.tag !== 'latest') continue;
      const image = canonicalImageName(base.registry, base.repository);
      const pinned = newestVersionTag(image);
      const what =
        base.tag === undefined
          ? `\`${base.resolved}\` has no tag, so it means \`latest\``
          : `\`${base.resolved}\` uses the \`latest\` tag`;
      const hint = pinned
        ? ` Pin a version, e.g. \`${imageWithoutTag(base)}:${pinned}\`.`
        : ' Pin a version tag or a digest.';
      report({
        range: base.range,
        message: `${what}: every build may get a different image.${hint}`,
        data: { pinned, hasTag: base.tag !== undefined },
      });
    }
  },
  fix(finding, { model }) {
    const pinned = finding.data?.pinned;
    if (typeof pinned !== 'string') return [];
    const stage = model.stages.find(
      (s) =>
        s.base &&
        s.base.range.start.line === finding.range.start.line &&
        s.base.range.start.character === finding.range.start.character,
    );
    const base = stage?.base;
    // Only rewrite what is written literally: a tag that comes from an ARG is changed at the ARG.
    if (!base || base.raw.includes('$')) return [];
    const title = `Pin to ${imageWithoutTag(base)}:${pinned} (newest in the bundled table, ${BASE_IMAGES_AS_OF})`;
    if (base.tag === undefined) {
      const at = base.digest ? undefined : base.range.end;
      if (!at) return [];
      return [{ title, kind: 'quickfix', edits: [{ range: { start: at, end: at }, newText: `:${pinned}` }] }];
    }
    if (!base.tagRange) return [];
    return [{ title, kind: 'quickfix', edits: [{ range: base.tagRange, newText: pinned }] }];
  },
};

/** The image as written, without its tag: `docker.io/library/node:latest` → `docker.io/library/node`. */
function imageWithoutTag(base: ImageRef): string {
  return base.tag === undefined
    ? base.resolved
    : base.resolved.slice(0, base.resolved.length - base.tag.length - 1);
}
