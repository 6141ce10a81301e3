// Entry point of dist/cli.js (`lean-dockerfile`): argument parsing, file I/O and exit codes only;
// the checks are the engine's, the same the language server runs.
import { readFileSync } from 'node:fs';
import { analyze, fixesFor } from '../engine/analyze';
import type { Severity } from '../engine/findings';
import { lookUpEnvironment } from '../io/environment';
import { parseArgs, USAGE, UsageError, type CheckOptions, type FailOn } from './args';
import { discoverDockerfiles } from './discover';
import { formatJson, formatText, type CliFile, type CliReport } from './format';

const VERSION = '0.1.0';
const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const THRESHOLD: Record<FailOn, number> = { info: 1, warning: 2, error: 3, none: Number.POSITIVE_INFINITY };

function checkFile(path: string, text: string, options: Pick<CheckOptions, 'rules' | 'targets'>): CliFile {
  const environment = path === '<stdin>' ? {} : lookUpEnvironment(path, process.cwd());
  const analysis = analyze(text, { rules: options.rules, targets: options.targets, environment });
  for (const failure of analysis.failures)
    process.stderr.write(`lean-dockerfile: ${path}: ${failure.ruleId} failed: ${failure.message}\n`);
  return {
    path,
    diagnostics: analysis.findings.map((f) => ({
      rule: f.ruleId,
      severity: f.severity,
      line: f.range.start.line + 1,
      column: f.range.start.character + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.character + 1,
      message: f.message,
      fixes: fixesFor(analysis, f).map((x) => x.title),
    })),
  };
}

function run(argv: readonly string[]): number {
  let parsed;
  try {
    parsed = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`lean-dockerfile: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (parsed.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.command === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const report: CliReport = { files: [] };
  let ioError = false;
  for (const input of parsed.paths) {
    if (input === '-') {
      report.files.push(checkFile('<stdin>', readFileSync(0, 'utf8'), parsed));
      continue;
    }
    let files: string[];
    try {
      files = discoverDockerfiles(input);
    } catch (error) {
      process.stderr.write(
        `lean-dockerfile: cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
      );
      ioError = true;
      continue;
    }
    for (const file of files) {
      try {
        report.files.push(checkFile(file, readFileSync(file, 'utf8'), parsed));
      } catch (error) {
        process.stderr.write(
          `lean-dockerfile: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`,
        );
        ioError = true;
      }
    }
  }
  process.stdout.write(
    parsed.format === 'json' ? formatJson(report) : formatText(report, process.stdout.isTTY === true),
  );
  if (ioError) return 2;
  const worst = Math.max(0, ...report.files.flatMap((f) => f.diagnostics.map((d) => RANK[d.severity])));
  return worst >= THRESHOLD[parsed.failOn] ? 1 : 0;
}

process.exitCode = run(process.argv.slice(2));
