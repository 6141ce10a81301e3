import type { Invocation } from '../shell/query';
import { appendToRun, commandRange } from './lib/runEdits';
import {
  mountCovers,
  overlaps,
  resolvePath,
  scriptFacts,
  type OrderedPackageCommand,
  isTemplated,
} from './lib/size';
import type { Rule } from './types';

const LISTS = '/var/lib/apt/lists';
const CLEAN = 'rm -rf /var/lib/apt/lists/*';
// Actions that read the package lists that `apt-get update` downloaded.
const USES_LISTS = new Set([
  'install',
  'upgrade',
  'dist-upgrade',
  'full-upgrade',
  'build-dep',
  'source',
  'reinstall',
]);

/**
 * `apt-get update` downloads the package lists of every configured repository (tens of MB) into
 * /var/lib/apt/lists. A RUN that installs from them must delete them before it ends, or they stay
 * in its layer for good: a later RUN cannot take them out again.
 */
export const aptListsNotCleaned: Rule = {
  meta: {
    id: 'apt-lists-not-cleaned',
    category: 'size',
    severity: 'warning',
    aliases: ['DL3009'],
    description:
      'A RUN that updates and installs with apt does not remove /var/lib/apt/lists, so the lists stay in the layer.',
    fixable: 'safe',
  },
  check({ stages, shipped, report }) {
    for (const stage of stages) {
      // Only shipped layers matter: COPY --from takes the final files of a builder stage.
      if (!shipped.has(stage.index)) continue;
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        if (mountCovers(run, `${LISTS}/x`) || isTemplated(run)) continue;
        const facts = scriptFacts(run);
        const apt = facts.packages.filter((p) => p.manager === 'apt');
        const update = apt.find((p) => p.action === 'update') ?? repositoryAdded(facts.invocations);
        if (!update) continue;
        const updateOrder = 'order' in update ? update.order : facts.invocations.indexOf(update);
        const users = apt.filter(
          (p) =>
            p.order > updateOrder &&
            USES_LISTS.has(p.action) &&
            (p.action !== 'install' ||
              p.packages.length > 0 ||
              p.args.flags.has('f') ||
              p.args.flags.has('fix-broken')),
        );
        const lastClean = lastCleanOrder(facts.invocations);
        const first = users.find((p) => p.order > lastClean);
        if (!first) continue;
        const cleanOnly = facts.invocations.some(
          (i) => (i.program === 'apt-get' || i.program === 'apt') && i.args.some((a) => a.value === 'clean'),
        );
        report({
          range: commandRange(first.invocation, first.args.positionals[0]),
          message: `This RUN downloads the apt package lists and does not delete them afterwards, so they stay in the layer (often 20-50 MB). End the RUN with \`&& ${CLEAN}\`${cleanOnly ? ' (`apt-get clean` does not remove them)' : ''}.`,
          data: { instruction: run.index, sudo: sudoFor(first) },
        });
      }
    }
  },
  fix(finding, { model }) {
    const index = finding.data?.instruction;
    const run = typeof index === 'number' ? model.instructions[index] : undefined;
    if (!run) return [];
    const command = finding.data?.sudo === true ? `sudo ${CLEAN}` : CLEAN;
    const edit = appendToRun(model, run, command);
    if (!edit) return [];
    return [{ title: `Append \`&& ${command}\``, kind: 'quickfix', isPreferred: true, edits: [edit] }];
  },
};

const sudoFor = (p: OrderedPackageCommand): boolean => p.invocation.wrappers.includes('sudo');

/** `add-apt-repository` runs `apt-get update` itself unless told not to (`-n`). */
function repositoryAdded(all: readonly Invocation[]): Invocation | undefined {
  return all.find(
    (i) =>
      i.program === 'add-apt-repository' &&
      !i.args.some((a) => a.value === '-n' || a.value === '--no-update'),
  );
}

/** Position of the last command that deletes the lists: `rm` of them (or a parent), `apt-get distclean`, `find … -delete`. */
function lastCleanOrder(all: readonly Invocation[]): number {
  let last = -1;
  all.forEach((inv, k) => {
    const values = inv.args.map((a) => a.value);
    const hitsLists = (v: string): boolean => {
      const path = resolvePath(v, undefined);
      return path !== undefined && overlaps(path, `${LISTS}/deb.debian.org_debian_dists_InRelease`);
    };
    const cleans =
      (inv.program === 'rm' && values.some(hitsLists)) ||
      ((inv.program === 'apt-get' || inv.program === 'apt') &&
        (values.includes('distclean') || values.includes('dist-clean'))) ||
      (inv.program === 'find' &&
        values.some(hitsLists) &&
        (values.includes('-delete') || (values.includes('-exec') && values.includes('rm'))));
    if (cleans) last = k;
  });
  return last;
}
