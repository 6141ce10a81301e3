// Ignore comments and build-target comments, read from the raw text so that they work anywhere:
//   # lean-dockerfile ignore=root-user,latest-tag      next instruction
//   # lean-dockerfile ignore-file=rule-a               whole file
//   # lean-dockerfile target=debug                     another shipped stage
//   # hadolint ignore=DL3008,DL3015                     next instruction (hadolint's syntax)
//   # hadolint global ignore=DL3008                     whole file
//   # check=skip=JSONArgsRecommended,StageNameCasing   BuildKit parser directive (or skip=all)
import type { Model, Range } from '../model/types';

export interface PragmaName {
  name: string;
  range: Range;
  /** Whose syntax: our own pragmas' unknown names are reported, others' are not (they may be rules we lack). */
  owner: 'lean-dockerfile' | 'hadolint' | 'buildkit';
}

export interface Pragmas {
  /** Names ignored in the whole file (ids or aliases, compared case-insensitively). */
  fileIgnores: Set<string>;
  /** Ignored names per line: the lines of the instruction that follows an ignore comment. */
  lineIgnores: Map<number, Set<string>>;
  /** `skip=all` in a `# check=` directive: BuildKit-aliased rules are all off. */
  skipAllBuildkit: boolean;
  /** `error=true` in a `# check=` directive: BuildKit fails the build on its checks, so they are errors. */
  buildkitErrors: boolean;
  targets: string[];
  /** Every name written in a pragma, for the unknown-name check. */
  names: PragmaName[];
}

const PRAGMA = /^[ \t]*#[ \t]*(lean-dockerfile|hadolint)\b[ \t]*([^\r\n]*)/gm;

export function readPragmas(model: Model): Pragmas {
  const pragmas: Pragmas = {
    fileIgnores: new Set(),
    lineIgnores: new Map(),
    skipAllBuildkit: false,
    buildkitErrors: false,
    targets: [],
    names: [],
  };
  const { text, positions } = model;

  for (const directive of model.directives) {
    if (directive.name.toLowerCase() !== 'check') continue;
    for (const part of directive.value.split(';')) {
      const [key, value] = part.split('=', 2).map((s) => s.trim());
      if (key?.toLowerCase() === 'error' && value?.toLowerCase() === 'true') pragmas.buildkitErrors = true;
      if (key?.toLowerCase() !== 'skip' || !value) continue;
      for (const name of value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        if (name.toLowerCase() === 'all') pragmas.skipAllBuildkit = true;
        else {
          pragmas.fileIgnores.add(name.toLowerCase());
          pragmas.names.push({ name, range: directive.range, owner: 'buildkit' });
        }
      }
    }
  }

  PRAGMA.lastIndex = 0;
  for (let m = PRAGMA.exec(text); m; m = PRAGMA.exec(text)) {
    const owner = m[1] as 'lean-dockerfile' | 'hadolint';
    const body = m[2]!;
    const line = positions.positionAt(m.index).line;
    const directive = /^(global[ \t]+ignore|ignore-file|ignore|target)[ \t]*=[ \t]*(\S+)/.exec(body);
    if (!directive) continue;
    const kind = directive[1]!.replace(/[ \t]+/, ' ');
    const values = directive[2]!.split(',').filter(Boolean);
    const valueStart = m.index + m[0].indexOf(directive[2]!);
    if (kind === 'target') {
      if (owner === 'lean-dockerfile') pragmas.targets.push(...values);
      continue;
    }
    let offset = valueStart;
    for (const name of values) {
      const at = text.indexOf(name, offset);
      pragmas.names.push({
        name,
        owner,
        range: { start: positions.positionAt(at), end: positions.positionAt(at + name.length) },
      });
      offset = at + name.length;
    }
    const lower = values.map((v) => v.toLowerCase());
    const wholeFile = kind === 'global ignore' || kind === 'ignore-file';
    if (wholeFile) {
      for (const v of lower) pragmas.fileIgnores.add(v);
      continue;
    }
    const next = model.instructions.find((i) => i.range.start.line > line);
    if (!next) continue;
    for (let l = next.range.start.line; l <= next.range.end.line; l++) {
      const set = pragmas.lineIgnores.get(l) ?? new Set<string>();
      for (const v of lower) set.add(v);
      pragmas.lineIgnores.set(l, set);
    }
  }
  return pragmas;
}

/** Whether a finding of a rule (known by these names) on `line` is silenced. */
export function isIgnored(
  pragmas: Pragmas,
  names: readonly string[],
  line: number,
  isBuildkitRule: boolean,
): boolean {
  if (isBuildkitRule && pragmas.skipAllBuildkit) return true;
  const lower = names.map((n) => n.toLowerCase());
  if (lower.some((n) => pragmas.fileIgnores.has(n))) return true;
  const here = pragmas.lineIgnores.get(line);
  return here !== undefined && lower.some((n) => here.has(n));
}
