// Stage graph webview: draws what the extension posts, asks it to reveal lines, change the target and
// export. No VS Code API beyond postMessage and getState/setState; every message is validated.
import './styles.css';
import type { GraphNode } from '../../common/graph';
import {
  isToWebviewMessage,
  type FromWebviewMessage,
  type GraphViewMessage,
  type ToWebviewMessage,
} from '../../common/graphMessages';
import { layoutGraph, type Dagre, type Measure } from './layout';
import { exportSvg, renderGraph } from './render';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

/** What survives the panel being hidden: the last graph (drawn at once on return) and the focus. */
interface ViewState {
  message?: GraphViewMessage;
  focused?: string;
  scrollLeft?: number;
  scrollTop?: number;
}

const vscode = acquireVsCodeApi();
let state: ViewState = readState(vscode.getState());

function readState(raw: unknown): ViewState {
  if (typeof raw !== 'object' || raw === null) return {};
  const r = raw as Record<string, unknown>;
  return {
    message: isToWebviewMessage(r.message) && r.message.type === 'graph' ? r.message : undefined,
    focused: typeof r.focused === 'string' ? r.focused : undefined,
    scrollLeft: typeof r.scrollLeft === 'number' ? r.scrollLeft : undefined,
    scrollTop: typeof r.scrollTop === 'number' ? r.scrollTop : undefined,
  };
}

function saveState(patch: Partial<ViewState>): void {
  state = { ...state, ...patch };
  vscode.setState(state);
}

function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) if (v !== undefined) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- page structure -------------------------------------------------------------------------
const app = document.getElementById('app') ?? document.body;
const toolbar = h('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Stage graph' });
const fileLabel = h('span', { id: 'file', class: 'file' });
const targetLabel = h('label', { for: 'target' }, 'Target');
const targetSelect = h('select', {
  id: 'target',
  title: 'Build target: what `docker build --target` would build',
});
const copyButton = h('button', { id: 'copy-mermaid', type: 'button' }, 'Copy as Mermaid');
const saveButton = h('button', { id: 'save-svg', type: 'button' }, 'Save as SVG');
toolbar.append(fileLabel, targetLabel, targetSelect, copyButton, saveButton);
const legend = h('div', { class: 'legend', 'aria-hidden': 'true' });
for (const [cls, text] of [
  ['shipped', 'shipped'],
  ['discarded', 'discarded'],
  ['skipped', 'skipped for target'],
  ['copy', 'COPY --from'],
  ['mount', 'RUN --mount from'],
]) {
  const item = h('span', { class: `legend-item ${cls}` });
  item.append(h('span', { class: 'swatch' }), document.createTextNode(text!));
  legend.append(item);
}
const canvas = h('main', { id: 'canvas', class: 'canvas' });
const problemsList = h('ul', { id: 'problems', class: 'problems', 'aria-label': 'Problems' });
const emptyNote = h('p', { id: 'empty', class: 'empty', role: 'status' });
app.append(toolbar, legend, canvas, problemsList, emptyNote);

const post = (message: FromWebviewMessage): void => vscode.postMessage(message);

targetSelect.addEventListener('change', () => {
  post({ type: 'setTarget', target: targetSelect.value === '' ? null : targetSelect.value });
});
copyButton.addEventListener('click', () => post({ type: 'copyMermaid' }));
saveButton.addEventListener('click', () => {
  const svg = canvas.querySelector('svg.graph');
  if (svg instanceof SVGSVGElement) post({ type: 'saveSvg', svg: exportSvg(svg) });
});
canvas.addEventListener('scroll', () =>
  saveState({ scrollLeft: canvas.scrollLeft, scrollTop: canvas.scrollTop }),
);

// ---- text measurement for the layout ---------------------------------------------------------
const measureContext = document.createElement('canvas').getContext('2d');
const FONTS: Record<string, string> = {
  title: '600 13px',
  detail: '11px',
  tag: '600 10px',
  'edge-label': '10px',
};
const measure: Measure = (text, className) => {
  const size = FONTS[className] ?? '12px';
  if (!measureContext) return text.length * 7;
  measureContext.font = `${size} ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
  return measureContext.measureText(text).width;
};

// ---- keyboard: nodes are focusable buttons ---------------------------------------------------
function nodeElement(id: string): SVGGElement | undefined {
  return Array.from(canvas.querySelectorAll<SVGGElement>('g.node')).find((g) => g.dataset.id === id);
}

function handleKey(event: KeyboardEvent, message: GraphViewMessage): void {
  const target = event.target;
  if (!(target instanceof SVGGElement) || !target.classList.contains('node')) return;
  const id = target.dataset.id ?? '';
  const nodes = Array.from(canvas.querySelectorAll<SVGGElement>('g.node'));
  const index = nodes.indexOf(target);
  let next: SVGGElement | undefined;
  switch (event.key) {
    case 'Enter':
    case ' ':
      event.preventDefault();
      post({ type: 'reveal', nodeId: id });
      return;
    case 'ArrowRight': {
      // Along the flow: to the first stage this node feeds.
      const edge = message.graph.edges.find((e) => e.from === id);
      next = edge ? nodeElement(edge.to) : undefined;
      break;
    }
    case 'ArrowLeft': {
      const edge = message.graph.edges.find((e) => e.to === id);
      next = edge ? nodeElement(edge.from) : undefined;
      break;
    }
    case 'ArrowDown':
      next = nodes[(index + 1) % nodes.length];
      break;
    case 'ArrowUp':
      next = nodes[(index - 1 + nodes.length) % nodes.length];
      break;
    default:
      return;
  }
  event.preventDefault();
  next?.focus();
}

// ---- drawing ---------------------------------------------------------------------------------
/** Smallest zoom when the graph is wider than the panel: below it the canvas scrolls instead. */
const MIN_SCALE = 0.7;

function fitToWidth(): void {
  const svg = canvas.querySelector('svg.graph');
  if (!(svg instanceof SVGSVGElement)) return;
  const [, , width = 0, height = 0] = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
  const available = canvas.clientWidth - 8;
  const scale = width > 0 && available > 0 ? Math.max(MIN_SCALE, Math.min(1, available / width)) : 1;
  svg.setAttribute('width', String(Math.round(width * scale)));
  svg.setAttribute('height', String(Math.round(height * scale)));
}

window.addEventListener('resize', fitToWidth);

function fillTargets(message: GraphViewMessage): void {
  targetSelect.replaceChildren();
  const stages = message.graph.nodes.filter((n): n is GraphNode => n.kind === 'stage');
  const last = stages[stages.length - 1];
  const lastName = last ? (last.named ? last.name : `stage ${last.name}`) : 'none';
  targetSelect.append(h('option', { value: '' }, `default (last stage: ${lastName})`));
  for (const stage of stages.filter((s) => s.named)) {
    const suffix = stage.built === undefined ? '' : stage.built ? ' (built)' : ' (skipped)';
    const option = h('option', { value: stage.name, class: stage.built === false ? 'skipped' : 'built' });
    option.textContent = `${stage.name}${suffix}`;
    targetSelect.append(option);
  }
  const wanted = message.target ?? '';
  targetSelect.value = Array.from(targetSelect.options).some((o) => o.value === wanted) ? wanted : '';
  targetSelect.disabled = stages.length === 0;
}

function renderProblems(message: GraphViewMessage): void {
  problemsList.replaceChildren();
  for (const problem of message.graph.problems) {
    const item = h('li', { class: `problem ${problem.kind}` });
    item.textContent = `${problem.line ? `Line ${problem.line}: ` : ''}${problem.message}`;
    problemsList.append(item);
  }
}

function render(dagre: Dagre, message: ToWebviewMessage): void {
  if (message.type === 'empty') {
    document.body.classList.add('is-empty');
    emptyNote.textContent = message.message;
    fileLabel.textContent = '';
    canvas.replaceChildren();
    problemsList.replaceChildren();
    targetSelect.replaceChildren();
    copyButton.disabled = true;
    saveButton.disabled = true;
    return;
  }
  document.body.classList.remove('is-empty');
  const focused =
    document.activeElement instanceof SVGGElement ? document.activeElement.dataset.id : state.focused;
  fileLabel.textContent = message.fileName;
  fileLabel.title = message.uri;
  fillTargets(message);
  renderProblems(message);
  const stages = message.graph.nodes.filter((n) => n.kind === 'stage').length;
  emptyNote.textContent = stages === 0 ? 'No stages: the file has no FROM instruction yet.' : '';
  copyButton.disabled = stages === 0;
  saveButton.disabled = stages === 0;

  const layout = layoutGraph(dagre, message.graph, measure);
  const svg = renderGraph(layout, message.graph, {
    activate: (nodeId) => {
      saveState({ focused: nodeId });
      post({ type: 'reveal', nodeId });
    },
  });
  svg.addEventListener('keydown', (event) => handleKey(event, message));
  svg.addEventListener('focusin', (event) => {
    if (event.target instanceof SVGGElement && event.target.dataset.id)
      saveState({ focused: event.target.dataset.id });
  });
  canvas.replaceChildren(svg);
  fitToWidth();
  document.body.dataset.version = String(message.version);
  if (focused && canvas.contains(document.activeElement) === false && document.hasFocus()) {
    nodeElement(focused)?.focus({ preventScroll: true });
  }
  saveState({ message });
}

// Bundled into dist/webview.js by esbuild (no network); callbacks on one promise keep message order.
const dagreReady: Promise<Dagre> = import('@dagrejs/dagre');

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Anything that is not a well-formed message from the extension is ignored.
  const data = event.data;
  if (!isToWebviewMessage(data)) return;
  void dagreReady.then((dagre) => render(dagre, data));
});

void dagreReady.then((dagre) => {
  if (state.message) {
    render(dagre, state.message);
    if (state.scrollLeft !== undefined) canvas.scrollLeft = state.scrollLeft;
    if (state.scrollTop !== undefined) canvas.scrollTop = state.scrollTop;
  } else {
    render(dagre, { type: 'empty', message: 'Loading the stage graph…' });
  }
  post({ type: 'ready' });
});
