import type { Finding } from '../../findings';
import type { Model, Stage } from '../../model/types';

/** The stage a finding belongs to: `data.stage` when the rule recorded it, else the stage holding its line. */
export function stageOfFinding(model: Model, finding: Finding): Stage | undefined {
  const recorded = finding.data?.stage;
  if (typeof recorded === 'number') return model.stages[recorded];
  const line = finding.range.start.line;
  return [...model.stages].reverse().find((s) => s.range.start.line <= line);
}
