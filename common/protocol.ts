// Messages and settings shared by the client, the server and the webview. Each custom message is a
// method name plus its typed payload, so both sides agree at compile time.

export const SERVER_SOURCE = 'lean-dockerfile';
export const CONFIG_SECTION = 'leanDockerfile';
export const DOCS_BASE_URL = 'https://github.com/lean-dockerfile/lean-dockerfile/blob/main/docs/rules/';

export type SeveritySetting = 'error' | 'warning' | 'info' | 'off';

/** The `leanDockerfile.*` settings as the server reads them for one document. */
export interface LeanDockerfileSettings {
  enable: boolean;
  /** Per-rule severity overrides, keyed by rule id or alias. */
  rules: Record<string, SeveritySetting>;
  /** Stages that are shipped besides the last one (build targets). */
  targets: string[];
  /** Delay between the last edit and the analysis, in milliseconds. */
  diagnosticsDelay: number;
  /** heavy-final-base threshold in MB; null = the project's .lean-dockerfile.json or the default (100). */
  heavyBaseThresholdMB: number | null;
}

export const DEFAULT_SETTINGS: LeanDockerfileSettings = {
  enable: true,
  rules: {},
  targets: [],
  diagnosticsDelay: 250,
  heavyBaseThresholdMB: null,
};

/** Server → client: analysis progress for one document, shown in the status bar. */
export const StatusNotification = 'leanDockerfile/status';
export interface StatusParams {
  uri: string;
  state: 'analyzing' | 'done' | 'failed';
  /** Number of findings published for the document (state `done`). */
  findings?: number;
  /** Wall time of the last analysis in milliseconds (state `done`). */
  durationMs?: number;
  message?: string;
}
