// `leanDockerfile/baseTags`: the freshness of each stage's base image tag. Wiring only: the report is
// the engine's (engine/baseTags.ts), from the analysis the server already keeps.
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BaseTagsRequest, type BaseTagsResult } from '../../../common/protocol';
import type { Analysis } from '../engine/analyze';
import { baseTagReport } from '../engine/baseTags';
import { eolToday } from '../engine/rules/lib/eol';

export function registerBaseTagsRequest(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analysisOf: (document: TextDocument) => Promise<Analysis>,
): void {
  connection.onRequest(
    BaseTagsRequest,
    async (params: unknown): Promise<BaseTagsResult | null | ResponseError> => {
      const uri = (params as { uri?: unknown } | null)?.uri;
      if (typeof uri !== 'string')
        return new ResponseError(ErrorCodes.InvalidParams, `${BaseTagsRequest} expects { uri: string }`);
      const document = documents.get(uri);
      if (!document) return null;
      try {
        const analysis = await analysisOf(document);
        return { bases: baseTagReport(analysis.model, eolToday()) };
      } catch (error) {
        connection.console.error(
          `Base tags of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
        );
        return new ResponseError(ErrorCodes.InternalError, 'The base image tags could not be checked.');
      }
    },
  );
}
