// A minimal LSP client for tests: spawns the bundled server over stdio and records what it publishes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  createMessageConnection,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type MessageConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import type { InitializationOptions } from '../../common/protocol';

export const SERVER_PATH = path.resolve(__dirname, '../../../dist/server.js');

export interface TestServer {
  connection: MessageConnection;
  process: ChildProcessWithoutNullStreams;
  initializeResult: InitializeResult;
  /** Resolves with the first publication for `uri` (after this call) that satisfies `predicate`. */
  waitForDiagnostics(
    uri: string,
    predicate?: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams>;
  /** Opens a Dockerfile (version 1) and resolves with its URI once its first diagnostics are published. */
  open(text: string, uri: string): Promise<string>;
  /** What the server answers to workspace/configuration for the `leanDockerfile` section. */
  settings: Record<string, unknown>;
  stderr(): string;
  close(): Promise<number | null>;
}

export async function startTestServer(
  options: {
    settings?: Record<string, unknown>;
    pullConfiguration?: boolean;
    /** Extra client capabilities (e.g. `workspace.inlayHint.refreshSupport`). */
    capabilities?: ClientCapabilities;
    /** Sent as `initializationOptions` (what VS Code's client sends: trust, other Docker extensions, …). */
    initializationOptions?: InitializationOptions;
    /** Workspace folders as file paths (build contexts, compose/bake files, project config). */
    workspaceFolders?: string[];
    /** Extra environment for the server process (e.g. XDG_CACHE_HOME, DOCKER_CONFIG). */
    env?: Record<string, string>;
  } = {},
): Promise<TestServer> {
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: options.env ? { ...process.env, ...options.env } : process.env,
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiters: Array<{
    uri: string;
    predicate: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }> = [];
  const server: Partial<TestServer> = { settings: options.settings ?? {} };
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    for (const w of [...waiters]) {
      if (w.uri === params.uri && w.predicate(params)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(params);
      }
    }
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => server.settings));
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: options.workspaceFolders?.map((folder) => ({
      uri: pathToFileURL(folder).href,
      name: path.basename(folder),
    })),
    initializationOptions: options.initializationOptions,
    capabilities: {
      ...options.capabilities,
      workspace: {
        ...options.capabilities?.workspace,
        ...(options.pullConfiguration === false ? {} : { configuration: true }),
      },
    },
  });
  await connection.sendNotification(InitializedNotification.type, {});

  return Object.assign(server, {
    connection,
    process: child,
    initializeResult,
    stderr: () => stderr,
    async open(text: string, uri: string) {
      const published = (server as TestServer).waitForDiagnostics(uri);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockerfile', version: 1, text },
      });
      await published;
      return uri;
    },
    waitForDiagnostics(
      uri: string,
      predicate: (p: PublishDiagnosticsParams) => boolean = () => true,
      timeoutMs = 10_000,
    ) {
      return new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; stderr: ${stderr}`)),
          timeoutMs,
        );
        waiters.push({
          uri,
          predicate,
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p);
          },
        });
      });
    },
    async close() {
      try {
        await Promise.race([
          connection.sendRequest(ShutdownRequest.type),
          new Promise((r) => setTimeout(r, 2000)),
        ]);
        await connection.sendNotification(ExitNotification.type);
        return await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 3000))]);
      } finally {
        connection.dispose();
        child.kill();
      }
    },
  }) as TestServer;
}
