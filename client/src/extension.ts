// VS Code side: starts the language server, shows its state, registers commands. No analysis here.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  CONFIG_SECTION,
  PeersNotification,
  SizesRequest,
  type InitializationOptions,
  type PeersParams,
  StatusNotification,
  type SizesParams,
  type SizesResult,
  type StatusParams,
} from '../../common/protocol';
import { SHOW_NEWEST_BASE_TAGS_COMMAND, showNewestBaseTags, type NewestBaseTagsArgs } from './baseTags';
import { SHOW_STAGE_GRAPH_COMMAND, StageGraphCodeLens, StageGraphPanel } from './graphPanel';
import { MeasureFeature } from './measure';
import { peerDockerExtensionActive, watchPeerDockerExtensions } from './peers';
import { StatusBar } from './statusBar';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Lean Dockerfile', { log: true });
  // The size item asks the server after each finished analysis; the client computes nothing.
  const statusBar = new StatusBar((uri) =>
    client?.state === State.Running
      ? client.sendRequest<SizesResult | null>(SizesRequest, { uri } satisfies SizesParams)
      : undefined,
  );
  context.subscriptions.push(output, statusBar);
  // Build and Measure: registers its command; looks for an engine only in a trusted workspace.
  context.subscriptions.push(new MeasureFeature(() => client, output));

  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', '--inspect=6019'] },
    },
  };
  // Compose and bake files decide the shipped stage and ARG values: the server re-checks when they change.
  const buildFileWatchers = [
    vscode.workspace.createFileSystemWatcher('**/{compose,docker-compose}*.{yml,yaml}'),
    vscode.workspace.createFileSystemWatcher('**/docker-bake*.{hcl,json}'),
    // Any file of a build context: COPY sizes are measured again when one changes (files.watcherExclude
    // keeps node_modules and .git out).
    vscode.workspace.createFileSystemWatcher('**/*'),
  ];
  context.subscriptions.push(...buildFileWatchers);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'dockerfile', scheme: 'file' },
      { language: 'dockerfile', scheme: 'untitled' },
      { language: 'dockerfile', scheme: 'vscode-remote' },
    ],
    outputChannel: output,
    synchronize: { configurationSection: CONFIG_SECTION, fileEvents: buildFileWatchers },
    // Read when the client starts, so a restart (e.g. after trust is granted) sends fresh values.
    initializationOptions: (): InitializationOptions => ({
      peerDockerExtension: peerDockerExtensionActive(),
      trusted: vscode.workspace.isTrusted,
      globalStoragePath:
        context.globalStorageUri.scheme === 'file' ? context.globalStorageUri.fsPath : undefined,
    }),
  };

  const start = async (): Promise<void> => {
    client = new LanguageClient('leanDockerfile', 'Lean Dockerfile', serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (e.newState === State.Stopped) statusBar.serverStopped();
    });
    // Registered before start so that no status sent during start-up is missed.
    client.onNotification(StatusNotification, (params: StatusParams) => statusBar.update(params));
    await client.start();
    statusBar.serverStarted();
  };

  const commands: Record<string, () => unknown> = {
    'leanDockerfile.restartServer': async () => {
      statusBar.serverStopped();
      if (client) await client.stop().catch(() => undefined);
      await start();
      output.info('Language server restarted');
    },
    'leanDockerfile.showOutput': () => output.show(true),
    [SHOW_NEWEST_BASE_TAGS_COMMAND]: (args?: NewestBaseTagsArgs) =>
      showNewestBaseTags(client?.state === State.Running ? client : undefined, args),
    // From the editor title and the code lens with the document's URI, from the palette without.
    [SHOW_STAGE_GRAPH_COMMAND]: (uri?: unknown) =>
      StageGraphPanel.show(context.extensionUri, () => client, uri instanceof vscode.Uri ? uri : undefined),
  };
  for (const [id, handler] of Object.entries(commands))
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile' }, new StageGraphCodeLens()),
  );

  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor((editor) => statusBar.follow(editor?.document)),
    vscode.workspace.onDidCloseTextDocument((document) => statusBar.forget(document.uri.toString())),
  );
  statusBar.follow(vscode.window.activeTextEditor?.document);

  context.subscriptions.push(
    watchPeerDockerExtensions((active) => {
      if (client?.state === State.Running)
        void client.sendNotification(PeersNotification, {
          peerDockerExtension: active,
        } satisfies PeersParams);
    }),
    // Network look-ups and builds wait for trust: start a server that knows the workspace is trusted now.
    vscode.workspace.onDidGrantWorkspaceTrust(
      () => void vscode.commands.executeCommand('leanDockerfile.restartServer'),
    ),
  );

  const started = Date.now();
  await start();
  output.info(`Language server started in ${Date.now() - started} ms`);
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
  client = undefined;
}
