// The rule registry: every rule is listed here once; nothing else decides which rules run.
import { jsonArgsRecommended } from './json-args-recommended';
import { latestTag } from './latest-tag';
import { maintainerDeprecated } from './maintainer-deprecated';
import type { Rule } from './types';

export const RULES: readonly Rule[] = [jsonArgsRecommended, latestTag, maintainerDeprecated];

const byId = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
