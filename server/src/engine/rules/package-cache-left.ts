import type { Invocation } from '../shell/query';
import { appendToRun, commandRange } from './lib/runEdits';
import { mountCovers, overlaps, resolvePath, scriptFacts, type OrderedPackageCommand } from './lib/size';
import type { Rule } from './types';

type Family = 'rpm' | 'zypper';

const CACHE_DIRS: Record<Family, string[]> = {
  rpm: ['/var/cache/yum', '/var/cache/dnf', '/var/cache/libdnf5'],
  zypper: ['/var/cache/zypp'],
};

/**
 * yum, dnf, microdnf and zypper keep repository metadata (and with some settings the downloaded
 * packages) under /var/cache after an install; unless the same RUN cleans it, it stays in the layer.
 */
export const packageCacheLeft: Rule = {
  meta: {
    id: 'package-cache-left',
    category: 'size',
    severity: 'info',
    aliases: ['DL3032', 'DL3040', 'DL3036'],
    description:
      'A yum, dnf, microdnf or zypper install without a clean-up in the same RUN leaves its cache in the layer.',
    fixable: 'safe',
  },
  check({ stages, report }) {
    for (const stage of stages) {
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        const facts = scriptFacts(run);
        const reported = new Set<Family>();
        for (const p of facts.packages) {
          const family = familyOf(p);
          if (!family || reported.has(family) || p.action !== 'install' || p.packages.length === 0) continue;
          if (CACHE_DIRS[family].some((dir) => mountCovers(run, `${dir}/x`))) continue;
          if (cleanedAfter(facts.invocations, p.order, family)) continue;
          reported.add(family);
          const clean = cleanCommand(p);
          report({
            range: commandRange(p.invocation, p.args.positionals[0]),
            message: `\`${p.invocation.program} install\` leaves repository metadata and cached packages under ${cacheDirOf(p)} in this layer. End the RUN with \`&& ${clean}\`.`,
            data: { instruction: run.index, clean },
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const index = finding.data?.instruction;
    const clean = finding.data?.clean;
    const run = typeof index === 'number' ? model.instructions[index] : undefined;
    if (!run || typeof clean !== 'string') return [];
    const edit = appendToRun(model, run, clean);
    if (!edit) return [];
    return [{ title: `Append \`&& ${clean}\``, kind: 'quickfix', isPreferred: true, edits: [edit] }];
  },
};

function familyOf(p: OrderedPackageCommand): Family | undefined {
  if (p.manager === 'yum' || p.manager === 'dnf' || p.manager === 'microdnf') return 'rpm';
  if (p.manager === 'zypper') return 'zypper';
  return undefined;
}

function cacheDirOf(p: OrderedPackageCommand): string {
  if (p.manager === 'zypper') return '/var/cache/zypp';
  return p.manager === 'yum' ? '/var/cache/yum' : '/var/cache/dnf';
}

function cleanCommand(p: OrderedPackageCommand): string {
  const sudo = p.invocation.wrappers.includes('sudo') ? 'sudo ' : '';
  const program = p.invocation.programWord.value.includes('/')
    ? p.invocation.program
    : p.invocation.programWord.value;
  return p.manager === 'zypper' ? `${sudo}${program} clean --all` : `${sudo}${program} clean all`;
}

const RPM_PROGRAMS = new Set(['yum', 'dnf', 'dnf5', 'microdnf', 'tdnf']);

function cleanedAfter(all: readonly Invocation[], from: number, family: Family): boolean {
  return all.slice(from + 1).some((inv) => {
    const words = inv.args.map((a) => a.value);
    const positionals = words.filter((w) => !w.startsWith('-'));
    if (family === 'rpm' && RPM_PROGRAMS.has(inv.program))
      return positionals[0] === 'clean' && positionals[1] === 'all';
    if (family === 'zypper' && inv.program === 'zypper')
      return positionals[0] === 'clean' || positionals[0] === 'cc';
    if (inv.program !== 'rm') return false;
    return words.some((w) => {
      const path = resolvePath(w, undefined);
      return path !== undefined && CACHE_DIRS[family].some((dir) => overlaps(path, `${dir}/x`));
    });
  });
}
