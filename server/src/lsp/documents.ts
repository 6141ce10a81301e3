import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../engine/analyze';
import type { AnalysisEnvironment } from '../engine/rules/types';
import { lookUpEnvironment } from '../io/environment';
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

  /** Workspace folder paths, for finding the build context's .dockerignore and .hadolint.yaml. */
  workspaceRoots: string[] = [];

  get(document: TextDocument, settings: LeanDockerfileSettings): Analysis {
    const key = settingsKey(settings);
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version && entry.settingsKey === key) return entry.analysis;
    const analysis = analyze(document.getText(), {
      rules: settings.rules,
      targets: settings.targets,
      environment: environmentOf(document.uri, this.workspaceRoots),
    });
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

/** Environment of a file on disk; untitled or remote documents get none (rules then stay neutral). */
function environmentOf(uri: string, roots: readonly string[]): AnalysisEnvironment {
  if (!uri.startsWith('file:')) return {};
  try {
    const file = fileURLToPath(uri);
    const root = roots.filter((r) => file.startsWith(r)).sort((a, b) => b.length - a.length)[0];
    return lookUpEnvironment(file, root);
  } catch {
    return {};
  }
}
