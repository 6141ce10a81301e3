// "Lean Dockerfile: Build and Measure": builds the current Dockerfile's target with the user's own
// engine (podman, or docker with a reachable daemon), reads each layer's real size from the engine's
// history, hands them to the server (hovers and the comparison table) and opens the table beside the
// editor. In an untrusted workspace nothing here runs a program: no build, not even a look for an engine.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  alignHistory,
  parseDockerHistory,
  parsePodmanHistory,
  type HistoryEntry,
} from '../../common/measure';
import {
  MeasuredNotification,
  MeasuredResultsRequest,
  SizesRequest,
  type MeasureEngine,
  type MeasuredParams,
  type MeasuredResultsParams,
  type MeasuredResultsResult,
  type SizesParams,
  type SizesResult,
  type SizesStage,
} from '../../common/protocol';

export const BUILD_AND_MEASURE_COMMAND = 'leanDockerfile.buildAndMeasure';
/** True when an engine was found in a trusted workspace: the command's enablement in package.json. */
export const ENGINE_CONTEXT_KEY = 'leanDockerfile.measureEngineAvailable';
const TABLE_SCHEME = 'lean-dockerfile-measure';
const IMAGE_REPOSITORY = 'lean-dockerfile-measure';
/** `docker version` against a missing daemon fails fast; a hung socket must not hold the command. */
const DAEMON_PROBE_MS = 5_000;
/** After a cancel the engine gets this long to clean up and exit before its process group is killed. */
const KILL_GRACE_MS = 5_000;

/**
 * Arguments for scripted use (tests, keybindings, tasks). Without them the active editor's document
 * is built, up to its last stage, with the engine and extra arguments from the settings.
 */
export interface BuildAndMeasureArgs {
  uri?: string | vscode.Uri;
  /** Stage to build (`--target`): its name or index. Default: the last stage. */
  target?: string;
  engine?: MeasureEngine;
  /** Replaces `leanDockerfile.measure.extraArgs` for this run. */
  extraArgs?: string[];
  /** Build context folder. Default: the Dockerfile's folder. */
  context?: string;
  /** Open the comparison table beside the editor (default true). */
  showTable?: boolean;
  /** Cancels the build like the progress notification's Cancel button does. */
  cancellation?: vscode.CancellationToken;
}

export interface BuildAndMeasureResult {
  status: 'measured' | 'refused' | 'cancelled' | 'failed';
  message: string;
  /** The build command that ran (argv, nothing through a shell). */
  argv?: string[];
  measurement?: MeasuredParams;
  /** What the server holds after the measurement reached it. */
  server?: MeasuredResultsResult | null;
}

interface Engines {
  podman: string | undefined;
  /** The docker CLI, only when its daemon answered. */
  docker: string | undefined;
}

/** The program's absolute path on PATH, found without running anything. */
function findExecutable(name: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir || !path.isAbsolute(dir)) continue; // a relative PATH entry would resolve against the workspace
    const candidate = path.join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function run(
  argv: readonly string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      argv[0]!,
      argv.slice(1),
      { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr: stderr || (error && code === null ? error.message : '') });
      },
    );
  });
}

async function detectEngines(): Promise<Engines> {
  const podman = findExecutable('podman');
  const dockerCli = findExecutable('docker');
  let docker: string | undefined;
  if (dockerCli) {
    const probe = await run([dockerCli, 'version', '--format', '{{.Server.Version}}'], DAEMON_PROBE_MS);
    if (probe.code === 0 && probe.stdout.trim()) docker = dockerCli;
  }
  return { podman, docker };
}

/** Processes of a process group other than its leader, from /proc (Linux); empty where there is none. */
function otherGroupMembers(groupId: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === groupId) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so count from the last ")".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === groupId) members.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return members;
}

type EngineSetting = 'auto' | MeasureEngine;

/** `auto` takes docker when its daemon answers (what `docker build` users expect), else podman. */
function chooseEngine(
  setting: EngineSetting,
  engines: Engines,
): { engine: MeasureEngine; path: string } | undefined {
  if (setting === 'docker') return engines.docker ? { engine: 'docker', path: engines.docker } : undefined;
  if (setting === 'podman') return engines.podman ? { engine: 'podman', path: engines.podman } : undefined;
  if (engines.docker) return { engine: 'docker', path: engines.docker };
  if (engines.podman) return { engine: 'podman', path: engines.podman };
  return undefined;
}

function engineSetting(scope: vscode.Uri | undefined): EngineSetting {
  const value = vscode.workspace.getConfiguration('leanDockerfile.measure', scope).get<string>('engine');
  return value === 'podman' || value === 'docker' ? value : 'auto';
}

function extraArgsSetting(scope: vscode.Uri | undefined): string[] {
  const value = vscode.workspace.getConfiguration('leanDockerfile.measure', scope).get<unknown>('extraArgs');
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The stage to build: by name (case-insensitive, as BuildKit compares) or index; default the last. */
function pickStage(sizes: SizesResult, target: string | undefined): SizesStage | undefined {
  if (target === undefined || target === '') return sizes.stages.at(-1);
  const wanted = target.toLowerCase();
  return (
    sizes.stages.find((s) => s.name?.toLowerCase() === wanted) ??
    (/^\d+$/.test(target) ? sizes.stages.find((s) => s.index === Number(target)) : undefined)
  );
}

/** Builds as `podman/docker build` would print it, for the output channel and error messages. */
const shellQuote = (argv: readonly string[]): string =>
  argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');

/** What a failed build's output suggests the user should change. */
function buildFailureHint(engine: MeasureEngine, output: string): string {
  if (engine === 'podman' && /cgroup|crun|runc|namespace/i.test(output))
    return ' Podman could not start a container here; inside a container or as root without systemd, set "leanDockerfile.measure.extraArgs": ["--isolation", "chroot"].';
  if (/Cannot connect to the Docker daemon/i.test(output)) return ' The docker daemon is not reachable.';
  return '';
}

class TableDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  /** A read-only Markdown document per Dockerfile, replaced on each measurement (never "unsaved"). */
  async show(dockerfile: vscode.Uri, markdown: string): Promise<void> {
    const name = path.basename(dockerfile.path);
    const key = createHash('sha256').update(dockerfile.toString()).digest('hex').slice(0, 12);
    const uri = vscode.Uri.from({ scheme: TABLE_SCHEME, path: `/${key}/${name} measured.md` });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: true,
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export class MeasureFeature implements vscode.Disposable {
  private engines: Promise<Engines> | undefined;
  private readonly tables = new TableDocuments();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly clientOf: () => LanguageClient | undefined,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.tables,
      vscode.workspace.registerTextDocumentContentProvider(TABLE_SCHEME, this.tables),
      // From a menu the argument is the document's URI; from scripts, BuildAndMeasureArgs.
      vscode.commands.registerCommand(BUILD_AND_MEASURE_COMMAND, (args?: BuildAndMeasureArgs | vscode.Uri) =>
        this.buildAndMeasure(args instanceof vscode.Uri ? { uri: args } : args),
      ),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshEngines()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('leanDockerfile.measure.engine')) this.refreshEngines();
      }),
    );
    this.refreshEngines();
  }

  /** Looks for engines again and updates the command's enablement; does nothing while untrusted. */
  private refreshEngines(): void {
    if (!vscode.workspace.isTrusted) {
      this.engines = undefined;
      void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT_KEY, false);
      return;
    }
    const engines = detectEngines();
    this.engines = engines;
    void engines.then((found) => {
      if (this.engines !== engines) return;
      const chosen = chooseEngine(engineSetting(undefined), found);
      void vscode.commands.executeCommand('setContext', ENGINE_CONTEXT_KEY, chosen !== undefined);
      this.output.info(
        chosen
          ? `Build and Measure: using ${chosen.engine} (${chosen.path})`
          : 'Build and Measure: no podman, and no docker with a reachable daemon, on PATH',
      );
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  async buildAndMeasure(args: BuildAndMeasureArgs = {}): Promise<BuildAndMeasureResult> {
    const result = await this.measure(args).catch((error: unknown): BuildAndMeasureResult => ({
      status: 'failed',
      message: `Build and Measure failed: ${error instanceof Error ? error.message : String(error)}`,
    }));
    if (result.status === 'failed' || result.status === 'refused') {
      this.output.warn(result.message);
      void vscode.window.showWarningMessage(result.message);
    }
    return result;
  }

  private async measure(args: BuildAndMeasureArgs): Promise<BuildAndMeasureResult> {
    const refuse = (message: string): BuildAndMeasureResult => ({ status: 'refused', message });
    // First, before anything else: an untrusted workspace's Dockerfile could run anything in a build.
    if (!vscode.workspace.isTrusted)
      return refuse(
        'Build and Measure runs a container build, which an untrusted workspace does not allow. Trust the workspace to use it.',
      );

    const uri =
      args.uri instanceof vscode.Uri
        ? args.uri
        : typeof args.uri === 'string'
          ? vscode.Uri.parse(args.uri)
          : vscode.window.activeTextEditor?.document.uri;
    if (!uri) return refuse('Build and Measure: open a Dockerfile first.');
    if (uri.scheme !== 'file')
      return refuse('Build and Measure builds files on disk: save the Dockerfile to a folder first.');
    const document = await vscode.workspace.openTextDocument(uri);
    // The engine builds what is on disk; measuring the editor's text means saving it first.
    if (document.isDirty && !(await document.save()))
      return refuse('Build and Measure: the Dockerfile could not be saved.');

    const client = this.clientOf();
    if (!client || client.state !== State.Running)
      return refuse('Build and Measure: the Lean Dockerfile server is not running.');
    const sizes = await client.sendRequest<SizesResult | null>(SizesRequest, {
      uri: document.uri.toString(),
      view: 'uncompressed',
    } satisfies SizesParams);
    if (!sizes || sizes.stages.length === 0)
      return refuse(
        'Build and Measure: no stages to build (is the file empty, or leanDockerfile.enable off for it?).',
      );
    const stage = pickStage(sizes, args.target);
    if (!stage) return refuse(`Build and Measure: no stage named ${args.target}.`);
    const isLast = stage.index === sizes.stages.at(-1)!.index;
    if (!isLast && !stage.name)
      return refuse(`Build and Measure: stage ${stage.index} has no name for --target; name it with AS.`);

    this.engines ??= detectEngines();
    const chosen = args.engine
      ? chooseEngine(args.engine, await this.engines)
      : chooseEngine(engineSetting(uri), await this.engines);
    if (!chosen)
      return refuse(
        `Build and Measure needs podman, or docker with a running daemon, on PATH${args.engine ? ` (asked for ${args.engine})` : ''}.`,
      );

    const file = uri.fsPath;
    const contextDir = args.context ?? path.dirname(file);
    const tag = `${IMAGE_REPOSITORY}:${createHash('sha256').update(file).digest('hex').slice(0, 12)}`;
    const extraArgs = args.extraArgs ?? extraArgsSetting(uri);
    const argv = [
      chosen.path,
      'build',
      // --layers: podman's default, said explicitly: every instruction's layer stays in the history.
      // --force-rm: a failed or cancelled step's working container is removed too.
      ...(chosen.engine === 'podman' ? ['--layers', '--force-rm'] : []),
      ...extraArgs,
      '-f',
      file,
      '-t',
      tag,
      ...(isLast ? [] : ['--target', stage.name!]),
      contextDir,
    ];

    const built = await this.runBuild(argv, chosen.engine, path.basename(file), args.cancellation);
    if (built.status !== 'built') return { status: built.status, message: built.message, argv };

    const historyArgv =
      chosen.engine === 'podman'
        ? [chosen.path, 'history', '--format', 'json', tag]
        : [chosen.path, 'history', '--no-trunc', '--human=false', '--format', '{{json .}}', tag];
    const history = await run(historyArgv, 60_000);
    if (history.code !== 0)
      return {
        status: 'failed',
        argv,
        message: `Build and Measure: ${shellQuote(historyArgv)} failed: ${history.stderr.trim()}`,
      };
    const entries: HistoryEntry[] =
      chosen.engine === 'podman' ? parsePodmanHistory(history.stdout) : parseDockerHistory(history.stdout);
    const aligned = alignHistory(
      entries,
      stage.instructions.map((i) => ({ line: i.range.start.line, keyword: i.keyword })),
    );

    const lineText = (line: number): string => (line < document.lineCount ? document.lineAt(line).text : '');
    const measurement: MeasuredParams = {
      uri: document.uri.toString(),
      version: document.version,
      engine: chosen.engine,
      date: new Date().toISOString(),
      image: tag,
      stageIndex: stage.index,
      stageName: stage.name ?? null,
      fromLine: stage.fromRange.start.line,
      fromText: lineText(stage.fromRange.start.line),
      total: aligned.totalBytes,
      base: aligned.baseBytes ?? null,
      totalEstimate: stage.total,
      baseEstimate: stage.base.bytes,
      instructions: aligned.instructions.map((i, n) => ({
        line: i.line,
        keyword: i.keyword,
        text: lineText(i.line),
        bytes: i.bytes ?? null,
        estimate: stage.instructions[n]?.bytes ?? null,
      })),
    };
    void client.sendNotification(MeasuredNotification, measurement);
    // Messages on the connection are handled in order: the request sees the notification's data.
    const server = await client.sendRequest<MeasuredResultsResult | null>(MeasuredResultsRequest, {
      uri: measurement.uri,
    } satisfies MeasuredResultsParams);
    if (server && args.showTable !== false) await this.tables.show(uri, server.markdown);
    const message = `Measured ${path.basename(file)}: image ${(measurement.total / 1e6).toFixed(1)} MB with ${chosen.engine}${aligned.complete ? '' : ' (history only partly matched the Dockerfile)'}`;
    this.output.info(message);
    return { status: 'measured', message, argv, measurement, server };
  }

  /** Runs the build with a cancellable progress notification; cancel stops the build and its steps. */
  private runBuild(
    argv: string[],
    engine: MeasureEngine,
    fileName: string,
    cancellation: vscode.CancellationToken | undefined,
  ): Promise<{ status: 'built' | 'cancelled' | 'failed'; message: string }> {
    this.output.info(`Build and Measure: ${shellQuote(argv)}`);
    return Promise.resolve(
      vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Building ${fileName} with ${engine}`,
          cancellable: true,
        },
        (progress, token) =>
          new Promise<{ status: 'built' | 'cancelled' | 'failed'; message: string }>((resolve) => {
            const cancelledMessage = {
              status: 'cancelled',
              message: 'Build and Measure: build cancelled.',
            } as const;
            if (token.isCancellationRequested || cancellation?.isCancellationRequested) {
              resolve(cancelledMessage);
              return;
            }
            // Own process group: cancelling must also stop the steps the engine started.
            const child = spawn(argv[0]!, argv.slice(1), {
              detached: true,
              stdio: ['ignore', 'pipe', 'pipe'],
            });
            const tail: string[] = [];
            let cancelled = false;
            const onOutput = (chunk: Buffer): void => {
              for (const line of chunk.toString('utf8').split(/\r?\n/)) {
                if (!line.trim()) continue;
                this.output.info(`[${engine}] ${line}`);
                tail.push(line);
                if (tail.length > 40) tail.shift();
                // podman/buildah: "STEP 3/7: RUN …"; BuildKit plain progress: "#7 [2/5] RUN …".
                const step = /STEP (\d+\/\d+)/.exec(line) ?? /^#\d+ \[[^\]]*?(\d+\/\d+)\]/.exec(line);
                if (step) progress.report({ message: `step ${step[1]}` });
              }
            };
            child.stdout.on('data', onOutput);
            child.stderr.on('data', onOutput);
            const killGroup = (signal: NodeJS.Signals): void => {
              try {
                if (child.pid !== undefined) process.kill(-child.pid, signal);
              } catch {
                /* already gone */
              }
            };
            // podman runs the steps as its children: ending them fails the step, and podman then removes
            // its working container (--force-rm) and exits. Signalling podman itself leaves the container
            // behind (podman 4.3). The docker CLI only talks to the daemon: SIGTERM cancels the build.
            // Whatever still runs after the grace period is killed with the whole group.
            const stop = (): void => {
              if (cancelled) return;
              cancelled = true;
              const steps = child.pid === undefined ? [] : otherGroupMembers(child.pid);
              if (engine === 'podman' && steps.length > 0)
                for (const pid of steps) {
                  try {
                    process.kill(pid, 'SIGKILL');
                  } catch {
                    /* already gone */
                  }
                }
              else child.kill('SIGTERM');
              setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
            };
            const listeners = [
              token.onCancellationRequested(stop),
              cancellation?.onCancellationRequested(stop),
            ];
            const cancel = { dispose: () => listeners.forEach((l) => l?.dispose()) };
            child.on('error', (error) => {
              cancel.dispose();
              resolve({
                status: 'failed',
                message: `Build and Measure: cannot run ${argv[0]}: ${error.message}`,
              });
            });
            child.on('close', (code, signal) => {
              cancel.dispose();
              if (cancelled) resolve(cancelledMessage);
              else if (code === 0) resolve({ status: 'built', message: 'built' });
              else
                resolve({
                  status: 'failed',
                  message: `Build and Measure: ${engine} build failed (${code ?? signal}).${buildFailureHint(engine, tail.join('\n'))} Last output: ${tail.slice(-3).join(' / ')}`,
                });
            });
          }),
      ),
    );
  }
}
