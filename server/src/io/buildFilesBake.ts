// Bake files (docker-bake.hcl / docker-bake.json and their overrides): targets with context,
// dockerfile, target, args and `inherits`, variables with defaults substituted. What cannot be
// computed without running bake (functions, environment overrides, matrices) is left out and said.
import path from 'node:path';
import type { BuildDeclaration, BuildProject, CachedReader } from './buildFiles';
import {
  evaluateHcl,
  HclSyntaxError,
  parseHcl,
  parseHclTemplate,
  type HclBody,
  type HclExpression,
  type HclValue,
} from './hcl';

interface BakeTargetDecl {
  name: string;
  line: number;
  attributes: Map<string, HclExpression>;
}

interface BakeFile {
  file: string;
  variables: Map<string, HclExpression | undefined>;
  targets: BakeTargetDecl[];
  groups: Array<{ name: string; targets: HclExpression | undefined }>;
  problems: string[];
  /** Set when the file could not be parsed at all. */
  broken?: boolean;
}

/** A value that is written but cannot be computed here. */
const UNKNOWN = Symbol('unknown');
type Attribute = HclValue | typeof UNKNOWN;

/** Parses one bake file (HCL or, by its extension, JSON); bad syntax gives a problem and `broken`. */
export function parseBakeFile(text: string, file: string): BakeFile {
  const empty: BakeFile = { file, variables: new Map(), targets: [], groups: [], problems: [] };
  try {
    return file.toLowerCase().endsWith('.json') ? fromJson(text, file) : fromHcl(parseHcl(text), file);
  } catch (error) {
    const message =
      error instanceof HclSyntaxError || error instanceof SyntaxError
        ? error.message
        : `cannot read: ${error instanceof Error ? error.message : String(error)}`;
    return { ...empty, problems: [`${file}: ${message.split('\n')[0]}`], broken: true };
  }
}

function fromHcl(body: HclBody, file: string): BakeFile {
  const result: BakeFile = { file, variables: new Map(), targets: [], groups: [], problems: [] };
  // Top-level attributes are variables too (`TAG = "latest"`).
  for (const attribute of body.attributes) result.variables.set(attribute.name, attribute.value);
  for (const block of body.blocks) {
    const name = block.labels[0];
    if (name === undefined || block.labels.length !== 1) continue;
    const attributes = new Map(block.body.attributes.map((a) => [a.name, a.value]));
    if (block.type === 'variable') result.variables.set(name, attributes.get('default'));
    else if (block.type === 'target') result.targets.push({ name, line: block.line, attributes });
    else if (block.type === 'group') result.groups.push({ name, targets: attributes.get('targets') });
  }
  return result;
}

function fromJson(text: string, file: string): BakeFile {
  const data: unknown = JSON.parse(text);
  const result: BakeFile = { file, variables: new Map(), targets: [], groups: [], problems: [] };
  if (!isRecord(data)) {
    result.problems.push(`${file}: not a JSON object`);
    result.broken = true;
    return result;
  }
  for (const [name, variable] of Object.entries(isRecord(data.variable) ? data.variable : {}))
    result.variables.set(
      name,
      isRecord(variable) && 'default' in variable ? fromJsonValue(variable.default) : undefined,
    );
  const targetsAt = text.search(/"target"\s*:/);
  for (const [name, target] of Object.entries(isRecord(data.target) ? data.target : {})) {
    if (!isRecord(target)) continue;
    const attributes = new Map(Object.entries(target).map(([k, v]) => [k, fromJsonValue(v)]));
    result.targets.push({ name, line: lineOf(text, `"${name}"`, Math.max(0, targetsAt)), attributes });
  }
  for (const [name, group] of Object.entries(isRecord(data.group) ? data.group : {}))
    result.groups.push({ name, targets: isRecord(group) ? fromJsonValue(group.targets) : undefined });
  return result;
}

/** Strings of a bake JSON file are templates as well (`"${TAG}"`). */
function fromJsonValue(value: unknown): HclExpression {
  if (typeof value === 'string') {
    try {
      return parseHclTemplate(value);
    } catch {
      return { kind: 'unsupported', what: 'template' };
    }
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null)
    return { kind: 'literal', value };
  if (Array.isArray(value)) return { kind: 'tuple', items: value.map(fromJsonValue) };
  if (isRecord(value))
    return {
      kind: 'object',
      entries: Object.entries(value).map(([k, v]) => ({
        key: { kind: 'literal', value: k },
        value: fromJsonValue(v),
      })),
    };
  return { kind: 'unsupported', what: 'value' };
}

function lineOf(text: string, needle: string, from: number): number {
  const at = text.indexOf(needle, from);
  if (at < 0) return 1;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * The builds of the bake files of one folder, merged in bake's order (later files override earlier
 * ones, target by target and build argument by build argument). Targets that only serve as a base
 * for others (`inherits`) and are in no group are not builds of their own.
 */
export function readBakeProject(files: readonly string[], read: CachedReader): BuildProject {
  const problems: string[] = [];
  const parsed: BakeFile[] = [];
  for (const file of files) {
    const { value, problem } = read(file, (text) => parseBakeFile(text, file));
    if (problem) problems.push(problem);
    if (value) {
      problems.push(...value.problems);
      if (!value.broken) parsed.push(value);
    }
  }
  // bake stops at a broken file: so do we.
  if (parsed.length !== files.length) return { declarations: [], problems };

  const variables = new Map<string, HclExpression | undefined>();
  const targets = new Map<
    string,
    { file: string; line: number; layers: Array<Map<string, HclExpression>> }
  >();
  const groups = new Map<string, HclExpression[]>();
  for (const file of parsed) {
    for (const [name, value] of file.variables) variables.set(name, value);
    for (const target of file.targets) {
      const existing = targets.get(target.name);
      if (existing) existing.layers.push(target.attributes);
      else targets.set(target.name, { file: file.file, line: target.line, layers: [target.attributes] });
    }
    for (const group of file.groups) {
      if (group.targets) groups.set(group.name, [...(groups.get(group.name) ?? []), group.targets]);
    }
  }

  const values = new Map<string, HclValue | undefined>();
  const resolving = new Set<string>();
  const lookup = (name: string): HclValue | undefined => {
    if (values.has(name)) return values.get(name);
    if (!variables.has(name) || resolving.has(name)) return undefined;
    resolving.add(name);
    const expression = variables.get(name);
    // A variable without a default is the empty string (unless set in the environment, unknown here).
    const value = expression ? evaluateHcl(expression, lookup) : '';
    resolving.delete(name);
    values.set(name, value);
    return value;
  };
  const evaluate = (expression: HclExpression): Attribute => evaluateHcl(expression, lookup) ?? UNKNOWN;

  const resolved = new Map<string, Map<string, Attribute>>();
  const inProgress = new Set<string>();
  const resolveTarget = (name: string): Map<string, Attribute> => {
    const done = resolved.get(name);
    if (done) return done;
    const result = new Map<string, Attribute>();
    const target = targets.get(name);
    if (!target || inProgress.has(name)) return result;
    inProgress.add(name);
    const own = new Map<string, Attribute>();
    for (const layer of target.layers)
      for (const [key, expression] of layer) mergeAttribute(own, key, evaluate(expression));
    for (const parent of stringList(own.get('inherits')))
      for (const [key, value] of resolveTarget(parent)) mergeAttribute(result, key, value);
    for (const [key, value] of own) if (key !== 'inherits') mergeAttribute(result, key, value);
    inProgress.delete(name);
    resolved.set(name, result);
    return result;
  };

  const inherited = new Set<string>();
  for (const target of targets.values())
    for (const layer of target.layers) {
      const list = layer.get('inherits');
      if (list) for (const parent of stringList(evaluate(list))) inherited.add(parent);
    }
  const grouped = new Set<string>();
  const expand = (name: string, seen: Set<string>): void => {
    if (seen.has(name)) return;
    seen.add(name);
    if (targets.has(name)) grouped.add(name);
    for (const list of groups.get(name) ?? [])
      for (const member of stringList(evaluate(list))) expand(member, seen);
  };
  for (const name of groups.keys()) expand(name, new Set());

  const dir = path.dirname(files[0]!);
  const declarations: BuildDeclaration[] = [];
  for (const [name, target] of targets) {
    if (inherited.has(name) && !grouped.has(name)) continue;
    const where = `${target.file}: target "${name}"`;
    const attributes = resolveTarget(name);
    if (attributes.has('matrix')) {
      problems.push(`${where}: targets with a matrix are not read`);
      continue;
    }
    const text = (key: string, fallback: string | undefined): string | undefined | typeof UNKNOWN => {
      const value = attributes.get(key);
      if (value === undefined) return fallback;
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return UNKNOWN;
    };
    const context = text('context', '.');
    const dockerfile = text('dockerfile', 'Dockerfile');
    let stage = text('target', undefined);
    for (const [key, value] of [
      ['context', context],
      ['dockerfile', dockerfile],
      ['target', stage],
    ] as const) {
      if (value === UNKNOWN) problems.push(`${where}: "${key}" cannot be computed without running bake`);
    }
    if (stage === UNKNOWN) stage = undefined;
    const args: Record<string, string> = {};
    const rawArgs = attributes.get('args');
    if (rawArgs !== undefined && rawArgs !== UNKNOWN && isRecord(rawArgs)) {
      for (const [key, value] of Object.entries(rawArgs)) {
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
          args[key] = String(value);
      }
    }
    const local =
      typeof context === 'string' &&
      typeof dockerfile === 'string' &&
      !attributes.has('dockerfile-inline') &&
      !/^[a-z][a-z0-9+.-]*:\/\//i.test(context) &&
      !context.startsWith('git@');
    declarations.push({
      kind: 'bake',
      file: target.file,
      name,
      line: target.line,
      dockerfile: local ? path.resolve(dir, context, dockerfile) : undefined,
      ...(typeof stage === 'string' && stage !== '' ? { target: stage } : {}),
      args,
    });
  }
  return { declarations, problems };
}

/** Later values replace earlier ones, except build arguments, which are merged by name. */
function mergeAttribute(into: Map<string, Attribute>, key: string, value: Attribute): void {
  const existing = into.get(key);
  if (key === 'args' && isRecord(existing) && isRecord(value)) into.set(key, { ...existing, ...value });
  else into.set(key, value);
}

function stringList(value: Attribute | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isRecord(value: unknown): value is Record<string, HclValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
