import { secretFileMountFix } from '../fixes/secretMount';
import { copyArguments, expandAt, isGlob, secretFileKind, secretGlobKind } from './lib/security';
import type { Rule } from './types';

/**
 * COPY and ADD put files into a layer: anyone who can pull the image (or its build cache) can read a
 * key, token or `.env` copied in, even when a later step deletes it.
 */
export const secretFileCopied: Rule = {
  meta: {
    id: 'secret-file-copied',
    category: 'security',
    severity: 'error',
    aliases: [],
    description: 'COPY or ADD of a file that looks like a secret (keys, tokens, .env files).',
    fixable: 'suggestion',
  },
  check({ model, report, shipped }) {
    for (const instruction of model.instructions) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      // From another stage or image: the file does not come from the build context.
      if (instruction.flags.some((f) => f.name === 'from')) continue;
      const { sources, destination } = copyArguments(model, instruction);
      const dest = destination && expandAt(model, instruction, destination.value).value;
      const intoDir = !dest || dest.endsWith('/') || sources.length > 1;
      for (const source of sources) {
        const path = expandAt(model, instruction, source.value).value;
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('git@')) continue;
        // `COPY deploy_key /root/.ssh/id_rsa`: the destination tells, unless the source is a template.
        const template = /(example|sample|template|dist|default)/i.test(path);
        const destFile = dest && !intoDir && !template ? dest : undefined;
        const kind = isGlob(path)
          ? secretGlobKind(path, dest)
          : (secretFileKind(path, dest) ?? (destFile ? secretFileKind(destFile, dest) : undefined));
        if (!kind) continue;
        report({
          range: source.range,
          message: `\`${source.value}\` looks like ${kind}: ${instruction.keyword} stores it in an image layer, where anyone with the image can read it, even if a later step deletes it. Mount it only for the step that needs it (\`RUN --mount=type=secret\`), or pass it at run time.`,
          data: {
            copy: instruction.index,
            source: source.start,
            shipped: shipped.has(instruction.stageIndex),
          },
        });
      }
    }
  },
  fix(finding, { model }) {
    const { copy, source, shipped } = finding.data ?? {};
    const instruction = typeof copy === 'number' ? model.instructions[copy] : undefined;
    if (!instruction || typeof source !== 'number') return [];
    const fix = secretFileMountFix(model, instruction, source, { shipped: shipped !== false });
    return fix ? [fix] : [];
  },
};
