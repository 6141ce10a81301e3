// Text exports of the stage graph: Mermaid (renders in GitHub/GitLab Markdown) and Graphviz DOT.
// Every piece of Dockerfile text that reaches them is escaped: a label can hold quotes, `#`, `<`.
import type { GraphEdge, GraphNode, StageGraph } from '../../../../common/graph';

/** One line per text: comments and labels must not be broken up by a newline in the input. */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

/**
 * Mermaid label text inside `"…"`: entity codes (`#34;`) for the characters Mermaid or its HTML
 * labels would interpret, so a label is always plain text.
 */
export function escapeMermaid(text: string): string {
  return oneLine(text).replace(/["#&<>`]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** DOT double-quoted string content: backslash and quote escaped, newlines as `\n`. */
export function escapeDot(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n');
}

function labelLines(node: GraphNode): string[] {
  if (node.kind === 'image') return [node.name];
  const lines = [node.named ? `${node.name} (${node.index})` : `stage ${node.name}`];
  if (node.base) lines.push(`FROM ${node.base}`);
  if (node.findings) lines.push(`${node.findings} finding${node.findings === 1 ? '' : 's'}`);
  return lines;
}

/** Node classes: shipped/discarded always; built/skipped when a target was applied. */
function classesOf(node: GraphNode): string[] {
  const out = [node.kind, node.shipped ? 'shipped' : 'discarded'];
  if (node.built !== undefined) out.push(node.built ? 'built' : 'skipped');
  return out;
}

function edgeLabel(edge: GraphEdge): string | undefined {
  const count = edge.count && edge.count > 1 ? ` ×${edge.count}` : '';
  if (edge.kind === 'from') return count ? `FROM${count}` : undefined;
  return `${edge.kind}${count}`;
}

function shortIds(graph: StageGraph): Map<string, string> {
  const ids = new Map<string, string>();
  let images = 0;
  for (const node of graph.nodes)
    ids.set(node.id, node.kind === 'stage' ? `s${node.index ?? ids.size}` : `i${images++}`);
  return ids;
}

export function toMermaid(graph: StageGraph): string {
  const ids = shortIds(graph);
  const out = ['flowchart LR'];
  for (const p of graph.problems)
    out.push(`  %% problem${p.line ? ` (line ${p.line})` : ''}: ${oneLine(p.message)}`);
  for (const node of graph.nodes) {
    const label = labelLines(node).map(escapeMermaid).join('<br/>');
    const id = ids.get(node.id)!;
    out.push(node.kind === 'image' ? `  ${id}(["${label}"])` : `  ${id}["${label}"]`);
  }
  for (const edge of graph.edges) {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    if (!from || !to) continue;
    const label = edgeLabel(edge);
    const arrow = edge.kind === 'from' ? '-->' : '-.->';
    out.push(`  ${from} ${arrow}${label ? `|${escapeMermaid(label)}|` : ''} ${to}`);
  }
  out.push(
    '  classDef stage fill:#eef3fb,stroke:#3b6ea5,color:#1b2733',
    '  classDef image fill:#f4f4f4,stroke:#8a8a8a,color:#333333',
    '  classDef shipped stroke-width:3px',
    '  classDef discarded stroke-dasharray:5 3',
    '  classDef built stroke:#2e7d32',
    '  classDef skipped opacity:0.5',
  );
  const byClass = new Map<string, string[]>();
  for (const node of graph.nodes) {
    for (const c of classesOf(node)) byClass.set(c, [...(byClass.get(c) ?? []), ids.get(node.id)!]);
  }
  for (const [c, members] of byClass) out.push(`  class ${members.join(',')} ${c}`);
  return `${out.join('\n')}\n`;
}

export function toDot(graph: StageGraph): string {
  const q = (s: string): string => `"${escapeDot(s)}"`;
  const out = [
    'digraph stages {',
    '  rankdir=LR;',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  for (const p of graph.problems)
    out.push(`  // problem${p.line ? ` (line ${p.line})` : ''}: ${oneLine(p.message)}`);
  for (const node of graph.nodes) {
    const styles = [node.kind === 'stage' ? 'rounded' : '', node.shipped ? '' : 'dashed'].filter(Boolean);
    const attrs = [
      `label=${q(labelLines(node).join('\n'))}`,
      node.kind === 'image' ? 'shape=ellipse' : 'shape=box',
    ];
    if (styles.length > 0) attrs.push(`style=${q(styles.join(','))}`);
    if (node.shipped) attrs.push('penwidth=2.5');
    if (node.built === false) attrs.push('fontcolor="#999999"', 'color="#bbbbbb"');
    else if (node.kind === 'image') attrs.push('color="#8a8a8a"');
    out.push(`  ${q(node.id)} [${attrs.join(', ')}];`);
  }
  for (const edge of graph.edges) {
    const attrs: string[] = [];
    const label = edgeLabel(edge);
    if (label) attrs.push(`label=${q(label)}`);
    if (edge.kind !== 'from') attrs.push('style=dashed');
    if (edge.forward) attrs.push('color="#c62828"');
    out.push(`  ${q(edge.from)} -> ${q(edge.to)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
