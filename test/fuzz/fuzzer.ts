// A mutation fuzzer for the engine: takes real Dockerfiles, breaks them in the ways editors and
// people do (byte flips, shuffled, deleted and duplicated lines, truncation, stray continuations,
// heredoc openers, escape directives, brackets and quotes, BOM, CRLF, NUL, huge lines) and checks
// the engine's promises on each result:
//   - analyze() never throws and reports no failure (no rule, parser or validator blew up);
//   - it finishes in a time that only a hang would exceed (a hang detector, not a benchmark);
//   - every offered fix applies cleanly and does not make the file parse worse;
//   - the stage-chunked parse gives what the whole-file parse gives (same Model, same findings).
// Deterministic for a seed: the same seed gives the same inputs in the same order.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { analyze, createAnalyzer, fixesFor, type Analysis } from '../../server/src/engine/analyze';
import { applyEdits } from '../../server/src/engine/fixes/apply';
import { fixAllEdits } from '../../server/src/engine/fixes/fixAll';
import { checkSyntax } from '../../server/src/engine/model/syntax';
import type { Model } from '../../server/src/engine/model/types';

/** mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, below: number): number => Math.floor(rng() * below);

/** Inputs that crashed dockerfile-ast or dockerfile-utils (or us) at some point. */
export const KNOWN_INPUTS: ReadonlyArray<[string, string]> = [
  ['ENV a $b before FROM', 'ENV a $b\n'],
  ['ENV a $b before FROM, leading space', ' ENV a $b\n'],
  ['ENV a $b before FROM, BOM', '\uFEFFENV a $b\n'],
  ['ENV a $b before FROM, BOM and leading space', '\uFEFF ENV a $b\nFROM alpine\n'],
  ['ENV self reference', 'ENV a=$a\nFROM alpine:3.24\nRUN echo $a\n'],
  ['\\\\ continuation then a character at line start', 'FROM alpine\nRUN echo \\\\\nx\n'],
  ['\\ continuation then a character at line start', 'FROM alpine\nRUN echo \\\nx\n'],
  ['a lone continuation then a character', '\\\nx'],
  ['only continuations', '\\\n\\\n\\'],
  ['escape, blank, line end in a keyword', 'FROM a\nRUN\\ \nFROM b\nRUN c\n'],
  ['heredoc opener at the end of the file', 'FROM a\nRUN <<EOF'],
  ['heredoc with FROM inside, unterminated', 'FROM a\nRUN <<EOF\nFROM b\n'],
  ['ONBUILD heredoc', 'FROM a\nONBUILD RUN <<EOF\nFROM b\nEOF\nFROM c\n'],
  ['backtick escape with backslashes', '# escape=`\nFROM a\nRUN dir C:\\ `\n  /s\nFROM b\n'],
  ['two escape directives', '# escape=`\n# escape=\\\nFROM a\n'],
  ['CR only line ends', 'FROM a\rRUN b\rFROM c\rRUN d\r'],
  ['NUL bytes', 'FROM a\u0000\nRUN \u0000\\\n\u0000\nFROM b\u0000 AS \u0000\n'],
  ['JSON with escapes', `FROM a\nCMD ["\\u00", "\\", ]\nENTRYPOINT ['a']\n`],
  ['empty stage name', 'FROM a AS\nFROM b AS \nCOPY --from= . .\n'],
  // dockerfile-ast's getHeredocs() throws on this unknown instruction (found by the fuzzer, seed 1).
  ['continuation into a comment with an escape and a quote', "s \\\n#\\;'\n"],
  ['the same after a stage', "FROM a\ns \\\n#\\;'\nRUN x\n"],
  ['variables everywhere', 'ARG A=${B:-${C:+$D}}\nFROM ${A}:${A}@${A}\nENV ${A}=${A} $A $\nRUN ${A'],
];

const TOKENS = [
  '\\',
  '\\\n',
  ' \\\n',
  '`',
  '`\n',
  '<<EOF',
  '<<EOF\n',
  '<<-"EOF"\n',
  "<<'X'\n",
  '\nEOF\n',
  '[',
  ']',
  '["',
  '"',
  "'",
  '${',
  '$(',
  '}',
  ')',
  '\uFEFF',
  '\u0000',
  '\r',
  '\r\n',
  '\n',
  '#',
  '# escape=`\n',
  '# escape=\\\n',
  '# syntax=docker/dockerfile:1\n',
  '# lean-dockerfile ignore=',
  '# hadolint ignore=DL3008\n',
  'FROM ',
  '\nFROM scratch\n',
  '\nFROM alpine AS x\n',
  'RUN ',
  'ONBUILD ',
  'COPY --from=',
  '--mount=type=cache,target=/x ',
  '&& ',
  ' | ',
  ';',
  '=',
  ' AS ',
  '\t',
];

/** One mutation of a Dockerfile text. */
type Mutator = (text: string, rng: Rng, corpus: readonly string[]) => string;

const lines = (text: string): string[] => text.split('\n');

const MUTATORS: ReadonlyArray<[string, Mutator]> = [
  [
    'byte flips',
    (text, rng) => {
      if (text.length === 0) return text;
      const chars = [...text];
      const alphabet = 'aZ09 \t\n\r\\`"\'$#{}[]<>=-&|;\u0000\uFEFF';
      for (let k = 1 + int(rng, 8); k > 0; k--) chars[int(rng, chars.length)] = pick(rng, [...alphabet]);
      return chars.join('');
    },
  ],
  [
    'line swap',
    (text, rng) => {
      const l = lines(text);
      const a = int(rng, l.length);
      const b = int(rng, l.length);
      [l[a], l[b]] = [l[b]!, l[a]!];
      return l.join('\n');
    },
  ],
  [
    'line shuffle',
    (text, rng) => {
      const l = lines(text);
      for (let i = l.length - 1; i > 0; i--) {
        const j = int(rng, i + 1);
        [l[i], l[j]] = [l[j]!, l[i]!];
      }
      return l.join('\n');
    },
  ],
  [
    'line deletion',
    (text, rng) => {
      const l = lines(text);
      l.splice(int(rng, l.length), 1 + int(rng, 3));
      return l.join('\n');
    },
  ],
  [
    'line duplication',
    (text, rng) => {
      const l = lines(text);
      const at = int(rng, l.length);
      l.splice(at, 0, ...l.slice(at, at + 1 + int(rng, 4)));
      return l.join('\n');
    },
  ],
  ['truncation', (text, rng) => text.slice(0, int(rng, text.length + 1))],
  [
    'token insertion',
    (text, rng) => {
      const at = rng() < 0.5 ? int(rng, text.length + 1) : lineStart(text, int(rng, text.length + 1));
      return text.slice(0, at) + pick(rng, TOKENS) + text.slice(at);
    },
  ],
  [
    'trailing continuations',
    (text, rng) =>
      lines(text)
        .map((line) => (rng() < 0.15 ? `${line} ${pick(rng, ['\\', '\\ ', '`', '\\\\'])}` : line))
        .join('\n'),
  ],
  [
    'heredoc opener',
    (text, rng) => {
      const l = lines(text);
      const runs = l.map((line, i) => (/^\s*(RUN|COPY|ADD)\b/i.test(line) ? i : -1)).filter((i) => i >= 0);
      const at = runs.length > 0 ? pick(rng, runs) : int(rng, l.length);
      const name = pick(rng, ['EOF', '"EOF"', "'EOT'", '-EOF', 'FROM']);
      l[at] = `${l[at]} <<${name}`;
      if (rng() < 0.5) l.splice(at + 1 + int(rng, 4), 0, name.replace(/["'-]/g, ''));
      return l.join('\n');
    },
  ],
  [
    'escape directive',
    (text, rng) => {
      const directive = pick(rng, ['# escape=`', '# escape=\\', '#escape=x', '# ESCAPE = `', '# escape=']);
      return rng() < 0.7 ? `${directive}\n${text}` : `${directive}\r\n${text.replace(/^\uFEFF/, '')}`;
    },
  ],
  ['BOM', (text) => `\uFEFF${text}`],
  ['CRLF', (text, rng) => (rng() < 0.7 ? text.replace(/\n/g, '\r\n') : text.replace(/\n/g, '\r'))],
  [
    'NUL bytes',
    (text, rng) => {
      let out = text;
      for (let k = 1 + int(rng, 4); k > 0; k--) {
        const at = int(rng, out.length + 1);
        out = `${out.slice(0, at)}\u0000${out.slice(at)}`;
      }
      return out;
    },
  ],
  [
    'huge line',
    (text, rng) => {
      const l = lines(text);
      const source = l[int(rng, l.length)] ?? 'x';
      const unit = source.length > 0 ? `${source} ` : 'word ';
      const size = 4_000 + int(rng, 28_000);
      const at = int(rng, l.length + 1);
      l.splice(
        at,
        0,
        `${pick(rng, ['RUN ', 'ENV A=', 'LABEL a=', '', '# '])}${unit.repeat(Math.ceil(size / unit.length)).slice(0, size)}`,
      );
      return l.join('\n');
    },
  ],
  [
    'splice with another file',
    (text, rng, corpus) => {
      const other = pick(rng, corpus);
      return text.slice(0, int(rng, text.length + 1)) + other.slice(int(rng, other.length + 1));
    },
  ],
];

function lineStart(text: string, offset: number): number {
  const lf = text.lastIndexOf('\n', offset - 1);
  return lf + 1;
}

/** The corpus texts the fuzzer starts from (sorted by path, so the order is stable). */
export function readCorpus(corpusDir: string): string[] {
  const dir = path.join(corpusDir, 'files');
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((f) => readFileSync(f, 'utf8'));
}

export interface FuzzCase {
  index: number;
  text: string;
  mutations: string[];
}

/** Largest input the fuzzer makes; the hang bound applies to inputs up to this size. */
export const MAX_INPUT = 64 * 1024;

/** The `index`-th input of the sequence for `seed`. */
export function makeCase(seed: number, index: number, corpus: readonly string[]): FuzzCase {
  const rng = random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  let text = pick(rng, corpus);
  const mutations: string[] = [];
  for (let k = 1 + int(rng, 3); k > 0; k--) {
    const [name, mutate] = pick(rng, MUTATORS);
    text = mutate(text, rng, corpus);
    mutations.push(name);
  }
  if (text.length > MAX_INPUT) text = text.slice(0, MAX_INPUT);
  return { index, text, mutations };
}

export interface CheckOptions {
  /** Per-input bound that only a hang exceeds. */
  hangMs: number;
  /** Also compare the stage-chunked parse with the whole-file parse. */
  compareChunked: boolean;
  /** At most this many fixes are applied and re-checked per input. */
  maxFixes: number;
}

export const DEFAULT_CHECK: CheckOptions = { hangMs: 2000, compareChunked: true, maxFixes: 4 };

const syntaxCount = (a: Analysis): number => a.findings.filter((f) => f.ruleId.startsWith('syntax-')).length;

function comparable(model: Model): unknown {
  return {
    escapeChar: model.escapeChar,
    directives: model.directives,
    comments: model.comments,
    parseError: model.parseError,
    globalArgs: model.globalArgs.map((a) => ({ ...a, instruction: a.instruction.index })),
    instructions: model.instructions,
    stages: model.stages.map((s) => ({
      ...s,
      from: s.from.index,
      instructions: s.instructions.map((i) => i.index),
    })),
  };
}

/** Time a function takes, in milliseconds. */
function timed(fn: () => void): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

/** Inputs on which dockerfile-utils' own validate() is slow (that cost is not ours to remove). */
export const slowInValidator: Array<{ length: number; analyzeMs: number; validateMs: number }> = [];

/** The engine's promises for one input; returns what was broken (empty when all hold). */
export function checkInput(text: string, options: CheckOptions = DEFAULT_CHECK): string[] {
  const problems: string[] = [];
  let result: Analysis | undefined;
  let elapsed: number;
  try {
    elapsed = timed(() => (result = analyze(text)));
  } catch (error) {
    return [`analyze threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`];
  }
  if (!result) return ['analyze returned nothing'];
  if (elapsed > options.hangMs && text.length <= MAX_INPUT) {
    // dockerfile-utils is quadratic on some inputs (thousands of escaped blanks in one LABEL): when
    // its validate() alone takes most of the time, the time is the library's, which the engine
    // runs once per analysis like any other client of it. Counted, not failed.
    // Timings on a shared machine vary by 2× from run to run: the library's share is judged on the
    // slower of two validate() runs against the faster of two analyses.
    const validateOnce = (): number =>
      timed(() => {
        try {
          checkSyntax(text);
        } catch {
          // a throw shows up below as a failure of the analysis
        }
      });
    const validateMs = Math.max(validateOnce(), validateOnce());
    elapsed = Math.min(
      elapsed,
      timed(() => analyze(text)),
    );
    if (validateMs >= elapsed / 2) {
      slowInValidator.push({ length: text.length, analyzeMs: elapsed, validateMs });
    } else if (elapsed > options.hangMs) {
      problems.push(
        `analyze took ${Math.round(elapsed)} ms (bound ${options.hangMs} ms) for ${text.length} characters`,
      );
    }
  }
  for (const failure of result.failures) problems.push(`failure in ${failure.ruleId}: ${failure.message}`);

  const before = syntaxCount(result);
  let applied = 0;
  for (const finding of result.findings) {
    if (applied >= options.maxFixes) break;
    let fixes;
    try {
      fixes = fixesFor(result, finding);
    } catch (error) {
      problems.push(`fixesFor threw for ${finding.ruleId}: ${String(error)}`);
      continue;
    }
    for (const fix of fixes) {
      if (applied >= options.maxFixes) break;
      applied++;
      try {
        const fixed = applyEdits(text, fix.edits);
        const after = analyze(fixed);
        if (syntaxCount(after) > before)
          problems.push(
            `fix "${fix.title}" of ${finding.ruleId} made the file parse worse (${before} → ${syntaxCount(after)} syntax findings)`,
          );
        for (const failure of after.failures)
          problems.push(`after fix "${fix.title}": failure in ${failure.ruleId}: ${failure.message}`);
      } catch (error) {
        problems.push(`fix "${fix.title}" of ${finding.ruleId} did not apply: ${String(error)}`);
      }
    }
  }
  try {
    applyEdits(text, fixAllEdits(result));
  } catch (error) {
    problems.push(`fix-all did not apply: ${String(error)}`);
  }

  if (options.compareChunked) {
    try {
      const chunked = createAnalyzer({ minChunkLines: 1 }).analyze(text);
      const whole = createAnalyzer({ minChunkLines: Number.POSITIVE_INFINITY }).analyze(text);
      if (!isDeepStrictEqual(comparable(chunked.model), comparable(whole.model)))
        problems.push('the stage-chunked Model differs from the whole-file Model');
      const findings = (a: Analysis) => a.findings.map((f) => [f.ruleId, f.severity, f.range, f.message]);
      if (!isDeepStrictEqual(findings(chunked), findings(whole)))
        problems.push('the stage-chunked findings differ from the whole-file findings');
    } catch (error) {
      problems.push(`chunked comparison threw: ${String(error)}`);
    }
  }
  return problems;
}

export interface FuzzRun {
  seed: number;
  /** Inputs checked (may be fewer than asked when the time budget ran out). */
  checked: number;
  failures: Array<{ case: FuzzCase; problems: string[] }>;
  elapsedMs: number;
}

/** Checks inputs 0..count-1 of the sequence for `seed`, stopping early when `budgetMs` is spent. */
export function runFuzz(
  corpus: readonly string[],
  {
    seed,
    count,
    offset = 0,
    budgetMs = Number.POSITIVE_INFINITY,
    check = DEFAULT_CHECK,
    onFailure,
  }: {
    seed: number;
    count: number;
    /** Index of the first input (to run a long sequence in batches). */
    offset?: number;
    budgetMs?: number;
    check?: CheckOptions;
    onFailure?: (c: FuzzCase, problems: string[]) => void;
  },
): FuzzRun {
  const started = performance.now();
  const failures: FuzzRun['failures'] = [];
  let checked = 0;
  for (let index = offset; index < offset + count; index++) {
    if (performance.now() - started > budgetMs) break;
    const fuzzCase = makeCase(seed, index, corpus);
    // The chunk comparison costs two more analyses: every third input.
    const problems = checkInput(fuzzCase.text, {
      ...check,
      compareChunked: check.compareChunked && index % 3 === 0,
    });
    checked++;
    if (problems.length > 0) {
      failures.push({ case: fuzzCase, problems });
      onFailure?.(fuzzCase, problems);
    }
  }
  return { seed, checked, failures, elapsedMs: performance.now() - started };
}
