// Messages between the stage graph webview and the extension, with the type guards both sides use:
// a webview is a separate origin, so neither side trusts the shape of what it receives.
import type { GraphEdge, GraphNode, GraphProblem, StageGraph } from './graph';

/** Extension → webview: the graph of the followed document. */
export interface GraphViewMessage {
  type: 'graph';
  uri: string;
  /** File name shown in the toolbar. */
  fileName: string;
  version: number;
  graph: StageGraph;
  /** Chosen build target (a stage name), or null for Docker's default (the last stage). */
  target: string | null;
}

/** Extension → webview: nothing to draw (no Dockerfile open, server not running, …). */
export interface EmptyViewMessage {
  type: 'empty';
  message: string;
}

export type ToWebviewMessage = GraphViewMessage | EmptyViewMessage;

export type FromWebviewMessage =
  | { type: 'ready' }
  /** Show the node's FROM line (stage) or first mention (image) in the editor. */
  | { type: 'reveal'; nodeId: string }
  | { type: 'setTarget'; target: string | null }
  | { type: 'copyMermaid' }
  /** Standalone SVG markup of the drawing, colours resolved. */
  | { type: 'saveSvg'; svg: string };

/** Largest SVG the extension accepts from the webview (a drawing of thousands of stages is far below). */
export const MAX_SVG_LENGTH = 20_000_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isOptional = (v: unknown, type: 'string' | 'number' | 'boolean'): boolean =>
  v === undefined || typeof v === type;

function isNode(v: unknown): v is GraphNode {
  if (!isObj(v)) return false;
  return (
    typeof v.id === 'string' &&
    (v.kind === 'stage' || v.kind === 'image') &&
    typeof v.name === 'string' &&
    typeof v.base === 'string' &&
    typeof v.shipped === 'boolean' &&
    isOptional(v.index, 'number') &&
    isOptional(v.named, 'boolean') &&
    isOptional(v.line, 'number') &&
    isOptional(v.column, 'number') &&
    isOptional(v.platform, 'string') &&
    isOptional(v.findings, 'number') &&
    (v.worst === undefined || v.worst === 'error' || v.worst === 'warning' || v.worst === 'info') &&
    isOptional(v.built, 'boolean') &&
    isOptional(v.raw, 'string') &&
    (v.size === undefined ||
      (isObj(v.size) &&
        (v.size.bytes === null || typeof v.size.bytes === 'number') &&
        (v.size.compressedBytes === null || typeof v.size.compressedBytes === 'number')))
  );
}

function isEdge(v: unknown): v is GraphEdge {
  return (
    isObj(v) &&
    typeof v.from === 'string' &&
    typeof v.to === 'string' &&
    (v.kind === 'from' || v.kind === 'copy' || v.kind === 'mount') &&
    isOptional(v.count, 'number') &&
    isOptional(v.line, 'number') &&
    isOptional(v.forward, 'boolean')
  );
}

function isProblem(v: unknown): v is GraphProblem {
  return (
    isObj(v) && typeof v.kind === 'string' && typeof v.message === 'string' && isOptional(v.line, 'number')
  );
}

/** A well-formed graph whose edges join nodes it has. */
export function isStageGraph(v: unknown): v is StageGraph {
  if (!isObj(v) || !Array.isArray(v.nodes) || !Array.isArray(v.edges) || !Array.isArray(v.problems))
    return false;
  if (!v.nodes.every(isNode) || !v.edges.every(isEdge) || !v.problems.every(isProblem)) return false;
  if (!isOptional(v.target, 'string')) return false;
  const ids = new Set((v.nodes as GraphNode[]).map((n) => n.id));
  return (v.edges as GraphEdge[]).every((e) => ids.has(e.from) && ids.has(e.to));
}

export function isToWebviewMessage(v: unknown): v is ToWebviewMessage {
  if (!isObj(v)) return false;
  if (v.type === 'empty') return typeof v.message === 'string';
  return (
    v.type === 'graph' &&
    typeof v.uri === 'string' &&
    typeof v.fileName === 'string' &&
    typeof v.version === 'number' &&
    (v.target === null || typeof v.target === 'string') &&
    isStageGraph(v.graph)
  );
}

export function isFromWebviewMessage(v: unknown): v is FromWebviewMessage {
  if (!isObj(v)) return false;
  switch (v.type) {
    case 'ready':
    case 'copyMermaid':
      return true;
    case 'reveal':
      return typeof v.nodeId === 'string' && v.nodeId.length <= 4096;
    case 'setTarget':
      return v.target === null || (typeof v.target === 'string' && v.target.length <= 256);
    case 'saveSvg':
      // Text from the Dockerfile is escaped by XMLSerializer, so these can only be real elements or
      // URLs: a drawing of ours never has them.
      return (
        typeof v.svg === 'string' &&
        v.svg.length <= MAX_SVG_LENGTH &&
        /^<svg[\s>]/.test(v.svg) &&
        !/<script|<foreignObject|javascript:/i.test(v.svg)
      );
    default:
      return false;
  }
}
