import type { SeveritySetting } from '../../../../common/protocol';
import type { Severity } from '../findings';
import type { RuleMeta } from '../rules/types';

/**
 * The severity a rule runs at, or 'off'. A setting may name the rule by id or by any alias
 * (`DL3007`, `JSONArgsRecommended`), so users can carry their existing configuration over.
 */
export function effectiveSeverity(
  meta: Pick<RuleMeta, 'id' | 'aliases' | 'severity'>,
  settings: Readonly<Record<string, SeveritySetting>>,
): Severity | 'off' {
  const own = settings[meta.id];
  if (own) return own;
  for (const alias of meta.aliases) {
    const value = settings[alias];
    if (value) return value;
  }
  return meta.severity;
}
