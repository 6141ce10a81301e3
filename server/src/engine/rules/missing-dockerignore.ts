import { copyArgs, isWholeContext } from './lib/size';
import type { Rule } from './types';
import { detectEcosystems, dockerignoreContent } from '../fixes/dockerignore';
import { eolOf } from '../fixes/layout';

/**
 * `COPY . …` sends the whole build context to the builder and into the layer. Without a
 * .dockerignore that includes .git, node_modules, build output, local .env files and keys, and
 * any change to them invalidates the cache of everything after the COPY.
 */
export const missingDockerignore: Rule = {
  meta: {
    id: 'missing-dockerignore',
    category: 'size',
    severity: 'warning',
    aliases: [],
    description: 'The whole build context is copied (`COPY . …`) and the context has no .dockerignore.',
    fixable: 'suggestion',
  },
  check({ model, environment, report }) {
    // Only when the front end looked and found none: undefined means it could not tell.
    if (environment.hasDockerignore !== false) return;
    for (const instruction of model.instructions) {
      const copy = copyArgs(instruction);
      if (!copy || copy.from !== undefined || !copy.sources.some(isWholeContext)) continue;
      report({
        range: copy.range,
        message: `\`${instruction.keyword} .\` copies the whole build context, and there is no .dockerignore: whatever lies in the context (.git, node_modules, build output, local .env files or keys) is sent to the builder and lands in this layer, and any change to those files invalidates the cache from here on. Add a .dockerignore.`,
      });
      return;
    }
  },
  fix(_finding, { model }) {
    const ecosystems = detectEcosystems(model);
    const what = ecosystems.length > 0 ? ` (${ecosystems.join(', ')})` : '';
    return [
      {
        title: `Create .dockerignore next to the Dockerfile${what}`,
        kind: 'quickfix',
        edits: [],
        createFiles: [{ path: '.dockerignore', content: dockerignoreContent(model, eolOf(model)) }],
      },
    ];
  },
};
