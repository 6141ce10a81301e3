import type { SeveritySetting } from '../../../common/protocol';
import { effectiveSeverity } from './config/severity';
import { applyEdits } from './fixes/apply';
import type { Fix, Finding, Severity } from './findings';
import { ChunkCache, parseDocumentSteps, runToEnd, type ParseOptions } from './model/document';
import type { Model } from './model/types';
import { RULES, ruleById } from './rules';
import { isIgnored, readPragmas, type Pragmas } from './config/pragmas';
import {
  DEFAULT_RULE_OPTIONS,
  type AnalysisEnvironment,
  type Report,
  type Rule,
  type RuleContext,
  type RuleOptions,
} from './rules/types';
import { canonicalImageName, imageFacts, type ImageFacts } from './size/baseImages';
import { shippedStages } from './stages';
import type { Stage } from './model/types';

export interface AnalyzeOptions {
  /** Severity per rule id or alias; 'off' disables the rule. */
  rules?: Readonly<Record<string, SeveritySetting>>;
  /** Stage names that are shipped besides the last stage. */
  targets?: readonly string[];
  /**
   * The stages the build produces, as `docker build --target` (or a compose/bake `target`) names
   * them: their FROM chains are shipped instead of the last stage's (`targets` still add to them).
   * Names that match no stage are ignored; when none matches, the last stage ships as usual.
   */
  buildTargets?: readonly string[];
  /**
   * Build argument values (`--build-arg`, compose/bake `args`): they replace the defaults of the ARGs
   * declared before the first FROM where FROM lines are resolved, so the base image that rules and
   * sizes see is the one the build pulls. ARGs the Dockerfile does not declare stay unset, as in BuildKit.
   */
  buildArgs?: Readonly<Record<string, string>>;
  environment?: AnalysisEnvironment;
  /** Rule thresholds; defaults where not given. */
  ruleOptions?: Partial<RuleOptions>;
  /** False leaves out the `syntax-*` findings (another Docker extension already shows them). */
  syntaxFindings?: boolean;
}

export interface RuleFailure {
  ruleId: string;
  message: string;
}

export interface Analysis {
  model: Model;
  findings: Finding[];
  shipped: ReadonlySet<number>;
  /** Rules that threw: the others still ran. */
  failures: RuleFailure[];
}

const SYNTAX_META = { aliases: [] as string[] };

/** Parses and checks a Dockerfile. Total: bad input gives findings or nothing, never an exception. */
export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  return runToEnd(analysisSteps({}, text, options));
}

/** Analyses successive versions of one document, re-parsing only the stages an edit touched. */
export interface Analyzer {
  analyze(text: string, options?: AnalyzeOptions): Analysis;
  /**
   * The same analysis in small synchronous steps (a stage chunk, a rule): iterate until done; stop
   * iterating to abandon it (when a newer version of the document arrived).
   */
  analyzeInSteps(text: string, options?: AnalyzeOptions): Generator<void, Analysis, void>;
  /**
   * The Model alone, without validation or rules, reusing the parsed chunks: for editing features
   * (completion, signature help) that must answer while the user types.
   */
  parse(text: string, options?: AnalyzeOptions): Model;
  /** Drops what the analyzer keeps from earlier versions. */
  clear(): void;
}

/**
 * An analyzer for one document (keep one per open editor): parse and validation results are cached
 * per stage chunk by content, so an edit re-parses only the chunk it falls in. Results are the same
 * as `analyze()`'s.
 */
export function createAnalyzer(tuning: { minChunkLines?: number } = {}): Analyzer {
  const parse: ParseOptions = { cache: new ChunkCache(), minChunkLines: tuning.minChunkLines };
  return {
    analyze: (text, options = {}) => runToEnd(analysisSteps(parse, text, options)),
    analyzeInSteps: (text, options = {}) => analysisSteps(parse, text, options),
    parse: (text, options = {}) =>
      runToEnd(parseDocumentSteps(text, { ...parse, validate: false, buildArgs: options.buildArgs })).model,
    clear: () => parse.cache?.clear(),
  };
}

function* analysisSteps(
  parse: ParseOptions,
  text: string,
  options: AnalyzeOptions,
): Generator<void, Analysis, void> {
  const settings = options.rules ?? {};
  const parsed = yield* parseDocumentSteps(text, { ...parse, validate: true, buildArgs: options.buildArgs });
  const model = parsed.model;
  const pragmas = readPragmas(model);
  const environment = options.environment ?? {};
  const ruleOptions: RuleOptions = { ...DEFAULT_RULE_OPTIONS, ...options.ruleOptions };
  for (const name of environment.hadolintIgnored ?? []) pragmas.fileIgnores.add(name.toLowerCase());
  const shipped = shippedStages(
    model,
    [...(options.targets ?? []), ...pragmas.targets],
    options.buildTargets ?? [],
  );
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];

  if (model.parseError !== undefined) {
    failures.push({ ruleId: 'parser', message: model.parseError });
  } else if (options.syntaxFindings !== false) {
    try {
      if (parsed.syntaxError !== undefined) throw new Error(parsed.syntaxError);
      for (const problem of parsed.syntax ?? []) {
        const severity = effectiveSeverity(
          { id: problem.id, severity: problem.severity, ...SYNTAX_META },
          settings,
        );
        if (severity === 'off') continue;
        findings.push({
          ruleId: problem.id,
          severity,
          range: problem.range,
          message: problem.message,
          unnecessary: problem.unnecessary || undefined,
          deprecated: problem.deprecated || undefined,
        });
      }
    } catch (error) {
      failures.push({ ruleId: 'syntax', message: errorMessage(error) });
    }
  }

  const allStages = model.stages;
  const shippedList = allStages.filter((s) => shipped.has(s.index));
  const factsCache = new Map<number, ImageFacts>();
  const factsOf = (stage: Stage): ImageFacts => {
    let cached = factsCache.get(stage.index);
    if (!cached) {
      cached = rootImageFacts(model.stages, stage);
      factsCache.set(stage.index, cached);
    }
    return cached;
  };
  for (const rule of RULES) {
    const severity = effectiveSeverity(rule.meta, settings);
    if (severity === 'off') continue;
    const stages = rule.meta.shippedOnly ? shippedList : allStages;
    runRule(
      rule,
      severity,
      { model, shipped, environment, options: ruleOptions, imageFacts: factsOf, stages },
      findings,
      failures,
    );
    yield;
  }
  const kept = applyPragmas(findings, pragmas);
  kept.push(...unknownPragmaNames(pragmas, settings));

  kept.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.ruleId.localeCompare(b.ruleId),
  );
  return { model, findings: kept, shipped, failures };
}

/** Base-image facts of a stage: `FROM <stage>` chains are followed to the external image at their root. */
function rootImageFacts(stages: readonly Stage[], stage: Stage): ImageFacts {
  let root = stage;
  const seen = new Set<number>();
  while (root.baseStage !== undefined && !seen.has(root.index)) {
    seen.add(root.index);
    root = stages[root.baseStage] ?? root;
  }
  if (root.isScratch) return imageFacts('scratch', undefined);
  const base = root.base;
  return base
    ? imageFacts(canonicalImageName(base.registry, base.repository), base.tag)
    : imageFacts('', undefined);
}

const BUILDKIT_NAME = /^[A-Z][A-Za-z]+$/;

function applyPragmas(findings: Finding[], pragmas: Pragmas): Finding[] {
  if (pragmas.buildkitErrors) {
    // `# check=error=true`: the build fails on BuildKit's checks, so our findings that are those checks are errors.
    for (const f of findings) {
      if ((ruleById(f.ruleId)?.meta.aliases ?? []).some((a) => BUILDKIT_NAME.test(a))) f.severity = 'error';
    }
  }
  if (pragmas.fileIgnores.size === 0 && pragmas.lineIgnores.size === 0 && !pragmas.skipAllBuildkit)
    return findings;
  return findings.filter((f) => {
    const aliases = ruleById(f.ruleId)?.meta.aliases ?? [];
    const names = [f.ruleId, ...aliases];
    return !isIgnored(
      pragmas,
      names,
      f.range.start.line,
      aliases.some((a) => BUILDKIT_NAME.test(a)),
    );
  });
}

/** Our own pragmas naming a rule that does not exist: most likely a typo that silences nothing. */
function unknownPragmaNames(
  pragmas: Pragmas,
  settings: Readonly<Record<string, SeveritySetting>>,
): Finding[] {
  const meta = { id: UNKNOWN_RULE_ID, aliases: [], severity: 'info' as const };
  const severity = effectiveSeverity(meta, settings);
  if (severity === 'off') return [];
  const known = new Set(RULES.flatMap((r) => [r.meta.id, ...r.meta.aliases]).map((n) => n.toLowerCase()));
  return pragmas.names
    .filter(
      (n) =>
        n.owner === 'lean-dockerfile' && !known.has(n.name.toLowerCase()) && !n.name.startsWith('syntax-'),
    )
    .map((n) => ({
      ruleId: UNKNOWN_RULE_ID,
      severity,
      range: n.range,
      message: `Unknown rule \`${n.name}\`: this ignore comment silences nothing. Check the id against the rule list.`,
    }));
}

/** Id of the finding about unknown names in ignore comments (documented like a rule). */
export const UNKNOWN_RULE_ID = 'unknown-rule-id';

function runRule(
  rule: Rule,
  severity: Severity,
  base: Omit<RuleContext, 'report'>,
  findings: Finding[],
  failures: RuleFailure[],
): void {
  const report = (r: Report): void => {
    findings.push({ ...r, ruleId: rule.meta.id, severity });
  };
  try {
    rule.check({ ...base, report });
  } catch (error) {
    failures.push({ ruleId: rule.meta.id, message: errorMessage(error) });
  }
}

/** The fixes for one finding of an analysis; empty when the rule has none or fails. */
export function fixesFor(analysis: Analysis, finding: Finding): Fix[] {
  const rule = ruleById(finding.ruleId);
  if (!rule?.fix) return [];
  let fixes: Fix[];
  try {
    fixes = rule.fix(finding, { model: analysis.model });
  } catch {
    return [];
  }
  return fixes.length > 0 && mustProveFixes(analysis)
    ? fixes.filter((f) => !parsesWorse(analysis, f))
    : fixes;
}

/**
 * Fixes are written for well-formed Dockerfiles. In a file the parser already finds broken (a dangling
 * `\`, a half-typed instruction), an edit next to the damage can change how the following lines join,
 * so each fix there is applied and parsed again and dropped if it adds a syntax problem. Small files
 * are always checked: it costs a few milliseconds.
 */
const PROVE_ALWAYS_BELOW_CHARS = 100_000;
const syntaxCounts = new WeakMap<Analysis, number>();

function syntaxProblemCount(text: string): number {
  const parsed = runToEnd(parseDocumentSteps(text, { validate: true }));
  return (parsed.syntax?.length ?? 0) + (parsed.syntaxError !== undefined ? 1 : 0);
}

function syntaxCountOf(analysis: Analysis): number {
  let count = syntaxCounts.get(analysis);
  if (count === undefined) {
    count = syntaxProblemCount(analysis.model.text);
    syntaxCounts.set(analysis, count);
  }
  return count;
}

function mustProveFixes(analysis: Analysis): boolean {
  return analysis.model.text.length < PROVE_ALWAYS_BELOW_CHARS || syntaxCountOf(analysis) > 0;
}

function parsesWorse(analysis: Analysis, fix: Fix): boolean {
  try {
    return syntaxProblemCount(applyEdits(analysis.model.text, fix.edits)) > syntaxCountOf(analysis);
  } catch {
    return true;
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.message}` : String(error);
}
