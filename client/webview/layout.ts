// Layered left-to-right layout of the stage graph with dagre (@dagrejs/dagre).
//
// Why dagre and not elkjs: the stage graph is a small DAG (a handful to a few hundred nodes) that
// needs exactly one algorithm, Sugiyama-style layering, which both libraries do well. dagre is plain
// JavaScript and adds about 50 KB minified to dist/webview.js; elkjs 0.12's elk.bundled.js is
// 1.65 MB (480 KB gzip) of GWT-compiled Java, prefers a Web Worker (another CSP source to allow) and
// brings port/orthogonal routing options we would not use. dagre also handles cycles (forward
// references in bad input) through its acyclic pass instead of failing.
//
// dagre is an ES module and this folder compiles as CommonJS for tsc: main.ts loads it with import()
// (esbuild inlines it into dist/webview.js) and passes it in.
import type * as DagreModule from '@dagrejs/dagre' with { 'resolution-mode': 'import' };
import type { GraphEdge, GraphNode, StageGraph } from '../../common/graph';

export type Dagre = typeof DagreModule;

export interface TextLine {
  text: string;
  className: string;
}

export interface PlacedNode {
  node: GraphNode;
  /** Top-left corner and size. */
  x: number;
  y: number;
  width: number;
  height: number;
  lines: TextLine[];
}

export interface PlacedEdge {
  edge: GraphEdge;
  points: Array<{ x: number; y: number }>;
  label: string | undefined;
  labelX: number;
  labelY: number;
}

export interface Layout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Width of a text in pixels for a class of text (title, detail, …). */
export type Measure = (text: string, className: string) => number;

export const LINE_HEIGHT = 16;
export const PADDING_X = 12;
export const PADDING_Y = 9;
/** Room on the right of a stage's title for the findings badge. */
export const BADGE_ROOM = 22;
const MAX_CHARS = 48;

const clip = (text: string): string => (text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 1)}…` : text);

export function formatBytes(bytes: number): string {
  // 1 MB = 10^6 B, as everywhere in Lean Dockerfile.
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** The text lines a node shows; the full details are in its tooltip. */
export function nodeLines(node: GraphNode): TextLine[] {
  if (node.kind === 'image') {
    const lines = [{ text: clip(node.name), className: 'title' }];
    if (node.size?.bytes) lines.push({ text: formatBytes(node.size.bytes), className: 'detail' });
    return lines;
  }
  const lines: TextLine[] = [
    { text: clip(node.named ? node.name : `stage ${node.name}`), className: 'title' },
    { text: clip(node.base ? `FROM ${node.base}` : 'FROM (missing)'), className: 'detail' },
  ];
  const meta = [
    node.platform ? `--platform=${node.platform}` : '',
    node.size?.bytes ? `${node.size.basis === 'estimate' ? '≈ ' : ''}${formatBytes(node.size.bytes)}` : '',
  ]
    .filter(Boolean)
    .join('  ');
  if (meta) lines.push({ text: clip(meta), className: 'detail' });
  const tags = [node.shipped ? 'shipped' : 'discarded'];
  if (node.built !== undefined) tags.push(node.built ? 'built' : 'skipped');
  lines.push({ text: tags.join(' · '), className: 'tag' });
  return lines;
}

export function edgeLabel(edge: GraphEdge): string | undefined {
  const count = edge.count && edge.count > 1 ? ` ×${edge.count}` : '';
  if (edge.kind === 'from') return count ? `FROM${count}` : undefined;
  return `${edge.kind === 'copy' ? 'COPY' : 'mount'}${count}`;
}

export function layoutGraph(dagre: Dagre, graph: StageGraph, measure: Measure): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 48, edgesep: 12, marginx: 12, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({}));
  const lines = new Map<string, TextLine[]>();
  for (const node of graph.nodes) {
    const text = nodeLines(node);
    lines.set(node.id, text);
    const widest = Math.max(...text.map((l) => measure(l.text, l.className)));
    const extra = node.kind === 'stage' ? BADGE_ROOM : 8;
    g.setNode(node.id, {
      width: Math.ceil(widest + 2 * PADDING_X + extra),
      height: text.length * LINE_HEIGHT + 2 * PADDING_Y,
    });
  }
  graph.edges.forEach((edge, i) => {
    const label = edgeLabel(edge);
    g.setEdge(
      edge.from,
      edge.to,
      label
        ? { width: measure(label, 'edge-label') + 6, height: 14, labelpos: 'c', minlen: 1 }
        : { width: 0, height: 0, minlen: 1 },
      String(i),
    );
  });
  dagre.layout(g);

  const nodes: PlacedNode[] = graph.nodes.map((node) => {
    const n = g.node(node.id) as { x: number; y: number; width: number; height: number };
    return {
      node,
      x: n.x - n.width / 2,
      y: n.y - n.height / 2,
      width: n.width,
      height: n.height,
      lines: lines.get(node.id) ?? [],
    };
  });
  const edges: PlacedEdge[] = graph.edges.map((edge, i) => {
    const e = g.edge({ v: edge.from, w: edge.to, name: String(i) }) as {
      points?: Array<{ x: number; y: number }>;
      x?: number;
      y?: number;
    };
    const points = e.points ?? [];
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { edge, points, label: edgeLabel(edge), labelX: e.x ?? mid.x, labelY: e.y ?? mid.y };
  });
  const size = g.graph() as { width?: number; height?: number };
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), nodes, edges };
}
