// Size estimates before a build: per stage (base + each instruction's layer) and for the shipped
// image, with ranges and the basis of every number. Pure: facts about the build context come in
// through SizeInputs.
import type { Instruction, Model, Stage } from '../model/types';
import { canonicalImageName, knownTags } from './baseImages';
import { GENERIC_RATIO, baseImageSize, lookedUpBaseKey, lookedUpBaseSize } from './baseSize';
import { DEBIAN_SOURCE, InstalledSet, aptProfileFor } from './debian';
import { BASE_IMAGES_AS_OF } from './baseImages';
import { ECOSYSTEMS_AS_OF, artifact, opaque } from './ecosystems';
import {
  cloneState,
  expandVariables,
  globRegex,
  hasGlob,
  isUnder,
  normalizePath,
  parseEnvArgs,
  resolvePath,
  type PathRecord,
  type StageState,
} from './paths';
import { contextPathOf, estimateRun } from './run';
import type {
  BaseLookup,
  BaseSizeInfo,
  InstructionSize,
  SizeEstimate,
  SizeInputs,
  SizePart,
  StageSize,
} from './types';
import { addRanges, compressRange, formatBytes, formatRange, range, type ByteRange } from './units';

export type * from './types';

interface StageRoot {
  image: string;
  tag: string | undefined;
  family: string;
  slim: boolean;
  official: boolean;
}

const METADATA = new Set([
  'ENV',
  'ARG',
  'LABEL',
  'MAINTAINER',
  'EXPOSE',
  'CMD',
  'ENTRYPOINT',
  'USER',
  'VOLUME',
  'STOPSIGNAL',
  'HEALTHCHECK',
  'SHELL',
  'ONBUILD',
  'WORKDIR',
]);

const BINARY_RATIO = { low: 1.5, high: 3 };

/**
 * Estimates every stage of a Dockerfile. `shipped` are the stages that end up in images (see
 * `shippedStages`); the image total is the last shipped stage's. Total: never throws for a parsed Model.
 */
export function estimateSizes(
  model: Model,
  shipped: ReadonlySet<number>,
  inputs: SizeInputs = {},
): SizeEstimate {
  const stages: StageSize[] = [];
  const finalStates: StageState[] = [];
  const roots: StageRoot[] = [];
  const globalArgs = new Map<string, string | undefined>(model.globalArgs.map((a) => [a.name, a.value]));

  for (const stage of model.stages) {
    const { base, state, root } = stageBase(model, stage, stages, finalStates, roots, globalArgs, inputs);
    const instructions: InstructionSize[] = [];
    for (const instruction of stage.instructions) {
      if (instruction === stage.from) continue;
      instructions.push(
        safeInstruction(instruction, () =>
          estimateInstruction(model, instruction, state, root, inputs, stages, finalStates, globalArgs),
        ),
      );
    }
    const added = addRanges(...instructions.map((i) => i.bytes));
    const addedCompressed = addRanges(...instructions.map((i) => i.compressed));
    stages.push({
      index: stage.index,
      line: stage.from.range.start.line,
      name: stage.rawName,
      shipped: shipped.has(stage.index),
      base,
      instructions,
      added,
      addedCompressed,
      total: addRanges(base.bytes, added),
      totalCompressed: addRanges(base.compressed, addedCompressed),
      unknown: base.unknown || instructions.some((i) => i.unknown),
    });
    finalStates.push(state);
    roots.push(root);
  }

  // The image is the last stage, unless the build targets another one (compose/bake `target`):
  // then the last shipped stage (a target comes after the stages it is built FROM).
  const lastStage = stages.at(-1);
  const last =
    lastStage && !lastStage.shipped ? ([...stages].reverse().find((s) => s.shipped) ?? lastStage) : lastStage;
  let heaviest: StageSize | undefined;
  for (const s of stages)
    if (!heaviest || s.total.high + s.total.low > heaviest.total.high + heaviest.total.low) heaviest = s;
  return {
    stages,
    image: last
      ? { stageIndex: last.index, bytes: last.total, compressed: last.totalCompressed, unknown: last.unknown }
      : undefined,
    heaviestStage: heaviest?.index,
    sources: [
      `base images: data/base-images.json as of ${BASE_IMAGES_AS_OF}`,
      `Debian packages: ${DEBIAN_SOURCE}`,
      `other ecosystems and artifacts: data/package-ecosystems.json (${ECOSYSTEMS_AS_OF})`,
    ],
  };
}

function safeInstruction(instruction: Instruction, compute: () => InstructionSize): InstructionSize {
  try {
    return compute();
  } catch (error) {
    const u = opaque('unknown-command');
    const bytes = range(u.low, u.high);
    return {
      index: instruction.index,
      line: instruction.range.start.line,
      keyword: instruction.keyword,
      layer: instruction.keyword === 'RUN' || instruction.keyword === 'COPY' || instruction.keyword === 'ADD',
      bytes,
      compressed: compressRange(bytes, GENERIC_RATIO),
      basis: `not estimated (${error instanceof Error ? error.message : String(error)}): ${formatRange(bytes)}`,
      details: [],
      unknown: true,
      removedFromLines: [],
    };
  }
}

function stageBase(
  model: Model,
  stage: Stage,
  done: readonly StageSize[],
  states: readonly StageState[],
  roots: readonly StageRoot[],
  globalArgs: ReadonlyMap<string, string | undefined>,
  inputs: SizeInputs,
): { base: BaseSizeInfo; state: StageState; root: StageRoot } {
  if (stage.baseStage !== undefined && done[stage.baseStage] && states[stage.baseStage]) {
    const parent = done[stage.baseStage]!;
    const name = parent.name ?? String(parent.index);
    return {
      base: {
        image: name,
        kind: 'stage',
        stageIndex: parent.index,
        bytes: parent.total,
        compressed: parent.totalCompressed,
        basis: `inherits stage ${name} (${formatRange(parent.total)}: ${parent.base.image} + ${formatRange(parent.added)} of layers)`,
        unknown: parent.unknown,
        family: parent.base.family,
        source: parent.base.source,
        asOf: parent.base.asOf,
      },
      state: cloneState(states[stage.baseStage]!),
      root: roots[stage.baseStage]!,
    };
  }
  const ref = stage.base;
  const image = stage.isScratch ? 'scratch' : ref ? canonicalImageName(ref.registry, ref.repository) : '';
  const tag = ref?.tag;
  const written = stage.isScratch ? 'scratch' : (ref?.resolved ?? '');
  const platform = stage.platform ? expandVariables(stage.platform, globalArgs) : undefined;
  const unresolved = ref?.hasUnresolvedVariables || !ref;
  let size = baseImageSize(image, tag, { platform, written, unresolved });
  // The table does not know this tag: a registry may (when the caller looked it up).
  const lookup: BaseLookup | undefined =
    ref && !unresolved && (size.kind === 'unknown' || size.kind === 'image-range')
      ? { key: lookedUpBaseKey(written, platform), reference: written, platform }
      : undefined;
  const found = lookup && inputs.lookedUpBases?.get(lookup.key);
  if (found) size = lookedUpBaseSize(written, size.family, found);
  const family = size.family;
  const root: StageRoot = {
    image,
    tag,
    family,
    slim: /slim/.test(tag ?? ''),
    official:
      size.row !== undefined || knownTags(image).length > 0 || image === 'debian' || image === 'ubuntu',
  };
  const state: StageState = {
    workdir: '/',
    env: new Map(),
    records: [],
    installed:
      family === 'debian' || family === 'ubuntu' ? new InstalledSet(aptProfileFor(image, tag)) : undefined,
    venv: undefined,
    fetched: new Set(),
  };
  return {
    base: {
      image: written || image,
      kind: size.kind,
      stageIndex: undefined,
      bytes: size.bytes,
      compressed: size.compressed,
      basis: size.basis,
      unknown: size.unknown,
      family,
      source: size.source,
      asOf: size.asOf,
      ...(lookup ? { lookup } : {}),
    },
    state,
    root,
  };
}

function estimateInstruction(
  model: Model,
  instruction: Instruction,
  state: StageState,
  root: StageRoot,
  inputs: SizeInputs,
  stages: readonly StageSize[],
  states: readonly StageState[],
  globalArgs: ReadonlyMap<string, string | undefined>,
): InstructionSize {
  const keyword = instruction.keyword;
  const result = (parts: SizePart[], extra: Partial<InstructionSize> = {}): InstructionSize => {
    const bytes = addRanges(...parts.map((p) => p.bytes));
    const compressed = addRanges(...parts.map((p) => p.compressed));
    const main = [...parts].sort((a, b) => b.bytes.high - a.bytes.high)[0];
    const adding = parts.filter((p) => p.bytes.high > 0);
    const summary =
      adding.length > 1
        ? `${adding
            .slice(0, 3)
            .map((p) => `${p.label} ${formatRange(p.bytes)}`)
            .join(' + ')}${adding.length > 3 ? ` + ${adding.length - 3} more` : ''}`
        : undefined;
    return {
      index: instruction.index,
      line: instruction.range.start.line,
      keyword,
      layer: true,
      bytes,
      compressed,
      basis: parts.length === 0 ? 'adds nothing' : (summary ?? main?.basis ?? ''),
      details: parts,
      unknown: false,
      removedFromLines: [],
      ...extra,
    };
  };

  if (keyword === 'ENV') {
    for (const [name, value] of parseEnvArgs(instruction.argsText))
      state.env.set(name, expandVariables(value, state.env));
  } else if (keyword === 'ARG') {
    for (const arg of instruction.args) {
      const [name, ...rest] = arg.text.split('=');
      if (!name) continue;
      state.env.set(
        name,
        rest.length > 0 ? rest.join('=').replace(/^["']|["']$/g, '') : globalArgs.get(name),
      );
    }
  } else if (keyword === 'WORKDIR') {
    state.workdir = resolvePath(state.workdir, expandVariables(instruction.argsText.trim(), state.env));
  }
  if (METADATA.has(keyword)) {
    return {
      ...result([]),
      layer: false,
      basis: keyword === 'WORKDIR' ? 'creates a folder: 0 B' : 'metadata only: no layer',
    };
  }

  if (keyword === 'RUN') {
    const run = estimateRun({
      instruction,
      state,
      inputs,
      family: root.family,
      image: root.image,
      slim: root.slim,
      officialBase: root.official,
    });
    const r = result(run.parts, { unknown: run.unknown, removedFromLines: run.removedFromLines });
    if (run.parts.length > 0 && run.parts.every((p) => p.bytes.high === 0)) {
      const removal =
        run.parts.find((p) => p.label === 'removal') ?? run.parts.find((p) => p.saved) ?? run.parts[0]!;
      r.basis = removal.basis;
    }
    if (run.parts.length === 0) r.basis = 'no files changed that the estimate knows of: 0 B';
    return r;
  }
  if (keyword === 'COPY' || keyword === 'ADD') {
    const parts = copyParts(model, instruction, state, root, inputs, stages, states);
    return result(parts, { unknown: parts.some((p) => (p as SizePart & { unknown?: boolean }).unknown) });
  }
  return { ...result([]), layer: false, basis: 'no layer' };
}

// ---- COPY / ADD ---------------------------------------------------------------------------------

interface CopyArgs {
  sources: string[];
  dest: string;
}

function copyArgs(
  instruction: Instruction,
  env: ReadonlyMap<string, string | undefined>,
): CopyArgs | undefined {
  const text = instruction.argsText.trim();
  let words: string[];
  if (text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      words = Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      words = instruction.args.map((a) => a.text);
    }
  } else words = instruction.args.map((a) => a.text);
  words = words.map((w) => expandVariables(w, env));
  if (words.length < 2) return undefined;
  return { sources: words.slice(0, -1), dest: words.at(-1)! };
}

type UnknownPart = SizePart & { unknown?: boolean };

function mkPart(
  label: string,
  bytes: ByteRange,
  basis: string,
  ratio: { low: number; high: number } = GENERIC_RATIO,
  unknown = false,
): UnknownPart {
  return { label, bytes, compressed: compressRange(bytes, ratio), basis, unknown };
}

function copyParts(
  model: Model,
  instruction: Instruction,
  state: StageState,
  root: StageRoot,
  inputs: SizeInputs,
  stages: readonly StageSize[],
  states: readonly StageState[],
): UnknownPart[] {
  const keyword = instruction.keyword;
  const line = instruction.range.start.line;
  const record = (r: Omit<PathRecord, 'layer' | 'line'>): void => {
    state.records.push({ ...r, layer: instruction.index, line });
  };
  // Heredocs: `COPY <<EOF /etc/app.conf`.
  if (instruction.heredocs.length > 0) {
    const bytes = range(instruction.heredocs.reduce((s, h) => s + (h.body?.text.length ?? 0), 0));
    return [mkPart('here-document', bytes, `here-document: ${formatBytes(bytes.low)}`)];
  }
  const args = copyArgs(instruction, state.env);
  if (!args) return [];
  const destAbs = resolvePath(state.workdir, args.dest);
  const destIsDir = args.dest.endsWith('/') || args.sources.length > 1 || args.dest === '.';
  const from = instruction.flags.find((f) => f.name === 'from')?.value;
  void root;

  if (from !== undefined) {
    const wanted = expandVariables(from, state.env).toLowerCase();
    const source =
      model.stages.find((s) => s.name === wanted && s.index < stages.length + 1) ??
      (/^\d+$/.test(wanted) ? model.stages[Number(wanted)] : undefined);
    const sourceSize = source ? stages[source.index] : undefined;
    const sourceState = source ? states[source.index] : undefined;
    const parts: UnknownPart[] = [];
    for (const src of args.sources) {
      const p =
        source && sourceSize && sourceState
          ? fromStage(src, sourceSize, sourceState, inputs)
          : fromImage(src, wanted);
      parts.push(p);
      const destPath = destIsDir && !isWholeDir(src) ? `${destAbs}/${baseNameOf(src)}` : destAbs;
      record({ path: destPath, bytes: p.bytes, label: `copied from ${sourceSize?.name ?? wanted}` });
    }
    return parts;
  }

  const remote = args.sources.filter((s) => /^(https?:\/\/|git@|git:\/\/)/.test(s));
  const local = args.sources.filter((s) => !remote.includes(s));
  const parts: UnknownPart[] = [];
  if (remote.length > 0) {
    const r = opaque('remote-add');
    parts.push(mkPart('remote file', range(r.low, r.high), `${remote[0]}: ${r.basis}`, GENERIC_RATIO, true));
    record({ path: destAbs, bytes: range(r.low, r.high), label: 'remote file' });
  }
  if (local.length === 0) return parts;

  const measured = inputs.contextSize?.(local, args.dest);
  const archive =
    keyword === 'ADD' && local.some((s) => /\.(tar|tgz|tar\.(gz|bz2|xz|zst)|txz|tbz2?)$/.test(s));
  let bytes: ByteRange;
  let basis: string;
  let unknown = false;
  if (measured) {
    const capped = measured.capped;
    bytes = capped
      ? range(measured.bytes, Math.max(measured.bytes * 2, measured.bytes + 100e6))
      : range(measured.bytes);
    basis = `${measured.files} file${measured.files === 1 ? '' : 's'} from the build context, ${formatBytes(measured.bytes)}${capped ? ' (walk capped: at least this much)' : ''}`;
    if (measured.missing && measured.missing.length > 0)
      basis += `; no match for ${measured.missing.join(', ')}`;
    if (archive) {
      bytes = range(bytes.low, bytes.high * 5);
      basis += '; ADD unpacks the archive (1–5 × its size)';
    }
    unknown = capped;
  } else {
    const singleFiles = local.every((s) => /\.[A-Za-z0-9]+$/.test(s) && !hasGlob(s) && s !== '.');
    const o = singleFiles ? opaque('context-file-unmeasured') : opaque('context-unmeasured');
    bytes = range(o.low, o.high * (singleFiles ? local.length : 1));
    basis = `${local.join(' ')}: ${o.basis}`;
    unknown = true;
  }
  parts.push(
    mkPart(
      `${keyword} ${local.slice(0, 2).join(' ')}${local.length > 2 ? '…' : ''}`,
      bytes,
      basis,
      GENERIC_RATIO,
      unknown,
    ),
  );
  // One record holds the bytes; per-source records map container paths back to the context (lock files).
  record({ path: destAbs, bytes, label: `${keyword} from the build context` });
  for (const src of local) {
    const clean = src.replace(/^\.\//, '');
    const dir = clean === '.' || clean.endsWith('/') || !/\.[^/]*$/.test(clean);
    const glob = hasGlob(clean);
    if (glob) {
      const slash = clean.lastIndexOf('/');
      record({
        path: destAbs,
        bytes: range(0),
        label: 'context mapping',
        contextSource: slash >= 0 ? clean.slice(0, slash) : '.',
      });
    } else if (destIsDir && !dir) {
      record({
        path: `${destAbs}/${baseNameOf(clean)}`,
        bytes: range(0),
        label: 'context mapping',
        contextSource: clean,
      });
    } else {
      record({
        path: destAbs,
        bytes: range(0),
        label: 'context mapping',
        contextSource: clean.replace(/\/$/, '') || '.',
      });
    }
  }
  return parts;
}

function isWholeDir(src: string): boolean {
  return src === '/' || src === '.' || src.endsWith('/');
}

function baseNameOf(p: string): string {
  const trimmed = p.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Well-known files people copy out of images (certificates, time zones, static tools). */
const KNOWN_PATHS: Array<{ pattern: RegExp; low: number; high: number; basis: string }> = [
  {
    pattern: /^\/etc\/ssl\/certs(\/ca-certificates\.crt)?$/,
    low: 150e3,
    high: 600e3,
    basis: 'CA certificate bundle (about 0.2 MB as a single file)',
  },
  { pattern: /^\/usr\/share\/zoneinfo/, low: 400e3, high: 5e6, basis: 'time-zone database' },
  {
    pattern: /^\/etc\/(passwd|group|nsswitch\.conf|hosts)$/,
    low: 0,
    high: 10e3,
    basis: 'a small configuration file',
  },
];

function fromImage(src: string, image: string): UnknownPart {
  const path = normalizePath(src);
  const known = KNOWN_PATHS.find((k) => k.pattern.test(path));
  if (known) return mkPart(src, range(known.low, known.high), `${src} from ${image}: ${known.basis}`);
  const u = artifact('unknown-path');
  return mkPart(
    src,
    range(u.low, u.high),
    `${src} from ${image} (not a stage of this file): ${u.basis}`,
    GENERIC_RATIO,
    true,
  );
}

function fromStage(src: string, stage: StageSize, state: StageState, inputs: SizeInputs): UnknownPart {
  const name = stage.name ?? String(stage.index);
  const path = normalizePath(src);
  if (path === '/') {
    return mkPart(
      src,
      stage.total,
      `the whole file system of stage ${name}: ${formatRange(stage.total)}`,
      GENERIC_RATIO,
      stage.unknown,
    );
  }
  const glob = hasGlob(path);
  const re = glob ? globRegex(path) : undefined;
  const covers = (recordPath: string): boolean => {
    if (!re) return isUnder(recordPath, path);
    let current = recordPath;
    for (;;) {
      if (re.test(current)) return true;
      if (current === '/') return false;
      current = current.slice(0, current.lastIndexOf('/')) || '/';
    }
  };
  const content = state.records.filter((r) => r.label !== 'context mapping');
  // 1. Paths the stage added at or under src.
  const under = content.filter((r) => covers(r.path) && !(r.cache && !isUnder(r.path, path)));
  // 2. A build output folder whose file name the estimate does not know (`go build` in WORKDIR).
  const parentDir = path.slice(0, path.lastIndexOf('/')) || '/';
  const artifactParent = content.find((r) => r.anyChild && r.path === parentDir);
  if (artifactParent && under.length === 0) {
    return mkPart(
      src,
      artifactParent.bytes,
      `${artifactParent.label} built at line ${artifactParent.line + 1} in stage ${name}: ${formatRange(artifactParent.bytes)}`,
      BINARY_RATIO,
    );
  }
  if (under.length > 0) {
    const bytes = addRanges(...under.map((r) => r.bytes));
    const what = [...new Set(under.map((r) => `${r.label} (line ${r.line + 1})`))].slice(0, 4).join(', ');
    return mkPart(
      src,
      bytes,
      `${src} as stage ${name} produced it: ${what}`,
      GENERIC_RATIO,
      stage.unknown && under.some((r) => r.bytes.high !== r.bytes.low),
    );
  }
  // 3. A file inside something copied from the build context: measure that file in the context.
  const contextPath = contextPathOf(state, path);
  if (contextPath !== undefined && inputs.contextSize) {
    const measured = inputs.contextSize([contextPath], path);
    if (measured && measured.files > 0)
      return mkPart(
        src,
        range(measured.bytes),
        `${src}: ${measured.files} file(s) from the build context via stage ${name}, ${formatBytes(measured.bytes)}`,
      );
  }
  // 4. Inside something the stage added (part of it).
  const container = content
    .filter((r) => !r.cache && isUnder(path, r.path))
    .sort((a, b) => b.path.length - a.path.length)[0];
  if (container) {
    const bytes = range(0, container.bytes.high);
    return mkPart(
      src,
      bytes,
      `part of ${container.label} (line ${container.line + 1}) in stage ${name}: up to ${formatRange(container.bytes)}`,
      GENERIC_RATIO,
      true,
    );
  }
  const known = KNOWN_PATHS.find((k) => k.pattern.test(path));
  if (known) return mkPart(src, range(known.low, known.high), `${src} from stage ${name}: ${known.basis}`);
  // 5. The stage's working directory: everything its instructions added there.
  if (path === state.workdir || isUnder(state.workdir, path)) {
    return mkPart(
      src,
      stage.added,
      `the working directory of stage ${name}: its layers add ${formatRange(stage.added)}`,
      GENERIC_RATIO,
      stage.unknown,
    );
  }
  const u = artifact('unknown-path');
  return mkPart(src, range(u.low, u.high), `${src} in stage ${name}: ${u.basis}`, GENERIC_RATIO, true);
}
