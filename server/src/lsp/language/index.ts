// Editing features (completion, hover, symbols, navigation, formatting, semantic tokens, …): wiring
// only. The answers come from engine/language/; this module gives each feature file what it needs and
// decides, per document, whether a feature is on (leanDockerfile.languageFeatures).
import type {
  Connection,
  InitializeParams,
  ServerCapabilities,
  TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LeanDockerfileSettings } from '../../../../common/protocol';
import type { Analysis } from '../../engine/analyze';
import type { Model } from '../../engine/model/types';
import type { SizesFeature } from '../sizes';
import { editingCapabilities, registerEditing } from './editing';
import { navigationCapabilities, registerNavigation } from './navigation';

/**
 * Features that Docker's and Microsoft's Docker extensions also offer. With `languageFeatures: auto`
 * and one of them active, ours stay off so the user does not see every item twice; what only we do
 * (sizes in hovers and completion details, stage-aware answers) is never in this list.
 */
export type PeerFeature =
  | 'completion'
  | 'hoverDocs'
  | 'symbols'
  | 'definition'
  | 'references'
  | 'rename'
  | 'folding'
  | 'links'
  | 'formatting'
  | 'semanticTokens'
  | 'signatureHelp'
  | 'highlight';

export interface LanguageContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  settingsFor(uri: string): Promise<LeanDockerfileSettings>;
  /** The analysis (Model, findings, shipped set) of the document's current version. */
  analysisOf(document: TextDocument): Promise<Analysis>;
  /** The Model of the current version without waiting for rules: for answers while the user types. */
  modelOf(document: TextDocument): Promise<Model>;
  /** True when the feature should answer for this document under the current settings. */
  isOn(feature: PeerFeature, settings: LeanDockerfileSettings): boolean;
  /** The size views: their hover joins ours, their estimate sizes stages in completion details. */
  sizes?: SizesFeature;
}

export function languageCapabilities(params: InitializeParams): ServerCapabilities {
  return { ...editingCapabilities(params), ...navigationCapabilities(params) };
}

export function registerLanguageFeatures(
  base: Omit<LanguageContext, 'isOn'>,
  peerDockerExtension: () => boolean,
): LanguageContext {
  const context: LanguageContext = {
    ...base,
    isOn: (_feature, settings) =>
      settings.enable &&
      (settings.languageFeatures === 'on' ||
        (settings.languageFeatures === 'auto' && !peerDockerExtension())),
  };
  registerEditing(context);
  registerNavigation(context);
  return context;
}
