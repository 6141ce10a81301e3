import type { SeveritySetting } from '../../../../common/protocol';

/** Project-level configuration (`.lean-dockerfile.json`), as the server and the CLI read it. */
export interface ProjectConfig {
  rules?: Record<string, SeveritySetting>;
  targets?: string[];
  heavyBaseThresholdMB?: number;
}

const SEVERITIES = new Set<string>(['error', 'warning', 'info', 'off']);

/** Keeps only well-formed entries of a parsed config file; anything else is dropped with a reason. */
export function sanitizeProjectConfig(raw: unknown): { config: ProjectConfig; problems: string[] } {
  const problems: string[] = [];
  const config: ProjectConfig = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { config, problems: ['the file must hold a JSON object'] };
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!['rules', 'targets', 'heavyBaseThresholdMB', '$schema'].includes(key))
      problems.push(`unknown key "${key}"`);
  }
  if (input.rules !== undefined) {
    if (input.rules && typeof input.rules === 'object' && !Array.isArray(input.rules)) {
      config.rules = {};
      for (const [id, value] of Object.entries(input.rules as Record<string, unknown>)) {
        if (typeof value === 'string' && SEVERITIES.has(value)) config.rules[id] = value as SeveritySetting;
        else problems.push(`rules.${id} must be one of error, warning, info, off`);
      }
    } else problems.push('"rules" must be an object');
  }
  if (input.targets !== undefined) {
    if (Array.isArray(input.targets) && input.targets.every((t) => typeof t === 'string'))
      config.targets = input.targets as string[];
    else problems.push('"targets" must be an array of stage names');
  }
  if (input.heavyBaseThresholdMB !== undefined) {
    const n = input.heavyBaseThresholdMB;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) config.heavyBaseThresholdMB = n;
    else problems.push('"heavyBaseThresholdMB" must be a number ≥ 0');
  }
  return { config, problems };
}

/** hadolint's `override:` lists → severities (hadolint's `style` is our `info`). */
export function hadolintOverrides(raw: unknown): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  if (!raw || typeof raw !== 'object') return out;
  const levels: Array<[string, SeveritySetting]> = [
    ['error', 'error'],
    ['warning', 'warning'],
    ['info', 'info'],
    ['style', 'info'],
  ];
  for (const [level, severity] of levels) {
    const list = (raw as Record<string, unknown>)[level];
    if (Array.isArray(list)) for (const id of list) if (typeof id === 'string') out[id] = severity;
  }
  return out;
}

/**
 * Rule severities from every source, later ones winning per key: `.hadolint.yaml` overrides, then
 * `.lean-dockerfile.json`, then the editor's settings or the command line.
 */
export function mergeRuleSettings(
  ...layers: ReadonlyArray<Readonly<Record<string, SeveritySetting>> | undefined>
): Record<string, SeveritySetting> {
  return Object.assign({}, ...layers.filter(Boolean));
}
