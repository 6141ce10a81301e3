import * as vscode from 'vscode';
import type { StatusParams } from '../../common/protocol';

/** The status bar item: the analysis state of the active Dockerfile. Visible only for Dockerfiles. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'leanDockerfile.status',
    vscode.StatusBarAlignment.Right,
    100,
  );
  private readonly states = new Map<string, StatusParams>();
  private activeUri: string | undefined;
  private running = false;

  constructor() {
    this.item.name = 'Lean Dockerfile';
    this.item.command = 'leanDockerfile.showOutput';
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
    if (params.uri === this.activeUri) this.render();
  }

  follow(document: vscode.TextDocument | undefined): void {
    this.activeUri = document?.languageId === 'dockerfile' ? document.uri.toString() : undefined;
    this.render();
  }

  private render(): void {
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
  }
}
