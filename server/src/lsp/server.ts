// LSP wiring: capabilities, document sync, debounced diagnostics, settings and code actions.
// Analysis happens in the engine; this file only schedules it and translates results.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CONFIG_SECTION,
  DEFAULT_SETTINGS,
  SERVER_SOURCE,
  PeersNotification,
  type InitializationOptions,
  type PeersParams,
  StatusNotification,
  type LeanDockerfileSettings,
  type StatusParams,
} from '../../../common/protocol';
import { fixesFor } from '../engine/analyze';
import { fixAllEdits } from '../engine/fixes/fixAll';
import { FIX_ALL_KIND, fixAllAction, sameRange, toCodeAction, toDiagnostic } from './convert';
import { AnalysisCache } from './documents';
import { registerBaseTagsRequest } from './baseTags';
import { registerGraphRequest } from './graph';
import { registerMeasured } from './measured';
import { applyCoexistence, sanitizeSettings, settingsProblems } from './settings';
import { createRegistryLookups } from './registryLookups';
import { registerSizes } from './sizes';
import { languageCapabilities, registerLanguageFeatures } from './language';

export const SERVER_VERSION = '0.1.0';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const cache = new AnalysisCache((problem) => connection.console.warn(`Configuration: ${problem}`));
  const settingsByUri = new Map<string, Promise<LeanDockerfileSettings>>();
  const timers = new Map<string, NodeJS.Timeout>();
  const reportedFailures = new Set<string>();
  const reportedSettings = new Set<string>();
  let canPullConfiguration = false;
  let canRegisterConfiguration = false;
  let initialSettings: LeanDockerfileSettings = DEFAULT_SETTINGS;
  let initOptions: InitializationOptions = {};

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    cache.workspaceRoots = (params.workspaceFolders ?? [])
      .map((f) => f.uri)
      .concat(params.rootUri ? [params.rootUri] : [])
      .filter((u) => u.startsWith('file:'))
      .map((u) => fileURLToPath(u));
    canRegisterConfiguration =
      params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    // Editors without workspace/configuration may pass settings at start-up instead.
    initOptions = (params.initializationOptions ?? {}) as InitializationOptions;
    if (initOptions.settings !== undefined) initialSettings = sanitizeSettings(initOptions.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND],
        },
        ...sizes.capabilities(params),
        ...languageCapabilities(params),
      },
      serverInfo: { name: SERVER_SOURCE, version: SERVER_VERSION },
    };
  });

  connection.onInitialized(() => {
    if (canRegisterConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: CONFIG_SECTION });
    }
  });

  // Settings are pulled per document and cached per URI ("never store settings in server globals").
  const peerActive = (): boolean => initOptions.peerDockerExtension === true;
  function settingsFor(uri: string): Promise<LeanDockerfileSettings> {
    if (!canPullConfiguration) return Promise.resolve(applyCoexistence(initialSettings, peerActive()));
    let pending = settingsByUri.get(uri);
    if (!pending) {
      pending = connection.workspace
        .getConfiguration({ scopeUri: uri, section: CONFIG_SECTION })
        .then(
          (raw: unknown) => {
            for (const problem of settingsProblems(raw)) {
              if (reportedSettings.has(problem)) continue;
              reportedSettings.add(problem);
              connection.console.warn(`Settings: ${problem}`);
            }
            return sanitizeSettings(raw);
          },
          () => DEFAULT_SETTINGS,
        )
        .then((settings) => applyCoexistence(settings, peerActive()));
      settingsByUri.set(uri, pending);
    }
    return pending;
  }

  connection.onNotification(PeersNotification, (params: PeersParams) => {
    initOptions = { ...initOptions, peerDockerExtension: params.peerDockerExtension === true };
    settingsByUri.clear();
    cache.clear();
    for (const document of documents.all()) schedule(document, 0);
    sizes.refresh();
  });

  connection.onDidChangeConfiguration((change) => {
    settingsByUri.clear();
    cache.clear();
    if (!canPullConfiguration) {
      const section = (change.settings as Record<string, unknown> | undefined)?.[CONFIG_SECTION];
      if (section !== undefined) initialSettings = sanitizeSettings(section);
    }
    for (const document of documents.all()) schedule(document, 0);
    sizes.refresh();
  });

  // The client watches compose and bake files: their targets and args feed the analyses.
  connection.onDidChangeWatchedFiles((params) => {
    const uris = params.changes.map((c) => c.uri);
    const contextChanged = sizes.filesChanged(uris);
    if (cache.buildFilesChanged(uris)) {
      for (const document of documents.all()) schedule(document, 0);
      sizes.refresh();
    } else if (contextChanged) {
      sizes.refresh();
    }
  });

  function status(params: StatusParams): void {
    void connection.sendNotification(StatusNotification, params);
  }

  function schedule(document: TextDocument, delayOverride?: number): void {
    const uri = document.uri;
    clearTimeout(timers.get(uri));
    void settingsFor(uri).then((settings) => {
      const delay = delayOverride ?? settings.diagnosticsDelay;
      clearTimeout(timers.get(uri));
      timers.set(
        uri,
        setTimeout(() => {
          timers.delete(uri);
          void publish(uri, settings);
        }, delay),
      );
    });
  }

  // Each analysis gets a ticket; a newer schedule() for the same document makes older ones stale, and
  // stale work stops at its next slice (see AnalysisCache.run).
  const tickets = new Map<string, number>();
  let nextTicket = 0;

  async function publish(uri: string, settings: LeanDockerfileSettings): Promise<void> {
    // A newer edit replaced the document (or it was closed): its own timer will publish.
    const document = documents.get(uri);
    if (!document) return;
    if (!settings.enable) {
      void connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    const ticket = ++nextTicket;
    tickets.set(uri, ticket);
    const version = document.version;
    const isCurrent = (): boolean => tickets.get(uri) === ticket && documents.get(uri)?.version === version;
    status({ uri, state: 'analyzing' });
    const started = performance.now();
    try {
      const analysis = await cache.run(document, settings, isCurrent);
      if (!analysis || !isCurrent()) return;
      for (const failure of analysis.failures) {
        if (reportedFailures.has(failure.ruleId)) continue;
        reportedFailures.add(failure.ruleId);
        connection.console.error(`Rule ${failure.ruleId} failed and was skipped: ${failure.message}`);
      }
      const diagnostics = analysis.findings.map(toDiagnostic);
      void connection.sendDiagnostics({ uri, version, diagnostics });
      status({
        uri,
        state: 'done',
        findings: diagnostics.length,
        durationMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      connection.console.error(
        `Analysis of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`,
      );
      status({ uri, state: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  // TextDocuments reports an open as a content change too: the first one is checked at once, later
  // ones after the typing delay.
  const justOpened = new Set<string>();
  documents.onDidOpen((event) => justOpened.add(event.document.uri));
  documents.onDidChangeContent((event) =>
    schedule(event.document, justOpened.delete(event.document.uri) ? 0 : undefined),
  );
  documents.onDidClose((event) => {
    const uri = event.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    tickets.delete(uri);
    cache.delete(uri);
    settingsByUri.delete(uri);
    void connection.sendDiagnostics({ uri, diagnostics: [] });
  });

  registerGraphRequest(
    connection,
    documents,
    async (d) => cache.get(d, await settingsFor(d.uri)),
    async (d) => {
      const { sizes: views } = await settingsFor(d.uri);
      return views.hover || views.inlayHints || views.codeLens ? sizes.estimateOf(d) : undefined;
    },
  );

  const registry = createRegistryLookups({
    trusted: () => initOptions.trusted,
    storagePath: () => initOptions.globalStoragePath,
    log: (line) => connection.console.log(line),
    onChange: () => sizes.refresh(),
  });
  // Real sizes from "Build and Measure", shown in the size hover next to the estimates.
  const measured = registerMeasured(connection, documents);
  const sizes = registerSizes(
    connection,
    documents,
    settingsFor,
    (d, s) => cache.current(d, s),
    registry,
    (uri, line, estimate) => measured.hoverLines(uri, line, estimate),
  );
  registerBaseTagsRequest(
    connection,
    documents,
    async (d) => cache.current(d, await settingsFor(d.uri)),
    settingsFor,
    (reference, settings) => registry.tagPointer(reference, settings),
  );
  registerLanguageFeatures(
    {
      connection,
      documents,
      settingsFor,
      analysisOf: async (d) => cache.current(d, await settingsFor(d.uri)),
      modelOf: async (d) => cache.model(d, await settingsFor(d.uri)),
      sizes,
    },
    peerActive,
  );

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const settings = await settingsFor(document.uri);
    if (!settings.enable) return [];
    const analysis = await cache.current(document, settings);
    const only = params.context.only;
    const wants = (kind: string): boolean =>
      !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const actions: CodeAction[] = [];

    if (wants(CodeActionKind.QuickFix) || wants(CodeActionKind.RefactorRewrite)) {
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== SERVER_SOURCE) continue;
        const finding = analysis.findings.find(
          (f) => f.ruleId === diagnostic.code && sameRange(f.range, diagnostic.range),
        );
        if (!finding) continue;
        for (const fix of fixesFor(analysis, finding)) {
          if (
            wants(fix.kind === 'refactor.rewrite' ? CodeActionKind.RefactorRewrite : CodeActionKind.QuickFix)
          ) {
            actions.push(toCodeAction(document.uri, fix, diagnostic));
          }
        }
      }
    }
    if (
      wants(FIX_ALL_KIND) &&
      (only !== undefined || params.context.diagnostics.some((d) => d.source === SERVER_SOURCE))
    ) {
      const edits = fixAllEdits(analysis);
      if (edits.length > 0) actions.push(fixAllAction(document.uri, edits));
    }
    return actions;
  });

  documents.listen(connection);
  connection.listen();
}
