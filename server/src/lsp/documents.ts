import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LeanDockerfileSettings } from '../../../common/protocol';
import { analyze, type Analysis } from '../engine/analyze';
import { mergeRuleSettings } from '../engine/config/merge';
import { lookUpSurroundings, type Surroundings } from '../io/environment';

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
  private readonly reported = new Set<string>();

  /** Workspace folder paths: build contexts and the upper bound of the .lean-dockerfile.json search. */
  workspaceRoots: string[] = [];

  constructor(private readonly logProblem: (message: string) => void = () => undefined) {}

  get(document: TextDocument, settings: LeanDockerfileSettings): Analysis {
    const key = settingsKey(settings);
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version && entry.settingsKey === key) return entry.analysis;
    const around = this.surroundingsOf(document.uri);
    const threshold = settings.heavyBaseThresholdMB ?? around?.project.heavyBaseThresholdMB;
    const analysis = analyze(document.getText(), {
      // Editor settings win over .lean-dockerfile.json, which wins over .hadolint.yaml.
      rules: mergeRuleSettings(around?.hadolintSeverities, around?.project.rules, settings.rules),
      targets: [...(around?.project.targets ?? []), ...settings.targets],
      environment: around?.environment,
      ruleOptions: threshold !== undefined ? { heavyBaseThresholdMB: threshold } : undefined,
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

  /** Files on disk only: untitled or remote documents get no surroundings (rules then stay neutral). */
  private surroundingsOf(uri: string): Surroundings | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const file = fileURLToPath(uri);
      const root = this.workspaceRoots
        .filter((r) => file.startsWith(r))
        .sort((a, b) => b.length - a.length)[0];
      const around = lookUpSurroundings(file, root);
      for (const problem of around.problems) {
        if (this.reported.has(problem)) continue;
        this.reported.add(problem);
        this.logProblem(problem);
      }
      return around;
    } catch {
      return undefined;
    }
  }
}

function settingsKey(settings: LeanDockerfileSettings): string {
  return JSON.stringify([settings.rules, settings.targets, settings.heavyBaseThresholdMB]);
}
