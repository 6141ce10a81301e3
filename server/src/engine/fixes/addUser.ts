// "Add USER …": base-aware ways to stop a shipped stage from running as root (root-user's fixes).
import type { Fix } from '../findings';
import type { Instruction, Model, Stage, TextEdit } from '../model/types';
import type { ImageFacts } from '../size/baseImages';
import { instructionLine, insertAfter, insertBefore } from './layout';

const RUNTIME_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'STOPSIGNAL', 'EXPOSE', 'VOLUME']);

/**
 * Where USER goes: after the stage's last RUN (RUNs after it would lose root, e.g. for apt-get) and
 * before its first runtime instruction (CMD, ENTRYPOINT, …), else at the end of the stage.
 */
function placement(model: Model, stage: Stage, lines: readonly string[]): TextEdit {
  const body = stage.instructions;
  const lastRun = [...body].reverse().find((i) => i.keyword === 'RUN');
  const firstRuntime = body.find(
    (i) => RUNTIME_KEYWORDS.has(i.keyword) && (!lastRun || i.index > lastRun.index),
  );
  if (firstRuntime) return insertBefore(model, firstRuntime, lines);
  return insertAfter(model, body[body.length - 1]!, lines);
}

/** COPYs from the build context into the app folder, which the app may need to write (caches, uploads). */
function appCopies(stage: Stage): Instruction[] {
  return stage.instructions.filter(
    (i) =>
      (i.keyword === 'COPY' || i.keyword === 'ADD') &&
      !i.flags.some((f) => f.name === 'from' || f.name === 'chown') &&
      i.heredocs.length === 0,
  );
}

function chownEdits(model: Model, stage: Stage, owner: string): TextEdit[] {
  // Only copies into the working directory (relative or `.` destinations): binaries copied to
  // /usr/local/bin stay root-owned, which is what a non-root process should not be able to change.
  const hasWorkdir = stage.instructions.some((i) => i.keyword === 'WORKDIR');
  if (!hasWorkdir) return [];
  return appCopies(stage)
    .filter((i) => {
      const dest = i.args[i.args.length - 1]?.text ?? '';
      return i.args.length >= 2 && !dest.startsWith('/') && !dest.startsWith('$');
    })
    .map((i) => {
      const at = i.flags[0]?.range.start ?? i.args[0]!.range.start;
      return { range: { start: at, end: at }, newText: `--chown=${owner} ` };
    });
}

function isAlpineLike(facts: ImageFacts): boolean {
  return facts.family === 'alpine' || facts.family === 'busybox' || facts.family === 'wolfi';
}

/** Commands that create a system group and user with the given ids, the way the base's tools do it. */
function createUserCommand(facts: ImageFacts, name: string, uid: number): string | undefined {
  if (isAlpineLike(facts))
    return `addgroup -g ${uid} -S ${name} && adduser -S -D -H -u ${uid} -G ${name} ${name}`;
  if (facts.family === 'debian' || facts.family === 'ubuntu')
    return `groupadd --system --gid ${uid} ${name} && useradd --system --uid ${uid} --gid ${name} --no-create-home --shell /usr/sbin/nologin ${name}`;
  if (facts.family === 'rhel')
    return `groupadd --system --gid ${uid} ${name} && useradd --system --uid ${uid} --gid ${name} --no-create-home ${name}`;
  return undefined;
}

function isNodeImage(stage: Stage, model: Model): boolean {
  let current: Stage | undefined = stage;
  const seen = new Set<number>();
  while (current && !seen.has(current.index)) {
    seen.add(current.index);
    if (current.baseStage === undefined) return /(^|\/)node$/.test(current.base?.repository ?? '');
    current = model.stages[current.baseStage];
  }
  return false;
}

/** The fixes offered for a shipped stage that runs as root, most fitting first. */
export function addUserFixes(model: Model, stage: Stage, facts: ImageFacts): Fix[] {
  const fixes: Fix[] = [];
  const user = (name: string, owner: string, extra: string[] = []): TextEdit[] => [
    ...chownEdits(model, stage, owner),
    placement(model, stage, [...extra, instructionLine(model, 'USER', name)]),
  ];
  const run = (command: string): string => instructionLine(model, 'RUN', command);

  if (facts.family === 'scratch') {
    fixes.push({
      title: 'Add USER 65532:65532',
      kind: 'quickfix',
      isPreferred: true,
      edits: user('65532:65532', '65532:65532'),
    });
    return fixes;
  }
  if (facts.family === 'distroless') {
    const base = stage.base;
    if (base && stage.baseStage === undefined && !base.raw.includes('$') && !base.digest) {
      const tag =
        base.tag === undefined || base.tag === 'latest'
          ? 'nonroot'
          : base.tag.includes('nonroot')
            ? undefined
            : `${base.tag}-nonroot`;
      if (tag) {
        const edit: TextEdit = base.tagRange
          ? { range: base.tagRange, newText: tag }
          : { range: { start: base.range.end, end: base.range.end }, newText: `:${tag}` };
        fixes.push({
          title: `Use the distroless :${tag} variant`,
          kind: 'quickfix',
          isPreferred: true,
          edits: [edit],
        });
      }
    }
    fixes.push({
      title: 'Add USER nonroot (uid 65532)',
      kind: 'quickfix',
      edits: user('65532:65532', '65532:65532'),
    });
    return fixes;
  }
  if (facts.family === 'wolfi') {
    fixes.push({
      title: 'Add USER 65532 (nonroot)',
      kind: 'quickfix',
      isPreferred: true,
      edits: user('65532', '65532:65532'),
    });
    return fixes;
  }
  const node = isNodeImage(stage, model);
  if (node) {
    // The official node images ship a `node` user (uid 1000).
    fixes.push({
      title: 'Add USER node',
      kind: 'quickfix',
      isPreferred: true,
      edits: user('node', 'node:node'),
    });
    // COPY --chown resolves names when it runs, before the RUN that creates the user: use the ids.
    const create = createUserCommand(facts, 'nodejs', 1001);
    if (create)
      fixes.push({
        title: 'Add USER nodejs',
        kind: 'quickfix',
        edits: user('nodejs', '1001:1001', [run(create)]),
      });
    return fixes;
  }
  const create = createUserCommand(facts, 'app', 10001);
  if (create) {
    const how = isAlpineLike(facts) ? 'addgroup/adduser' : 'groupadd/useradd';
    fixes.push({
      title: `Add USER app (created with ${how})`,
      kind: 'quickfix',
      edits: user('app', '10001:10001', [run(create)]),
    });
  }
  // Works on any Linux base, even without user tools: a numeric uid needs no /etc/passwd entry.
  fixes.push({
    title: 'Add USER 10001:10001 (numeric, no account needed)',
    kind: 'quickfix',
    edits: user('10001:10001', '10001:10001'),
  });
  return fixes;
}
