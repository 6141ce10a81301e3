import type { Model, Stage } from '../model/types';
import {
  chainInstructions,
  imageHasCompiler,
  isBuildTool,
  isCompiler,
  isDevStage,
  isToolImage,
  keyValues,
  packageName,
  removedInSameRun,
  scriptFacts,
  stageChain,
  isTemplated,
} from './lib/size';
import type { Rule } from './types';
import { splitIntoBuilderFixes } from '../fixes/splitBuilder';
import { stageOfFinding } from './lib/fixStage';

const OS_MANAGERS = new Set(['apt', 'apk', 'dnf', 'yum', 'microdnf', 'zypper']);

/**
 * Compilers, make and header packages are needed to build native code, not to run it. Installed
 * in a shipped stage and not removed in the same RUN, they stay in the image: often 100-300 MB.
 */
export const buildToolsInFinal: Rule = {
  meta: {
    id: 'build-tools-in-final',
    category: 'size',
    severity: 'warning',
    aliases: [],
    description: 'A shipped stage installs compilers or build-only packages and keeps them.',
    fixable: 'suggestion',
    shippedOnly: true,
  },
  check({ model, stages, shipped, imageFacts, report }) {
    for (const stage of stages) {
      if (isToolImage(model, stage, shipped) || isDevStage(model, stage)) continue;
      // On an image that has a compiler already, the base is the problem (heavy-final-base,
      // single-stage-toolchain), not the packages added to it.
      const root = stageChain(model, stage)[0]!;
      if (imageHasCompiler(imageFacts(stage).image, root.base?.tag)) continue;
      // An image that sets up a language toolchain on purpose (GOPATH, CARGO_HOME…) is a build
      // environment; whether a toolchain should ship is single-stage-toolchain's question.
      if (setsToolchainEnv(model, stage)) continue;
      const compilerKept = keepsCompiler(model, stage);
      const usesGit = usesGitToFetch(model, stage);
      const runtimePrograms = entrypointPrograms(model, stage);
      for (const run of stage.instructions) {
        if (run.keyword !== 'RUN' || isTemplated(run)) continue;
        const facts = scriptFacts(run);
        for (const p of facts.packages) {
          if (!OS_MANAGERS.has(p.manager) || p.action !== 'install') continue;
          const removed = removedInSameRun(p, facts);
          const tools = p.packages.filter((w) => {
            const name = packageName(w);
            if (removed.has(name) || runtimePrograms.has(name)) return false;
            return isBuildTool(name) || (usesGit && name === 'git');
          });
          if (tools.length === 0) continue;
          // Headers alone, with no compiler in the image, cannot build anything here: they are
          // usually installed for the unversioned .so link a runtime loads (libjemalloc-dev).
          if (!compilerKept && tools.every((w) => /-(dev|devel)$/.test(packageName(w)))) continue;
          const names = tools.map((w) => `\`${packageName(w)}\``).join(', ');
          const removal =
            p.manager === 'apk'
              ? '`apk add --virtual .build-deps …` and `apk del .build-deps`'
              : p.manager === 'apt'
                ? '`apt-get purge -y --auto-remove …`'
                : `\`${p.invocation.program} remove …\``;
          report({
            range: { start: tools[0]!.range.start, end: tools[tools.length - 1]!.range.end },
            message: `${names} ${tools.length > 1 ? 'stay' : 'stays'} in this shipped image, but ${tools.length > 1 ? 'they are' : 'it is'} only needed to build. Build in a separate stage and copy the result, or remove ${tools.length > 1 ? 'them' : 'it'} in the same RUN (${removal}).`,
          });
        }
      }
    }
  },
  fix(finding, { model }) {
    const stage = stageOfFinding(model, finding);
    return stage ? splitIntoBuilderFixes(model, stage) : [];
  },
};

const TOOLCHAIN_ENV = new Set(['GOPATH', 'GOROOT', 'CARGO_HOME', 'RUSTUP_HOME']);

function setsToolchainEnv(model: Model, stage: Stage): boolean {
  return chainInstructions(model, stage).some(
    (i) => i.keyword === 'ENV' && keyValues(i).some(([k]) => TOOLCHAIN_ENV.has(k)),
  );
}

/** A compiler installed somewhere in the stage chain and not removed in its RUN. */
function keepsCompiler(model: Model, stage: Stage): boolean {
  return chainInstructions(model, stage).some((i) => {
    if (i.keyword !== 'RUN') return false;
    const facts = scriptFacts(i);
    return facts.packages.some((p) => {
      if (p.action !== 'install' || !OS_MANAGERS.has(p.manager)) return false;
      const removed = removedInSameRun(p, facts);
      return p.packages.some((w) => isCompiler(packageName(w)) && !removed.has(packageName(w)));
    });
  });
}

/** git is a build tool when the stage clones or fetches with it. */
function usesGitToFetch(model: Model, stage: Stage): boolean {
  return chainInstructions(model, stage).some(
    (i) =>
      i.keyword === 'RUN' &&
      scriptFacts(i).invocations.some(
        (inv) =>
          inv.program === 'git' &&
          ['clone', 'fetch', 'submodule', 'checkout'].includes(inv.args[0]?.value ?? ''),
      ),
  );
}

/** Programs the image runs (`CMD ["make", "serve"]` needs make at run time). */
function entrypointPrograms(model: Model, stage: Stage): Set<string> {
  const out = new Set<string>();
  for (const i of chainInstructions(model, stage)) {
    if (i.keyword !== 'CMD' && i.keyword !== 'ENTRYPOINT') continue;
    const first = i.execForm?.[0] ?? i.shell?.commands[0]?.name?.value;
    if (first) out.add(first.replace(/^.*\//, ''));
  }
  return out;
}
