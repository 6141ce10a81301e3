// Symbols, definition/references/rename/highlight, folding, document links, formatting and semantic
// tokens: translation between LSP and engine/language/ (and the formatter in engine/model/format.ts).
import {
  type CancellationToken,
  DocumentHighlightKind,
  FoldingRangeKind,
  LSPErrorCodes,
  ResponseError,
  SymbolKind,
  type DocumentHighlight,
  type DocumentLink,
  type DocumentSymbol,
  type FoldingRange,
  type InitializeParams,
  type Location,
  type SemanticTokens,
  type ServerCapabilities,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { foldingRanges } from '../../engine/language/folding';
import { documentLinks } from '../../engine/language/links';
import { definitionsAt, highlightsAt, referencesAt } from '../../engine/language/references';
import { prepareRename, rename } from '../../engine/language/rename';
import { createSemanticTokenRun, TOKEN_MODIFIERS, TOKEN_TYPES } from '../../engine/language/semanticTokens';
import { documentOutline, type OutlineKind, type OutlineSymbol } from '../../engine/language/symbols';
import { formatAfterTyping, formatDocument, formatLines } from '../../engine/model/format';
import type { Model } from '../../engine/model/types';
import type { LanguageContext, PeerFeature } from './index';

/** Longest stretch of token work between two turns of the event loop (edits, diagnostics, requests). */
const TOKEN_SLICE_MS = 8;
/** Total work a token request may take before it answers with what it has (whole file / a range). */
const TOKEN_BUDGET_FULL_MS = 1500;
const TOKEN_BUDGET_RANGE_MS = 300;

// Whether the client takes nested symbols arrives with `initialize`, before any request; clients that
// do not say so get the flat list LSP prescribes.
let hierarchicalSymbols = false;

export function navigationCapabilities(params: InitializeParams): ServerCapabilities {
  hierarchicalSymbols =
    params.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true;
  return {
    documentSymbolProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    documentHighlightProvider: true,
    foldingRangeProvider: true,
    documentLinkProvider: { resolveProvider: false },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    // Typing the escape character at a line end indents the continuation line (either escape).
    documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
    semanticTokensProvider: {
      legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] },
      full: true,
      range: true,
    },
  };
}

export function registerNavigation(context: LanguageContext): void {
  const { connection } = context;

  /**
   * Runs `answer` on the document's Model when the feature is on for it; `fallback` when the document
   * is unknown, the feature is off or the engine failed (which is logged, never thrown). The Model
   * does not wait for the rules: these answers need names and ranges only.
   */
  async function withModel<T>(
    feature: PeerFeature,
    uri: string,
    fallback: T,
    answer: (model: Model, document: TextDocument) => T | Promise<T>,
  ): Promise<T> {
    const document = context.documents.get(uri);
    if (!document) return fallback;
    const settings = await context.settingsFor(uri);
    if (!context.isOn(feature, settings)) return fallback;
    try {
      return await answer(await context.modelOf(document), document);
    } catch (error) {
      if (error instanceof ResponseError) throw error;
      connection.console.error(
        `${feature} failed for ${uri}: ${error instanceof Error ? error.stack : String(error)}`,
      );
      return fallback;
    }
  }

  connection.onDocumentSymbol((params) =>
    withModel('symbols', params.textDocument.uri, null, (model) => {
      const outline = documentOutline(model);
      return hierarchicalSymbols
        ? outline.map(toDocumentSymbol)
        : flatten(outline, params.textDocument.uri, undefined);
    }),
  );

  connection.onDefinition((params) =>
    withModel('definition', params.textDocument.uri, null, (model): Location[] =>
      definitionsAt(model, params.position).map((range) => ({ uri: params.textDocument.uri, range })),
    ),
  );

  connection.onReferences((params) =>
    withModel('references', params.textDocument.uri, null, (model): Location[] =>
      referencesAt(model, params.position, params.context.includeDeclaration).map((range) => ({
        uri: params.textDocument.uri,
        range,
      })),
    ),
  );

  connection.onDocumentHighlight((params) =>
    withModel('highlight', params.textDocument.uri, null, (model): DocumentHighlight[] =>
      highlightsAt(model, params.position).map((h) => ({
        range: h.range,
        kind: h.kind === 'write' ? DocumentHighlightKind.Write : DocumentHighlightKind.Read,
      })),
    ),
  );

  connection.onPrepareRename((params) =>
    withModel('rename', params.textDocument.uri, null, (model) => {
      const result = prepareRename(model, params.position);
      // The editor shows the message of a failed prepareRename instead of opening the rename box.
      if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return result;
    }),
  );

  connection.onRenameRequest((params) =>
    withModel('rename', params.textDocument.uri, null, (model): WorkspaceEdit => {
      const result = rename(model, params.position, params.newName.trim());
      if ('error' in result) throw new ResponseError(LSPErrorCodes.RequestFailed, result.error);
      return { changes: { [params.textDocument.uri]: result.edits } };
    }),
  );

  connection.onFoldingRanges((params) =>
    withModel('folding', params.textDocument.uri, null, (model): FoldingRange[] =>
      foldingRanges(model).map((f) => ({
        startLine: f.startLine,
        endLine: f.endLine,
        ...(f.kind === 'comment' ? { kind: FoldingRangeKind.Comment } : {}),
      })),
    ),
  );

  connection.onDocumentLinks((params) =>
    withModel('links', params.textDocument.uri, null, (model): DocumentLink[] =>
      documentLinks(model, params.textDocument.uri),
    ),
  );

  /** Formatting needs only the text: it does not wait for an analysis. */
  async function formatting(uri: string, edits: (text: string) => TextEdit[]): Promise<TextEdit[] | null> {
    const document = context.documents.get(uri);
    if (!document) return null;
    if (!context.isOn('formatting', await context.settingsFor(uri))) return null;
    try {
      return edits(document.getText());
    } catch (error) {
      connection.console.error(`formatting failed for ${uri}: ${String(error)}`);
      return null;
    }
  }

  connection.onDocumentFormatting((params) =>
    formatting(params.textDocument.uri, (text) => formatDocument(text, params.options)),
  );
  connection.onDocumentRangeFormatting((params) =>
    formatting(params.textDocument.uri, (text) => formatLines(text, params.range, params.options)),
  );
  connection.onDocumentOnTypeFormatting((params) =>
    formatting(params.textDocument.uri, (text) =>
      formatAfterTyping(text, params.position, params.ch, params.options),
    ),
  );

  const empty: SemanticTokens = { data: [] };
  connection.languages.semanticTokens.on((params, token) =>
    withModel('semanticTokens', params.textDocument.uri, empty, (model) =>
      tokensInSlices(createSemanticTokenRun(model), TOKEN_BUDGET_FULL_MS, token),
    ),
  );
  connection.languages.semanticTokens.onRange((params, token) =>
    withModel('semanticTokens', params.textDocument.uri, empty, (model) =>
      tokensInSlices(createSemanticTokenRun(model, params.range), TOKEN_BUDGET_RANGE_MS, token),
    ),
  );
}

/**
 * Computes tokens in short slices with a turn of the event loop in between, so that edits and
 * diagnostics are not held up by a large file; answers with what it has when the budget is spent or
 * the request is cancelled.
 */
function tokensInSlices(
  run: ReturnType<typeof createSemanticTokenRun>,
  budgetMs: number,
  cancellation: CancellationToken,
): Promise<SemanticTokens> {
  const giveUpAt = performance.now() + budgetMs;
  return new Promise((resolve) => {
    const slice = (): void => {
      const done = run.advance(Math.min(giveUpAt, performance.now() + TOKEN_SLICE_MS));
      if (done || cancellation.isCancellationRequested || performance.now() >= giveUpAt) {
        resolve({ data: run.data() });
        return;
      }
      setImmediate(slice);
    };
    slice();
  });
}

const SYMBOL_KINDS: Record<OutlineKind, SymbolKind> = {
  stage: SymbolKind.Module,
  instruction: SymbolKind.Function,
  variable: SymbolKind.Variable,
};

function toDocumentSymbol(symbol: OutlineSymbol): DocumentSymbol {
  return {
    name: symbol.name || ' ',
    detail: symbol.detail,
    kind: SYMBOL_KINDS[symbol.kind],
    range: symbol.range,
    selectionRange: symbol.selectionRange,
    children: symbol.children.map(toDocumentSymbol),
  };
}

function flatten(symbols: OutlineSymbol[], uri: string, container: string | undefined): SymbolInformation[] {
  return symbols.flatMap((s) => [
    {
      name: s.name || ' ',
      kind: SYMBOL_KINDS[s.kind],
      location: { uri, range: s.range },
      ...(container ? { containerName: container } : {}),
    },
    ...flatten(s.children, uri, s.name),
  ]);
}
