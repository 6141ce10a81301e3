// File-system look-ups around a Dockerfile, for the server and the CLI (the engine does no I/O).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { AnalysisEnvironment } from '../engine/rules/types';

const HADOLINT_FILES = ['.hadolint.yaml', '.hadolint.yml'];

/**
 * Looks next to the Dockerfile and in `root` (workspace folder or working directory) — the two usual
 * build contexts — for a .dockerignore (also `<name>.dockerignore`) and a .hadolint.yaml.
 */
export function lookUpEnvironment(dockerfilePath: string, root: string | undefined): AnalysisEnvironment {
  const dir = path.dirname(dockerfilePath);
  const contexts = [...new Set([dir, root].filter((d): d is string => d !== undefined))];
  const hasDockerignore =
    existsSync(`${dockerfilePath}.dockerignore`) ||
    contexts.some((d) => existsSync(path.join(d, '.dockerignore')));
  let hadolintIgnored: string[] | undefined;
  for (const d of contexts) {
    const file = HADOLINT_FILES.map((f) => path.join(d, f)).find((f) => existsSync(f));
    if (!file) continue;
    hadolintIgnored = readHadolintIgnored(file);
    break;
  }
  return { hasDockerignore, hadolintIgnored };
}

function readHadolintIgnored(file: string): string[] {
  try {
    const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
    const ignored = (parsed as { ignored?: unknown } | null)?.ignored;
    return Array.isArray(ignored) ? ignored.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    // A broken .hadolint.yaml ignores nothing rather than stopping the analysis.
    return [];
  }
}
