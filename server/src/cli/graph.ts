// `lean-dockerfile graph <file|-> [--format json|mermaid|dot] [--target NAME]`: the stage graph of one
// Dockerfile. Argument parsing, I/O and exit codes only; the graph is the engine's.
import { readFileSync } from 'node:fs';
import type { StageGraph } from '../../../common/graph';
import { analyze } from '../engine/analyze';
import { mergeRuleSettings } from '../engine/config/merge';
import { buildGraph, graphForTarget, toDot, toMermaid } from '../engine/graph';
import { lookUpSurroundings } from '../io/environment';
import { UsageError } from './args';

export type GraphFormat = 'json' | 'mermaid' | 'dot';

export interface GraphCliOptions {
  input: string;
  format: GraphFormat;
  target: string | undefined;
}

export const GRAPH_USAGE = `Usage: lean-dockerfile graph <file|-> [--format json|mermaid|dot] [--target NAME]

Prints the stage graph of a Dockerfile: a node per stage and per external image, edges for FROM,
COPY --from and RUN --mount from=. Without --target, "shipped" marks the last stage and the stages
named by "# lean-dockerfile target=" comments or .lean-dockerfile.json, with their FROM chains.
--target NAME shows what \`docker build --target NAME\` builds ("built": true) and skips, and ships
NAME's FROM chain.

Options:
  --format json|mermaid|dot output format (default: json)
  --target NAME             the build target (a stage name, or a stage index)
  -h, --help                show this help

Exit codes: 0 graph printed (problems such as unknown stages are part of it), 2 usage or I/O error
or a --target that names no stage.`;

const FORMATS = new Set<GraphFormat>(['json', 'mermaid', 'dot']);

/** Parses the arguments after `graph`. Returns undefined for --help. */
export function parseGraphArgs(argv: readonly string[]): GraphCliOptions | undefined {
  const options: GraphCliOptions = { input: '', format: 'json', target: undefined };
  const inputs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    if (name === '-h' || name === '--help') return undefined;
    if (name === '--format') {
      const v = value();
      if (!FORMATS.has(v as GraphFormat))
        throw new UsageError(`--format must be json, mermaid or dot, not "${v}"`);
      options.format = v as GraphFormat;
    } else if (name === '--target') {
      options.target = value();
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length !== 1) throw new UsageError('graph takes exactly one file (or - for standard input)');
  options.input = inputs[0]!;
  return options;
}

/** Where the command reads and writes: the process, or a test's buffers. */
export interface GraphIo {
  readFile(path: string | 0): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_IO: GraphIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** The graph of one Dockerfile's text, with the project's targets and rule settings around `path`. */
export function graphOfText(
  text: string,
  path: string | undefined,
  target: string | undefined,
  warn: (message: string) => void = () => undefined,
): StageGraph {
  const around = path ? lookUpSurroundings(path, process.cwd()) : undefined;
  for (const problem of around?.problems ?? []) warn(problem);
  const analysis = analyze(text, {
    rules: mergeRuleSettings(around?.hadolintSeverities, around?.project.rules),
    targets: around?.project.targets ?? [],
    environment: around?.environment,
  });
  const graph = buildGraph(analysis);
  return target === undefined ? graph : graphForTarget(graph, target);
}

export function formatGraph(graph: StageGraph, format: GraphFormat): string {
  if (format === 'mermaid') return toMermaid(graph);
  if (format === 'dot') return toDot(graph);
  return `${JSON.stringify(graph, null, 2)}\n`;
}

/** Runs `graph` with the arguments after the command name; returns the exit code. */
export function runGraphCommand(argv: readonly string[], io: GraphIo = PROCESS_IO): number {
  let options: GraphCliOptions | undefined;
  try {
    options = parseGraphArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`lean-dockerfile: ${error.message}\n\n${GRAPH_USAGE}\n`);
    return 2;
  }
  if (!options) {
    io.stdout(`${GRAPH_USAGE}\n`);
    return 0;
  }
  let text: string;
  try {
    text = io.readFile(options.input === '-' ? 0 : options.input);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    io.stderr(`lean-dockerfile: cannot read ${options.input}: ${code}\n`);
    return 2;
  }
  const graph = graphOfText(text, options.input === '-' ? undefined : options.input, options.target, (m) =>
    io.stderr(`lean-dockerfile: ${m}\n`),
  );
  const unknownTarget = graph.problems.find((p) => p.kind === 'unknown-target');
  if (unknownTarget) {
    io.stderr(`lean-dockerfile: --target ${options.target}: ${unknownTarget.message}\n`);
    return 2;
  }
  io.stdout(formatGraph(graph, options.format));
  return 0;
}
