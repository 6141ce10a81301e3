// What we can tell about a stage and its base image: a one-paragraph summary (base, estimated size,
// who uses it), the base image's facts from our data (sizes, OS family, default user, end of life) and
// the variables the base image sets. Shared by hover and completion.
import type { ImageRef, Model, Stage } from '../model/types';
import { eolToday, checkImageTag } from '../rules/lib/eol';
import { knownImageEnvironment } from '../rules/lib/imageEnv';
import { rootImageFacts } from '../stageFacts';
import { canonicalImageName, imageFacts } from '../size/baseImages';
import { baseImageSize } from '../size/baseSize';
import type { SizeEstimate } from '../size/types';
import { formatApprox } from '../size/units';

/** `name` when the stage has one, else `stage N`. */
export function stageLabel(stage: Stage): string {
  return stage.rawName ?? `stage ${stage.index}`;
}

const usagesByModel = new WeakMap<Model, Map<number, number[]>>();

/**
 * Lines (1-based) of instructions that use the stage: `FROM <stage>`, `COPY --from`, `RUN --mount=from=`.
 * One pass over the document per Model: completion lists hundreds of stages in large files.
 */
export function stageUsages(model: Model, stage: Stage): number[] {
  let usages = usagesByModel.get(model);
  if (!usages) {
    usages = collectUsages(model);
    usagesByModel.set(model, usages);
  }
  return usages.get(stage.index) ?? [];
}

function collectUsages(model: Model): Map<number, number[]> {
  const usages = new Map<number, Set<number>>();
  const add = (stageIndex: number, line: number): void => {
    const lines = usages.get(stageIndex) ?? new Set<number>();
    lines.add(line + 1);
    usages.set(stageIndex, lines);
  };
  for (const stage of model.stages)
    if (stage.baseStage !== undefined) add(stage.baseStage, stage.from.range.start.line);
  // A stage is named by its AS name or its index, and only later stages can use it.
  const named = (stageIndex: number, reference: string): number | undefined => {
    const wanted = reference.trim().toLowerCase();
    const found = model.stages.find(
      (s) => s.index < stageIndex && (s.name === wanted || String(s.index) === wanted),
    );
    return found?.index;
  };
  for (const instruction of model.instructions) {
    for (const flag of instruction.flags) {
      if (flag.value === undefined) continue;
      const references =
        flag.name === 'from'
          ? [flag.value]
          : flag.name === 'mount'
            ? flag.value
                .split(',')
                .filter((part) => part.split('=')[0]?.trim().toLowerCase() === 'from')
                .map((part) => part.slice(part.indexOf('=') + 1))
            : [];
      for (const reference of references) {
        const used = named(instruction.stageIndex, reference);
        if (used !== undefined) add(used, instruction.range.start.line);
      }
    }
  }
  return new Map([...usages].map(([index, lines]) => [index, [...lines].sort((a, b) => a - b)]));
}

export function stageSummary(model: Model, stage: Stage, estimate: SizeEstimate | undefined): string {
  const base =
    stage.baseStage !== undefined
      ? `built on stage \`${stageLabel(model.stages[stage.baseStage]!)}\``
      : `\`FROM ${stage.base?.raw ?? 'scratch'}\``;
  const size = estimate?.stages[stage.index];
  const usages = stageUsages(model, stage);
  const lines = [
    `Stage \`${stageLabel(stage)}\` (line ${stage.from.range.start.line + 1}): ${base}${size ? `, ${formatApprox(size.total)} estimated` : ''}.`,
  ];
  if (usages.length > 0)
    lines.push('', `Used on line${usages.length === 1 ? '' : 's'} ${usages.join(', ')}.`);
  return lines.join('\n');
}

/** Variables the stage's base image sets (PATH, NODE_VERSION, …) when we know the image. */
export function stageImageEnvironment(model: Model, stage: Stage): readonly string[] {
  const facts = rootImageFacts(model.stages, stage);
  return knownImageEnvironment(facts.image) ?? [];
}

const yesNo = (value: boolean | null | undefined): string =>
  value === undefined || value === null ? 'unknown' : value ? 'yes' : 'no';

/** Markdown table cell: pipes and line breaks would break the table. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The base image's facts from the bundled tables, for a FROM image or a `COPY --from=<image>`. */
export function imageFactsMarkdown(ref: ImageRef, platform?: string): string {
  const image = canonicalImageName(ref.registry, ref.repository);
  const written = ref.tag ? `${image}:${ref.tag}` : image;
  if (image === 'scratch')
    return '**scratch**: the empty image (0 B): no shell, no CA certificates, no users.';
  const facts = imageFacts(image, ref.tag);
  const size = baseImageSize(image, ref.tag, {
    written,
    unresolved: ref.hasUnresolvedVariables,
    ...(platform !== undefined ? { platform } : {}),
  });
  const lines = [`**${written}**${ref.raw !== ref.resolved ? ` (written \`${ref.raw}\`)` : ''}`, ''];
  if (ref.digest) lines.push(`Pinned to \`${ref.digest}\`.`, '');
  lines.push('| | |', '| --- | --- |');
  lines.push(`| disk (uncompressed) | ${formatApprox(size.bytes)}${size.unknown ? ' (guess range)' : ''} |`);
  lines.push(
    `| pull (compressed) | ${formatApprox(size.compressed)}${size.unknown ? ' (guess range)' : ''} |`,
  );
  lines.push(`| OS family | ${facts.family}${facts.packageManager ? ` (${facts.packageManager})` : ''} |`);
  lines.push(`| default user | ${facts.defaultUser ?? 'unknown'} |`);
  lines.push(`| shell | ${yesNo(facts.hasShell)} |`, `| CA certificates | ${yesNo(facts.hasCaCerts)} |`);
  if (facts.row?.layers) lines.push(`| layers | ${facts.row.layers} |`);
  lines.push('');
  if (ref.tag && !ref.hasUnresolvedVariables) {
    for (const issue of checkImageTag(image, ref.tag, eolToday()).issues) {
      const release = `${issue.product.label} ${issue.cycle}${issue.codename ? ` (${issue.codename})` : ''}`;
      const upgrade = issue.upgradeLabel ? `; the oldest supported release is ${issue.upgradeLabel}` : '';
      lines.push(`⚠️ ${release} reached its end of life on ${issue.eol}${upgrade}.`, '');
    }
  }
  if (!ref.tag && !ref.digest)
    lines.push('No tag: this is `latest`, which changes under you. Pin a version.', '');
  lines.push(`_${cell(size.basis)}${size.source ? `. Source: ${cell(size.source)}` : ''}._`);
  return lines.join('\n');
}
