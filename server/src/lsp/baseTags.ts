// `leanDockerfile/baseTags`: the freshness of each stage's base image tag. Wiring only: the report is
// the engine's (engine/baseTags.ts), from the analysis the server already keeps.
import { ErrorCodes, ResponseError, type Connection, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { BaseTagsRequest, type BaseTagsResult, type LeanDockerfileSettings } from '../../../common/protocol';
import type { Analysis } from '../engine/analyze';
import { baseTagReport } from '../engine/baseTags';
import { eolToday } from '../engine/rules/lib/eol';
import type { TagPointer } from '../io/registry/client';

/** Where a tag points in its registry, when look-ups are allowed (see registryLookups.ts). */
export type TagPointerOf = (
  reference: string,
  settings: LeanDockerfileSettings,
) => Promise<TagPointer | undefined>;

export function registerBaseTagsRequest(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analysisOf: (document: TextDocument) => Promise<Analysis>,
  settingsFor: (uri: string) => Promise<LeanDockerfileSettings>,
  tagPointerOf: TagPointerOf,
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
        const settings = await settingsFor(uri);
        const bases = baseTagReport(analysis.model, eolToday());
        await Promise.all(
          bases.map(async (base) => {
            if (!base.tag || base.written.includes('$') || base.written.includes('@')) return;
            const pointer = await tagPointerOf(`${base.image}:${base.tag}`, settings);
            if (pointer)
              base.pointer = {
                digest: pointer.digest,
                since: pointer.since,
                ...(pointer.previous ? { movedFrom: pointer.previous } : {}),
              };
          }),
        );
        return { bases };
      } catch (error) {
        connection.console.error(
          `Base tags of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
        );
        return new ResponseError(ErrorCodes.InternalError, 'The base image tags could not be checked.');
      }
    },
  );
}
