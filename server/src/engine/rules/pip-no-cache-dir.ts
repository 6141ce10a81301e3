import type { Instruction } from '../model/types';
import { runMounts } from '../shell/mounts';
import type { Invocation } from '../shell/query';
import { commandRange, editable, insertAt } from './lib/runEdits';
import { commandEnv, dockerfileEnv, scriptFacts, type OrderedPackageCommand } from './lib/size';
import type { Rule } from './types';

/**
 * pip keeps every wheel it downloads or builds in ~/.cache/pip; in an image nothing reuses that
 * cache, so it is dead weight in the layer (often as large as the installed packages).
 */
export const pipNoCacheDir: Rule = {
  meta: {
    id: 'pip-no-cache-dir',
    category: 'size',
    severity: 'info',
    aliases: ['DL3042'],
    description: "`pip install` without `--no-cache-dir` leaves pip's download cache in the layer.",
    fixable: 'safe',
  },
  check({ model, stages, report }) {
    for (const stage of stages) {
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        const facts = scriptFacts(run);
        let env: Map<string, string> | undefined;
        for (const p of facts.packages) {
          if (p.manager !== 'pip' || p.action !== 'install') continue;
          const uv = p.invocation.program === 'uv';
          if (uv ? p.args.flags.has('no-cache') || p.args.flags.has('n') : hasPipFlag(p)) continue;
          env ??= dockerfileEnv(model, stage, run.index);
          const local = commandEnv(facts.invocations, p.invocation);
          const variable = uv ? 'UV_NO_CACHE' : 'PIP_NO_CACHE_DIR';
          if (env.has(variable) || local.has(variable)) continue;
          if (cacheMounted(run, p, uv, new Map([...env, ...local]))) continue;
          if (purgedAfter(facts.invocations, p, uv)) continue;
          const action = p.args.positionals[0];
          const flag = uv ? '--no-cache' : '--no-cache-dir';
          const what = uv ? '`uv pip install`' : '`pip install`';
          report({
            range: commandRange(p.invocation, action),
            message: `${what} without \`${flag}\` keeps the downloaded and built wheels in ${uv ? "uv's" : "pip's"} cache in this layer. Add \`${flag}\`, set \`${variable}=1\`, or use a cache mount.`,
            data: { at: action && editable(run, p.invocation) ? action.end : undefined, flag },
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const at = finding.data?.at;
    const flag = finding.data?.flag;
    if (typeof at !== 'number' || typeof flag !== 'string') return [];
    return [
      { title: `Add ${flag}`, kind: 'quickfix', isPreferred: true, edits: [insertAt(model, at, flag)] },
    ];
  },
};

/** `--no-cache-dir`, or an abbreviation pip accepts for it (`--no-cache`). */
function hasPipFlag(p: OrderedPackageCommand): boolean {
  return [...p.args.flags.keys()].some((f) => f.length >= 'no-cache'.length && 'no-cache-dir'.startsWith(f));
}

const isCacheFolder = (path: string, uv: boolean): boolean => {
  const p = path.replace(/\/+$/, '');
  return uv ? /\/\.cache(\/uv)?$/.test(p) : /\/\.cache(\/pip)?$/.test(p);
};

/** A cache mount on ~/.cache(/pip), or on the folder that `--cache-dir` / PIP_CACHE_DIR names. */
function cacheMounted(
  run: Instruction,
  p: OrderedPackageCommand,
  uv: boolean,
  env: Map<string, string>,
): boolean {
  const cacheDir = p.args.flags.get('cache-dir') ?? env.get(uv ? 'UV_CACHE_DIR' : 'PIP_CACHE_DIR');
  return runMounts(run).some((m) => {
    if ((m.type !== 'cache' && m.type !== 'tmpfs') || !m.target) return false;
    const target = m.target.replace(/\/+$/, '');
    if (typeof cacheDir === 'string') return cacheDir.replace(/\/+$/, '').startsWith(target);
    return isCacheFolder(target, uv);
  });
}

/** `pip cache purge`, `uv cache clean` or `rm -rf ~/.cache/pip` after the install, in the same RUN. */
function purgedAfter(all: readonly Invocation[], p: OrderedPackageCommand, uv: boolean): boolean {
  return all.slice(p.order + 1).some((inv) => {
    const words = inv.args.map((a) => a.value).filter((v) => !v.startsWith('-'));
    if (/^pip3?(\.\d+)?$/.test(inv.program) || inv.program === 'uv')
      return words[0] === 'cache' && (words[1] === 'purge' || words[1] === 'clean' || words[1] === 'prune');
    if (/^python(\d(\.\d+)?)?$/.test(inv.program))
      return words.includes('pip') && words.includes('cache') && words.includes('purge');
    if (inv.program !== 'rm') return false;
    return inv.args.some(
      (a) => isCacheFolder(a.value.replace(/\/\*$/, ''), uv) || /^~\/\.cache/.test(a.value),
    );
  });
}
