import type { Instruction, Model, Stage } from '../model/types';
import { keywordAsWritten, lineEnding } from './lib/runEdits';
import { copyArgs, isWholeContext, mountCovers, resolvePath, scriptFacts, workdirAt } from './lib/size';
import type { Rule } from './types';

// Folders where package managers put dependencies, copied from a `deps` stage.
const DEPENDENCY_FOLDER = /(^|\/)(node_modules|vendor|\.venv|venv|site-packages|\.m2|pkg\/mod)\/?$/;

interface DependencyStep {
  /** The ecosystem: an install before the whole-context COPY covers a later one of the same tool. */
  tool: string;
  /** How the install reads in the message, e.g. `npm ci`. */
  label: string;
  /** Files to copy first; undefined when no simple manifest copy makes the install work on its own. */
  manifests: string[] | undefined;
  manifestHint: string;
}

/**
 * Docker reuses a cached layer only while everything before it is unchanged. After `COPY . .`,
 * any edit to any file invalidates the cache, so a dependency install that comes after it runs
 * again on every build, even when the dependency manifests did not change.
 */
export const copyAllBeforeDeps: Rule = {
  meta: {
    id: 'copy-all-before-deps',
    category: 'size',
    severity: 'warning',
    aliases: [],
    description:
      'The whole build context is copied before the dependency install, so every source change re-installs all dependencies.',
    fixable: 'suggestion',
  },
  check({ stages, report }) {
    for (const stage of stages) {
      let copy: Instruction | undefined;
      // Installs done before the whole-context COPY (dependencies first, the project after it, as
      // `uv sync --no-install-project` then `uv sync`), and dependency folders from another stage.
      const installedBefore = new Set<string>();
      let dependenciesFromStage = false;
      for (const instruction of stage.instructions) {
        const args = copyArgs(instruction);
        if (args?.from !== undefined && args.sources.some((s) => DEPENDENCY_FOLDER.test(s)))
          dependenciesFromStage = true;
        if (!copy) {
          if (args && args.from === undefined && args.sources.some(isWholeContext)) copy = instruction;
          else if (instruction.keyword === 'RUN') {
            const before = dependencyStep(instruction);
            if (before) installedBefore.add(before.tool);
          }
          continue;
        }
        if (instruction.keyword !== 'RUN') continue;
        const step = dependencyStep(instruction);
        if (!step || installedBefore.has(step.tool) || dependenciesFromStage) continue;
        const what = `${copy.keyword} ${copyArgs(copy)!.sources.join(' ')} ${copyArgs(copy)!.dest}`;
        report({
          range: copyArgs(copy)!.range,
          message: `\`${what}\` comes before \`${step.label}\` on line ${instruction.range.start.line + 1}: any change to any file invalidates the build cache here, so every build installs all dependencies again. Copy ${step.manifestHint} first, install, then copy the rest.`,
          data: { copy: copy.index, install: instruction.index },
        });
        break;
      }
    }
  },
  fix(finding, { model }) {
    const copy = model.instructions[finding.data?.copy as number];
    const install = model.instructions[finding.data?.install as number];
    const stage = copy ? model.stages[copy.stageIndex] : undefined;
    if (!copy || !install || !stage || typeof finding.data?.install !== 'number') return [];
    const edit = moveInstall(model, stage, copy, install);
    return edit ? [edit] : [];
  },
};

/** The dependency install a RUN performs, if any. */
function dependencyStep(run: Instruction): DependencyStep | undefined {
  const facts = scriptFacts(run);
  for (const p of facts.packages) {
    const global = p.args.flags.has('g') || p.args.flags.has('global');
    const noPackages = p.packages.length === 0;
    if (p.manager === 'npm' && (p.action === 'ci' || p.action === 'install') && noPackages && !global)
      return {
        tool: 'node',
        label: `npm ${p.action}`,
        manifests: ['package*.json'],
        manifestHint: 'package.json and the lock file',
      };
    if (p.manager === 'yarn' && p.action === 'install' && noPackages && !global)
      return {
        tool: 'node',
        label: 'yarn install',
        manifests: ['package.json', 'yarn.lock'],
        manifestHint: 'package.json and yarn.lock',
      };
    if (p.manager === 'pnpm' && p.action === 'install' && noPackages && !global)
      return {
        tool: 'node',
        label: 'pnpm install',
        manifests: ['package.json', 'pnpm-lock.yaml'],
        manifestHint: 'package.json and pnpm-lock.yaml',
      };
    if (p.manager === 'pip' && p.action === 'install') {
      const file = p.args.flags.get('r') ?? p.args.flags.get('requirement');
      if (typeof file !== 'string') continue;
      const simple = !file.startsWith('/') && !file.includes('..') && !file.includes('$');
      return {
        tool: 'python',
        label: `pip install -r ${file}`,
        manifests: simple ? [file] : undefined,
        manifestHint: `\`${file}\``,
      };
    }
    if (p.manager === 'go' && p.action === 'mod' && p.packages[0]?.value === 'download')
      return {
        tool: 'go',
        label: 'go mod download',
        manifests: ['go.mod', 'go.sum'],
        manifestHint: 'go.mod and go.sum',
      };
    if (p.manager === 'cargo' && (p.action === 'fetch' || p.action === 'build')) {
      // With cache mounts on the registry and target folders, cargo rebuilds incrementally.
      if (p.action === 'build' && (mountCovers(run, '/usr/local/cargo/registry/x') || hasTargetCache(run)))
        continue;
      return {
        tool: 'rust',
        label: `cargo ${p.action}`,
        manifests: undefined,
        manifestHint: 'Cargo.toml and Cargo.lock (with a stub source file, or use cargo-chef)',
      };
    }
    if (p.manager === 'bundle' && p.action === 'install')
      return {
        tool: 'ruby',
        label: 'bundle install',
        manifests: ['Gemfile', 'Gemfile.lock'],
        manifestHint: 'Gemfile and Gemfile.lock',
      };
    if (p.manager === 'composer' && p.action === 'install' && noPackages)
      return {
        tool: 'php',
        label: 'composer install',
        manifests: undefined,
        manifestHint: 'composer.json and composer.lock',
      };
  }
  for (const inv of facts.invocations) {
    const words = inv.args.map((a) => a.value);
    if ((inv.program === 'mvn' || inv.program === 'mvnw') && words.some((w) => w.startsWith('dependency:')))
      return {
        tool: 'java',
        label: `${inv.program} ${words.find((w) => w.startsWith('dependency:'))}`,
        manifests: inv.program === 'mvn' ? ['pom.xml'] : undefined,
        manifestHint: 'pom.xml',
      };
    if (inv.program === 'dotnet' && words[0] === 'restore')
      return {
        tool: 'dotnet',
        label: 'dotnet restore',
        manifests: undefined,
        manifestHint: 'the project files (*.csproj, *.sln)',
      };
    if (inv.program === 'poetry' && words[0] === 'install')
      return {
        tool: 'python',
        label: 'poetry install',
        manifests: undefined,
        manifestHint: 'pyproject.toml and poetry.lock',
      };
    if (inv.program === 'pipenv' && (words[0] === 'install' || words[0] === 'sync'))
      return {
        tool: 'python',
        label: `pipenv ${words[0]}`,
        manifests: undefined,
        manifestHint: 'Pipfile and Pipfile.lock',
      };
    if (inv.program === 'uv' && words[0] === 'sync')
      return {
        tool: 'python',
        label: 'uv sync',
        manifests: undefined,
        manifestHint: 'pyproject.toml and uv.lock',
      };
  }
  return undefined;
}

function hasTargetCache(run: Instruction): boolean {
  return run.flags.some(
    (f) => f.name === 'mount' && /type=cache/.test(f.value ?? '') && /target=[^,]*target/.test(f.value ?? ''),
  );
}

/**
 * `COPY <manifests> <dest>` and the install RUN move before the whole-context COPY, when the RUN
 * follows that COPY directly, installs with one command in the COPY's destination folder.
 */
function moveInstall(model: Model, stage: Stage, copy: Instruction, install: Instruction) {
  const step = dependencyStep(install);
  const args = copyArgs(copy);
  if (!step?.manifests || !args || !copy.argsRange) return undefined;
  // Only blank lines may stand between the two (they stay between the install and the COPY).
  const gap: string[] = [];
  for (let line = copy.range.end.line + 1; line < install.range.start.line; line++) {
    const text = model.positions.lineText(line);
    if (text.trim() !== '') return undefined;
    gap.push(text);
  }
  if (copy.range.start.line !== copy.range.end.line) return undefined;
  const facts = scriptFacts(install);
  if (facts.invocations.length !== 1 || install.heredocs.length > 0) return undefined;
  // The install must run where the context lands.
  const cwd = workdirAt(model, stage, install);
  if (cwd === undefined || resolvePath(args.dest, cwd) !== cwd) return undefined;
  const dest = args.dest === '.' ? './' : args.dest.endsWith('/') ? args.dest : `${args.dest}/`;
  const flags = model.text
    .slice(model.positions.offsetAt(copy.keywordRange.end), model.positions.offsetAt(copy.argsRange.start))
    .trim();
  const keyword = keywordAsWritten(model, copy, 'COPY');
  const eol = lineEnding(model);
  const slice = (i: Instruction): string =>
    model.text.slice(
      model.positions.offsetAt({ line: i.range.start.line, character: 0 }),
      model.positions.offsetAt(i.range.end),
    );
  const manifestCopy = `${keyword}${flags ? ` ${flags}` : ''} ${step.manifests.join(' ')} ${dest}`;
  const indent = /^[ \t]*/.exec(model.positions.lineText(copy.range.start.line))?.[0] ?? '';
  const start = { line: copy.range.start.line, character: 0 };
  return {
    title: `Copy ${step.manifests.join(' ')} and run \`${step.label}\` before \`${copy.keyword} ${args.sources.join(' ')}\``,
    kind: 'quickfix' as const,
    edits: [
      {
        range: { start, end: install.range.end },
        newText: `${indent}${manifestCopy}${eol}${slice(install)}${eol}${gap.map((g) => `${g}${eol}`).join('')}${slice(copy)}`,
      },
    ],
  };
}
