import { secretVariableMountFix } from '../fixes/secretMount';
import { isSecretVariableName, variableAssignments } from './lib/security';
import type { Rule } from './types';

/**
 * ENV values are stored in the image configuration (`docker inspect` shows them); ARG values used by
 * a RUN end up in the image history and the build cache. Neither is a place for credentials.
 */
export const secretInArgEnv: Rule = {
  meta: {
    id: 'secret-in-arg-env',
    category: 'security',
    severity: 'warning',
    aliases: ['SecretsUsedInArgOrEnv'],
    description: 'An ARG or ENV whose name looks like a credential (…TOKEN, …PASSWORD, …SECRET, API_KEY).',
    fixable: 'suggestion',
  },
  check({ model, report, shipped }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
      for (const variable of variableAssignments(model, instruction)) {
        if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(variable.name)) continue;
        if (!isSecretVariableName(variable.name, variable.value)) continue;
        const where =
          instruction.keyword === 'ENV'
            ? 'ENV values are stored in the image configuration, where `docker inspect` shows them to anyone with the image'
            : 'build arguments are recorded in the image history and build cache when a RUN uses them';
        report({
          range: variable.nameRange,
          message: `\`${variable.name}\` looks like a credential: ${where}. Pass secrets with \`RUN --mount=type=secret,id=…\` (build time) or at run time instead.`,
          data: {
            declaration: instruction.index,
            name: variable.name,
            shipped: shipped.has(instruction.stageIndex),
          },
        });
      }
    }
  },
  fix(finding, { model }) {
    const { declaration, name, shipped } = finding.data ?? {};
    const instruction = typeof declaration === 'number' ? model.instructions[declaration] : undefined;
    if (!instruction || typeof name !== 'string') return [];
    const fix = secretVariableMountFix(model, instruction, name, { shipped: shipped !== false });
    return fix ? [fix] : [];
  },
};
