import type { Model, Stage } from '../model/types';
import type { Rule } from './types';

/**
 * A relative WORKDIR is resolved against the working directory the stage already has. Until the
 * Dockerfile itself sets an absolute one, that is the base image's, which the image's maintainers may
 * change. Like BuildKit, only the first WORKDIR of a stage (and the stages it is built FROM) counts:
 * once it is absolute, later relative ones are relative to a directory this file chose.
 */
export const workdirRelativePath: Rule = {
  meta: {
    id: 'workdir-relative-path',
    category: 'correctness',
    severity: 'warning',
    aliases: ['WorkdirRelativePath'],
    description: 'A relative WORKDIR is used before the Dockerfile sets an absolute one.',
  },
  check({ model, report }) {
    for (const stage of model.stages) {
      if (inheritsWorkdir(model, stage)) continue;
      const first = stage.instructions.find((i) => i.keyword === 'WORKDIR');
      if (!first?.argsRange) continue;
      const value = first.argsText.trim().replace(/^(["'])(.*)\1$/, '$2');
      // A path that starts with a variable may well be absolute once expanded: not judged.
      if (value.startsWith('$') || isAbsolute(value)) continue;
      const base = stage.base?.raw ?? 'the base image';
      report({
        range: first.argsRange,
        message: `Relative WORKDIR \`${value}\` is resolved against the working directory of \`${base}\`, which can change when the base image does. Use an absolute path.`,
      });
    }
  },
};

/** Whether a WORKDIR of a stage this one is built FROM already set the working directory. */
function inheritsWorkdir(model: Model, stage: Stage): boolean {
  const seen = new Set<number>();
  let current = stage.baseStage;
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    const parent = model.stages[current];
    if (!parent) return false;
    if (parent.instructions.some((i) => i.keyword === 'WORKDIR')) return true;
    current = parent.baseStage;
  }
  return false;
}

/** Absolute on Linux (`/app`) or Windows (`C:\app`, `c:/app`, `\app`). */
function isAbsolute(path: string): boolean {
  return /^(?:[/\\]|[A-Za-z]:(?:[/\\]|$))/.test(path);
}
