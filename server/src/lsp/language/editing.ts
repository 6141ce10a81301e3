// Completion, hover (instruction docs merged with the size breakdown) and signature help.
import type { InitializeParams, ServerCapabilities } from 'vscode-languageserver/node';
import type { LanguageContext } from './index';

export function editingCapabilities(_params: InitializeParams): ServerCapabilities {
  return {};
}

export function registerEditing(_context: LanguageContext): void {}
