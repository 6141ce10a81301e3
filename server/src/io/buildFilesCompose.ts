// Compose files: the `build:` of each service (short form `build: ./dir` or the long form with
// context, dockerfile, target and args), merged with the override file the way `docker compose`
// merges it, with `${VAR}` substituted from the project's `.env` and the defaults written inline.
import path from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { parseDotEnv, type BuildDeclaration, type BuildProject, type CachedReader } from './buildFiles';

interface RawBuild {
  context?: string;
  dockerfile?: string;
  /** `dockerfile_inline`: the build does not read a Dockerfile from disk. */
  inline?: boolean;
  target?: string;
  /** In file order; a null value (`- KEY` or `KEY:`) comes from the shell environment, unknown here. */
  args: Array<[string, string | null]>;
}

interface ComposeService {
  name: string;
  line: number;
  build: RawBuild | undefined;
}

interface ComposeFile {
  services: ComposeService[];
  problems: string[];
}

/** Parses one compose file; a YAML error gives no services and a problem. */
export function parseComposeFile(text: string, file: string): ComposeFile {
  try {
    const lineCounter = new LineCounter();
    const document = parseDocument(text, { lineCounter, merge: true });
    const error = document.errors[0];
    if (error) {
      const where = error.linePos ? `line ${error.linePos[0].line}: ` : '';
      return { services: [], problems: [`${file}: ${where}${error.message.split('\n')[0]}`] };
    }
    const root: unknown = document.toJS({ maxAliasCount: 1000 });
    const services = isRecord(root) ? root.services : undefined;
    if (services === undefined || services === null) return { services: [], problems: [] };
    if (!isRecord(services))
      return { services: [], problems: [`${file}: "services" is not a mapping of service names`] };
    const lines = new Map<string, number>();
    const node = document.get('services', true);
    if (isMap(node)) {
      for (const item of node.items) {
        if (isScalar(item.key) && item.key.range)
          lines.set(String(item.key.value), lineCounter.linePos(item.key.range[0]).line);
      }
    }
    const problems: string[] = [];
    const result: ComposeService[] = [];
    for (const [name, service] of Object.entries(services)) {
      if (!isRecord(service) || service.build === undefined) continue;
      const build = readBuild(service.build);
      if (!build) problems.push(`${file}: service "${name}": "build" is neither a path nor a mapping`);
      result.push({ name, line: lines.get(name) ?? 1, build });
    }
    return { services: result, problems };
  } catch (error) {
    // Alias bombs and other pathological input end here, not in the caller.
    return {
      services: [],
      problems: [`${file}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`],
    };
  }
}

function readBuild(value: unknown): RawBuild | undefined {
  const short = scalar(value);
  if (short !== undefined) return { context: short, args: [] };
  if (!isRecord(value)) return undefined;
  return {
    context: scalar(value.context),
    dockerfile: scalar(value.dockerfile),
    inline: value.dockerfile_inline !== undefined ? true : undefined,
    target: scalar(value.target),
    args: readArgs(value.args),
  };
}

function readArgs(value: unknown): Array<[string, string | null]> {
  if (Array.isArray(value)) {
    return value.flatMap((item): Array<[string, string | null]> => {
      const text = scalar(item);
      if (text === undefined) return [];
      const eq = text.indexOf('=');
      return [eq < 0 ? [text, null] : [text.slice(0, eq), text.slice(eq + 1)]];
    });
  }
  if (isRecord(value)) {
    return Object.entries(value).flatMap(([name, v]): Array<[string, string | null]> => {
      if (v === null) return [[name, null]];
      const text = scalar(v);
      return text === undefined ? [] : [[name, text]];
    });
  }
  return [];
}

/** The service's build with the override's fields on top (args merged by name), as compose merges them. */
function mergeBuild(base: RawBuild | undefined, over: RawBuild | undefined): RawBuild | undefined {
  if (!base || !over) return over ?? base;
  const args = new Map(base.args);
  for (const [name, value] of over.args) args.set(name, value);
  return {
    context: over.context ?? base.context,
    dockerfile: over.dockerfile ?? base.dockerfile,
    inline: over.inline ?? base.inline,
    target: over.target ?? base.target,
    args: [...args],
  };
}

/** The builds of a compose project: its compose file, its override file and its `.env`. */
export function readComposeProject(
  composeFile: string,
  overrideFile: string | undefined,
  read: CachedReader,
): BuildProject {
  const problems: string[] = [];
  const load = (file: string): ComposeFile | undefined => {
    const { value, problem } = read(file, (text) => parseComposeFile(text, file));
    if (problem) problems.push(problem);
    if (value) problems.push(...value.problems);
    return value;
  };
  const base = load(composeFile);
  const override = overrideFile ? load(overrideFile) : undefined;
  // `docker compose` refuses a project with a broken file: so do we.
  if (!base || (overrideFile && !override) || problems.length > 0) return { declarations: [], problems };

  const dir = path.dirname(composeFile);
  const env = read(path.join(dir, '.env'), parseDotEnv).value ?? new Map<string, string>();
  const services = new Map(base.services.map((s) => [s.name, { ...s, file: composeFile }]));
  for (const service of override?.services ?? []) {
    const existing = services.get(service.name);
    if (existing) existing.build = mergeBuild(existing.build, service.build);
    else services.set(service.name, { ...service, file: overrideFile! });
  }

  const declarations: BuildDeclaration[] = [];
  for (const service of services.values()) {
    const build = service.build;
    if (!build) continue;
    const where = `${service.file}: service "${service.name}"`;
    const context = build.context === undefined ? '.' : interpolate(build.context, env);
    const dockerfile = build.dockerfile === undefined ? 'Dockerfile' : interpolate(build.dockerfile, env);
    const target = build.target === undefined ? undefined : interpolate(build.target, env);
    if (build.target !== undefined && target === undefined)
      problems.push(`${where}: the target "${build.target}" uses a variable without a value`);
    const args: Record<string, string> = {};
    for (const [name, raw] of build.args) {
      const value = raw === null ? undefined : interpolate(raw, env);
      if (value !== undefined) args[name] = value;
    }
    declarations.push({
      kind: 'compose',
      file: service.file,
      name: service.name,
      line: service.line,
      dockerfile:
        build.inline || context === undefined || dockerfile === undefined || isRemote(context)
          ? undefined
          : path.resolve(dir, context, dockerfile),
      ...(target ? { target } : {}),
      args,
    });
  }
  return { declarations, problems };
}

/** A Git URL or another remote build context: nothing on this disk to match. */
function isRemote(context: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(context) ||
    context.startsWith('git@') ||
    context.startsWith('github.com/')
  );
}

/**
 * Compose's substitution: `$$`, `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
 * `${VAR:+alt}`, `${VAR+alt}`, `${VAR:?err}`, `${VAR?err}`, nested defaults included. Undefined
 * when a variable has no value and no default (compose would take it from the shell, which we do not
 * know here) or when the syntax is broken.
 */
export function interpolate(text: string, env: ReadonlyMap<string, string>): string | undefined {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c !== '$') {
      out += c;
      i++;
    } else if (next === '$') {
      out += '$';
      i += 2;
    } else if (next === '{') {
      let depth = 0;
      let end = -1;
      for (let j = i + 1; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) {
          end = j;
          break;
        }
      }
      if (end < 0) return undefined;
      const value = substitute(text.slice(i + 2, end), env);
      if (value === undefined) return undefined;
      out += value;
      i = end + 1;
    } else if (next !== undefined && /[A-Za-z_]/.test(next)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1))![0];
      const value = env.get(name);
      if (value === undefined) return undefined;
      out += value;
      i += 1 + name.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function substitute(inner: string, env: ReadonlyMap<string, string>): string | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(inner);
  if (!match) return undefined;
  const [, name, operator, word = ''] = match;
  const value = env.get(name!);
  const isSet = value !== undefined;
  const nonEmpty = isSet && value !== '';
  switch (operator) {
    case undefined:
      return value;
    case ':-':
      return nonEmpty ? value : interpolate(word, env);
    case '-':
      return isSet ? value : interpolate(word, env);
    case ':+':
      return nonEmpty ? interpolate(word, env) : '';
    case '+':
      return isSet ? interpolate(word, env) : '';
    default:
      // `:?` and `?`: an error in compose when unset; unknown here.
      return (operator === ':?' ? nonEmpty : isSet) ? value : undefined;
  }
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
