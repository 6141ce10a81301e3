// The stage graph panel: asks the server for `leanDockerfile/graph` and hands the result to the
// webview (client/webview/, bundled as dist/webview.js). Follows the active Dockerfile editor,
// refreshes on edits (debounced), reveals FROM lines, copies Mermaid and saves SVG. No analysis here.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import {
  isFromWebviewMessage,
  isStageGraph,
  type FromWebviewMessage,
  type ToWebviewMessage,
} from '../../common/graphMessages';
import { GraphRequest, type GraphParams, type GraphResult } from '../../common/protocol';

export const SHOW_STAGE_GRAPH_COMMAND = 'leanDockerfile.showStageGraph';
const VIEW_TYPE = 'leanDockerfile.stageGraph';
/** Edits are coalesced: the graph follows typing without a request per keystroke. */
const REFRESH_DELAY_MS = 300;

const isDockerfile = (document: vscode.TextDocument | undefined): document is vscode.TextDocument =>
  document?.languageId === 'dockerfile';

function isGraphResult(value: unknown): value is GraphResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r.uri === 'string' &&
    typeof r.version === 'number' &&
    typeof r.mermaid === 'string' &&
    isStageGraph(r.graph)
  );
}

export class StageGraphPanel implements vscode.Disposable {
  private static current: StageGraphPanel | undefined;

  /** Opens the panel (or brings it forward) for `uri`, else the active Dockerfile editor. */
  static show(extensionUri: vscode.Uri, client: () => LanguageClient | undefined, uri?: vscode.Uri): void {
    const editor = vscode.window.activeTextEditor;
    const document =
      (uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())) ??
      (isDockerfile(editor?.document) ? editor.document : undefined);
    const column = editor?.viewColumn;
    if (StageGraphPanel.current) {
      StageGraphPanel.current.panel.reveal(undefined, true);
      if (document) StageGraphPanel.current.follow(document, column);
      else if (uri) void StageGraphPanel.current.followUri(uri, column);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      VIEW_TYPE,
      'Stage Graph',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      {
        enableScripts: true,
        // Only the bundles: the webview can load nothing else, and nothing remote.
        localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
      },
    );
    StageGraphPanel.current = new StageGraphPanel(panel, extensionUri, client);
    if (document) StageGraphPanel.current.follow(document, column);
    else if (uri) void StageGraphPanel.current.followUri(uri, column);
  }

  private readonly disposables: vscode.Disposable[] = [];
  private followed: vscode.Uri | undefined;
  private editorColumn: vscode.ViewColumn | undefined;
  /** Chosen build target per document (null: Docker's default, the last stage). */
  private readonly targets = new Map<string, string | null>();
  private last: GraphResult | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
  ) {
    panel.webview.html = webviewHtml(panel.webview, extensionUri);
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((message: unknown) => {
        // The webview is another origin: anything malformed is dropped.
        if (isFromWebviewMessage(message)) void this.handle(message);
      }),
      panel.onDidChangeViewState(() => {
        if (panel.visible) this.schedule(0);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isDockerfile(editor.document)) this.follow(editor.document, editor.viewColumn);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (this.followed && event.document.uri.toString() === this.followed.toString())
          this.schedule(REFRESH_DELAY_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (this.followed && document.uri.toString() === this.followed.toString()) {
          // Closing a tab also fires when its language changes: only give up once it is really gone.
          setTimeout(() => {
            if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === document.uri.toString()))
              this.post({ type: 'empty', message: 'The Dockerfile was closed. Open one to see its stages.' });
          }, 500);
        }
      }),
    );
  }

  private follow(document: vscode.TextDocument, column: vscode.ViewColumn | undefined): void {
    if (!isDockerfile(document)) return;
    if (column !== undefined) this.editorColumn = column;
    if (this.followed?.toString() !== document.uri.toString()) {
      this.followed = document.uri;
      this.last = undefined;
      this.panel.title = `Stage Graph: ${path.basename(document.uri.path)}`;
    }
    this.schedule(0);
  }

  private async followUri(uri: vscode.Uri, column: vscode.ViewColumn | undefined): Promise<void> {
    try {
      this.follow(await vscode.workspace.openTextDocument(uri), column);
    } catch {
      this.post({ type: 'empty', message: `Cannot open ${uri.fsPath}.` });
    }
  }

  private schedule(delay: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async refresh(): Promise<void> {
    const uri = this.followed;
    if (!uri) {
      this.post({ type: 'empty', message: 'Open a Dockerfile to see its stages.' });
      return;
    }
    const client = this.client();
    if (!client || client.state !== State.Running) {
      this.post({ type: 'empty', message: 'The Lean Dockerfile language server is not running.' });
      return;
    }
    const generation = ++this.generation;
    const target = this.targets.get(uri.toString()) ?? null;
    const params: GraphParams = { uri: client.code2ProtocolConverter.asUri(uri) };
    if (target) params.target = target;
    let result: unknown;
    try {
      result = await client.sendRequest(GraphRequest, params);
    } catch (error) {
      if (generation === this.generation)
        this.post({ type: 'empty', message: `The stage graph failed: ${String(error)}` });
      return;
    }
    // A newer refresh (edit, other document, other target) supersedes this answer.
    if (generation !== this.generation || uri.toString() !== this.followed?.toString()) return;
    if (result === null) {
      // The server has not seen the document yet (it is still being opened): ask again shortly.
      this.schedule(REFRESH_DELAY_MS);
      return;
    }
    if (!isGraphResult(result)) {
      this.post({ type: 'empty', message: 'The language server sent a malformed stage graph.' });
      return;
    }
    this.last = result;
    // A target renamed or deleted by an edit: the server fell back to the default, and so do we.
    const stale = target !== null && result.graph.problems.some((p) => p.kind === 'unknown-target');
    if (stale) this.targets.set(uri.toString(), null);
    this.post({
      type: 'graph',
      uri: uri.toString(),
      fileName: vscode.workspace.asRelativePath(uri),
      version: result.version,
      graph: result.graph,
      target: stale ? null : target,
    });
  }

  private async handle(message: FromWebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.schedule(0);
        return;
      case 'reveal':
        await this.reveal(message.nodeId);
        return;
      case 'setTarget': {
        if (!this.followed) return;
        const known = this.last?.graph.nodes.some(
          (n) => n.kind === 'stage' && n.named && n.name.toLowerCase() === message.target?.toLowerCase(),
        );
        if (message.target !== null && !known) return;
        this.targets.set(this.followed.toString(), message.target);
        this.schedule(0);
        return;
      }
      case 'copyMermaid':
        if (!this.last) return;
        await vscode.env.clipboard.writeText(this.last.mermaid);
        void vscode.window.showInformationMessage('Stage graph copied as Mermaid.');
        return;
      case 'saveSvg':
        await this.saveSvg(message.svg);
        return;
    }
  }

  /** Shows a stage's FROM line (an image's first mention) in the editor the graph follows. */
  private async reveal(nodeId: string): Promise<void> {
    const node = this.last?.graph.nodes.find((n) => n.id === nodeId);
    if (!this.followed || node?.line === undefined) return;
    const position = new vscode.Position(node.line - 1, Math.max(0, (node.column ?? 1) - 1));
    const editor = await vscode.window.showTextDocument(this.followed, {
      viewColumn: this.editorColumn ?? vscode.ViewColumn.One,
      selection: new vscode.Range(position, position),
      preserveFocus: false,
    });
    editor.revealRange(
      new vscode.Range(position, position),
      vscode.TextEditorRevealType.InCenterIfOutsideViewport,
    );
  }

  private async saveSvg(svg: string): Promise<void> {
    if (!this.followed) return;
    const name = `${path.basename(this.followed.path).replace(/[^\w.-]+/g, '_')}.stages.svg`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.followed, '..', name),
      filters: { 'SVG image': ['svg'] },
      saveLabel: 'Save Stage Graph',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(`${svg}\n`, 'utf8'));
    void vscode.window.showInformationMessage(
      `Stage graph saved to ${vscode.workspace.asRelativePath(target)}.`,
    );
  }

  dispose(): void {
    if (StageGraphPanel.current === this) StageGraphPanel.current = undefined;
    clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** The webview's page: a nonce CSP, the bundled script and stylesheet from dist/, nothing else. */
function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}" nonce="${nonce}">
<title>Stage Graph</title>
</head>
<body>
<div id="app"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** "Show stage graph" above the first FROM of a Dockerfile (until the server offers code lenses). */
export class StageGraphCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    for (let line = 0; line < document.lineCount; line++) {
      if (!/^\s*from(\s|$)/i.test(document.lineAt(line).text)) continue;
      return [
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: 'Show stage graph',
          tooltip: 'Lean Dockerfile: how stages, images and copies connect',
          command: SHOW_STAGE_GRAPH_COMMAND,
          arguments: [document.uri],
        }),
      ];
    }
    return [];
  }
}
