// The stage graph as the engine builds it and as it travels to the CLI's JSON, the LSP client and the
// webview. Plain data only (no Sets or class instances), so it survives JSON and postMessage.

export type GraphNodeKind = 'stage' | 'image';
/** `from`: FROM <stage|image>; `copy`: COPY/ADD --from=…; `mount`: RUN --mount=…,from=…. */
export type GraphEdgeKind = 'from' | 'copy' | 'mount';
export type GraphSeverity = 'error' | 'warning' | 'info';

/** A size from the bundled base-image table, or a stage's estimate from the size model (1 MB = 10^6 B). */
export interface GraphSize {
  /** Bytes on disk (uncompressed), when known. */
  bytes: number | null;
  /** Pull size (compressed), when known. */
  compressedBytes: number | null;
  /** `table`: exact tag; `fallback`: a related tag's row; `estimate`: the size model's estimate. */
  basis: 'table' | 'fallback' | 'estimate';
  /** Date of the data the number comes from. */
  asOf?: string;
  /** For `estimate`: the range the size model gives (`bytes` is its midpoint). */
  range?: { low: number; high: number };
}

export interface GraphNode {
  /** `stage:<index>` or `image:<reference>`. */
  id: string;
  kind: GraphNodeKind;
  /** Stage: its `AS` name as written, else its index; image: the reference after ARG substitution. */
  name: string;
  /** Stage: what its FROM names (ARG-substituted); image: the reference itself. */
  base: string;
  /** Ends up in a shipped image: a shipped stage or its FROM chain, or the image at the root of one. */
  shipped: boolean;
  /** Stage: position in the file (0-based, what `--from=<index>` counts). */
  index?: number;
  /** Stage: it has an `AS` name (only named stages can be a `--target`). */
  named?: boolean;
  /** Stage: 1-based line and column of its FROM keyword; image: of its first mention. */
  line?: number;
  column?: number;
  /** Stage: the `--platform` flag of its FROM, as written. */
  platform?: string;
  /** Stage: FROM scratch. */
  scratch?: boolean;
  /** Stage: number of findings inside the stage, and the worst severity among them. */
  findings?: number;
  worst?: GraphSeverity;
  /** Image: the reference as written, when ARG substitution changed it. */
  raw?: string;
  /** Image: an ARG without a default is left in the reference (the image is chosen at build time). */
  unresolved?: boolean;
  /** Set by graphForTarget: the node is built (or pulled) for the chosen target. */
  built?: boolean;
  size?: GraphSize;
}

export interface GraphEdge {
  /** The node whose content flows (base image/stage, copy or mount source). */
  from: string;
  /** The stage that uses it. */
  to: string;
  kind: GraphEdgeKind;
  /** How many instructions make this edge (several COPY --from of one stage are one edge). */
  count?: number;
  /** 1-based line of the first of them. */
  line?: number;
  /** The source stage is defined after the stage that uses it. */
  forward?: boolean;
}

export type GraphProblemKind =
  | 'unknown-stage'
  | 'bad-index'
  | 'forward-reference'
  | 'self-reference'
  | 'cycle'
  | 'variable'
  | 'missing-base'
  | 'unknown-target';

/** Something in the file that the graph cannot represent faithfully. Reported, never thrown. */
export interface GraphProblem {
  kind: GraphProblemKind;
  message: string;
  /** 1-based, where known. */
  line?: number;
  column?: number;
}

export interface StageGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  problems: GraphProblem[];
  /** Set by graphForTarget: id of the target stage. */
  target?: string;
}
