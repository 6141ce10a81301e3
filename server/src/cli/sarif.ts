// SARIF 2.1.0 output: one run, our rules as the tool's rule metadata with help URIs, each finding a
// result with its region and, where a fix exists, the fix as artifact replacements.
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { CliReport } from './format';

export interface RuleDescription {
  id: string;
  description: string;
  helpUri: string;
  category: string;
  defaultSeverity: 'error' | 'warning' | 'info';
  aliases: readonly string[];
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatSarif(report: CliReport, rules: readonly RuleDescription[], version: string): string {
  const used = new Set(report.files.flatMap((f) => f.diagnostics.map((d) => d.rule)));
  // Every catalogue rule is described (so viewers can list what was checked), plus the syntax-* ids seen.
  const descriptors: ReportingDescriptor[] = rules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.description },
    helpUri: r.helpUri,
    defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
    properties: { category: r.category, ...(r.aliases.length > 0 ? { aliases: [...r.aliases] } : {}) },
  }));
  for (const id of [...used].sort()) {
    if (descriptors.some((d) => d.id === id)) continue;
    descriptors.push({
      id,
      shortDescription: { text: 'Dockerfile syntax problem reported by dockerfile-utils' },
    });
  }
  const index = new Map(descriptors.map((d, i) => [d.id, i]));
  const results: Result[] = report.files.flatMap((file) =>
    file.diagnostics.map((d): Result => {
      const uri = file.path.split('\\').join('/');
      return {
        ruleId: d.rule,
        ruleIndex: index.get(d.rule),
        level: LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri },
              region: {
                startLine: d.line,
                startColumn: d.column,
                endLine: d.endLine,
                endColumn: d.endColumn,
              },
            },
          },
        ],
        ...(d.fixEdits.length > 0
          ? {
              fixes: d.fixEdits.map((fix) => ({
                description: { text: fix.title },
                artifactChanges: [
                  {
                    artifactLocation: { uri },
                    replacements: fix.edits.map((e) => ({
                      deletedRegion: {
                        startLine: e.range.start.line + 1,
                        startColumn: e.range.start.character + 1,
                        endLine: e.range.end.line + 1,
                        endColumn: e.range.end.character + 1,
                      },
                      insertedContent: { text: e.newText },
                    })),
                  },
                ],
              })),
            }
          : {}),
      };
    }),
  );
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'lean-dockerfile',
            version,
            informationUri: 'https://github.com/lean-dockerfile/lean-dockerfile',
            rules: descriptors,
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** GitHub Actions workflow commands: annotations on the pull request's files. */
export function formatGithub(report: CliReport): string {
  const command = { error: 'error', warning: 'warning', info: 'notice' } as const;
  // Workflow-command escaping: data escapes %, CR, LF; properties also : and ,.
  const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const lines = report.files.flatMap((f) =>
    f.diagnostics.map(
      (d) =>
        `::${command[d.severity]} file=${prop(f.path)},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${prop(d.rule)}::${data(d.message)}`,
    ),
  );
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
