// Draws a laid-out stage graph as SVG with DOM calls only: Dockerfile text always goes in as text
// nodes or attribute values, never as markup. Colours come from the stylesheet (VS Code theme
// variables); exportSvg resolves them for a standalone file.
import type { GraphNode, StageGraph } from '../../common/graph';
import { formatBytes, LINE_HEIGHT, PADDING_X, PADDING_Y, type Layout, type PlacedEdge } from './layout';

const SVG_NS = 'http://www.w3.org/2000/svg';

type Attrs = Record<string, string | number>;

function el<K extends keyof SVGElementTagNameMap>(
  name: K,
  attrs: Attrs = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

/** Details for the tooltip and the accessible name. */
export function describeNode(node: GraphNode, graph: StageGraph): string {
  const names = new Map(
    graph.nodes.map((n) => [n.id, n.kind === 'stage' && !n.named ? `stage ${n.name}` : n.name]),
  );
  const lines: string[] = [];
  if (node.kind === 'stage') {
    lines.push(
      node.named
        ? `Stage ${node.name} (index ${node.index}), line ${node.line}`
        : `Stage ${node.index} (unnamed), line ${node.line}`,
    );
    lines.push(`FROM ${node.base || '(no image)'}${node.platform ? ` --platform=${node.platform}` : ''}`);
    if (node.size?.bytes)
      lines.push(
        node.size.range
          ? `Estimated size: ${formatBytes(node.size.range.low)}–${formatBytes(node.size.range.high)} on disk`
          : `Estimated size: ${formatBytes(node.size.bytes)}`,
      );
    const findings = node.findings ?? 0;
    lines.push(
      findings === 0
        ? 'No findings'
        : `${findings} finding${findings === 1 ? '' : 's'} (worst: ${node.worst ?? 'info'})`,
    );
    lines.push(
      node.shipped ? 'Shipped: its layers end up in the image' : 'Discarded: not part of the shipped image',
    );
  } else {
    lines.push(`Image ${node.name}`);
    if (node.raw) lines.push(`Written as ${node.raw}`);
    if (node.unresolved) lines.push('Chosen at build time (an ARG without a default)');
    if (node.size) {
      const parts = [
        node.size.bytes ? `${formatBytes(node.size.bytes)} on disk` : '',
        node.size.compressedBytes ? `${formatBytes(node.size.compressedBytes)} to pull` : '',
      ].filter(Boolean);
      if (parts.length)
        lines.push(`${parts.join(', ')} (bundled table${node.size.asOf ? `, ${node.size.asOf}` : ''})`);
    }
    lines.push(node.shipped ? 'Shipped: the base of the image' : 'Not shipped');
  }
  const uses = graph.edges
    .filter((e) => e.from === node.id)
    .map(
      (e) =>
        `${e.kind === 'from' ? 'FROM' : e.kind === 'copy' ? 'COPY --from' : 'RUN --mount from'} in ${names.get(e.to)}`,
    );
  if (uses.length) lines.push(`Used by: ${uses.join('; ')}`);
  if (node.built !== undefined)
    lines.push(node.built ? 'Built for the chosen target' : 'Skipped for the chosen target');
  return lines.join('\n');
}

function edgePath(points: PlacedEdge['points']): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${first!.x},${first!.y}`;
  // Quadratic segments through the midpoints: a smooth curve that still passes near dagre's bends.
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const q = rest[i + 1]!;
    d += ` Q${p.x},${p.y} ${(p.x + q.x) / 2},${(p.y + q.y) / 2}`;
  }
  const last = rest[rest.length - 1];
  if (last) d += ` L${last.x},${last.y}`;
  return d;
}

export interface RenderHandlers {
  activate(nodeId: string): void;
}

export function renderGraph(layout: Layout, graph: StageGraph, handlers: RenderHandlers): SVGSVGElement {
  const svg = el('svg', {
    class: 'graph',
    width: layout.width,
    height: layout.height,
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    role: 'group',
    'aria-label': `Stage graph: ${graph.nodes.filter((n) => n.kind === 'stage').length} stages, ${graph.nodes.filter((n) => n.kind === 'image').length} images`,
  });
  const defs = el('defs', {}, svg);
  for (const kind of ['from', 'copy', 'mount']) {
    const marker = el(
      'marker',
      {
        id: `arrow-${kind}`,
        viewBox: '0 0 10 10',
        refX: 9,
        refY: 5,
        markerWidth: 7,
        markerHeight: 7,
        orient: 'auto-start-reverse',
      },
      defs,
    );
    el('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow ${kind}` }, marker);
  }

  const built = new Map(graph.nodes.map((n) => [n.id, n.built]));
  const edgeLayer = el('g', { class: 'edges' }, svg);
  for (const placed of layout.edges) {
    const { edge } = placed;
    const skipped = built.get(edge.from) === false || built.get(edge.to) === false;
    const g = el(
      'g',
      { class: `edge ${edge.kind}${edge.forward ? ' forward' : ''}${skipped ? ' skipped' : ''}` },
      edgeLayer,
    );
    g.dataset.from = edge.from;
    g.dataset.to = edge.to;
    el('path', { d: edgePath(placed.points), 'marker-end': `url(#arrow-${edge.kind})` }, g);
    if (placed.label) {
      const text = el(
        'text',
        { x: placed.labelX, y: placed.labelY + 3, 'text-anchor': 'middle', class: 'edge-label' },
        g,
      );
      text.textContent = placed.label;
    }
  }

  const nodeLayer = el('g', { class: 'nodes' }, svg);
  for (const placed of layout.nodes) {
    const { node } = placed;
    const classes = ['node', node.kind, node.shipped ? 'shipped' : 'discarded'];
    if (node.built !== undefined) classes.push(node.built ? 'built' : 'skipped');
    if (graph.target === node.id) classes.push('target');
    if (node.unresolved) classes.push('unresolved');
    const description = describeNode(node, graph);
    const g = el(
      'g',
      {
        class: classes.join(' '),
        transform: `translate(${placed.x},${placed.y})`,
        tabindex: 0,
        role: 'button',
        'aria-label': description.replace(/\n/g, '. '),
      },
      nodeLayer,
    );
    g.dataset.id = node.id;
    g.dataset.name = node.name;
    g.dataset.shipped = String(node.shipped);
    if (node.built !== undefined) g.dataset.built = String(node.built);
    el('title', {}, g).textContent = description;
    const radius = node.kind === 'image' ? Math.min(placed.height / 2, 14) : 6;
    el('rect', { class: 'box', width: placed.width, height: placed.height, rx: radius, ry: radius }, g);
    if (node.kind === 'stage' && node.shipped) {
      // The shipped marker: a bar along the left edge, besides the "shipped" tag line.
      el('rect', { class: 'ship-bar', x: 0, y: 0, width: 5, height: placed.height, rx: 2 }, g);
    }
    placed.lines.forEach((line, i) => {
      const text = el(
        'text',
        {
          x: node.kind === 'image' ? placed.width / 2 : PADDING_X,
          y: PADDING_Y + (i + 1) * LINE_HEIGHT - 4,
          class: line.className,
        },
        g,
      );
      if (node.kind === 'image') text.setAttribute('text-anchor', 'middle');
      text.textContent = line.text;
    });
    if (node.kind === 'stage' && (node.findings ?? 0) > 0) {
      const badge = el('g', { class: `badge ${node.worst ?? 'info'}` }, g);
      const cx = placed.width - PADDING_X - 2;
      const cy = PADDING_Y + 7;
      el('circle', { cx, cy, r: 9 }, badge);
      const count = el('text', { x: cx, y: cy + 3.5, 'text-anchor': 'middle' }, badge);
      count.textContent = node.findings! > 99 ? '99+' : String(node.findings);
      el('title', {}, badge).textContent =
        `${node.findings} finding${node.findings === 1 ? '' : 's'} in this stage`;
    }
    g.addEventListener('click', () => handlers.activate(node.id));
  }
  return svg;
}

const EXPORTED_STYLES = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
];

/**
 * A standalone SVG file of the drawing: the theme's CSS variables do not exist outside VS Code, so
 * every element gets its computed colours and fonts inline, on a background of the editor colour.
 */
export function exportSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  // Natural size, whatever the zoom on screen.
  const [, , width, height] = (svg.getAttribute('viewBox') ?? '').split(' ');
  if (width && height) {
    clone.setAttribute('width', width);
    clone.setAttribute('height', height);
  }
  const live = [svg, ...Array.from(svg.querySelectorAll('*'))];
  const copies = [clone, ...Array.from(clone.querySelectorAll('*'))];
  live.forEach((source, i) => {
    const target = copies[i] as SVGElement | undefined;
    if (!target || !(source instanceof SVGElement)) return;
    // Interaction and styling hooks mean nothing in a file: only geometry, text and colours remain.
    for (const name of Array.from(target.getAttributeNames()))
      if (
        name === 'tabindex' ||
        name === 'class' ||
        name === 'role' ||
        name.startsWith('aria-') ||
        name.startsWith('data-')
      )
        target.removeAttribute(name);
    const computed = getComputedStyle(source);
    for (const property of EXPORTED_STYLES) {
      const value = computed.getPropertyValue(property);
      // CSSOM, not a style attribute string: allowed under the webview's style-src CSP.
      if (value) target.style.setProperty(property, value);
    }
  });
  const background = getComputedStyle(document.body).getPropertyValue('background-color');
  const rect = document.createElementNS(SVG_NS, 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  if (background) rect.style.setProperty('fill', background);
  clone.insertBefore(rect, clone.firstChild);
  return new XMLSerializer().serializeToString(clone);
}
