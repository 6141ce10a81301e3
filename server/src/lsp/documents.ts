import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../engine/analyze';
import type { LeanDockerfileSettings } from '../../../common/protocol';

interface Entry {
  version: number;
  settingsKey: string;
  analysis: Analysis;
}

/**
 * The latest analysis per document, keyed by version and settings, so code actions reuse what
 * diagnostics computed instead of analysing again.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  get(document: TextDocument, settings: LeanDockerfileSettings): Analysis {
    const key = settingsKey(settings);
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version && entry.settingsKey === key) return entry.analysis;
    const analysis = analyze(document.getText(), { rules: settings.rules, targets: settings.targets });
    this.entries.set(document.uri, { version: document.version, settingsKey: key, analysis });
    return analysis;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
  }

  clear(): void {
    this.entries.clear();
  }
}

function settingsKey(settings: LeanDockerfileSettings): string {
  return JSON.stringify([settings.rules, settings.targets]);
}
