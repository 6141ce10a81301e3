import * as vscode from 'vscode';
import type { SizesResult, StatusParams } from '../../common/protocol';

/** Asks the server for `leanDockerfile/sizes` of a document (undefined while no server runs). */
export type SizesSource = (uri: string) => Promise<SizesResult | null> | undefined;

/**
 * The status bar items of the active Dockerfile: the analysis state, and the estimated size of the
 * image it builds (from the server's `leanDockerfile/sizes`, asked after each finished analysis).
 * Visible only for Dockerfiles.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'leanDockerfile.status',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly sizeItem = vscode.window.createStatusBarItem(
    'leanDockerfile.imageSize',
    vscode.StatusBarAlignment.Right,
    99,
  );
  private readonly states = new Map<string, StatusParams>();
  private readonly sizes = new Map<string, SizesResult>();
  private activeUri: string | undefined;
  private running = false;
  private sizeTicket = 0;

  constructor(private readonly sizesOf: SizesSource = () => undefined) {
    this.item.name = 'Lean Dockerfile';
    this.item.command = 'leanDockerfile.showOutput';
    this.sizeItem.name = 'Lean Dockerfile: image size';
    this.sizeItem.command = 'leanDockerfile.showStageGraph';
    this.render();
  }

  serverStarted(): void {
    this.running = true;
    this.render();
  }

  serverStopped(): void {
    this.running = false;
    this.render();
  }

  update(params: StatusParams): void {
    this.states.set(params.uri, params);
    if (params.uri === this.activeUri) {
      this.render();
      if (params.state === 'done') this.fetchSize(params.uri);
    }
  }

  follow(document: vscode.TextDocument | undefined): void {
    this.activeUri = document?.languageId === 'dockerfile' ? document.uri.toString() : undefined;
    this.render();
    if (this.activeUri && this.states.get(this.activeUri)?.state === 'done') this.fetchSize(this.activeUri);
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.states.delete(uri);
    this.sizes.delete(uri);
  }

  private fetchSize(uri: string): void {
    const ticket = ++this.sizeTicket;
    const pending = this.sizesOf(uri);
    if (!pending) return;
    pending.then(
      (result) => {
        if (ticket !== this.sizeTicket) return;
        if (result) this.sizes.set(uri, result);
        else this.sizes.delete(uri);
        if (uri === this.activeUri) this.renderSize();
      },
      () => {
        if (ticket !== this.sizeTicket) return;
        this.sizes.delete(uri);
        if (uri === this.activeUri) this.renderSize();
      },
    );
  }

  private renderSize(): void {
    const result = this.activeUri ? this.sizes.get(this.activeUri) : undefined;
    if (!this.running || !result?.image || result.status === '') {
      this.sizeItem.hide();
      return;
    }
    this.sizeItem.text = `$(package) ${result.status}`;
    const tooltip = new vscode.MarkdownString(
      `Estimated ${result.view === 'compressed' ? 'compressed (pull)' : 'uncompressed (disk)'} size of the image this Dockerfile builds${result.image.unknown ? ' (includes guess ranges)' : ''}.\n\n`,
    );
    for (const stage of result.stages)
      tooltip.appendMarkdown(`- ${stage.lens.replace(/[\\`*_[\]<>]/g, '\\$&')}\n`);
    tooltip.appendMarkdown('\nClick to show the stage graph.');
    this.sizeItem.tooltip = tooltip;
    this.sizeItem.show();
  }

  private render(): void {
    this.renderSize();
    if (!this.activeUri) {
      this.item.hide();
      return;
    }
    const state = this.states.get(this.activeUri);
    if (!this.running) {
      this.item.text = '$(circle-slash) Lean Dockerfile';
      this.item.tooltip = 'The Lean Dockerfile language server is not running. Click for its output.';
    } else if (!state || state.state === 'analyzing') {
      this.item.text = '$(sync~spin) Lean Dockerfile';
      this.item.tooltip = 'Analysing this Dockerfile…';
    } else if (state.state === 'failed') {
      this.item.text = '$(error) Lean Dockerfile';
      this.item.tooltip = `Analysis failed: ${state.message ?? 'see the output'}`;
    } else {
      const n = state.findings ?? 0;
      this.item.text = n === 0 ? '$(check) Lean Dockerfile' : `$(warning) Lean Dockerfile: ${n}`;
      this.item.tooltip = `${n === 0 ? 'No problems' : `${n} problem${n === 1 ? '' : 's'}`} · analysed in ${state.durationMs ?? 0} ms`;
    }
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    this.sizeItem.dispose();
  }
}
