import {
  DEFAULT_SETTINGS,
  type CoexistenceMode,
  type LeanDockerfileSettings,
  type SeveritySetting,
} from '../../../common/protocol';

const SEVERITIES = new Set<SeveritySetting>(['error', 'warning', 'info', 'off']);

/** Turns whatever the client sent into valid settings: unknown or ill-typed values fall back to defaults. */
export function sanitizeSettings(raw: unknown): LeanDockerfileSettings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (input.rules && typeof input.rules === 'object') {
    for (const [id, value] of Object.entries(input.rules as Record<string, unknown>)) {
      if (typeof value === 'string' && SEVERITIES.has(value as SeveritySetting))
        rules[id] = value as SeveritySetting;
    }
  }
  const targets = Array.isArray(input.targets)
    ? input.targets.filter((t): t is string => typeof t === 'string')
    : [];
  const delay =
    typeof input.diagnosticsDelay === 'number' && Number.isFinite(input.diagnosticsDelay)
      ? input.diagnosticsDelay
      : DEFAULT_SETTINGS.diagnosticsDelay;
  const sizes = (input.sizes && typeof input.sizes === 'object' ? input.sizes : {}) as Record<
    string,
    unknown
  >;
  const flag = (name: keyof LeanDockerfileSettings['sizes']): boolean => {
    const value = sizes[name];
    return typeof value === 'boolean' ? value : DEFAULT_SETTINGS.sizes[name];
  };
  const mode = (value: unknown, fallback: CoexistenceMode): CoexistenceMode =>
    value === 'auto' || value === 'on' || value === 'off' ? value : fallback;
  const network = (input.network && typeof input.network === 'object' ? input.network : {}) as Record<
    string,
    unknown
  >;
  return {
    enable: typeof input.enable === 'boolean' ? input.enable : DEFAULT_SETTINGS.enable,
    rules,
    targets,
    diagnosticsDelay: Math.max(0, Math.min(delay, 5000)),
    heavyBaseThresholdMB:
      typeof input.heavyBaseThresholdMB === 'number' &&
      Number.isFinite(input.heavyBaseThresholdMB) &&
      input.heavyBaseThresholdMB >= 0
        ? input.heavyBaseThresholdMB
        : null,
    sizes: {
      inlayHints: flag('inlayHints'),
      codeLens: flag('codeLens'),
      hover: flag('hover'),
      compressed: flag('compressed'),
    },
    languageFeatures: mode(input.languageFeatures, DEFAULT_SETTINGS.languageFeatures),
    syntaxDiagnostics: mode(input.syntaxDiagnostics, DEFAULT_SETTINGS.syntaxDiagnostics),
    useBuildFiles:
      typeof input.useBuildFiles === 'boolean' ? input.useBuildFiles : DEFAULT_SETTINGS.useBuildFiles,
    network: {
      registryLookups: network.registryLookups === true,
      useDockerCredentials: network.useDockerCredentials === true,
    },
  };
}

/**
 * Settings as they apply now: `syntaxDiagnostics: auto` becomes off while another Docker extension
 * reports the same syntax problems, on otherwise. (`languageFeatures: auto` is decided per feature.)
 */
export function applyCoexistence(
  settings: LeanDockerfileSettings,
  peerDockerExtension: boolean,
): LeanDockerfileSettings {
  if (settings.syntaxDiagnostics !== 'auto') return settings;
  return { ...settings, syntaxDiagnostics: peerDockerExtension ? 'off' : 'on' };
}

/** What sanitizeSettings had to ignore, in words for the output channel (empty when all is well). */
export function settingsProblems(raw: unknown): string[] {
  if (raw === undefined || raw === null) return [];
  if (typeof raw !== 'object') return [`the leanDockerfile settings are not an object: defaults used`];
  const input = raw as Record<string, unknown>;
  const problems: string[] = [];
  const expect = (name: string, value: unknown, ok: boolean, what: string): void => {
    if (value !== undefined && !ok)
      problems.push(`leanDockerfile.${name} should be ${what}, not ${JSON.stringify(value)}: default used`);
  };
  const isMode = (v: unknown): boolean => v === 'auto' || v === 'on' || v === 'off';
  expect('enable', input.enable, typeof input.enable === 'boolean', 'true or false');
  expect('targets', input.targets, Array.isArray(input.targets), 'a list of stage names');
  expect(
    'diagnosticsDelay',
    input.diagnosticsDelay,
    typeof input.diagnosticsDelay === 'number' && Number.isFinite(input.diagnosticsDelay),
    'a number of milliseconds',
  );
  expect(
    'heavyBaseThresholdMB',
    input.heavyBaseThresholdMB,
    input.heavyBaseThresholdMB === null ||
      (typeof input.heavyBaseThresholdMB === 'number' && input.heavyBaseThresholdMB >= 0),
    'a number of MB or null',
  );
  expect('languageFeatures', input.languageFeatures, isMode(input.languageFeatures), '"auto", "on" or "off"');
  expect(
    'syntaxDiagnostics',
    input.syntaxDiagnostics,
    isMode(input.syntaxDiagnostics),
    '"auto", "on" or "off"',
  );
  expect('useBuildFiles', input.useBuildFiles, typeof input.useBuildFiles === 'boolean', 'true or false');
  if (input.rules && typeof input.rules === 'object') {
    for (const [id, value] of Object.entries(input.rules as Record<string, unknown>))
      expect(
        `rules.${id}`,
        value,
        SEVERITIES.has(value as SeveritySetting),
        '"error", "warning", "info" or "off"',
      );
  }
  return problems;
}
