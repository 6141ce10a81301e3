import type { Invocation } from '../shell/query';
import { commandRange, editable, insertAt } from './lib/runEdits';
import { mountCovers, overlaps, resolvePath, scriptFacts } from './lib/size';
import type { Rule } from './types';

const CACHE = '/var/cache/apk';

/**
 * `apk add` keeps the downloaded package index in /var/cache/apk unless it runs with `--no-cache`;
 * those megabytes end up in the layer.
 */
export const apkNoCache: Rule = {
  meta: {
    id: 'apk-no-cache',
    category: 'size',
    severity: 'info',
    aliases: ['DL3019'],
    description: '`apk add` without `--no-cache` leaves the package index in the layer.',
    fixable: 'safe',
  },
  check({ stages, report }) {
    for (const stage of stages) {
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        if (mountCovers(run, CACHE) || mountCovers(run, '/etc/apk/cache')) continue;
        const { invocations: all, packages } = scriptFacts(run);
        for (const p of packages) {
          if (p.manager !== 'apk' || p.action !== 'install' || p.packages.length === 0) continue;
          // `--no-network` downloads nothing, so there is no index to keep (docker-library run-deps idiom).
          if (p.args.flags.has('no-cache') || p.args.flags.has('no-network')) continue;
          if (cleanedAfter(all, p.order)) continue;
          const action = p.args.positionals[0];
          report({
            range: commandRange(p.invocation, action),
            message:
              '`apk add` without `--no-cache` stores the package index under /var/cache/apk in this layer. Add `--no-cache` (it also makes `--update` and `rm -rf /var/cache/apk/*` unnecessary).',
            data: { at: action && editable(run, p.invocation) ? action.end : undefined },
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const at = finding.data?.at;
    if (typeof at !== 'number') return [];
    return [
      {
        title: 'Add --no-cache',
        kind: 'quickfix',
        isPreferred: true,
        edits: [insertAt(model, at, '--no-cache')],
      },
    ];
  },
};

/** `rm -rf /var/cache/apk/*` or `apk cache clean` later in the same RUN. */
function cleanedAfter(all: readonly Invocation[], from: number): boolean {
  return all.slice(from + 1).some((inv) => {
    if (inv.program === 'apk') {
      const words = inv.args.map((a) => a.value).filter((v) => !v.startsWith('-'));
      return words[0] === 'cache' && (words[1] === 'clean' || words[1] === 'purge');
    }
    if (inv.program !== 'rm') return false;
    return inv.args.some((a) => {
      const path = resolvePath(a.value, undefined);
      return path !== undefined && overlaps(path, `${CACHE}/APKINDEX.tar.gz`);
    });
  });
}
