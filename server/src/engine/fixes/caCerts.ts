// "Copy CA certs into scratch": a scratch image has no CA bundle, so TLS clients in it cannot verify
// any server. The bundle is copied from a stage that has one, or from a small stage added for it.
import type { Fix } from '../findings';
import type { Model, Stage, TextEdit } from '../model/types';
import { installs } from '../shell/packages';
import { newestVersionTag } from '../size/baseImages';
import { rootImageFacts } from '../stageFacts';
import { instructionLine, insertAfter, insertBefore, keyword } from './layout';

const DEBIAN_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const RHEL_BUNDLE = '/etc/pki/tls/certs/ca-bundle.crt';

/** The CA bundle path a stage provides, or undefined when it has none (as far as we know). */
function bundleOf(model: Model, stage: Stage): string | undefined {
  const facts = rootImageFacts(model.stages, stage);
  const installsCerts = stage.instructions.some((i) =>
    installs(i.shell).some((p) => p.packages.some((w) => w.value === 'ca-certificates')),
  );
  if (facts.hasCaCerts !== true && !installsCerts) return undefined;
  return facts.family === 'rhel' ? RHEL_BUNDLE : DEBIAN_BUNDLE;
}

/** Stages the scratch stage copies from (`COPY --from=<stage>`), by index. */
function sourcesOf(model: Model, stage: Stage): Stage[] {
  const out: Stage[] = [];
  for (const i of stage.instructions) {
    const from = i.keyword === 'COPY' ? i.flags.find((f) => f.name === 'from')?.value : undefined;
    if (!from) continue;
    const byName = model.stages.find((s) => s.name === from.toLowerCase() && s.index < stage.index);
    const byIndex = /^\d+$/.test(from) ? model.stages[Number(from)] : undefined;
    const source = byName ?? byIndex;
    if (source && !out.includes(source)) out.push(source);
  }
  return out;
}

function uniqueName(model: Model, wanted: string): string {
  const taken = new Set(model.stages.map((s) => s.name));
  if (!taken.has(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken.has(`${wanted}${n}`)) return `${wanted}${n}`;
}

export function caCertFixes(model: Model, stage: Stage): Fix[] {
  const fromLine = stage.from;
  const copyLine = (source: string, bundle: string): string =>
    instructionLine(model, 'COPY', `--from=${source} ${bundle} ${DEBIAN_BUNDLE}`);
  const withSource = sourcesOf(model, stage)
    .map((s) => ({ stage: s, bundle: bundleOf(model, s) }))
    .find((x) => x.bundle !== undefined);
  if (withSource) {
    const edits: TextEdit[] = [];
    let name = withSource.stage.name;
    if (!name) {
      // Name the stage rather than copy by index (copy-from-index would flag `--from=0`).
      name = uniqueName(model, 'builder');
      const end = withSource.stage.from.range.end;
      edits.push({
        range: { start: end, end },
        newText: ` ${keyword(model, 'AS')} ${name}`,
      });
    }
    edits.push(insertAfter(model, fromLine, [copyLine(name, withSource.bundle!)]));
    return [
      {
        title: `Copy CA certs into scratch (from stage ${name})`,
        kind: 'quickfix',
        isPreferred: true,
        edits,
      },
    ];
  }
  // No stage has a bundle: add one based on alpine, which ships /etc/ssl/certs/ca-certificates.crt.
  const name = uniqueName(model, 'certs');
  const alpine = `alpine:${newestVersionTag('alpine') ?? '3'}`;
  return [
    {
      title: `Copy CA certs into scratch (new ${alpine} certs stage)`,
      kind: 'quickfix',
      isPreferred: true,
      edits: [
        insertBefore(model, fromLine, [
          instructionLine(model, 'FROM', `${alpine} ${keyword(model, 'AS')} ${name}`),
          '',
        ]),
        insertAfter(model, fromLine, [copyLine(name, DEBIAN_BUNDLE)]),
      ],
    },
  ];
}
