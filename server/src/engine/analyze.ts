import type { SeveritySetting } from '../../../common/protocol';
import { effectiveSeverity } from './config/severity';
import type { Fix, Finding, Severity } from './findings';
import { parseDockerfile } from './model/parse';
import { checkSyntax } from './model/syntax';
import type { Model } from './model/types';
import { RULES, ruleById } from './rules';
import type { Report, Rule } from './rules/types';
import { shippedStages } from './stages';

export interface AnalyzeOptions {
  /** Severity per rule id or alias; 'off' disables the rule. */
  rules?: Readonly<Record<string, SeveritySetting>>;
  /** Stage names that are shipped besides the last stage. */
  targets?: readonly string[];
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
  const settings = options.rules ?? {};
  const model = parseDockerfile(text);
  const shipped = shippedStages(model, options.targets ?? []);
  const findings: Finding[] = [];
  const failures: RuleFailure[] = [];

  if (model.parseError !== undefined) {
    failures.push({ ruleId: 'parser', message: model.parseError });
  } else {
    try {
      for (const problem of checkSyntax(text)) {
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
  for (const rule of RULES) {
    const severity = effectiveSeverity(rule.meta, settings);
    if (severity === 'off') continue;
    runRule(
      rule,
      severity,
      { model, shipped, stages: rule.meta.shippedOnly ? shippedList : allStages },
      findings,
      failures,
    );
  }

  findings.sort(
    (a, b) =>
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.ruleId.localeCompare(b.ruleId),
  );
  return { model, findings, shipped, failures };
}

function runRule(
  rule: Rule,
  severity: Severity,
  base: { model: Model; shipped: ReadonlySet<number>; stages: Model['stages'] },
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
  try {
    return rule.fix(finding, { model: analysis.model });
  } catch {
    return [];
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.message}` : String(error);
}
