// Completion, hover (instruction docs merged with the size breakdown) and signature help: wiring only.
// The answers come from engine/language/; this file decides per document whether each part is on and
// turns the engine's results into LSP objects.
import {
  CompletionItemKind,
  CompletionItemTag,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type CompletionList,
  type Hover,
  type InitializeParams,
  type MarkupContent,
  type ServerCapabilities,
  type SignatureHelp,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LeanDockerfileSettings } from '../../../../common/protocol';
import { completionNeedsEstimate, completionsAt } from '../../engine/language/completion';
import { hoverAt } from '../../engine/language/hover';
import { signatureHelpAt } from '../../engine/language/signatureHelp';
import type { CompletionEntry, CompletionKind, HoverSection } from '../../engine/language/types';
import type { LanguageContext } from './index';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  keyword: CompletionItemKind.Keyword,
  snippet: CompletionItemKind.Snippet,
  directive: CompletionItemKind.Keyword,
  flag: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  stage: CompletionItemKind.Reference,
  image: CompletionItemKind.Module,
  tag: CompletionItemKind.Constant,
  variable: CompletionItemKind.Variable,
  package: CompletionItemKind.Module,
};

/**
 * What peers (Docker's and Microsoft's extensions) do not offer: with one of them active in `auto`
 * mode these entries still come from us, since only we know the sizes they carry.
 */
const ONLY_OURS = new Set<CompletionKind>(['image', 'tag', 'package']);

/** VS Code's command that opens the suggestions again (after `--mount=`, `FROM `, …). */
const TRIGGER_SUGGEST = { title: 'Suggest', command: 'editor.action.triggerSuggest' };

const markdown = (value: string): MarkupContent => ({ kind: MarkupKind.Markdown, value });

function toCompletionItem(entry: CompletionEntry, index: number): CompletionItem {
  return {
    label: entry.label,
    kind: KINDS[entry.kind],
    // The engine's order is the intended one; the editor still ranks by how well the typed text matches.
    sortText: String(index).padStart(5, '0'),
    textEdit: { range: entry.range, newText: entry.insertText },
    insertTextFormat: entry.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    ...(entry.detail !== undefined ? { detail: entry.detail } : {}),
    ...(entry.documentation !== undefined ? { documentation: markdown(entry.documentation) } : {}),
    ...(entry.filterText !== undefined ? { filterText: entry.filterText } : {}),
    ...(entry.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
    ...(entry.retrigger ? { command: TRIGGER_SUGGEST } : {}),
  };
}

export function editingCapabilities(_params: InitializeParams): ServerCapabilities {
  return {
    completionProvider: {
      // Flags (`-`), flag and option values (`=`, `,`), variables (`$`, `{`) and image tags (`:`).
      // Not the space: it would open the list after every word of a RUN command.
      triggerCharacters: ['-', '=', ',', '$', '{', ':'],
      resolveProvider: false,
    },
    hoverProvider: true,
    signatureHelpProvider: { triggerCharacters: ['=', ',', ' '], retriggerCharacters: ['=', ',', ' '] },
  };
}

export function registerEditing(context: LanguageContext): void {
  const { connection, documents } = context;

  function logFailure(what: string, uri: string, error: unknown): void {
    connection.console.error(
      `${what} of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
    );
  }

  /** The document and its settings when the server answers for it at all. */
  async function open(
    uri: string,
  ): Promise<{ document: TextDocument; settings: LeanDockerfileSettings } | undefined> {
    const document = documents.get(uri);
    if (!document) return undefined;
    const settings = await context.settingsFor(uri);
    return settings.enable ? { document, settings } : undefined;
  }

  connection.onCompletion(async (params): Promise<CompletionList | null> => {
    const uri = params.textDocument.uri;
    try {
      const target = await open(uri);
      if (!target || target.settings.languageFeatures === 'off') return null;
      const all = context.isOn('completion', target.settings);
      const model = await context.modelOf(target.document);
      // Stage sizes only where stages are listed and the size views are on: the estimate costs a pass
      // over the whole file (~0.2 s for 20,000 lines) when no size view has asked for it yet.
      const { sizes } = target.settings;
      const wantsSizes = sizes.hover || sizes.inlayHints || sizes.codeLens;
      const estimate =
        wantsSizes && completionNeedsEstimate(model, params.position)
          ? await context.sizes?.estimateOf(target.document)
          : undefined;
      const result = completionsAt(model, params.position, estimate ? { estimate } : {});
      const entries = all ? result.entries : result.entries.filter((e) => ONLY_OURS.has(e.kind));
      return { isIncomplete: result.incomplete, items: entries.map(toCompletionItem) };
    } catch (error) {
      logFailure('Completion', uri, error);
      return null;
    }
  });

  connection.onHover(async (params): Promise<Hover | null> => {
    const uri = params.textDocument.uri;
    try {
      const target = await open(uri);
      if (!target) return null;
      const { document, settings } = target;
      const showDocs = context.isOn('hoverDocs', settings);
      // Base-image and package facts are size data: they follow the size hover setting.
      const showFacts = settings.sizes.hover;
      const sizePart = context.sizes ? await context.sizes.hoverAt(document, params.position) : null;
      let sections: HoverSection[] = [];
      let range = sizePart?.range;
      if (showDocs || showFacts) {
        const { model } = await context.analysisOf(document);
        const estimate = showFacts ? await context.sizes?.estimateOf(document) : undefined;
        const found = hoverAt(model, params.position, estimate ? { estimate } : {});
        sections = (found?.sections ?? []).filter((s) => (s.kind === 'docs' ? showDocs : showFacts));
        if (found && sections.length > 0) range = found.range;
      }
      const parts = [
        ...(sizePart ? [(sizePart.contents as MarkupContent).value] : []),
        ...sections.map((s) => s.markdown),
      ];
      if (parts.length === 0) return null;
      return { contents: markdown(parts.join('\n\n---\n\n')), ...(range ? { range } : {}) };
    } catch (error) {
      logFailure('Hover', uri, error);
      return null;
    }
  });

  connection.onSignatureHelp(async (params): Promise<SignatureHelp | null> => {
    const uri = params.textDocument.uri;
    try {
      const target = await open(uri);
      if (!target || !context.isOn('signatureHelp', target.settings)) return null;
      const model = await context.modelOf(target.document);
      const help = signatureHelpAt(model, params.position);
      if (!help) return null;
      return {
        signatures: help.signatures.map((s) => ({
          label: s.label,
          ...(s.documentation ? { documentation: markdown(s.documentation) } : {}),
          parameters: s.parameters.map((p) => ({
            label: p.label,
            ...(p.documentation ? { documentation: markdown(p.documentation) } : {}),
          })),
        })),
        activeSignature: help.activeSignature,
        activeParameter: help.activeParameter ?? null,
      };
    } catch (error) {
      logFailure('Signature help', uri, error);
      return null;
    }
  });
}
