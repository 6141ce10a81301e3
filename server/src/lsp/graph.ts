// `leanDockerfile/graph`: the stage graph of an open document. Wiring only: the graph is the engine's.
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { GraphRequest, type GraphParams, type GraphResult } from '../../../common/protocol';
import type { Analysis } from '../engine/analyze';
import type { GraphSize } from '../../../common/graph';
import { buildGraph, graphForTarget, toMermaid } from '../engine/graph';
import type { Stage } from '../engine/model/types';
import type { SizeEstimate } from '../engine/size/types';
import { midpoint } from '../engine/size/units';
import { buildFilesOf } from './documents';

function isGraphParams(value: unknown): value is GraphParams {
  if (typeof value !== 'object' || value === null) return false;
  const { uri, target } = value as Record<string, unknown>;
  return typeof uri === 'string' && (target === undefined || target === null || typeof target === 'string');
}

/**
 * The one stage a compose service or bake target builds this Dockerfile to, when that is all that is
 * built: the graph then shows it as `docker build --target` would. With several builds, or one that
 * also builds the last stage, the shipped marks of the analysis already tell the story.
 */
function composeTarget(analysis: Analysis): string | undefined {
  const found = buildFilesOf(analysis.model);
  if (!found || found.lastStageAlsoShipped || found.targets.length !== 1) return undefined;
  const target = found.targets[0]!;
  // A target naming no stage would only add an error to the graph: the analysis ships the last stage then.
  return analysis.model.stages.some((s) => s.name === target.toLowerCase()) ? target : undefined;
}

/** A stage node's size: the midpoint of the size model's range, with the range beside it. */
function stageSizeOf(estimate: SizeEstimate): (stage: Stage) => GraphSize | undefined {
  return (stage) => {
    const size = estimate.stages.find((s) => s.index === stage.index);
    if (!size) return undefined;
    return {
      bytes: midpoint(size.total),
      compressedBytes: midpoint(size.totalCompressed),
      basis: 'estimate',
      range: { low: size.total.low, high: size.total.high },
    };
  };
}

/**
 * Answers `leanDockerfile/graph` from the analysis the server already keeps for the document
 * (`analysisOf`, the diagnostics cache), so opening the graph costs no second parse. `null` for a
 * document the server does not have open.
 */
export function registerGraphRequest(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analysisOf: (document: TextDocument) => Promise<Analysis>,
  estimateOf: (document: TextDocument) => Promise<SizeEstimate | undefined> = async () => undefined,
): void {
  connection.onRequest(GraphRequest, async (params: unknown): Promise<GraphResult | null | ResponseError> => {
    if (!isGraphParams(params))
      return new ResponseError(
        ErrorCodes.InvalidParams,
        `${GraphRequest} expects { uri: string, target?: string }`,
      );
    try {
      const document = documents.get(params.uri);
      if (!document) return null;
      // TextDocuments updates documents in place: right after the analysis, `version` is the one it read.
      const analysis = await analysisOf(document);
      const version = document.version;
      // Stage sizes only when the size views are on (the estimate is then usually computed already).
      const estimate = await estimateOf(document).catch(() => undefined);
      const base = buildGraph(analysis, { stageSize: estimate ? stageSizeOf(estimate) : undefined });
      const target = params.target || composeTarget(analysis);
      const graph = target ? graphForTarget(base, target) : base;
      return { uri: params.uri, version, graph, mermaid: toMermaid(graph) };
    } catch (error) {
      connection.console.error(
        `Stage graph of ${params.uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      return new ResponseError(ErrorCodes.InternalError, 'The stage graph could not be built.');
    }
  });
}
