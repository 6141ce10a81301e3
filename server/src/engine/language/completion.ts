// Completion: what may be typed at the cursor, from the documentation tables, the Model (stages,
// variables in scope) and our data (base-image sizes, package lists). Every list is bounded.
import table from '../../../../data/base-images.json';
import type { Model, Position, Stage } from '../model/types';
import { canonicalImageName, type BaseImageFacts } from '../size/baseImages';
import { rowSizes } from '../size/baseSize';
import type { SizeEstimate } from '../size/types';
import { formatApprox, formatRange } from '../size/units';
import { cursorAt, type CursorContext, type Token } from './cursor';
import {
  BUILTIN_ARGS,
  DIRECTIVES,
  INSTRUCTIONS,
  MOUNT_TYPES,
  PLATFORMS,
  directiveDoc,
  directiveMarkdown,
  flagMarkdown,
  instructionDoc,
  instructionMarkdown,
  mountOptionDoc,
  mountOptionMarkdown,
  mountTypeDoc,
  mountTypeMarkdown,
  type ValueDoc,
} from './instructionDocs';
import { aptPackageNames, apkPackageNames } from './packageNames';
import { stageImageEnvironment, stageSummary } from './stageInfo';
import type { CompletionEntry, CompletionKind, CompletionResult } from './types';
import { definitionsInScope, globalDefault, latestByName, shortValue } from './variables';

export interface CompletionOptions {
  /** The size estimate of the same Model, for stage sizes in `--from=` details. */
  estimate?: SizeEstimate;
  /** Upper bound of entries for open-ended lists (packages, images). */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 100;
const NOTHING: CompletionResult = { entries: [], incomplete: false };

/**
 * Whether the completion at a position lists stages (`--from=`, `from=`, `FROM`), whose details use
 * the size estimate: callers compute the estimate only then (it costs a pass over the whole file).
 */
export function completionNeedsEstimate(model: Model, position: Position): boolean {
  const context = cursorAt(model, position);
  return (
    context.kind === 'image' ||
    (context.kind === 'flag-value' && context.flag === 'from') ||
    (context.kind === 'mount-value' && context.key === 'from')
  );
}

/** What may be typed at a position; an empty result where nothing is known. */
export function completionsAt(
  model: Model,
  position: Position,
  options: CompletionOptions = {},
): CompletionResult {
  const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const context = cursorAt(model, position);
  switch (context.kind) {
    case 'keyword':
      return done(keywordEntries(context));
    case 'directive-name':
      return done(
        DIRECTIVES.filter((d) => !context.present.includes(d.name)).map((d) =>
          entry('directive', `${d.name}=`, context.token, {
            detail: 'parser directive',
            documentation: directiveMarkdown(d),
            retrigger: true,
          }),
        ),
      );
    case 'directive-value':
      return done(valueEntries(directiveDoc(context.directive)?.values ?? [], context.token));
    case 'flag-name':
      return done(flagEntries(context));
    case 'flag-value':
      return flagValueEntries(model, context, options, max);
    case 'mount-key':
      return done(mountKeyEntries(context));
    case 'mount-value':
      return mountValueEntries(model, context, options, max);
    case 'image':
      return imageEntries(model, context, options, max);
    case 'from-keyword':
      return done(
        'AS'.startsWith(context.prefix.toUpperCase())
          ? [entry('keyword', 'AS', context.token, { insertText: 'AS ' })]
          : [],
      );
    case 'variable':
      return done(variableEntries(model, context));
    case 'package': {
      const found =
        context.manager === 'apt'
          ? aptPackageNames(context.prefix, max)
          : apkPackageNames(context.prefix, max);
      return {
        entries: found.names.map((p) =>
          entry('package', p.name, context.token, { detail: p.detail, documentation: p.documentation }),
        ),
        incomplete: found.capped,
      };
    }
    default:
      return NOTHING;
  }
}

const done = (entries: CompletionEntry[]): CompletionResult => ({ entries, incomplete: false });

function entry(
  kind: CompletionKind,
  label: string,
  token: Token,
  extra: Partial<Omit<CompletionEntry, 'kind' | 'label' | 'range'>> = {},
): CompletionEntry {
  return { kind, label, range: token.range, insertText: extra.insertText ?? label, ...extra };
}

function valueEntries(values: readonly ValueDoc[], token: Token): CompletionEntry[] {
  return values.map((v) => entry('value', v.value, token, { documentation: v.summary }));
}

// ---- keywords ---------------------------------------------------------------------------------

interface Template {
  label: string;
  keyword: string;
  insertText: string;
  detail: string;
}

/** Ready-made instructions in the lean and safe form. */
const TEMPLATES: readonly Template[] = [
  {
    label: 'FROM … AS …',
    keyword: 'FROM',
    insertText: 'FROM ${1:image} AS ${2:name}',
    detail: 'a named build stage',
  },
  {
    label: 'RUN --mount=type=cache',
    keyword: 'RUN',
    insertText: 'RUN --mount=type=cache,target=${1:/root/.cache} ${0:command}',
    detail: 'keep a package or compiler cache out of the layer',
  },
  {
    label: 'RUN --mount=type=secret',
    keyword: 'RUN',
    insertText: 'RUN --mount=type=secret,id=${1:token},env=${2:TOKEN} ${0:command}',
    detail: 'use a credential without storing it in the image',
  },
  {
    label: 'COPY --from=…',
    keyword: 'COPY',
    insertText: 'COPY --from=${1:stage} ${2:/src} ${3:/dest}',
    detail: 'copy the artifacts of a build stage',
  },
  {
    label: 'CMD ["…"]',
    keyword: 'CMD',
    insertText: 'CMD ["${1:executable}"${2}]',
    detail: 'exec form: the process receives stop signals',
  },
  {
    label: 'ENTRYPOINT ["…"]',
    keyword: 'ENTRYPOINT',
    insertText: 'ENTRYPOINT ["${1:executable}"${2}]',
    detail: 'exec form: the process receives stop signals',
  },
  {
    label: 'HEALTHCHECK … CMD …',
    keyword: 'HEALTHCHECK',
    insertText: 'HEALTHCHECK --interval=${1:30s} --timeout=${2:5s} --retries=${3:3} CMD ${0:command}',
    detail: 'health probe with explicit timings',
  },
  {
    label: 'SHELL pipefail',
    keyword: 'SHELL',
    insertText: 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    detail: 'a failing command in a pipe fails the build',
  },
  {
    label: 'USER uid:gid',
    keyword: 'USER',
    insertText: 'USER ${1:65532}:${2:65532}',
    detail: 'run as a numeric non-root user',
  },
];

/** Instructions that cannot be ONBUILD triggers. */
const NOT_TRIGGERS = new Set(['FROM', 'ONBUILD', 'MAINTAINER']);
/** Keywords followed by something we complete: ask again right after inserting them. */
const RETRIGGER_AFTER = new Set(['FROM', 'ONBUILD']);

function keywordEntries(context: Extract<CursorContext, { kind: 'keyword' }>): CompletionEntry[] {
  const allowed = (keyword: string): boolean =>
    context.beforeFirstFrom
      ? keyword === 'FROM' || keyword === 'ARG'
      : !(context.onbuild && NOT_TRIGGERS.has(keyword));
  const entries = INSTRUCTIONS.filter((d) => allowed(d.keyword)).map((d) =>
    entry('keyword', d.keyword, context.token, {
      insertText: `${d.keyword} `,
      detail: d.summary,
      documentation: instructionMarkdown(d),
      retrigger: RETRIGGER_AFTER.has(d.keyword),
      ...(d.deprecated ? { deprecated: true } : {}),
    }),
  );
  for (const t of TEMPLATES) {
    if (!allowed(t.keyword)) continue;
    const doc = instructionDoc(t.keyword);
    entries.push(
      entry('snippet', t.label, context.token, {
        insertText: t.insertText,
        snippet: true,
        filterText: t.label,
        detail: t.detail,
        ...(doc ? { documentation: instructionMarkdown(doc) } : {}),
      }),
    );
  }
  return entries;
}

// ---- flags ------------------------------------------------------------------------------------

/** Flags that may be given more than once. */
const REPEATABLE = new Set(['mount', 'exclude']);

function flagEntries(context: Extract<CursorContext, { kind: 'flag-name' }>): CompletionEntry[] {
  const doc = instructionDoc(context.instruction.keyword);
  if (!doc) return [];
  const written = new Set(
    context.instruction.flags
      .filter(
        (f) =>
          f.range.start.line !== context.token.range.start.line ||
          f.range.start.character !== context.token.range.start.character,
      )
      .map((f) => f.name),
  );
  return doc.flags
    .filter((f) => REPEATABLE.has(f.name) || !written.has(f.name))
    .map((f) => {
      const takesValue = f.value !== undefined;
      // With `=value` already after the name, only the name is replaced.
      const insertText = takesValue && !context.hasValue ? `--${f.name}=` : `--${f.name}`;
      return entry('flag', `--${f.name}`, context.token, {
        insertText,
        detail: f.value ? `--${f.name}=${f.value}` : 'switch',
        documentation: flagMarkdown(doc.keyword, f),
        retrigger: takesValue && !context.hasValue,
      });
    });
}

const DURATIONS: Record<string, readonly string[]> = {
  interval: ['30s', '10s', '1m'],
  timeout: ['5s', '10s', '30s'],
  'start-period': ['10s', '30s', '1m'],
  'start-interval': ['2s', '5s'],
  retries: ['3', '5'],
};
const MODES: readonly ValueDoc[] = [
  { value: '0755', summary: 'Owner writes; everyone reads and runs (programs, directories).' },
  { value: '0644', summary: 'Owner writes; everyone reads (data files).' },
  { value: '0555', summary: 'Everyone reads and runs, nobody writes.' },
  { value: '0444', summary: 'Read-only for everyone.' },
];

function flagValueEntries(
  model: Model,
  context: Extract<CursorContext, { kind: 'flag-value' }>,
  options: CompletionOptions,
  max: number,
): CompletionResult {
  const keyword = context.instruction.keyword;
  const { flag, token } = context;
  if (keyword === 'FROM' && flag === 'platform') return done(valueEntries(PLATFORMS, token));
  if ((keyword === 'COPY' || keyword === 'ADD') && flag === 'from')
    return stageEntries(model, context.instruction.stageIndex, context, options, max);
  if ((keyword === 'COPY' || keyword === 'ADD') && flag === 'chmod') return done(valueEntries(MODES, token));
  if (keyword === 'ADD' && flag === 'checksum')
    return done([
      entry('value', 'sha256:', token, {
        documentation: 'SHA-256 digest of the remote file, 64 hex digits.',
      }),
    ]);
  if (keyword === 'HEALTHCHECK' && DURATIONS[flag])
    return done(DURATIONS[flag].map((value) => entry('value', value, token)));
  const doc = instructionDoc(keyword)?.flags.find((f) => f.name === flag);
  return done(valueEntries(doc?.values ?? [], token));
}

/**
 * Named stages before `stageIndex` (the ones `--from` and `FROM` may name), with base and size,
 * nearest first (usually the one wanted). Beyond `max` (files joining hundreds of stages), only names
 * starting with what was typed, and the editor asks again as the user types on.
 */
function stageEntries(
  model: Model,
  stageIndex: number,
  where: { token: Token; prefix: string },
  options: CompletionOptions,
  max: number,
): CompletionResult {
  let earlier: Stage[] = model.stages
    .filter((s) => s.index < stageIndex && s.rawName !== undefined)
    .reverse();
  if (earlier.length > max) {
    const typed = where.prefix.toLowerCase();
    earlier = earlier.filter((s) => s.name!.startsWith(typed));
  }
  return {
    incomplete: earlier.length > max,
    entries: earlier.slice(0, max).map((stage) =>
      entry('stage', stage.rawName!, where.token, {
        detail: stageDetail(model, stage, options.estimate),
        documentation: stageSummary(model, stage, options.estimate),
      }),
    ),
  };
}

function stageDetail(model: Model, stage: Stage, estimate: SizeEstimate | undefined): string {
  const base =
    stage.baseStage !== undefined
      ? (model.stages[stage.baseStage]?.rawName ?? `stage ${stage.baseStage}`)
      : (stage.base?.raw ?? 'scratch');
  const size = estimate?.stages[stage.index];
  return size ? `FROM ${base} · ${formatApprox(size.total)}` : `FROM ${base}`;
}

// ---- RUN --mount ------------------------------------------------------------------------------

/** Directories package managers and compilers cache into (targets of `type=cache`). */
const CACHE_TARGETS: readonly ValueDoc[] = [
  { value: '/var/cache/apt', summary: 'apt downloads (pair with `sharing=locked` and `/var/lib/apt`).' },
  { value: '/var/lib/apt', summary: 'apt lists.' },
  { value: '/var/cache/apk', summary: 'apk downloads.' },
  { value: '/root/.cache/pip', summary: 'pip wheels and downloads.' },
  { value: '/root/.cache/uv', summary: 'uv packages.' },
  { value: '/root/.npm', summary: 'npm package cache.' },
  { value: '/usr/local/share/.cache/yarn', summary: 'Yarn 1 cache.' },
  { value: '/root/.local/share/pnpm/store', summary: 'pnpm store.' },
  { value: '/go/pkg/mod', summary: 'Go module downloads.' },
  { value: '/root/.cache/go-build', summary: 'Go build cache.' },
  { value: '/usr/local/cargo/registry', summary: 'Cargo registry (rust images).' },
  { value: '/root/.m2', summary: 'Maven repository.' },
  { value: '/root/.gradle', summary: 'Gradle caches.' },
];

function mountKeyEntries(context: Extract<CursorContext, { kind: 'mount-key' }>): CompletionEntry[] {
  const type = mountTypeDoc(context.mountType);
  const written = new Set(context.written.map((k) => mountOptionDoc(context.mountType, k)?.key ?? k));
  const options = [mountOptionDoc(context.mountType, 'type')!, ...(type?.options ?? [])];
  return options
    .filter((o) => !written.has(o.key))
    .map((o) =>
      entry('flag', o.key, context.token, {
        insertText: o.value ? `${o.key}=` : o.key,
        detail: o.value ? `${o.key}=${o.value}` : 'switch',
        documentation: mountOptionMarkdown(context.mountType, o),
        retrigger: o.value !== undefined,
      }),
    );
}

function mountValueEntries(
  model: Model,
  context: Extract<CursorContext, { kind: 'mount-value' }>,
  options: CompletionOptions,
  max: number,
): CompletionResult {
  const { key, token, mountType } = context;
  if (key === 'type')
    return done(
      MOUNT_TYPES.map((t) => entry('value', t.type, token, { documentation: mountTypeMarkdown(t) })),
    );
  if (key === 'from') return stageEntries(model, context.instruction.stageIndex, context, options, max);
  if (mountType === 'cache' && ['target', 'dst', 'destination'].includes(key))
    return done(valueEntries(CACHE_TARGETS, token));
  return done(valueEntries(mountOptionDoc(mountType, key)?.values ?? [], token));
}

// ---- images -----------------------------------------------------------------------------------

const catalog = new Map<string, BaseImageFacts[]>();
for (const row of table.images as BaseImageFacts[]) {
  if (row.platform !== 'linux/amd64') continue;
  const rows = catalog.get(row.image) ?? [];
  rows.push(row);
  catalog.set(row.image, rows);
}

function sizeLine(row: BaseImageFacts): string | undefined {
  const sizes = rowSizes(row);
  if (!sizes) return undefined;
  return `${formatApprox(sizes.bytes)} disk · ${formatApprox(sizes.compressed)} pull`;
}

/** The span of an image's known sizes, e.g. `45 MB–1.1 GB`. */
function imageSpan(rows: readonly BaseImageFacts[]): string | undefined {
  const sizes = rows.map(rowSizes).filter((s) => s !== undefined);
  if (sizes.length === 0) return undefined;
  const low = Math.min(...sizes.map((s) => s.bytes.low));
  const high = Math.max(...sizes.map((s) => s.bytes.high));
  return formatRange({ low, high });
}

/** `registry/repo` of a reference as typed, canonical like the table's keys. */
function canonicalTyped(written: string): string {
  const slash = written.indexOf('/');
  const first = slash >= 0 ? written.slice(0, slash) : '';
  const hasRegistry = slash >= 0 && (/[.:]/.test(first) || first === 'localhost');
  return hasRegistry
    ? canonicalImageName(first, written.slice(slash + 1))
    : canonicalImageName(undefined, written);
}

function imageEntries(
  model: Model,
  context: Extract<CursorContext, { kind: 'image' }>,
  options: CompletionOptions,
  max: number,
): CompletionResult {
  const { prefix, token } = context;
  const colon = prefix.lastIndexOf(':');
  if (colon >= 0 && !prefix.slice(colon + 1).includes('/')) {
    // After `image:`: the table's tags of that image, with their sizes.
    const rows = catalog.get(canonicalTyped(prefix.slice(0, colon))) ?? [];
    const tagToken: Token = {
      text: token.text.slice(colon + 1),
      range: {
        start: { line: token.range.start.line, character: token.range.start.character + colon + 1 },
        end: token.range.end,
      },
    };
    const tagEnd = tagToken.text.search(/[@\s]/);
    if (tagEnd >= 0)
      tagToken.range = {
        ...tagToken.range,
        end: { ...tagToken.range.end, character: tagToken.range.start.character + tagEnd },
      };
    return done(
      rows.map((row) =>
        entry('tag', row.tag, tagToken, {
          detail: sizeLine(row) ?? 'size unknown',
          documentation: `\`${row.image}:${row.tag}\`: ${row.osFamily}${row.packageManager ? ` (${row.packageManager})` : ''}, default user ${row.defaultUser ?? 'unknown'}. Base-image table as of ${row.asOf}; ${row.source}.`,
        }),
      ),
    );
  }
  if (prefix.includes('@')) return NOTHING;
  const stages = stageEntries(model, context.instruction.stageIndex, context, options, max);
  const entries = stages.entries;
  entries.push(
    entry('image', 'scratch', token, {
      detail: '0 B · the empty image',
      documentation: 'An empty image: for static binaries, with nothing else in the final image.',
    }),
  );
  let capped = stages.incomplete;
  for (const [image, rows] of catalog) {
    if (!image.startsWith(prefix.toLowerCase()) && prefix !== '') continue;
    if (entries.length >= max) {
      capped = true;
      break;
    }
    const span = imageSpan(rows);
    entries.push(
      entry('image', image, token, {
        insertText: `${image}:`,
        retrigger: true,
        detail: `${rows.length} tag${rows.length === 1 ? '' : 's'}${span ? ` · ${span}` : ''}`,
        documentation: `Tags in the bundled base-image table: ${rows.map((r) => `\`${r.tag}\``).join(', ')}. Sizes are uncompressed (disk), linux/amd64.`,
      }),
    );
  }
  return { entries, incomplete: capped };
}

// ---- variables --------------------------------------------------------------------------------

function variableEntries(
  model: Model,
  context: Extract<CursorContext, { kind: 'variable' }>,
): CompletionEntry[] {
  const { instruction, token } = context;
  const closing = context.braced && !context.closed ? '}' : '';
  const entries: CompletionEntry[] = [];
  const seen = new Set<string>();
  const scope = latestByName(definitionsInScope(model, instruction));
  for (const [name, definitions] of scope) {
    const last = definitions.at(-1)!;
    const value = last.value ?? globalDefault(model, name)?.value;
    seen.add(name);
    entries.push(
      entry('variable', name, token, {
        insertText: `${name}${closing}`,
        detail: `${last.kind}, line ${last.instruction.range.start.line + 1}${value !== undefined ? ` = ${shortValue(value)}` : ' (no default)'}`,
      }),
    );
  }
  const stage = model.stages[instruction.stageIndex];
  const fromLine = stage?.from === instruction || instruction.stageIndex < 0;
  if (stage && !fromLine) {
    for (const name of stageImageEnvironment(model, stage)) {
      if (seen.has(name)) continue;
      seen.add(name);
      entries.push(
        entry('variable', name, token, { insertText: `${name}${closing}`, detail: 'set by the base image' }),
      );
    }
  }
  for (const arg of BUILTIN_ARGS) {
    if (seen.has(arg.name)) continue;
    const platform = !arg.name.endsWith('_PROXY');
    // Platform ARGs work in FROM lines as they are; in a stage only after `ARG <name>`.
    const note = fromLine || !platform ? '' : ` Inside a stage, declare \`ARG ${arg.name}\` first.`;
    entries.push(
      entry('variable', arg.name, token, {
        insertText: `${arg.name}${closing}`,
        detail: 'set by BuildKit',
        documentation: `${arg.summary}${note}`,
      }),
    );
  }
  return entries;
}
