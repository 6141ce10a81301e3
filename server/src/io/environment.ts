// File-system look-ups around a Dockerfile, for the server and the CLI (the engine does no I/O):
// the build context's .dockerignore, a .hadolint.yaml and the project's .lean-dockerfile.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { SeveritySetting } from '../../../common/protocol';
import { hadolintOverrides, sanitizeProjectConfig, type ProjectConfig } from '../engine/config/merge';
import type { AnalysisEnvironment } from '../engine/rules/types';

const HADOLINT_FILES = ['.hadolint.yaml', '.hadolint.yml'];
export const PROJECT_CONFIG_FILE = '.lean-dockerfile.json';

export interface Surroundings {
  environment: AnalysisEnvironment;
  /** Severities from `.hadolint.yaml` `override:` (lowest precedence). */
  hadolintSeverities: Record<string, SeveritySetting>;
  project: ProjectConfig;
  /** The config file used, if any, and what was wrong in it. */
  projectFile: string | undefined;
  problems: string[];
}

/**
 * Looks next to the Dockerfile and in `root` (workspace folder or working directory), the two usual
 * build contexts, for a .dockerignore (also `<name>.dockerignore`) and a .hadolint.yaml; and from
 * the Dockerfile's folder up to `root` for the nearest .lean-dockerfile.json.
 */
export function lookUpSurroundings(dockerfilePath: string, root: string | undefined): Surroundings {
  const dir = path.dirname(path.resolve(dockerfilePath));
  const top = root ? path.resolve(root) : undefined;
  const contexts = [...new Set([dir, top].filter((d): d is string => d !== undefined))];
  // A document whose folder does not exist (not saved yet, or a virtual path) has no known context.
  const hasDockerignore = !existsSync(dir)
    ? undefined
    : existsSync(`${dockerfilePath}.dockerignore`) ||
      contexts.some((d) => existsSync(path.join(d, '.dockerignore')));

  const problems: string[] = [];
  let hadolintIgnored: string[] | undefined;
  let hadolintSeverities: Record<string, SeveritySetting> = {};
  const hadolintFile = contexts
    .flatMap((d) => HADOLINT_FILES.map((f) => path.join(d, f)))
    .find((f) => existsSync(f));
  if (hadolintFile) {
    try {
      const parsed = parseYaml(readFileSync(hadolintFile, 'utf8')) as {
        ignored?: unknown;
        override?: unknown;
      } | null;
      hadolintIgnored = Array.isArray(parsed?.ignored)
        ? parsed.ignored.filter((x): x is string => typeof x === 'string')
        : [];
      hadolintSeverities = hadolintOverrides(parsed?.override);
    } catch (error) {
      // A broken .hadolint.yaml changes nothing rather than stopping the analysis.
      problems.push(
        `${hadolintFile}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }

  let project: ProjectConfig = {};
  const projectFile = findUp(dir, top, PROJECT_CONFIG_FILE);
  if (projectFile) {
    try {
      const result = sanitizeProjectConfig(JSON.parse(readFileSync(projectFile, 'utf8')));
      project = result.config;
      problems.push(...result.problems.map((p) => `${projectFile}: ${p}`));
    } catch (error) {
      problems.push(`${projectFile}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return {
    environment: { hasDockerignore, hadolintIgnored },
    hadolintSeverities,
    project,
    projectFile,
    problems,
  };
}

/** The nearest `name` from `dir` upwards, not above `top` (or the file-system root without one). */
function findUp(dir: string, top: string | undefined, name: string): string | undefined {
  let current = dir;
  for (;;) {
    const candidate = path.join(current, name);
    if (existsSync(candidate)) return candidate;
    if (current === top) return undefined;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    if (top && !parent.startsWith(top)) return undefined;
    current = parent;
  }
}
