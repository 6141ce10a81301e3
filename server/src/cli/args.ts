import type { SeveritySetting } from '../../../common/protocol';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';
export type RuleCategory = 'size' | 'security' | 'correctness';
export type FailOn = 'error' | 'warning' | 'info' | 'none';

export interface CheckOptions {
  command: 'check' | 'fix';
  /** check --fix: apply every safe fix to the files, then report what is left. */
  fix: boolean;
  /** fix --write: write the result back instead of printing it. */
  write: boolean;
  /** fix --rule <id>: the rule whose fixes to apply (all preferred fixes without it). */
  fixRule: string | undefined;
  paths: string[];
  format: OutputFormat;
  failOn: FailOn;
  targets: string[];
  /** --build-arg NAME=VALUE: ARG values, over those of compose/bake files. */
  buildArgs: Record<string, string>;
  /** False with --no-build-files: compose and bake files are not read. */
  useBuildFiles: boolean;
  rules: Record<string, SeveritySetting>;
  /** Categories to run; empty = all. */
  ruleSet: RuleCategory[];
  /** Path of a .lean-dockerfile.json to use instead of looking one up. */
  config: string | undefined;
}

export type ParsedArgs = CheckOptions | { command: 'help' } | { command: 'version' };

export class UsageError extends Error {}

export const USAGE = `Usage: lean-dockerfile check [options] [paths…|-]
       lean-dockerfile fix <file|-> [--rule ID] [--write] [options]
       lean-dockerfile graph <file|-> [--format json|mermaid|dot] [--target NAME]   (graph --help)
       lean-dockerfile size <file|-> [--format text|json] [--compressed]   (size --help)

Checks Dockerfiles for what makes images heavy or unsafe. Directories are searched for
Dockerfile, *.Dockerfile, Dockerfile.*, *.dockerfile and Containerfile*; "-" reads standard input.

fix applies the fixes of one rule (--rule ID, by id or alias; its preferred fix, else its first) or
every safe fix, and prints the result (or writes it back with --write; files a fix creates, such as a
.dockerignore, are written only with --write and never overwrite an existing file).

Options:
  --fix                     (check) apply every safe fix to the files first, then report what is left
  --format text|json|sarif|github
                            output format (default: text); sarif is SARIF 2.1.0, github prints
                            workflow commands that annotate pull requests
  --fail-on error|warning|info|none
                            exit 1 when a finding has at least this severity (default: warning)
  --target NAME             a stage that is shipped besides the last one (repeatable); replaces
                            the targets of compose/bake files
  --build-arg NAME=VALUE    an ARG value, as docker build takes it (repeatable; NAME alone takes the
                            value from the environment); wins over compose/bake args
  --no-build-files          do not read compose.yaml/docker-compose.yml or docker-bake.hcl/.json
  --rule ID=SEVERITY        set a rule (id or alias) to error|warning|info|off (repeatable)
  --ignore ID[,ID…]         turn rules off (ids or aliases; repeatable)
  --rule-set CAT[,CAT…]     run only these categories: size, security, correctness
  --config FILE             use this .lean-dockerfile.json (default: the nearest one upwards)

Compose and bake files in the Dockerfile's folder and its parents up to the working directory are
read: when a service or bake target builds the Dockerfile, its target is the shipped stage (instead of
the last one) and its args are ARG values.

Configuration is merged per rule, later winning: .hadolint.yaml (override/ignored), the nearest
.lean-dockerfile.json, then --rule/--ignore. Severities map to SARIF levels error, warning, note
and to GitHub annotations error, warning, notice.
  -h, --help                show this help
  -v, --version             show the version

Exit codes: 0 no findings at or above --fail-on, 1 findings, 2 usage or I/O error.`;

const FORMATS = new Set(['text', 'json', 'sarif', 'github']);
const CATEGORIES = new Set(['size', 'security', 'correctness']);
const FAIL_ON = new Set(['error', 'warning', 'info', 'none']);
const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv[0] === '-h' || argv[0] === '--help' || argv[0] === 'help')
    return { command: 'help' };
  if (argv[0] === '-v' || argv[0] === '--version') return { command: 'version' };
  if (argv[0] !== 'check' && argv[0] !== 'fix') throw new UsageError(`unknown command "${argv[0]}"`);
  const options: CheckOptions = {
    command: argv[0],
    fix: false,
    write: false,
    fixRule: undefined,
    paths: [],
    format: 'text',
    failOn: 'warning',
    targets: [],
    buildArgs: {},
    useBuildFiles: true,
    rules: {},
    ruleSet: [],
    config: undefined,
  };
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { command: 'help' };
      case '--format': {
        const v = value();
        if (!FORMATS.has(v)) throw new UsageError(`--format must be text, json, sarif or github, not "${v}"`);
        options.format = v as OutputFormat;
        break;
      }
      case '--fail-on': {
        const v = value();
        if (!FAIL_ON.has(v))
          throw new UsageError(`--fail-on must be error, warning, info or none, not "${v}"`);
        options.failOn = v as FailOn;
        break;
      }
      case '--target':
        options.targets.push(value());
        break;
      case '--build-arg': {
        const v = value();
        const eq = v.indexOf('=');
        const key = eq < 0 ? v : v.slice(0, eq);
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
          throw new UsageError(`--build-arg expects NAME=VALUE, not "${v}"`);
        // Like docker build: a name alone passes the variable of the environment, if it is set.
        const passed = eq < 0 ? process.env[key] : v.slice(eq + 1);
        if (passed !== undefined) options.buildArgs[key] = passed;
        break;
      }
      case '--no-build-files':
        options.useBuildFiles = false;
        break;
      case '--fix':
        options.fix = true;
        break;
      case '--write':
        options.write = true;
        break;
      case '--rule': {
        const v = value();
        if (options.command === 'fix' && !v.includes('=')) {
          options.fixRule = v;
          break;
        }
        const [id, severity] = v.split('=');
        if (!id || !severity || !SEVERITIES.has(severity))
          throw new UsageError(`--rule expects ID=error|warning|info|off, not "${v}"`);
        options.rules[id] = severity as SeveritySetting;
        break;
      }
      case '--ignore':
        for (const id of value().split(',').filter(Boolean)) options.rules[id] = 'off';
        break;
      case '--rule-set': {
        for (const c of value().split(',').filter(Boolean)) {
          if (!CATEGORIES.has(c))
            throw new UsageError(`--rule-set takes size, security, correctness, not "${c}"`);
          options.ruleSet.push(c as RuleCategory);
        }
        break;
      }
      case '--config':
        options.config = value();
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.command === 'fix') {
    if (options.paths.length !== 1)
      throw new UsageError('fix takes exactly one file (or - for standard input)');
    if (options.write && options.paths[0] === '-')
      throw new UsageError('--write needs a file, not standard input');
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}
