import { fileURLToPath } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LeanDockerfileSettings } from '../../../common/protocol';
import { createAnalyzer, type AnalyzeOptions, type Analysis, type Analyzer } from '../engine/analyze';
import { mergeRuleSettings } from '../engine/config/merge';
import type { Model } from '../engine/model/types';
import {
  buildFileAnalyzeOptions,
  clearBuildFileCache,
  isBuildFileName,
  lookUpBuildFiles,
  type BuildFilesResult,
} from '../io/buildFiles';
import { lookUpSurroundings, type Surroundings } from '../io/environment';

interface Entry {
  version: number;
  settingsKey: string;
  analysis: Analysis;
}

interface Running {
  version: number;
  settingsKey: string;
  generation: number;
  done: Promise<Analysis | undefined>;
}

/** The compose/bake builds an analysis used (inlay hints on ARG lines, the graph's default target). */
const buildFilesByModel = new WeakMap<Model, BuildFilesResult>();

/** What the compose and bake files said for the analysis of this Model; undefined when they were not read. */
export function buildFilesOf(model: Model): BuildFilesResult | undefined {
  return buildFilesByModel.get(model);
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
  private readonly parsed = new Map<string, { version: number; settingsKey: string; model: Model }>();
  private readonly reported = new Set<string>();
  /** Bumped when what analyses depend on outside the document changes: older results are not stored. */
  private generation = 0;

  /** Workspace folder paths: build contexts and the upper bound of the .lean-dockerfile.json search. */
  workspaceRoots: string[] = [];

  constructor(private readonly logProblem: (message: string) => void = () => undefined) {}

  /** The analysis of the document's current version, computed now if needed. */
  get(document: TextDocument, settings: LeanDockerfileSettings): Analysis {
    const key = settingsKey(settings);
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version && entry.settingsKey === key) return entry.analysis;
    const version = document.version;
    const { options, buildFiles } = this.optionsFor(document.uri, settings);
    const analysis = this.analyzerFor(document.uri).analyze(document.getText(), options);
    if (buildFiles) buildFilesByModel.set(analysis.model, buildFiles);
    this.entries.set(document.uri, { version, settingsKey: key, analysis });
    return analysis;
  }

  /**
   * The Model of the document's current version: the analysis' when it is done, else a parse alone
   * (no validation, no rules; unchanged chunks reused), so that completion does not wait for rules.
   */
  model(document: TextDocument, settings: LeanDockerfileSettings): Model {
    const entry = this.entries.get(document.uri);
    if (entry && entry.version === document.version) return entry.analysis.model;
    const parsed = this.parsed.get(document.uri);
    if (parsed && parsed.version === document.version && parsed.settingsKey === settingsKey(settings))
      return parsed.model;
    const model = this.analyzerFor(document.uri).parse(
      document.getText(),
      this.optionsFor(document.uri, settings).options,
    );
    this.parsed.set(document.uri, { version: document.version, settingsKey: settingsKey(settings), model });
    return model;
  }

  /** Like get(), but waits for an analysis of the same version that is already under way. */
  async current(document: TextDocument, settings: LeanDockerfileSettings): Promise<Analysis> {
    const key = settingsKey(settings);
    const running = this.running.get(document.uri);
    if (
      running &&
      running.version === document.version &&
      running.settingsKey === key &&
      running.generation === this.generation
    ) {
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
    const generation = this.generation;
    const { options, buildFiles } = this.optionsFor(uri, settings);
    const steps = this.analyzerFor(uri).analyzeInSteps(document.getText(), options);
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
              if (buildFiles) buildFilesByModel.set(next.value.model, buildFiles);
              // A synchronous get() for a newer version may have stored its result meanwhile.
              const latest = this.entries.get(uri);
              if ((!latest || latest.version <= version) && generation === this.generation)
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
    const running: Running = { version, settingsKey: key, generation, done };
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

  private optionsFor(
    uri: string,
    settings: LeanDockerfileSettings,
  ): { options: AnalyzeOptions; buildFiles: BuildFilesResult | undefined } {
    const place = this.placeOf(uri);
    const around = place ? this.surroundingsOf(place) : undefined;
    const buildFiles = place && settings.useBuildFiles ? this.buildFilesAt(place) : undefined;
    const fromBuildFiles = buildFiles ? buildFileAnalyzeOptions(buildFiles) : {};
    const threshold = settings.heavyBaseThresholdMB ?? around?.project.heavyBaseThresholdMB;
    const options: AnalyzeOptions = {
      // Editor settings win over .lean-dockerfile.json, which wins over .hadolint.yaml.
      rules: mergeRuleSettings(around?.hadolintSeverities, around?.project.rules, settings.rules),
      targets: [...(around?.project.targets ?? []), ...settings.targets, ...(fromBuildFiles.targets ?? [])],
      environment: around?.environment,
      ruleOptions: threshold !== undefined ? { heavyBaseThresholdMB: threshold } : undefined,
      syntaxFindings: settings.syntaxDiagnostics !== 'off',
    };
    if (fromBuildFiles.buildTargets) options.buildTargets = fromBuildFiles.buildTargets;
    if (fromBuildFiles.buildArgs) options.buildArgs = fromBuildFiles.buildArgs;
    return { options, buildFiles };
  }

  /**
   * A compose or bake file (or a compose `.env`) changed: forgets the analyses and the parsed build
   * files. False when none of the changed files is one (nothing to redo).
   */
  buildFilesChanged(changedUris: readonly string[]): boolean {
    if (!changedUris.some(isBuildFileName)) return false;
    clearBuildFileCache();
    this.clear();
    return true;
  }

  delete(uri: string): void {
    this.entries.delete(uri);
    this.parsed.delete(uri);
    this.analyzers.delete(uri);
    this.running.delete(uri);
  }

  /** Forgets the analyses (settings changed); the parsed chunks stay, they do not depend on settings. */
  clear(): void {
    this.entries.clear();
    this.parsed.clear();
    this.generation++;
  }

  /** Files on disk only: untitled or remote documents get no surroundings (rules then stay neutral). */
  private placeOf(uri: string): { file: string; root: string | undefined } | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const file = fileURLToPath(uri);
      const root = this.workspaceRoots
        .filter((r) => file.startsWith(r))
        .sort((a, b) => b.length - a.length)[0];
      return { file, root };
    } catch {
      return undefined;
    }
  }

  private surroundingsOf(place: { file: string; root: string | undefined }): Surroundings | undefined {
    try {
      const around = lookUpSurroundings(place.file, place.root);
      this.logProblems(around.problems);
      return around;
    } catch {
      return undefined;
    }
  }

  private buildFilesAt(place: { file: string; root: string | undefined }): BuildFilesResult {
    const found = lookUpBuildFiles(place.file, place.root);
    this.logProblems(found.problems);
    return found;
  }

  /** Each configuration problem once per server run: the same broken file is met on every edit. */
  private logProblems(problems: readonly string[]): void {
    for (const problem of problems) {
      if (this.reported.has(problem)) continue;
      this.reported.add(problem);
      this.logProblem(problem);
    }
  }
}

function settingsKey(settings: LeanDockerfileSettings): string {
  return JSON.stringify([
    settings.rules,
    settings.targets,
    settings.heavyBaseThresholdMB,
    settings.syntaxDiagnostics,
    settings.useBuildFiles,
  ]);
}
