// Entry point of dist/cli.js (`lean-dockerfile`): argument parsing, file I/O and exit codes only;
// the checks are the engine's, the same the language server runs.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DOCS_BASE_URL, type SeveritySetting } from '../../../common/protocol';
import { analyze, fixesFor, UNKNOWN_RULE_ID, type AnalyzeOptions } from '../engine/analyze';
import { mergeRuleSettings, sanitizeProjectConfig, type ProjectConfig } from '../engine/config/merge';
import type { Severity } from '../engine/findings';
import { RULES } from '../engine/rules';
import { buildFileAnalyzeOptions, lookUpBuildFiles, NO_BUILD_FILES } from '../io/buildFiles';
import { lookUpSurroundings } from '../io/environment';
import { parseArgs, USAGE, UsageError, type CheckOptions, type FailOn } from './args';
import { discoverDockerfiles } from './discover';
import { fixText, writeCreatedFiles } from './fix';
import { formatJson, formatText, type CliFile, type CliReport } from './format';
import { runGraphCommand } from './graph';
import { runSizeCommand } from './size';
import { formatGithub, formatSarif, type RuleDescription } from './sarif';

const VERSION = '0.1.0';
const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };
const THRESHOLD: Record<FailOn, number> = { info: 1, warning: 2, error: 3, none: Number.POSITIVE_INFINITY };
const reportedProblems = new Set<string>();

function warn(message: string): void {
  if (reportedProblems.has(message)) return;
  reportedProblems.add(message);
  process.stderr.write(`lean-dockerfile: ${message}\n`);
}

/** Rules outside the chosen categories are turned off (explicit --rule settings still win). */
function ruleSetSettings(options: CheckOptions): Record<string, SeveritySetting> {
  if (options.ruleSet.length === 0) return {};
  const off: Record<string, SeveritySetting> = {};
  for (const rule of RULES) if (!options.ruleSet.includes(rule.meta.category)) off[rule.meta.id] = 'off';
  return off;
}

/** Analysis options for one file: its surroundings and project config, then the command line. */
function analyzeOptionsFor(
  displayPath: string,
  options: CheckOptions,
  explicitConfig: ProjectConfig | undefined,
): AnalyzeOptions {
  const around = displayPath === '<stdin>' ? undefined : lookUpSurroundings(displayPath, process.cwd());
  for (const problem of around?.problems ?? []) warn(problem);
  const project = explicitConfig ?? around?.project ?? {};
  const buildFiles =
    options.useBuildFiles && displayPath !== '<stdin>'
      ? lookUpBuildFiles(displayPath, process.cwd())
      : NO_BUILD_FILES;
  for (const problem of buildFiles.problems) warn(problem);
  const fromBuildFiles = buildFileAnalyzeOptions(buildFiles);
  // An explicit --target says what ships: the targets of compose/bake files then do not count.
  const explicitTargets = options.targets.length > 0;
  const buildArgs = { ...fromBuildFiles.buildArgs, ...options.buildArgs };
  return {
    rules: mergeRuleSettings(
      around?.hadolintSeverities,
      project.rules,
      ruleSetSettings(options),
      options.rules,
    ),
    targets: [
      ...(project.targets ?? []),
      ...options.targets,
      ...(explicitTargets ? [] : (fromBuildFiles.targets ?? [])),
    ],
    ...(explicitTargets || !fromBuildFiles.buildTargets ? {} : { buildTargets: fromBuildFiles.buildTargets }),
    ...(Object.keys(buildArgs).length > 0 ? { buildArgs } : {}),
    environment: around?.environment,
    ruleOptions:
      project.heavyBaseThresholdMB !== undefined
        ? { heavyBaseThresholdMB: project.heavyBaseThresholdMB }
        : undefined,
  };
}

function checkFile(
  displayPath: string,
  original: string,
  options: CheckOptions,
  explicitConfig: ProjectConfig | undefined,
): CliFile {
  const analyzeOptions = analyzeOptionsFor(displayPath, options, explicitConfig);
  let text = original;
  if (options.fix && displayPath !== '<stdin>') {
    text = fixText(original, analyzeOptions).text;
    if (text !== original) writeFileSync(displayPath, text);
  }
  const analysis = analyze(text, analyzeOptions);
  for (const failure of analysis.failures)
    warn(`${displayPath}: ${failure.ruleId} failed: ${failure.message}`);
  return {
    path: displayPath,
    diagnostics: analysis.findings.map((f) => {
      const fixes = fixesFor(analysis, f);
      return {
        rule: f.ruleId,
        severity: f.severity,
        line: f.range.start.line + 1,
        column: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
        message: f.message,
        fixes: fixes.map((x) => x.title),
        fixEdits: fixes.map((x) => ({ title: x.title, edits: x.edits })),
      };
    }),
  };
}

function loadExplicitConfig(file: string | undefined): ProjectConfig | undefined {
  if (!file) return undefined;
  const { config, problems } = sanitizeProjectConfig(JSON.parse(readFileSync(file, 'utf8')));
  for (const problem of problems) warn(`${file}: ${problem}`);
  return config;
}

function ruleDescriptions(): RuleDescription[] {
  const own = RULES.map((r) => ({
    id: r.meta.id,
    description: r.meta.description,
    helpUri: `${DOCS_BASE_URL}${r.meta.id}.md`,
    category: r.meta.category,
    defaultSeverity: r.meta.severity,
    aliases: r.meta.aliases,
  }));
  own.push({
    id: UNKNOWN_RULE_ID,
    description: 'An ignore comment names a rule that does not exist.',
    helpUri: `${DOCS_BASE_URL}${UNKNOWN_RULE_ID}.md`,
    category: 'correctness',
    defaultSeverity: 'info',
    aliases: [],
  });
  return own;
}

function run(argv: readonly string[]): number {
  if (argv[0] === 'graph') return runGraphCommand(argv.slice(1));
  if (argv[0] === 'size') return runSizeCommand(argv.slice(1));
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
  let explicitConfig: ProjectConfig | undefined;
  try {
    explicitConfig = loadExplicitConfig(parsed.config);
  } catch (error) {
    warn(`cannot read config ${parsed.config}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  if (parsed.command === 'fix') return runFix(parsed, explicitConfig);
  const report: CliReport = { files: [] };
  let ioError = false;
  for (const input of parsed.paths) {
    if (input === '-') {
      report.files.push(checkFile('<stdin>', readFileSync(0, 'utf8'), parsed, explicitConfig));
      continue;
    }
    let files: string[];
    try {
      files = discoverDockerfiles(input);
    } catch (error) {
      warn(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
      ioError = true;
      continue;
    }
    for (const file of files) {
      try {
        report.files.push(
          checkFile(path.normalize(file), readFileSync(file, 'utf8'), parsed, explicitConfig),
        );
      } catch (error) {
        warn(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
        ioError = true;
      }
    }
  }
  const output =
    parsed.format === 'json'
      ? formatJson(report)
      : parsed.format === 'sarif'
        ? formatSarif(report, ruleDescriptions(), VERSION)
        : parsed.format === 'github'
          ? formatGithub(report)
          : formatText(report, process.stdout.isTTY === true);
  process.stdout.write(output);
  if (ioError) return 2;
  const worst = Math.max(0, ...report.files.flatMap((f) => f.diagnostics.map((d) => RANK[d.severity])));
  return worst >= THRESHOLD[parsed.failOn] ? 1 : 0;
}

function runFix(options: CheckOptions, explicitConfig: ProjectConfig | undefined): number {
  const input = options.paths[0]!;
  let text: string;
  try {
    text = readFileSync(input === '-' ? 0 : input, 'utf8');
  } catch (error) {
    warn(`cannot read ${input}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    return 2;
  }
  const displayPath = input === '-' ? '<stdin>' : input;
  const result = fixText(text, analyzeOptionsFor(displayPath, options, explicitConfig), options.fixRule);
  if (result.passes === 0 && result.files.length === 0) {
    process.stderr.write(
      `lean-dockerfile: nothing to fix${options.fixRule ? ` for ${options.fixRule}` : ''} in ${displayPath}\n`,
    );
  }
  if (options.write) {
    if (result.text !== text) writeFileSync(input, result.text);
    for (const created of writeCreatedFiles(input, result.files))
      process.stderr.write(`lean-dockerfile: created ${created}\n`);
  } else {
    process.stdout.write(result.text);
    for (const f of result.files)
      process.stderr.write(`lean-dockerfile: would create ${f.path} (use --write)\n`);
  }
  return 0;
}

process.exitCode = run(process.argv.slice(2));
