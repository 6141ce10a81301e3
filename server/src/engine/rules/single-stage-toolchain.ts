import type { Instruction, Model, Stage } from '../model/types';
import type { Invocation } from '../shell/query';
import type { ImageFacts } from '../size/baseImages';
import { invocationRange } from './lib/runEdits';
import {
  chainInstructions,
  imageToolchain,
  isCompiler,
  isDevStage,
  isToolImage,
  packageName,
  packageToolchain,
  removedInSameRun,
  scriptFacts,
  stageChain,
  type Toolchain,
} from './lib/size';
import type { Rule } from './types';
import { splitIntoBuilderFixes } from '../fixes/splitBuilder';
import { stageOfFinding } from './lib/fixStage';

interface Build {
  invocation: Invocation;
  run: Instruction;
  /** The toolchain the build needs; `c` for pip installs that may compile. */
  toolchain: Toolchain;
  label: string;
}

const ADVICE: Record<Toolchain, string> = {
  go: 'Build in a builder stage and copy the binary into `scratch` or `gcr.io/distroless/static-debian12` (with `CGO_ENABLED=0`).',
  rust: 'Build in a builder stage and copy the binary into `gcr.io/distroless/cc-debian12` or a `-slim` Debian image (`scratch` for musl builds).',
  java: 'Build in a builder stage and copy the jar into a JRE image (e.g. `eclipse-temurin:21-jre`) or `gcr.io/distroless/java21-debian12`.',
  dotnet:
    'Publish in a builder stage and copy the output into `mcr.microsoft.com/dotnet/aspnet` or `mcr.microsoft.com/dotnet/runtime`.',
  node: 'Build in a builder stage and copy the output into a same-version `-alpine` or `-slim` stage that installs production dependencies only.',
  c: 'Build wheels or a virtual environment in a builder stage and copy it into a `-slim` image without compilers.',
};

const NAME: Record<Toolchain, string> = {
  go: 'the Go toolchain',
  rust: 'the Rust toolchain',
  java: 'the JDK and build tools',
  dotnet: 'the .NET SDK',
  node: 'the devDependencies, sources and build tools',
  c: 'a C compiler and headers',
};

const PLURAL = new Set<Toolchain>(['java', 'node', 'c']);
// Installing the installers themselves is not building anything.
const PIP_BOOTSTRAP = new Set(['pip', 'setuptools', 'wheel', 'virtualenv', 'pipenv', 'poetry', 'uv', 'pipx']);

const MAVEN_GOALS = /^(package|install|verify|deploy)$/;
const GRADLE_TASKS = /^(build|assemble|jar|bootJar|bootWar|war|shadowJar|installDist|distTar|distZip)$/;
const NODE_BUILDERS = new Set([
  'tsc',
  'next',
  'nest',
  'ng',
  'vite',
  'webpack',
  'rollup',
  'esbuild',
  'parcel',
]);

/**
 * A shipped stage that compiles its application also ships the compiler: the Go or Rust toolchain,
 * a JDK with Maven or Gradle, the .NET SDK, devDependencies. A builder stage keeps them out of the
 * image, which then holds only the build output and what it needs to run.
 */
export const singleStageToolchain: Rule = {
  meta: {
    id: 'single-stage-toolchain',
    category: 'size',
    severity: 'warning',
    aliases: [],
    description: 'A shipped stage builds the application and ships the toolchain with it.',
    fixable: 'suggestion',
    shippedOnly: true,
  },
  check({ model, stages, shipped, imageFacts, report }) {
    for (const stage of stages) {
      if (isToolImage(model, stage, shipped) || runsToolchain(model, stage) || isDevStage(model, stage))
        continue;
      const build = firstBuild(stage);
      if (!build) continue;
      const source = toolchainSource(model, stage, build, imageFacts(stage));
      if (!source) continue;
      if (build.toolchain === 'node' && devDependenciesPrunedWithBuild(build)) continue;
      const what =
        build.toolchain === 'c'
          ? `\`${build.label}\` runs with ${NAME.c} present`
          : `This shipped stage builds with \`${build.label}\``;
      report({
        range: invocationRange(build.invocation),
        message: `${what} (${source}), so ${NAME[build.toolchain]} ${PLURAL.has(build.toolchain) ? 'end' : 'ends'} up in the image with the result. ${ADVICE[build.toolchain]}`,
      });
    }
  },
  fix(finding, { model }) {
    const stage = stageOfFinding(model, finding);
    return stage ? splitIntoBuilderFixes(model, stage) : [];
  },
};

function firstBuild(stage: Stage): Build | undefined {
  for (const run of stage.instructions) {
    if (run.keyword !== 'RUN') continue;
    const facts = scriptFacts(run);
    for (const inv of facts.invocations) {
      const build = asBuild(inv, run);
      if (build) return build;
    }
    for (const p of facts.packages) {
      if (p.manager !== 'pip' || p.action !== 'install') continue;
      const requirements = p.args.flags.has('r') || p.args.flags.has('requirement');
      const names = p.packages.map((w) => w.value.toLowerCase().replace(/[=<>~!\[;].*$/, ''));
      if (!requirements && names.every((n) => PIP_BOOTSTRAP.has(n))) continue;
      const label = `${p.invocation.program === 'uv' ? 'uv pip' : p.invocation.program} install`;
      return { invocation: p.invocation, run, toolchain: 'c', label };
    }
  }
  return undefined;
}

function asBuild(inv: Invocation, run: Instruction): Build | undefined {
  const words = inv.args.map((a) => a.value);
  const first = words.find((w) => !w.startsWith('-'));
  const make = (toolchain: Toolchain, label: string): Build => ({ invocation: inv, run, toolchain, label });
  switch (inv.program) {
    case 'go':
      if (first === 'build') return make('go', 'go build');
      // `go install tool@version` installs a tool; `go install ./cmd/app` builds the application.
      if (first === 'install' && !words.some((w) => w.includes('@'))) return make('go', 'go install');
      return undefined;
    case 'cargo':
      if (first === 'build') return make('rust', 'cargo build');
      if (first === 'install' && words.includes('--path')) return make('rust', 'cargo install --path');
      return undefined;
    case 'mvn':
    case 'mvnw': {
      const goal = words.find((w) => MAVEN_GOALS.test(w));
      return goal ? make('java', `${inv.program} ${goal}`) : undefined;
    }
    case 'gradle':
    case 'gradlew': {
      const task = words.find((w) => GRADLE_TASKS.test(w));
      return task ? make('java', `${inv.program} ${task}`) : undefined;
    }
    case 'javac':
      return make('java', 'javac');
    case 'dotnet':
      return first === 'publish' || first === 'build' ? make('dotnet', `dotnet ${first}`) : undefined;
    case 'npm':
    case 'pnpm':
    case 'yarn':
    case 'bun': {
      const script =
        first === 'run' || first === 'run-script' ? words.filter((w) => !w.startsWith('-'))[1] : first;
      const runs = first === 'run' || first === 'run-script' || inv.program !== 'npm';
      if (runs && script && /^build/.test(script))
        return make('node', `${inv.program} ${first === script ? '' : `${first} `}${script}`);
      return undefined;
    }
    case 'npx': {
      const tool = words.find((w) => !w.startsWith('-'));
      return tool && NODE_BUILDERS.has(tool) && (tool === 'tsc' || words.includes('build'))
        ? make('node', `npx ${tool}${tool === 'tsc' ? '' : ' build'}`)
        : undefined;
    }
    case 'tsc':
      return make('node', 'tsc');
    default:
      if (NODE_BUILDERS.has(inv.program) && first === 'build') return make('node', `${inv.program} build`);
      return undefined;
  }
}

/**
 * The image's command runs the toolchain itself (`dotnet run`, `go run`, `mvn spring-boot:run`, a
 * dev server): it is a development image and needs the toolchain at run time.
 */
function runsToolchain(model: Model, stage: Stage): boolean {
  const commands = chainInstructions(model, stage).filter(
    (i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT',
  );
  return commands.some((i) => {
    const argv =
      i.execForm ??
      i.shell?.commands.flatMap((c) => (c.name ? [c.name, ...c.args] : [])).map((w) => w.value) ??
      [];
    const words = argv.flatMap((w) => w.split(/\s+/)).map((w) => w.replace(/^.*\//, ''));
    return words.some((w, k) => {
      const next = words[k + 1] ?? '';
      if (w === 'dotnet') return next === 'run' || next === 'watch';
      if (w === 'go' || w === 'cargo') return next === 'run' || next === 'watch';
      if (['mvn', 'mvnw', 'gradle', 'gradlew'].includes(w)) return true;
      if (['npm', 'yarn', 'pnpm'].includes(w))
        return /^(run )?(dev|watch|start:dev)$/.test(next === 'run' ? `run ${words[k + 2] ?? ''}` : next);
      return false;
    });
  });
}

/** Where the toolchain comes from: the base image, or a package installed (and kept) in the stage chain. */
function toolchainSource(model: Model, stage: Stage, build: Build, facts: ImageFacts): string | undefined {
  const root = stageChain(model, stage)[0]!;
  const fromImage = imageToolchain(facts.image, root.base?.tag);
  const wanted = (t: Toolchain | undefined): boolean => t === build.toolchain;
  if (wanted(fromImage) || (build.toolchain === 'c' && fromImage === 'c')) {
    const size = facts.row?.compressedBytes
      ? `, about ${Math.round(facts.row.compressedBytes / 1e6)} MB compressed`
      : '';
    return `base image \`${root.base?.resolved ?? facts.image}\`${size}`;
  }
  for (const run of chainInstructions(model, stage)) {
    if (run.keyword !== 'RUN' || run.index > build.run.index) continue;
    const facts = scriptFacts(run);
    for (const p of facts.packages) {
      if (
        p.action !== 'install' ||
        ['pip', 'npm', 'yarn', 'pnpm', 'gem', 'bundle', 'cargo', 'go', 'composer'].includes(p.manager)
      )
        continue;
      const removed = removedInSameRun(p, facts);
      const kept = p.packages.map(packageName).filter((n) => !removed.has(n));
      const hit = kept.find((n) => (build.toolchain === 'c' ? isCompiler(n) : wanted(packageToolchain(n))));
      // A toolchain removed again in the build's own RUN never reaches a layer.
      if (hit) return `\`${hit}\` installed on line ${run.range.start.line + 1}`;
    }
    if (
      build.toolchain === 'rust' &&
      facts.invocations.some(
        (i) => i.program === 'rustup' || i.args.some((a) => /sh\.rustup\.rs/.test(a.value)),
      )
    )
      return `rustup on line ${run.range.start.line + 1}`;
  }
  return undefined;
}

/** `npm ci && npm run build && npm prune --omit=dev` in one RUN: the devDependencies never reach a layer. */
function devDependenciesPrunedWithBuild(build: Build): boolean {
  const facts = scriptFacts(build.run);
  const after = facts.invocations.filter((i) => i.index > build.invocation.index);
  return after.some((i) => {
    const words = i.args.map((a) => a.value);
    if (words[0] === 'prune') return true;
    return (
      i.program === 'npm' &&
      (words[0] === 'ci' || words[0] === 'install') &&
      words.some((w) => /^--(omit=dev|production)$/.test(w))
    );
  });
}
