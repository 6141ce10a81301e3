// Inlay hints on ARG lines with the value a compose service or bake target passes
// (`ARG GO_VERSION=1.21  = 1.22 (compose.yaml: api)`), so the value the build really uses is in view.
import path from 'node:path';
import { InlayHintKind, MarkupKind, type InlayHint, type Range } from 'vscode-languageserver/node';
import type { Model } from '../engine/model/types';
import { buildFilesOf } from './documents';

/** Longest value shown in the label; the tooltip has it whole. */
const MAX_LABEL_VALUE = 40;

/**
 * Hints for the ARG declarations in `range` whose name a build file sets. Empty when the analysis
 * of `model` did not read build files (`leanDockerfile.useBuildFiles` off, untitled documents).
 */
export function buildArgHints(model: Model, range: Range): InlayHint[] {
  const found = buildFilesOf(model);
  if (!found || Object.keys(found.args).length === 0) return [];
  const hints: InlayHint[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'ARG') continue;
    const line = instruction.range.start.line;
    if (line < range.start.line || line > range.end.line) continue;
    for (const declaration of instruction.args) {
      const eq = declaration.text.indexOf('=');
      const name = eq < 0 ? declaration.text : declaration.text.slice(0, eq);
      if (!Object.hasOwn(found.args, name)) continue;
      const value = found.args[name]!;
      const source = found.argSources[name];
      const where = source ? ` (${path.basename(source.file)}: ${source.name})` : '';
      const shown = value.length > MAX_LABEL_VALUE ? `${value.slice(0, MAX_LABEL_VALUE - 1)}…` : value;
      const written = eq < 0 ? undefined : declaration.text.slice(eq + 1);
      const origin = source
        ? `${source.kind === 'compose' ? 'service' : 'bake target'} \`${source.name}\` in \`${source.file}\` (line ${source.line})`
        : 'a build file';
      hints.push({
        position: declaration.range.end,
        label: `= ${shown}${where}`,
        kind: InlayHintKind.Parameter,
        paddingLeft: true,
        tooltip: {
          kind: MarkupKind.Markdown,
          value: [
            `\`${name}\` is \`${value}\` in the build of ${origin}.`,
            written !== undefined
              ? `It replaces the default written here (\`${written}\`).`
              : 'The Dockerfile declares it without a default.',
            'Set `leanDockerfile.useBuildFiles` to false to ignore compose and bake files.',
          ].join('\n\n'),
        },
      });
    }
  }
  return hints;
}
