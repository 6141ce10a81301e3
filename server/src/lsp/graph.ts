// `leanDockerfile/graph`: the stage graph of an open document. Wiring only: the graph is the engine's.
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { GraphRequest, type GraphParams, type GraphResult } from '../../../common/protocol';
import type { Analysis } from '../engine/analyze';
import { buildGraph, graphForTarget, toMermaid } from '../engine/graph';

function isGraphParams(value: unknown): value is GraphParams {
  if (typeof value !== 'object' || value === null) return false;
  const { uri, target } = value as Record<string, unknown>;
  return typeof uri === 'string' && (target === undefined || target === null || typeof target === 'string');
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
      const base = buildGraph(analysis);
      const graph = params.target ? graphForTarget(base, params.target) : base;
      return { uri: params.uri, version, graph, mermaid: toMermaid(graph) };
    } catch (error) {
      connection.console.error(
        `Stage graph of ${params.uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      return new ResponseError(ErrorCodes.InternalError, 'The stage graph could not be built.');
    }
  });
}
