import type { Severity } from '../engine/findings';
import type { TextEdit } from '../engine/model/types';

/** One diagnostic in the CLI's JSON contract: 1-based lines and columns. */
export interface CliDiagnostic {
  rule: string;
  severity: Severity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fixes: string[];
}

/** A diagnostic with what the SARIF output needs besides the JSON contract (not printed in JSON). */
export interface CheckedDiagnostic extends CliDiagnostic {
  fixEdits: Array<{ title: string; edits: TextEdit[] }>;
}

export interface CliFile {
  path: string;
  diagnostics: CheckedDiagnostic[];
}

export interface CliReport {
  files: CliFile[];
}

export function formatJson(report: CliReport): string {
  const files = report.files.map((f) => ({
    path: f.path,
    diagnostics: f.diagnostics.map(({ fixEdits: _omit, ...d }) => d),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}

export function formatText(report: CliReport, color: boolean): string {
  const paint = (code: string, s: string): string => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const label: Record<Severity, string> = {
    error: paint('31', 'error'),
    warning: paint('33', 'warning'),
    info: paint('36', 'info'),
  };
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const file of report.files) {
    for (const d of file.diagnostics) {
      counts[d.severity]++;
      const fixes = d.fixes.length > 0 ? paint('2', ` (fix: ${d.fixes.join('; ')})`) : '';
      lines.push(
        `${file.path}:${d.line}:${d.column}: ${label[d.severity]} ${paint('1', d.rule)} ${d.message}${fixes}`,
      );
    }
  }
  const total = counts.error + counts.warning + counts.info;
  const files = `${report.files.length} file${report.files.length === 1 ? '' : 's'}`;
  lines.push(
    total === 0
      ? `${files} checked, no problems found.`
      : `${files} checked: ${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info.`,
  );
  return `${lines.join('\n')}\n`;
}
