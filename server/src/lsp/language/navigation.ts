// Symbols, definition/references/rename/highlight, folding, document links, formatting and semantic tokens.
import type { InitializeParams, ServerCapabilities } from 'vscode-languageserver/node';
import type { LanguageContext } from './index';

export function navigationCapabilities(_params: InitializeParams): ServerCapabilities {
  return {};
}

export function registerNavigation(_context: LanguageContext): void {}
