// Messages and settings shared by the client, the server and the webview. Each custom message is a
// method name plus its typed payload, so both sides agree at compile time.
import type { StageGraph } from './graph';

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
  /** Size estimates in the editor: each view can be turned off; `compressed` shows pull instead of disk sizes. */
  sizes: SizesSettings;
  /**
   * Completion, hover docs, symbols, formatting and the other editing features. `auto`: off for what
   * Docker's or Microsoft's Docker extension already provides when one of them is active.
   */
  languageFeatures: CoexistenceMode;
  /** The `syntax-*` findings (dockerfile-utils' checks). `auto`: hidden when another Docker extension shows them. */
  syntaxDiagnostics: CoexistenceMode;
  /** Read compose.yaml / docker-bake.hcl in the workspace for the build target and ARG values of this Dockerfile. */
  useBuildFiles: boolean;
  network: NetworkSettings;
}

export type CoexistenceMode = 'auto' | 'on' | 'off';

export interface NetworkSettings {
  /** Ask an image's registry for its size when the bundled table does not know it. Never in an untrusted workspace. */
  registryLookups: boolean;
  /** Send credentials from the user's docker config (~/.docker/config.json) to registries that ask for them. */
  useDockerCredentials: boolean;
}

export interface SizesSettings {
  inlayHints: boolean;
  codeLens: boolean;
  hover: boolean;
  compressed: boolean;
}

export const DEFAULT_SETTINGS: LeanDockerfileSettings = {
  enable: true,
  rules: {},
  targets: [],
  diagnosticsDelay: 250,
  heavyBaseThresholdMB: null,
  sizes: { inlayHints: true, codeLens: true, hover: true, compressed: false },
  languageFeatures: 'auto',
  syntaxDiagnostics: 'auto',
  useBuildFiles: true,
  network: { registryLookups: false, useDockerCredentials: false },
};

/**
 * Client → server at start-up (`initializationOptions`): what the client knows that the server cannot.
 * `peerDockerExtension`: Docker's or Microsoft's Docker extension is installed and enabled (settings in
 * `auto` mode then leave its features to it). `trusted`: false in an untrusted workspace (no network).
 */
/** Client → server: Docker's or Microsoft's Docker extension was enabled or disabled since start-up. */
export const PeersNotification = 'leanDockerfile/peers';
export interface PeersParams {
  peerDockerExtension: boolean;
}

export interface InitializationOptions {
  settings?: unknown;
  peerDockerExtension?: boolean;
  trusted?: boolean;
  /** A folder the server may keep caches in (the extension's global storage); a user cache dir otherwise. */
  globalStoragePath?: string;
}

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

/** Client → server: the stage graph of an open document, for the webview (`client/src/graphPanel.ts`). */
export const GraphRequest = 'leanDockerfile/graph';
export interface GraphParams {
  uri: string;
  /** Build target (stage name or index): sets `built` on every node and ships the target's FROM chain. */
  target?: string;
}
export interface GraphResult {
  uri: string;
  /** Version of the document the graph was built from (stale results can be dropped). */
  version: number;
  /** Nodes, edges and problems (unknown or forward references, cycles, an unknown target). */
  graph: StageGraph;
  /** The same graph as a Mermaid flowchart (for "Copy as Mermaid"). */
  mermaid: string;
}

/** Sizes in bytes (1 MB = 10^6 B for display); `low` = `high` for an exact number. */
export interface SizeRange {
  low: number;
  high: number;
}

/** Client → server: size estimates of an open document (`server/src/engine/size/`), for inlay hints, code lenses, hover and the status bar. */
export const SizesRequest = 'leanDockerfile/sizes';
export interface SizesParams {
  uri: string;
  /** Which view the display strings use: uncompressed (disk, default) or compressed (pull). */
  view?: 'uncompressed' | 'compressed';
}

/** Position and range in LSP coordinates (0-based line, UTF-16 character). */
export interface SizesPosition {
  line: number;
  character: number;
}
export interface SizesRange {
  start: SizesPosition;
  end: SizesPosition;
}

export interface SizesPart {
  label: string;
  bytes: SizeRange;
  compressed: SizeRange;
  basis: string;
  /** Bytes a clean-up or cache mount kept out (the part itself then adds 0). */
  saved?: SizeRange;
}

export interface SizesInstruction {
  /** The instruction's range; an inlay hint goes at `range.end` of its first line. */
  range: SizesRange;
  keyword: string;
  /** False for metadata-only instructions (no layer, no hint). */
  layer: boolean;
  bytes: SizeRange;
  compressed: SizeRange;
  /** `+45 MB`, `+0–50 MB`, `+0 B` in the requested view. */
  display: string;
  basis: string;
  details: SizesPart[];
  unknown: boolean;
  /** For removals of earlier layers' files: those layers' ranges (they still ship). */
  removedFrom: SizesRange[];
}

export interface SizesStage {
  index: number;
  name: string | undefined;
  /** Range of the stage's FROM line (code lens and FROM inlay hint). */
  fromRange: SizesRange;
  shipped: boolean;
  /** True for the stage `docker build` produces (the last one). */
  image: boolean;
  base: {
    image: string;
    /** `registry`: not in the table, sized by a registry look-up (`source` names the registry). */
    kind: 'table' | 'fallback' | 'image-range' | 'unknown' | 'scratch' | 'stage' | 'registry';
    bytes: SizeRange;
    compressed: SizeRange;
    /** `node:22 ≈ 1.1 GB`. */
    display: string;
    basis: string;
    unknown: boolean;
    source?: string;
    asOf?: string;
  };
  instructions: SizesInstruction[];
  total: SizeRange;
  totalCompressed: SizeRange;
  /** `builder ≈ 1.2 GB · discarded`, `final image ≈ 126 MB · 89% smaller than builder`. */
  lens: string;
  unknown: boolean;
}

export interface SizesResult {
  uri: string;
  /** Document version the estimate was computed from (stale results can be dropped). */
  version: number;
  view: 'uncompressed' | 'compressed';
  stages: SizesStage[];
  /** The shipped image (last stage); undefined for a file without stages. */
  image:
    | { stageIndex: number; bytes: SizeRange; compressed: SizeRange; display: string; unknown: boolean }
    | undefined;
  /** Status bar text, e.g. `image ≈ 126 MB`. */
  status: string;
  /** Whether the build-context walk hit its limit (COPY sizes are then lower bounds). */
  contextCapped: boolean;
  /** Dated sources of the data used, for hovers. */
  sources: string[];
}

/** Client → server: how fresh each stage's base image tag is (command "Show Newest Supported Base Tags"). */
export const BaseTagsRequest = 'leanDockerfile/baseTags';
export interface BaseTagsParams {
  uri: string;
}
export interface BaseTagInfo {
  stageIndex: number;
  stageName: string | undefined;
  /** The image as written in FROM (`node:16-alpine`) and its canonical name (`node`). */
  written: string;
  image: string;
  tag: string | undefined;
  /** Where the tag is written; undefined when it cannot be replaced in place (variables, digests). */
  tagRange: SizesRange | undefined;
  status: 'supported' | 'end-of-life' | 'unknown';
  product: string | undefined;
  cycle: string | undefined;
  eol: string | null | undefined;
  newestTag: string | undefined;
  oldestSupportedTag: string | undefined;
  /** Date of the bundled end-of-life table. */
  asOf: string;
  /**
   * With registry look-ups on (trusted workspace only): the digest the tag names now, since when we
   * know it, and the digest it named before when the tag moved since it was last checked.
   */
  pointer?: { digest: string; since: string; movedFrom?: { digest: string; since: string } };
}
export interface BaseTagsResult {
  bases: BaseTagInfo[];
}

/** The engines "Build and Measure" drives (setting `leanDockerfile.measure.engine`). */
export type MeasureEngine = 'podman' | 'docker';

/** One instruction of a measured stage: its layer as the engine's history reports it. */
export interface MeasuredInstruction {
  /** 0-based line of the instruction's first line. */
  line: number;
  keyword: string;
  /** The instruction's first line as built, so a later edit that moves or changes it can be noticed. */
  text: string;
  /** Uncompressed layer bytes; null when no history entry could be matched to the instruction. */
  bytes: number | null;
  /** The estimate for this instruction when it was measured. */
  estimate: SizeRange | null;
}

/**
 * Client → server after "Build and Measure" built a stage with the user's engine: per-instruction
 * layer sizes from `podman history` / `docker history` (uncompressed, bytes), next to the estimates
 * of the same document version. The server keeps the latest per document (`server/src/lsp/measured.ts`).
 */
export const MeasuredNotification = 'leanDockerfile/measured';
export interface MeasuredParams {
  uri: string;
  /** The document version that was built (the file on disk, saved). */
  version: number;
  engine: MeasureEngine;
  /** ISO date and time of the measurement. */
  date: string;
  /** The tag the image was built as. */
  image: string;
  stageIndex: number;
  stageName: string | null;
  /** The stage's FROM line (0-based) and its text, for the image and base lines of a hover. */
  fromLine: number;
  fromText: string;
  /** Bytes of the whole image (every history entry). */
  total: number;
  /** Bytes of the FROM image's entries; null when the history could not be matched completely. */
  base: number | null;
  /** The estimates of the image and its base at measuring time. */
  totalEstimate: SizeRange | null;
  baseEstimate: SizeRange | null;
  instructions: MeasuredInstruction[];
}

/** Client → server: the measurement the server holds for a document, with its comparison table. */
export const MeasuredResultsRequest = 'leanDockerfile/measuredResults';
export interface MeasuredResultsParams {
  uri: string;
}
export interface MeasuredResultsResult {
  measurement: MeasuredParams;
  /** Estimate vs measured per instruction, as a Markdown document. */
  markdown: string;
}
