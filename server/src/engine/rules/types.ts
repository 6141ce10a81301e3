import type { Fix, Finding, Severity } from '../findings';
import type { Model, Stage } from '../model/types';
import type { ImageFacts } from '../size/baseImages';

/** Facts about the file's surroundings that the front end (server, CLI) looks up; the engine does no I/O. */
export interface AnalysisEnvironment {
  /** Whether the build context has a `.dockerignore` (or `<Dockerfile>.dockerignore`); undefined when unknown. */
  hasDockerignore?: boolean;
  /** Rule names listed under `ignored:` in a `.hadolint.yaml`. */
  hadolintIgnored?: readonly string[];
}

/** Tunable thresholds of rules (settings `leanDockerfile.*`, `.lean-dockerfile.json`). */
export interface RuleOptions {
  /** heavy-final-base: smallest saving, in MB, worth a finding. */
  heavyBaseThresholdMB: number;
}

export const DEFAULT_RULE_OPTIONS: RuleOptions = { heavyBaseThresholdMB: 100 };

export type RuleCategory = 'size' | 'security' | 'correctness';

export interface RuleMeta {
  /** Stable kebab-case id: diagnostics' `code`, settings keys and ignore comments use it. */
  id: string;
  category: RuleCategory;
  severity: Severity;
  /** Ids of the same check in other tools (hadolint, BuildKit, Trivy, Checkov), for their ignore comments. */
  aliases: readonly string[];
  /** One sentence: what the rule finds. */
  description: string;
  /** `safe`: the fix keeps behaviour and is preferred; `suggestion`: the user should review it. */
  fixable?: 'safe' | 'suggestion';
  /** Looks only at stages that end up in the image (see RULES.md, "Shipped stage"). */
  shippedOnly?: boolean;
}

export type Report = Omit<Finding, 'ruleId' | 'severity'>;

export interface RuleContext {
  model: Model;
  /** Indexes of stages that are shipped (the last one, named targets, and what they build FROM). */
  shipped: ReadonlySet<number>;
  /** Stages this rule should look at (all stages, or only the shipped ones for shippedOnly rules). */
  stages: readonly Stage[];
  environment: AnalysisEnvironment;
  options: RuleOptions;
  /** Facts about a stage's base image; for `FROM <stage>` those of the image at the root of the chain. */
  imageFacts(stage: Stage): ImageFacts;
  report(finding: Report): void;
}

export interface FixContext {
  model: Model;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
  /** Fixes for one of this rule's findings, computed from the Model when the editor asks. */
  fix?(finding: Finding, context: FixContext): Fix[];
}
