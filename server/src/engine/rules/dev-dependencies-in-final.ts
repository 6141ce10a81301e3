import type { Instruction, Model, Stage } from '../model/types';
import type { Invocation } from '../shell/query';
import { commandRange, editable, insertAt } from './lib/runEdits';
import {
  commandEnv,
  dockerfileEnv,
  isDevStage,
  scriptFacts,
  stageChain,
  type OrderedPackageCommand,
} from './lib/size';
import type { Rule } from './types';

// `npm run dev`, `nodemon`, `next dev`…: an image meant for development needs its devDependencies.
const DEV_SCRIPTS = /^(dev|develop|start:dev|dev:.*|watch|test|test:.*|storybook)$/;
const DEV_PROGRAMS = new Set(['nodemon', 'ts-node-dev', 'vite', 'webpack-dev-server', 'jest', 'vitest']);

/**
 * `npm ci` and `npm install` install devDependencies too (test runners, bundlers, type checkers)
 * unless told not to; in a shipped image they are dead weight and more code to patch.
 */
export const devDependenciesInFinal: Rule = {
  meta: {
    id: 'dev-dependencies-in-final',
    category: 'size',
    severity: 'warning',
    aliases: [],
    description: 'A shipped stage installs Node.js devDependencies.',
    fixable: 'suggestion',
    shippedOnly: true,
  },
  check({ model, stages, report }) {
    for (const stage of stages) {
      if (isDevImage(model, stage) || isDevStage(model, stage)) continue;
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN') continue;
        const facts = scriptFacts(run);
        for (const p of facts.packages) {
          if (!isManifestInstall(p)) continue;
          const env = new Map([
            ...dockerfileEnv(model, stage, run.index),
            ...commandEnv(facts.invocations, p.invocation),
          ]);
          const verdict = judge(p, env);
          if (verdict === 'production') continue;
          if (prunedAfter(facts.invocations, p) || buildsLater(model, stage, run, p)) continue;
          const action = p.args.positionals[0];
          const at = action && editable(run, p.invocation) ? action.end : undefined;
          const label = `${p.invocation.program} ${action?.value ?? 'install'}`;
          if (verdict === 'deprecated') {
            const word = p.invocation.args.find((a) => /^--only=prod(uction)?$/.test(a.value));
            report({
              range: commandRange(p.invocation, action),
              message: `\`--only=production\` is deprecated since npm 7 (npm warns on every install and treats it only as an alias of \`--omit=dev\`): write \`${label} --omit=dev\` instead.`,
              data:
                word && editable(run, p.invocation)
                  ? { replace: [word.start, word.end], flag: '--omit=dev' }
                  : {},
            });
            continue;
          }
          const flag = p.manager === 'npm' ? '--omit=dev' : p.manager === 'pnpm' ? '--prod' : undefined;
          const advice =
            p.manager === 'yarn'
              ? 'Use `yarn install --production` (Yarn 1) or `yarn workspaces focus --production` (Yarn 2+), or set `NODE_ENV=production`'
              : `Add \`${flag}\` or set \`NODE_ENV=production\``;
          report({
            range: commandRange(p.invocation, action),
            message: `\`${label}\` in a shipped stage also installs devDependencies (test runners, bundlers, type definitions). ${advice}, or build in a separate stage.`,
            data: flag && at !== undefined ? { at, flag } : {},
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const flag = finding.data?.flag;
    if (typeof flag !== 'string') return [];
    const replace = finding.data?.replace;
    if (Array.isArray(replace) && typeof replace[0] === 'number' && typeof replace[1] === 'number') {
      const range = {
        start: model.positions.positionAt(replace[0]),
        end: model.positions.positionAt(replace[1]),
      };
      return [{ title: `Replace with ${flag}`, kind: 'quickfix', edits: [{ range, newText: flag }] }];
    }
    const at = finding.data?.at;
    if (typeof at !== 'number') return [];
    return [{ title: `Add ${flag}`, kind: 'quickfix', edits: [insertAt(model, at, flag)] }];
  },
};

/** `npm ci`, `npm install`, `yarn`, `pnpm install` of the manifest (no package names, not global). */
function isManifestInstall(p: OrderedPackageCommand): boolean {
  if (p.manager !== 'npm' && p.manager !== 'yarn' && p.manager !== 'pnpm') return false;
  if (p.action !== 'install' && p.action !== 'ci') return false;
  if (p.args.flags.has('g') || p.args.flags.has('global')) return false;
  return p.packages.length === 0;
}

const truthy = (v: string | true | undefined): boolean =>
  v === true || (typeof v === 'string' && !/^(false|0|no|off|)$/i.test(v));

function judge(p: OrderedPackageCommand, env: Map<string, string>): 'production' | 'deprecated' | 'dev' {
  const flags = p.args.flags;
  const include = flags.get('include');
  if (typeof include === 'string' && include.split(',').includes('dev')) return 'dev';
  if (flags.get('production') === 'false' || flags.get('prod') === 'false') return 'dev';
  const omit = flags.get('omit');
  if (typeof omit === 'string' && omit.split(',').includes('dev')) return 'production';
  if (truthy(flags.get('production'))) return 'production';
  if (p.manager === 'pnpm' && (flags.has('prod') || flags.has('P'))) return 'production';
  const only = flags.get('only');
  const deprecated = typeof only === 'string' && /^prod(uction)?$/.test(only);
  const lower = new Map([...env].map(([k, v]) => [k.toLowerCase(), v]));
  if (lower.get('node_env') === 'production') return 'production';
  if (truthy(lower.get('npm_config_production'))) return 'production';
  if ((lower.get('npm_config_omit') ?? '').split(',').includes('dev')) return 'production';
  return deprecated ? 'deprecated' : 'dev';
}

/** `npm prune --omit=dev` / `--production` (or `pnpm prune --prod`) later in the same RUN. */
function prunedAfter(all: readonly Invocation[], p: OrderedPackageCommand): boolean {
  return all.slice(p.order + 1).some((inv) => {
    const words = inv.args.map((a) => a.value);
    if (!['npm', 'pnpm', 'yarn'].includes(inv.program) || words[0] !== 'prune') return false;
    return words.some((w) => /^--(omit=dev|production|prod)$/.test(w)) || inv.program !== 'npm';
  });
}

/**
 * A build after the install (`npm run build`, `tsc`, `next build`…) needs the devDependencies:
 * the problem is then building in the shipped stage (single-stage-toolchain), not this install.
 */
function buildsLater(model: Model, stage: Stage, run: Instruction, p: OrderedPackageCommand): boolean {
  const shipped = stageChain(model, stage);
  const laterStages = model.stages.filter(
    (s) => s.baseStage !== undefined && stageChain(model, s).includes(stage),
  );
  const runs = [...shipped, ...laterStages]
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'RUN' && i.index >= run.index);
  return runs.some((r) =>
    scriptFacts(r).invocations.some((inv) => {
      if (r === run && inv.index < p.invocation.index) return false;
      const words = inv.args.map((a) => a.value);
      if (['npm', 'pnpm', 'yarn', 'bun'].includes(inv.program)) {
        if (words[0] === 'run' || words[0] === 'run-script') return true;
        if (
          (inv.program === 'yarn' || inv.program === 'pnpm') &&
          /build|compile|generate/.test(words[0] ?? '')
        )
          return true;
        return words[0] === 'exec' || words[0] === 'test';
      }
      return ['npx', 'tsc', 'nest', 'next', 'vite', 'webpack', 'ng', 'gulp', 'grunt', 'turbo', 'nx'].includes(
        inv.program,
      );
    }),
  );
}

/** The image runs a development server or the tests: it needs its devDependencies. */
function isDevImage(model: Model, stage: Stage): boolean {
  const commands = stageChain(model, stage)
    .flatMap((s) => s.instructions)
    .filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const last = commands[commands.length - 1];
  if (!last) return false;
  const argv =
    last.execForm ??
    last.shell?.commands.flatMap((c) => (c.name ? [c.name, ...c.args] : [])).map((w) => w.value) ??
    [];
  const words = argv.flatMap((w) => w.split(/\s+/));
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!.replace(/^.*\//, '');
    if (DEV_PROGRAMS.has(w)) return true;
    if (['npm', 'yarn', 'pnpm', 'bun'].includes(w)) {
      const next = words[k + 1] === 'run' ? words[k + 2] : words[k + 1];
      if (next && DEV_SCRIPTS.test(next)) return true;
    }
    if ((w === 'next' || w === 'nuxt' || w === 'ng') && (words[k + 1] === 'dev' || words[k + 1] === 'serve'))
      return true;
  }
  return false;
}
