import type { Instruction, Model, Range } from '../model/types';
import { isGuarded, logicalSlice, variableReferences, type VariableReference } from './lib/expansion';
import { knownImageEnvironment } from './lib/imageEnv';
import { PLATFORM_ARGS, PROXY_ARGS } from './lib/platformArgs';
import { closest } from './lib/suggest';
import { splitWords } from './lib/words';
import type { Rule } from './types';

// Instructions whose arguments BuildKit expands with the stage's ARGs and ENV. RUN, CMD and
// ENTRYPOINT are not among them: their shell resolves variables when the command runs.
const EXPANDED = new Set([
  'ENV',
  'LABEL',
  'ADD',
  'COPY',
  'WORKDIR',
  'USER',
  'EXPOSE',
  'VOLUME',
  'STOPSIGNAL',
]);
// Flags of COPY/ADD that are expanded too (`--from` is not).
const EXPANDED_FLAGS = new Set(['chown', 'chmod']);
// Never reported: HOME is set by many images and tools in ways we cannot see; BuildKit itself
// ignores its SBOM switches.
const ALWAYS = new Set(['PATH', 'HOME', 'BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

interface Declaration {
  name: string;
  kind: 'ARG' | 'ENV';
  stageIndex: number;
  instruction: Instruction;
}

/**
 * `$NAME` in an instruction that BuildKit expands (ENV, LABEL, COPY, ADD, WORKDIR, USER, EXPOSE,
 * VOLUME, STOPSIGNAL), where NAME is not defined at that point: not declared by ARG in the stage (a
 * global ARG must be declared again), not set by an earlier ENV of the stage or of the stage it is
 * built FROM, and not set by the base image. It then expands to an empty string.
 */
export const undefinedVar: Rule = {
  meta: {
    id: 'undefined-var',
    category: 'correctness',
    severity: 'warning',
    aliases: ['UndefinedVar'],
    description: 'A variable is used where BuildKit expands it, but no ARG, ENV or base image defines it.',
  },
  check({ model, imageFacts, report }) {
    const declarations = collectDeclarations(model);
    const globalArgs = new Map(model.globalArgs.map((a) => [a.name, a]));
    // Names defined at the end of each stage, for the stages built FROM it.
    const finalScopes = new Map<number, Set<string>>();

    for (const stage of model.stages) {
      const facts = imageFacts(stage);
      const windows = facts.family === 'windows';
      // Windows environment variables are case-insensitive.
      const key = (name: string): string => (windows ? name.toUpperCase() : name);
      const root = rootBase(model, stage.index);
      const imageEnv =
        // An image chosen by an ARG may be replaced at build time: its environment is not known.
        windows || !root || root.raw.includes('$') ? undefined : knownImageEnvironment(facts.image);
      const known = imageEnv !== undefined;
      const scope = new Set<string>(stage.baseStage !== undefined ? finalScopes.get(stage.baseStage) : []);
      for (const name of imageEnv ?? []) scope.add(key(name));
      const defined = (name: string): boolean =>
        scope.has(key(name)) || ALWAYS.has(name) || PROXY_ARGS.has(name);

      // Names defined so far, as written, for "did you mean" suggestions: inherited, image, earlier.
      const namesSoFar: string[] = [
        ...(stage.baseStage !== undefined ? (finalScopes.get(stage.baseStage) ?? []) : []),
        ...(knownImageEnvironment(facts.image) ?? []),
      ];
      for (const instruction of stage.instructions) {
        if (EXPANDED.has(instruction.keyword)) {
          let candidates: string[] | undefined;
          const candidatesHere = (): string[] =>
            (candidates ??= [...new Set([...namesSoFar, 'PATH', 'HOME'])]);
          for (const ref of references(model, instruction)) {
            if (isGuarded(ref) || defined(ref.name)) continue;
            const message = explain(ref, instruction, stage.index, known, facts.image, candidatesHere);
            if (message) report({ range: ref.range, message });
          }
        }
        const names = definedNames(model, instruction);
        for (const name of names) scope.add(key(name));
        namesSoFar.push(...names);
      }
      finalScopes.set(stage.index, scope);
    }

    function explain(
      ref: VariableReference,
      instruction: Instruction,
      stageIndex: number,
      known: boolean,
      image: string,
      candidatesHere: () => string[],
    ): string | undefined {
      const name = ref.name;
      const empty = known
        ? 'It expands to an empty string.'
        : 'Unless the base image sets it, it expands to an empty string.';
      if (PLATFORM_ARGS.has(name))
        return `\`$${name}\` is set by BuildKit, but a stage sees it only after \`ARG ${name}\`. ${empty}`;
      const global = globalArgs.get(name);
      if (global)
        return `\`$${name}\` is a global ARG (line ${line(global.range)}), but a stage sees a global ARG only after declaring it again with \`ARG ${name}\`. ${empty}`;
      const mine = declarations.get(name) ?? [];
      // `ENV A=1 B=$A` reads A from before the instruction; `ENV X=$X:/more` (appending to a value
      // the image may set) is judged like any other use.
      const sameInstruction =
        mine.some((d) => d.instruction.index === instruction.index) &&
        envKeyAround(model, instruction, ref.start) !== name;
      if (sameInstruction)
        return `\`$${name}\` is set by this same ENV: its new value only applies from the next instruction on, so here it has the value from before. Set it in an earlier ENV.`;
      const later = mine.find((d) => d.stageIndex === stageIndex && d.instruction.index > instruction.index);
      if (later)
        return `\`$${name}\` is used before it is defined: \`${later.kind} ${name}\` comes later, on line ${line(later.instruction.range)}. ${empty}`;
      const elsewhere = mine.find((d) => d.stageIndex !== stageIndex);
      if (elsewhere)
        return `\`$${name}\` is defined in another stage (\`${elsewhere.kind} ${name}\`, line ${line(elsewhere.instruction.range)}). ARG and ENV carry over only into stages built FROM that stage. ${empty}`;
      const match = closest(name, candidatesHere());
      if (match) return `\`$${name}\` is not defined: did you mean \`$${match}\`?`;
      if (!known) return undefined;
      return `\`$${name}\` is not defined: no ARG or ENV of this stage sets it, and the base image \`${image}\` does not either. ${empty}`;
    }
  },
};

const line = (range: Range): number => range.start.line + 1;

/** The base image at the root of a stage's `FROM <stage>` chain. */
function rootBase(model: Model, index: number): Model['stages'][number]['base'] {
  const seen = new Set<number>();
  let stage = model.stages[index];
  while (stage && stage.baseStage !== undefined && !seen.has(stage.index)) {
    seen.add(stage.index);
    stage = model.stages[stage.baseStage];
  }
  return stage?.base;
}

/** Variable references in the parts of an instruction that BuildKit expands. */
function references(model: Model, instruction: Instruction): VariableReference[] {
  const ranges: Range[] = [];
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    for (const flag of instruction.flags)
      if (EXPANDED_FLAGS.has(flag.name) && flag.valueRange) ranges.push(flag.valueRange);
  }
  if (instruction.argsRange) ranges.push(instruction.argsRange);
  return ranges.flatMap((range) => {
    const source = logicalSlice(
      model,
      model.positions.offsetAt(range.start),
      model.positions.offsetAt(range.end),
    );
    // Template files (docker-library's `{{ $key }}`, Helm-like generators) are not Dockerfiles yet.
    const text = source.text.replace(/\{\{.*?\}\}/g, (m) => ' '.repeat(m.length));
    return variableReferences({ text, offsets: source.offsets }, model.escapeChar, model);
  });
}

/** For `ENV a=1 b=2`, the key of the pair whose text contains document offset `at`. */
function envKeyAround(model: Model, instruction: Instruction, at: number): string | undefined {
  if (instruction.keyword !== 'ENV' || !instruction.argsRange) return undefined;
  const start = model.positions.offsetAt(instruction.argsRange.start);
  const source = logicalSlice(model, start, model.positions.offsetAt(instruction.argsRange.end));
  const words = splitWords(source, model.escapeChar);
  if (words[0] && !words[0].text.includes('=')) return words[0].text;
  const word = words.find((w) => source.offsets[w.start]! <= at && at < source.offsets[w.end - 1]! + 1);
  return word?.text.split('=')[0];
}

/** Names an ARG or ENV instruction defines. */
function definedNames(model: Model, instruction: Instruction): string[] {
  if ((instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') || !instruction.argsRange) return [];
  const words = splitWords(instruction.argsText, model.escapeChar);
  const unquote = (s: string): string => s.replace(/^(["'])(.*)\1$/, '$2');
  // ENV in the legacy `ENV key value` form defines only its first word.
  if (instruction.keyword === 'ENV' && words[0] && !words[0].text.includes('='))
    return [unquote(words[0].text)];
  return words.map((w) => unquote(w.text.split('=')[0]!)).filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
}

function collectDeclarations(model: Model): Map<string, Declaration[]> {
  const out = new Map<string, Declaration[]>();
  for (const instruction of model.instructions) {
    if (instruction.stageIndex < 0) continue;
    const kind = instruction.keyword;
    if (kind !== 'ARG' && kind !== 'ENV') continue;
    for (const name of definedNames(model, instruction)) {
      const list = out.get(name) ?? [];
      list.push({ name, kind, stageIndex: instruction.stageIndex, instruction });
      out.set(name, list);
    }
  }
  return out;
}
