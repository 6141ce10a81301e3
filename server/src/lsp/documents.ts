import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LeanDockerfileSettings } from '../../../common/protocol';
import { createAnalyzer, type AnalyzeOptions, type Analysis, type Analyzer } from '../engine/analyze';
import { mergeRuleSettings } from '../engine/config/merge';
import { lookUpSurroundings, type Surroundings } from '../io/environment';

interface Entry {
  version: number;
  settingsKey: string;
  analysis: Analysis;
}

interface Running {
  version: number;
  settingsKey: string;
  done: Promise<Analysis | undefined>;
}

/** Longest stretch of analysis work between two turns of the event loop (other requests, newer edits). */
const SLICE_MS = 10;

/**
 * The latest analysis per document, keyed by version and settings, so code actions reuse what
 * diagnostics computed instead of analysing again; and one analyzer per document, which keeps the
 * parse of each stage chunk so that an edit re-parses only the chunk it touched.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private readonly analyzers = new Map<string, Analyzer>();
  private readonly running = new Map<string, Running>();
  private readonly reported = new Set<string>();

  /** Workspace folder paths: build contexts and the upper bound of the .lean-dockerfile.json search. */
  workspaceRoots: string[] = [];

  constructor(private readonly logProblem: (message: string) => void = () => undefined) {}

  /** The analysis of the document's current version, computed now if needed. */
  get(document: TextDocument, settings: LeanDockerfileSettings): Analysis {
    const key = settingsKey(settings);
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version && entry.settingsKey === key) return entry.analysis;
    const version = document.version;
    const analysis = this.analyzerFor(document.uri).analyze(
      document.getText(),
      this.optionsFor(document.uri, settings),
    );
    this.entries.set(document.uri, { version, settingsKey: key, analysis });
    return analysis;
  }

  /** Like get(), but waits for an analysis of the same version that is already under way. */
  async current(document: TextDocument, settings: LeanDockerfileSettings): Promise<Analysis> {
    const key = settingsKey(settings);
    const running = this.running.get(document.uri);
    if (running && running.version === document.version && running.settingsKey === key) {
      const analysis = await running.done;
      if (analysis && document.version === running.version) return analysis;
    }
    return this.get(document, settings);
  }

  /**
   * Analyses the document's current version in slices of about SLICE_MS, giving the event loop a turn
   * in between; resolves undefined as soon as `isCurrent()` says the work is stale (a newer version
   * or a newer request superseded it).
   */
  run(
    document: TextDocument,
    settings: LeanDockerfileSettings,
    isCurrent: () => boolean,
  ): Promise<Analysis | undefined> {
    const uri = document.uri;
    const key = settingsKey(settings);
    const version = document.version;
    const entry = this.entries.get(uri);
    if (entry && entry.version === version && entry.settingsKey === key)
      return Promise.resolve(entry.analysis);
    const steps = this.analyzerFor(uri).analyzeInSteps(document.getText(), this.optionsFor(uri, settings));
    const done = new Promise<Analysis | undefined>((resolve, reject) => {
      const slice = (): void => {
        try {
          if (!isCurrent()) {
            resolve(undefined);
            return;
          }
          const deadline = performance.now() + SLICE_MS;
          do {
            const next = steps.next();
            if (next.done) {
              // A synchronous get() for a newer version may have stored its result meanwhile.
              const latest = this.entries.get(uri);
              if (!latest || latest.version <= version)
                this.entries.set(uri, { version, settingsKey: key, analysis: next.value });
              resolve(next.value);
              return;
            }
          } while (performance.now() < deadline);
          setImmediate(slice);
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      slice();
    });
    const running: Running = { version, settingsKey: key, done };
    this.running.set(uri, running);
    const forget = (): void => {
      if (this.running.get(uri) === running) this.running.delete(uri);
    };
    done.then(forget, forget);
    return done;
  }

  private analyzerFor(uri: string): Analyzer {
    let analyzer = this.analyzers.get(uri);
    if (!analyzer) {
      analyzer = createAnalyzer();
      this.analyzers.set(uri, analyzer);
    }
    return analyzer;
  }

  private optionsFor(uri: string, settings: LeanDockerfileSettings): AnalyzeOptions {
    const around = this.surroundingsOf(uri);
    const threshold = settings.heavyBaseThresholdMB ?? around?.project.heavyBaseThresholdMB;
    return {
      // Editor settings win over .lean-dockerfile.json, which wins over .hadolint.yaml.
      rules: mergeRuleSettings(around?.hadolintSeverities, around?.project.rules, settings.rules),
      targets: [...(around?.project.targets ?? []), ...settings.targets],
      environment: around?.environment,
      ruleOptions: threshold !== undefined ? { heavyBaseThresholdMB: threshold } : undefined,
      syntaxFindings: settings.syntaxDiagnostics !== 'off',
    };
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.analyzers.delete(uri);
    this.running.delete(uri);
  }

  /** Forgets the analyses (settings changed); the parsed chunks stay, they do not depend on settings. */
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
  return JSON.stringify([
    settings.rules,
    settings.targets,
    settings.heavyBaseThresholdMB,
    settings.syntaxDiagnostics,
  ]);
}
