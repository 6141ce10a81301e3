import { quoteDockerfileValue } from '../fixes/text';
import type { Rule } from './types';

const AUTHORS_LABEL = 'org.opencontainers.image.authors';

/** MAINTAINER has been deprecated since Docker 1.13; the OCI authors label carries the same fact. */
export const maintainerDeprecated: Rule = {
  meta: {
    id: 'maintainer-deprecated',
    category: 'correctness',
    severity: 'warning',
    aliases: ['MaintainerDeprecated', 'DL4000'],
    description: 'MAINTAINER is deprecated; use the org.opencontainers.image.authors label.',
    fixable: 'safe',
  },
  check({ model, report }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'MAINTAINER') continue;
      report({
        range: instruction.keywordRange,
        message: `MAINTAINER is deprecated: use \`LABEL ${AUTHORS_LABEL}="…"\` instead.`,
        deprecated: true,
      });
    }
  },
  fix(finding, { model }) {
    const instruction = model.instructions.find(
      (i) => i.keyword === 'MAINTAINER' && i.keywordRange.start.line === finding.range.start.line,
    );
    if (!instruction) return [];
    const author = instruction.argsText.trim();
    // An author already written in double quotes keeps its quoting; anything else is quoted literally.
    const quoted = /^".*"$/.test(author) ? author : quoteDockerfileValue(author, model.escapeChar);
    // Keep the file's keyword casing (a lower-case `maintainer` becomes `label`).
    const raw = model.text.slice(
      model.positions.offsetAt(instruction.keywordRange.start),
      model.positions.offsetAt(instruction.keywordRange.end),
    );
    const keyword = raw === raw.toLowerCase() ? 'label' : 'LABEL';
    return [
      {
        title: `Convert to LABEL ${AUTHORS_LABEL}`,
        kind: 'quickfix',
        isPreferred: true,
        edits: [{ range: instruction.range, newText: `${keyword} ${AUTHORS_LABEL}=${quoted}` }],
      },
    ];
  },
};
