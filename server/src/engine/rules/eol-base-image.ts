import { canonicalImageName } from '../size/baseImages';
import type { Stage } from '../model/types';
import { checkImageTag, EOL_AS_OF, eolToday, type EolIssue } from './lib/eol';
import type { Report, Rule } from './types';

/**
 * A base image on a release past its end of life gets no more security fixes: every vulnerability
 * found since stays in the image, however often it is rebuilt.
 */
export const eolBaseImage: Rule = {
  meta: {
    id: 'eol-base-image',
    category: 'security',
    severity: 'warning',
    aliases: [],
    description: 'The base image is a runtime or distribution release past its end of life.',
    fixable: 'suggestion',
  },
  check({ stages, report }) {
    const today = eolToday();
    for (const stage of stages) {
      const finding = eolFinding(stage, today);
      if (finding) report(finding);
    }
  },
  fix(finding, { model }) {
    const tag = finding.data?.upgradedTag;
    if (typeof tag !== 'string') return [];
    const stage = model.stages.find(
      (s) =>
        s.base?.tagRange &&
        s.base.tagRange.start.line === finding.range.start.line &&
        s.base.tagRange.start.character === finding.range.start.character,
    );
    const base = stage?.base;
    if (!base?.tagRange || base.raw.includes('$') || base.digest) return [];
    const name = base.resolved.slice(0, base.resolved.length - (base.tag?.length ?? 0) - 1);
    return [
      {
        title: `Bump to ${name}:${tag} (oldest supported release in the bundled table, ${EOL_AS_OF})`,
        kind: 'quickfix',
        edits: [{ range: base.tagRange, newText: tag }],
      },
    ];
  },
};

/** The finding for one stage on `today` (`YYYY-MM-DD`), or undefined. Exported for date-pinned tests. */
export function eolFinding(stage: Stage, today: string): Report | undefined {
  const base = stage.base;
  if (!base || stage.isScratch || stage.baseStage !== undefined || base.tag === undefined) return undefined;
  if (base.hasUnresolvedVariables && base.tag === '') return undefined;
  const image = canonicalImageName(base.registry, base.repository);
  const { issues, upgradedTag } = checkImageTag(image, base.tag, today);
  if (issues.length === 0) return undefined;
  const literal = !base.raw.includes('$') && base.tagRange !== undefined && !base.digest;
  const upgrades = issues.filter((i) => i.upgradeLabel).map((i) => `${i.product.label} ${i.upgradeLabel}`);
  let advice: string;
  if (upgradedTag && literal) advice = ` Move to a supported release, e.g. \`${image}:${upgradedTag}\`.`;
  else if (upgradedTag && base.digest)
    advice = ` Move to a supported release, e.g. \`${image}:${upgradedTag}\`, and pin its digest again.`;
  else if (upgradedTag)
    advice = ` Set the build argument's default to a supported release, e.g. tag \`${upgradedTag}\`.`;
  else if (issues.some((i) => i.product.replacement))
    advice = ` Switch to a maintained image such as \`${issues.find((i) => i.product.replacement)!.product.replacement}\`.`;
  else if (upgrades.length > 0) advice = ` Move to ${upgrades.join(' and ')} or newer.`;
  else advice = ' Move to a supported release.';
  const range = base.tagRange && !base.raw.includes('$') ? base.tagRange : base.range;
  return {
    range,
    message: `\`${base.resolved}\` is ${issues.map(describe).join(', and ')} (bundled end-of-life table, ${EOL_AS_OF}): it no longer gets security fixes.${advice}`,
    data: { upgradedTag: literal ? upgradedTag : undefined },
  };
}

function describe(issue: EolIssue): string {
  const name = `${issue.product.label} ${issue.cycle}${issue.codename ? ` (${issue.codename})` : ''}`;
  const subject = issue.part === 'os' ? `built on ${name}` : name;
  if (issue.older) return `${subject}, which reached end of life before ${issue.eol}`;
  return `${subject}, which reached end of life on ${issue.eol}`;
}
