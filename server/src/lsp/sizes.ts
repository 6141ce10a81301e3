// Size estimates in the editor: inlay hints (`+45 MB`, `node:22 ≈ 1.13 GB`), a code lens per FROM,
// hovers with the breakdown, and the custom `leanDockerfile/sizes` request (status bar). Wiring only:
// the numbers, their basis and the display strings come from engine/size/.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeLensRefreshRequest,
  ErrorCodes,
  InlayHintKind,
  MarkupKind,
  ResponseError,
  type CodeLens,
  type Connection,
  type Hover,
  type InitializeParams,
  type InlayHint,
  type ServerCapabilities,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  SizesRequest,
  type LeanDockerfileSettings,
  type SizesInstruction,
  type SizeRange,
  type SizesParams,
  type SizesRange,
  type SizesResult,
  type SizesStage,
} from '../../../common/protocol';
import type { Analysis } from '../engine/analyze';
import type { Instruction, Model, Position } from '../engine/model/types';
import { baseHint, instructionHint, stageLens, statusText, type SizeView } from '../engine/size/display';
import { estimateSizes } from '../engine/size/estimate';
import type { SizeEstimate, SizeInputs, StageSize } from '../engine/size/types';
import { formatApprox, formatRange, type ByteRange } from '../engine/size/units';
import { BuildContext } from '../io/context';
import type { RegistryLookups } from './registryLookups';
import { buildArgHints } from './buildArgHints';

/** The stage-graph command of the client: where a size lens leads. */
const SHOW_STAGE_GRAPH_COMMAND = 'leanDockerfile.showStageGraph';
/** A build context walk is reused this long (edits of the Dockerfile do not re-walk the folder). */
const CONTEXT_TTL_MS = 10_000;
/** The editor waits for the walk: keep it short and say "capped" beyond (COPY sizes are then lower bounds). */
const CONTEXT_MAX_MS = 1_000;
const CONTEXT_MAX_FILES = 50_000;

interface Computed {
  estimate: SizeEstimate;
  /** The document version the analysis was made from. */
  version: number;
  contextCapped: boolean;
  results: Partial<Record<SizeView, SizesResult>>;
  /** Counts changes of files inside build contexts: an estimate made before one is stale. */
  contextGeneration: number;
  /** `RegistryLookups.generation` the estimate used: a newer look-up result makes it stale. */
  registryGeneration: number;
}

export interface SizesFeature {
  /** The server capabilities of the size views; also notes whether the client can refresh them. */
  capabilities(params: InitializeParams): ServerCapabilities;
  /** Asks the client to re-request inlay hints and code lenses (settings changed). */
  refresh(): void;
  /**
   * The size breakdown of the FROM line or layer at a position, or null (off, nothing there). Not
   * registered as a handler here: the language features join it with their own hover.
   */
  hoverAt(document: TextDocument, position: Position): Promise<Hover | null>;
  /** The size estimate of the document's current analysis (computed once per analysis); undefined when disabled. */
  estimateOf(document: TextDocument): Promise<SizeEstimate | undefined>;
  /**
   * Files changed on disk: walks of build contexts that contain one are dropped, so COPY sizes are
   * measured again. True when a size view should be refreshed.
   */
  filesChanged(uris: readonly string[]): boolean;
}

function isSizesParams(value: unknown): value is SizesParams {
  if (typeof value !== 'object' || value === null) return false;
  const { uri, view } = value as Record<string, unknown>;
  return (
    typeof uri === 'string' &&
    (view === undefined || view === null || view === 'uncompressed' || view === 'compressed')
  );
}

const viewOf = (settings: LeanDockerfileSettings): SizeView =>
  settings.sizes.compressed ? 'compressed' : 'uncompressed';

const pick = (view: SizeView, r: { bytes: ByteRange; compressed: ByteRange }): ByteRange =>
  view === 'compressed' ? r.compressed : r.bytes;

const viewName = (view: SizeView): string =>
  view === 'compressed' ? 'compressed (pull) size' : 'uncompressed (disk) size';

/** End of a line's text (no line break). */
function lineEnd(model: Model, line: number): Position {
  return { line, character: model.positions.lineText(line).replace(/\r?\n$/, '').length };
}

function contains(range: SizesRange, position: Position): boolean {
  const before = (a: Position, b: Position): boolean =>
    a.line < b.line || (a.line === b.line && a.character <= b.character);
  return before(range.start, position) && before(position, range.end);
}

/** Markdown cell text: pipes and line breaks would break the table. */
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function registerSizes(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  settingsOf: (uri: string) => Promise<LeanDockerfileSettings>,
  analysisOf: (document: TextDocument, settings: LeanDockerfileSettings) => Promise<Analysis>,
  registry?: RegistryLookups,
  /** "Build and Measure" results next to the estimate (measured.ts `hoverLines`). */
  measuredLines: (uri: string, line: number, estimate: SizeRange) => string[] = () => [],
): SizesFeature {
  const computed = new WeakMap<Analysis, Computed>();
  const contexts = new Map<string, { context: BuildContext; at: number }>();
  let contextGeneration = 0;
  let canRefreshInlayHints = false;
  let canRefreshCodeLenses = false;

  /** Build context = the Dockerfile's folder (as `docker build -f <file> <its folder>`); none for untitled documents. */
  function contextFor(uri: string): BuildContext | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const now = Date.now();
    const cached = contexts.get(file);
    if (cached && now - cached.at < CONTEXT_TTL_MS) return cached.context;
    for (const [key, entry] of contexts) if (now - entry.at >= CONTEXT_TTL_MS) contexts.delete(key);
    const context = new BuildContext(path.dirname(file), {
      dockerfilePath: file,
      maxMs: CONTEXT_MAX_MS,
      maxFiles: CONTEXT_MAX_FILES,
    });
    contexts.set(file, { context, at: now });
    return context;
  }

  function computeFor(document: TextDocument, analysis: Analysis): Computed {
    let entry = computed.get(analysis);
    if (
      entry &&
      entry.registryGeneration === (registry?.generation ?? 0) &&
      entry.contextGeneration === contextGeneration
    )
      return entry;
    const context = contextFor(document.uri);
    let contextCapped = false;
    const inputs: SizeInputs = context
      ? {
          contextSize: (sources, dest) => {
            const size = context.inputs().contextSize?.(sources, dest);
            if (size?.capped) contextCapped = true;
            return size;
          },
          readContextFile: (rel) => context.readFile(rel),
          measureDir: (rel) => context.measureDir(rel),
        }
      : {};
    if (registry) inputs.lookedUpBases = registry.bases;
    const estimate = estimateSizes(analysis.model, analysis.shipped, inputs);
    entry = {
      estimate,
      version: document.version,
      contextCapped,
      results: {},
      registryGeneration: registry?.generation ?? 0,
      contextGeneration,
    };
    computed.set(analysis, entry);
    return entry;
  }

  function toResult(uri: string, analysis: Analysis, entry: Computed, view: SizeView): SizesResult {
    const cached = entry.results[view];
    if (cached) return cached;
    const { model } = analysis;
    const { estimate } = entry;
    const byLine = new Map<number, Instruction>();
    for (const instruction of model.instructions)
      if (!byLine.has(instruction.range.start.line)) byLine.set(instruction.range.start.line, instruction);
    const stages: SizesStage[] = estimate.stages.map((stage) => {
      const from = model.stages[stage.index]?.from;
      const instructions: SizesInstruction[] = stage.instructions.map((i) => {
        const source = model.instructions[i.index];
        return {
          range: source?.range ?? { start: { line: i.line, character: 0 }, end: lineEnd(model, i.line) },
          keyword: i.keyword,
          layer: i.layer,
          bytes: i.bytes,
          compressed: i.compressed,
          display: instructionHint(i, view),
          basis: i.basis,
          details: i.details,
          unknown: i.unknown,
          removedFrom: i.removedFromLines.flatMap((line) => {
            const removed = byLine.get(line);
            return removed ? [removed.range] : [];
          }),
        };
      });
      return {
        index: stage.index,
        name: stage.name,
        fromRange: from?.range ?? {
          start: { line: stage.line, character: 0 },
          end: lineEnd(model, stage.line),
        },
        shipped: stage.shipped,
        image: estimate.image?.stageIndex === stage.index,
        base: {
          image: stage.base.image,
          kind: stage.base.kind,
          bytes: stage.base.bytes,
          compressed: stage.base.compressed,
          display: baseHint(stage, view),
          basis: stage.base.basis,
          unknown: stage.base.unknown,
          ...(stage.base.source !== undefined ? { source: stage.base.source } : {}),
          ...(stage.base.asOf !== undefined ? { asOf: stage.base.asOf } : {}),
        },
        instructions,
        total: stage.total,
        totalCompressed: stage.totalCompressed,
        lens: stageLens(estimate, stage, view),
        unknown: stage.unknown,
      };
    });
    const image = estimate.image;
    const result: SizesResult = {
      uri,
      version: entry.version,
      view,
      stages,
      image: image
        ? {
            stageIndex: image.stageIndex,
            bytes: image.bytes,
            compressed: image.compressed,
            display: formatApprox(pick(view, image)),
            unknown: image.unknown,
          }
        : undefined,
      status: statusText(estimate, view),
      contextCapped: entry.contextCapped,
      sources: estimate.sources,
    };
    entry.results[view] = result;
    return result;
  }

  /** The estimate of an open document in its current version, or undefined (closed, disabled). */
  async function sizesOf(
    uri: string,
    view?: SizeView,
  ): Promise<
    | { result: SizesResult; settings: LeanDockerfileSettings; estimate: SizeEstimate; model: Model }
    | undefined
  > {
    const document = documents.get(uri);
    if (!document) return undefined;
    const settings = await settingsOf(uri);
    if (!settings.enable) return undefined;
    const analysis = await analysisOf(document, settings);
    const entry = computeFor(document, analysis);
    // In the background: the views show the estimate now and refresh when a registry answers.
    registry?.lookUpUnknownBases(entry.estimate, settings);
    return {
      result: toResult(uri, analysis, entry, view ?? viewOf(settings)),
      settings,
      estimate: entry.estimate,
      model: analysis.model,
    };
  }

  function logFailure(what: string, uri: string, error: unknown): void {
    connection.console.error(
      `${what} of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
    );
  }

  connection.onRequest(SizesRequest, async (params: unknown): Promise<SizesResult | null | ResponseError> => {
    if (!isSizesParams(params))
      return new ResponseError(
        ErrorCodes.InvalidParams,
        `${SizesRequest} expects { uri: string, view?: 'uncompressed' | 'compressed' }`,
      );
    try {
      return (await sizesOf(params.uri, params.view ?? undefined))?.result ?? null;
    } catch (error) {
      logFailure('Size estimate', params.uri, error);
      return new ResponseError(ErrorCodes.InternalError, 'The size estimate failed.');
    }
  });

  connection.languages.inlayHint.on(async (params): Promise<InlayHint[]> => {
    const uri = params.textDocument.uri;
    try {
      const sizes = await sizesOf(uri);
      if (!sizes) return [];
      // ARG values from compose/bake files show whether the size hints are on or not.
      const hints: InlayHint[] = buildArgHints(sizes.model, params.range);
      if (!sizes.settings.sizes.inlayHints) return hints;
      const { result } = sizes;
      const inRange = (position: Position): boolean =>
        position.line >= params.range.start.line && position.line <= params.range.end.line;
      const sources = result.sources.map((s) => `- ${s}`).join('\n');
      for (const stage of result.stages) {
        const at = lineEnd(sizes.model, stage.fromRange.start.line);
        if (inRange(at)) {
          hints.push({
            position: at,
            label: stage.base.display,
            kind: InlayHintKind.Type,
            paddingLeft: true,
            tooltip: {
              kind: MarkupKind.Markdown,
              value: `${stage.base.basis}\n\n${viewName(result.view)}${stage.base.asOf ? ` · data as of ${stage.base.asOf}` : ''}`,
            },
          });
        }
        for (const instruction of stage.instructions) {
          if (!instruction.layer) continue;
          const removes = instruction.removedFrom.length > 0;
          const adds = instruction.bytes.high > 0 || instruction.details.some((d) => d.saved);
          if (!adds && !removes) continue;
          // After the instruction's first line (for a continued RUN: next to its keyword).
          const position = lineEnd(sizes.model, instruction.range.start.line);
          if (!inRange(position)) continue;
          hints.push({
            position,
            label: removes && !adds ? `${instruction.display} · removal saves nothing` : instruction.display,
            kind: InlayHintKind.Type,
            paddingLeft: true,
            tooltip: {
              kind: MarkupKind.Markdown,
              value: `${cell(instruction.basis)}\n\n${viewName(result.view)}${instruction.unknown ? ' · includes a guess range' : ''}\n\n${sources}`,
            },
          });
        }
      }
      return hints;
    } catch (error) {
      logFailure('Size hints', uri, error);
      return [];
    }
  });

  connection.onCodeLens(async (params): Promise<CodeLens[]> => {
    const uri = params.textDocument.uri;
    try {
      const sizes = await sizesOf(uri);
      if (!sizes || !sizes.settings.sizes.codeLens) return [];
      return sizes.result.stages.map((stage) => ({
        range: { start: stage.fromRange.start, end: stage.fromRange.start },
        command: {
          title: stage.lens,
          command: SHOW_STAGE_GRAPH_COMMAND,
          arguments: [uri],
        },
      }));
    } catch (error) {
      logFailure('Size code lenses', uri, error);
      return [];
    }
  });

  async function sizeHover(uri: string, position: Position): Promise<Hover | null> {
    try {
      const sizes = await sizesOf(uri);
      if (!sizes || !sizes.settings.sizes.hover) return null;
      const { result, estimate } = sizes;
      for (const stage of result.stages) {
        const engineStage = estimate.stages[stage.index];
        if (contains(stage.fromRange, position) && engineStage) {
          const measured = measuredLines(uri, stage.fromRange.start.line, stage.total);
          return {
            contents: withLines(stageHover(result, stage, engineStage), measured),
            range: stage.fromRange,
          };
        }
        for (const instruction of stage.instructions) {
          if (!instruction.layer || !contains(instruction.range, position)) continue;
          const measured = measuredLines(uri, instruction.range.start.line, instruction.bytes);
          return {
            contents: withLines(instructionHover(result, instruction), measured),
            range: instruction.range,
          };
        }
      }
      return null;
    } catch (error) {
      logFailure('Size hover', uri, error);
      return null;
    }
  }

  return {
    capabilities(params: InitializeParams): ServerCapabilities {
      canRefreshInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
      canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
      return { inlayHintProvider: true, codeLensProvider: { resolveProvider: false } };
    },
    refresh(): void {
      if (canRefreshInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
      if (canRefreshCodeLenses)
        void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    },
    hoverAt: (document, position) => sizeHover(document.uri, position),
    filesChanged(uris: readonly string[]): boolean {
      const paths = uris.flatMap((uri) => {
        try {
          return uri.startsWith('file:') ? [fileURLToPath(uri)] : [];
        } catch {
          return [];
        }
      });
      let dropped = false;
      for (const [file, entry] of contexts) {
        const root = entry.context.root;
        if (paths.some((p) => p === root || p.startsWith(root + path.sep))) {
          contexts.delete(file);
          dropped = true;
        }
      }
      if (dropped) contextGeneration++;
      return dropped;
    },
    async estimateOf(document: TextDocument): Promise<SizeEstimate | undefined> {
      const settings = await settingsOf(document.uri);
      if (!settings.enable) return undefined;
      return computeFor(document, await analysisOf(document, settings)).estimate;
    },
  };
}

function sourcesBlock(result: SizesResult): string {
  return `_${viewName(result.view)}, 1 MB = 10^6 B. Data: ${result.sources.join('; ')}._`;
}

/** A hover's Markdown with more lines after it (none: unchanged). */
function withLines(
  hover: { kind: 'markdown'; value: string },
  lines: string[],
): { kind: 'markdown'; value: string } {
  return lines.length === 0 ? hover : { kind: 'markdown', value: `${hover.value}\n\n${lines.join('\n')}` };
}

function instructionHover(
  result: SizesResult,
  instruction: SizesInstruction,
): { kind: 'markdown'; value: string } {
  const lines = [
    `**${instruction.keyword} layer ${instruction.display}**${instruction.unknown ? ' (includes a guess range)' : ''}`,
    '',
  ];
  lines.push(`Basis: ${instruction.basis}`, '');
  if (instruction.details.length > 0) {
    lines.push('| part | size | basis |', '| --- | ---: | --- |');
    for (const d of instruction.details) {
      const size = formatRange(pick(result.view, d));
      lines.push(
        `| ${cell(d.label)} | ${d.saved ? `0 B (saves ${formatRange(d.saved)})` : size} | ${cell(d.basis)} |`,
      );
    }
    lines.push('');
  }
  if (instruction.removedFrom.length > 0) {
    const where = instruction.removedFrom.map((r) => `line ${r.start.line + 1}`).join(', ');
    lines.push(
      `Removing files in a later layer saves nothing: they still ship in the layer of ${where}. Clean up in the same \`RUN\` instead.`,
      '',
    );
  }
  if (result.contextCapped && (instruction.keyword === 'COPY' || instruction.keyword === 'ADD'))
    lines.push('The build-context walk hit its limit: context sizes are lower bounds.', '');
  lines.push(sourcesBlock(result));
  return { kind: MarkupKind.Markdown, value: lines.join('\n') };
}

function stageHover(
  result: SizesResult,
  stage: SizesStage,
  engineStage: StageSize,
): { kind: 'markdown'; value: string } {
  const name = stage.name ?? `stage ${stage.index}`;
  const role = stage.image ? 'the image `docker build` produces' : stage.shipped ? 'shipped' : 'discarded';
  const total = pick(result.view, { bytes: stage.total, compressed: stage.totalCompressed });
  const added = pick(result.view, { bytes: engineStage.added, compressed: engineStage.addedCompressed });
  const lines = [
    `**${cell(name)}: ${formatApprox(total)}** (${role})${stage.unknown ? ' · includes guess ranges' : ''}`,
    '',
    `Base ${stage.base.display}: ${stage.base.basis}${stage.base.source ? ` (source: ${stage.base.source}${stage.base.asOf ? `, ${stage.base.asOf}` : ''})` : ''}`,
    '',
    `Layers add ${formatRange(added)}.`,
    '',
  ];
  const layers = stage.instructions.filter((i) => i.layer);
  if (layers.length > 0) {
    lines.push('| line | layer | size | basis |', '| ---: | --- | ---: | --- |');
    for (const i of layers)
      lines.push(`| ${i.range.start.line + 1} | ${i.keyword} | ${cell(i.display)} | ${cell(i.basis)} |`);
    lines.push('');
  }
  lines.push(sourcesBlock(result));
  return { kind: MarkupKind.Markdown, value: lines.join('\n') };
}
