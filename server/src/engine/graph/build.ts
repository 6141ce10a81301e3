// The stage graph: a node per stage and per external image, an edge wherever content flows (FROM,
// COPY --from, RUN --mount from=). Total: references it cannot resolve become problems, never throws.
import type {
  GraphEdge,
  GraphEdgeKind,
  GraphNode,
  GraphProblem,
  GraphProblemKind,
  GraphSeverity,
  GraphSize,
  StageGraph,
} from '../../../../common/graph';
import type { Finding } from '../findings';
import type { Instruction, Model, Position, Stage } from '../model/types';
import { runMounts } from '../shell/mounts';
import { BASE_IMAGES_AS_OF, canonicalImageName, imageFacts, knownTags } from '../size/baseImages';

export interface GraphInput {
  model: Model;
  /** Indexes of shipped stages (`Analysis.shipped`): the last stage, named targets and their FROM chains. */
  shipped: ReadonlySet<number>;
  /** Findings to count per stage (`Analysis.findings`). */
  findings?: readonly Finding[];
}

export interface GraphOptions {
  /** Per-stage size estimate, once the size model provides one. */
  stageSize?: (stage: Stage) => GraphSize | undefined;
}

const RANK: Record<GraphSeverity, number> = { info: 1, warning: 2, error: 3 };

export const stageId = (index: number): string => `stage:${index}`;
export const imageId = (reference: string): string => `image:${reference}`;

/** Builds the graph of an analysis (or of a model plus its shipped set). */
export function buildGraph(input: GraphInput, options: GraphOptions = {}): StageGraph {
  const { model, shipped } = input;
  const stages = model.stages;
  const nodes: GraphNode[] = [];
  const images = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const problems: GraphProblem[] = [];

  const problem = (kind: GraphProblemKind, message: string, at?: Position): void => {
    problems.push(at ? { kind, message, line: at.line + 1, column: at.character + 1 } : { kind, message });
  };
  const addEdge = (from: string, to: string, kind: GraphEdgeKind, at: Position, forward = false): void => {
    const key = `${from}\u0000${to}\u0000${kind}`;
    const existing = edges.get(key);
    if (existing) {
      existing.count = (existing.count ?? 1) + 1;
      return;
    }
    const edge: GraphEdge = { from, to, kind, count: 1, line: at.line + 1 };
    if (forward) edge.forward = true;
    edges.set(key, edge);
  };
  const addImage = (name: string, at: Position, extra: Partial<GraphNode> = {}): string => {
    const id = imageId(name);
    if (!images.has(id)) {
      images.set(id, {
        id,
        kind: 'image',
        name,
        base: name,
        shipped: false,
        line: at.line + 1,
        column: at.character + 1,
        ...extra,
      });
    }
    return id;
  };

  // Findings per stage: a stage owns the lines from its FROM to the line before the next FROM.
  const counts = stages.map(() => ({ total: 0, worst: undefined as GraphSeverity | undefined }));
  const starts = stages.map((s) => s.from.range.start.line);
  for (const finding of input.findings ?? []) {
    const line = finding.range.start.line;
    let owner = -1;
    for (let i = 0; i < starts.length && starts[i]! <= line; i++) owner = i;
    const count = counts[owner];
    if (!count) continue;
    count.total++;
    if (!count.worst || RANK[finding.severity] > RANK[count.worst]) count.worst = finding.severity;
  }

  for (const stage of stages) {
    const at = stage.from.keywordRange.start;
    const base = stage.base;
    const baseName = base ? (base.hasUnresolvedVariables ? base.raw : base.resolved) : '';
    const node: GraphNode = {
      id: stageId(stage.index),
      kind: 'stage',
      name: stage.rawName ?? String(stage.index),
      base: baseName,
      shipped: shipped.has(stage.index),
      index: stage.index,
      named: stage.name !== undefined,
      line: at.line + 1,
      column: at.character + 1,
      findings: counts[stage.index]?.total ?? 0,
    };
    const worst = counts[stage.index]?.worst;
    if (worst) node.worst = worst;
    if (stage.platform !== undefined) node.platform = stage.platform;
    if (stage.isScratch) node.scratch = true;
    const size = options.stageSize?.(stage);
    if (size) node.size = size;
    nodes.push(node);

    if (!base) {
      problem('missing-base', `Stage ${node.name}: FROM names no image.`, at);
      continue;
    }
    if (stage.baseStage !== undefined) {
      addEdge(stageId(stage.baseStage), node.id, 'from', base.range.start);
      continue;
    }
    if (stage.isScratch) continue; // scratch is the empty image: nothing is pulled
    // A bare name of a later stage: BuildKit resolves stage names across the whole file (and detects
    // cycles); the classic builder would pull an image of that name instead.
    const later =
      !base.tag && !base.digest && !base.registry
        ? stages.find((s) => s.index > stage.index && s.name === base.resolved.toLowerCase())
        : undefined;
    if (later) {
      addEdge(stageId(later.index), node.id, 'from', base.range.start, true);
      problem(
        'forward-reference',
        `FROM ${base.resolved}: stage \`${later.rawName}\` is defined later (line ${later.from.range.start.line + 1}); a stage can only be built from an earlier one.`,
        base.range.start,
      );
      continue;
    }
    if (base.hasUnresolvedVariables) {
      problem(
        'variable',
        `FROM ${base.raw}: an ARG without a default is left in the image name, so the image is chosen at build time.`,
        base.range.start,
      );
    }
    const extra: Partial<GraphNode> = {};
    if (base.raw !== baseName) extra.raw = base.raw;
    if (base.hasUnresolvedVariables) extra.unresolved = true;
    else {
      const facts = imageFacts(canonicalImageName(base.registry, base.repository), base.tag);
      if (facts.row && facts.basis !== 'inferred' && !base.digest) {
        extra.size = {
          bytes: facts.row.uncompressedBytes,
          compressedBytes: facts.row.compressedBytes,
          basis: facts.basis,
          asOf: facts.row.asOf || BASE_IMAGES_AS_OF,
        };
      }
    }
    addEdge(addImage(baseName, base.range.start, extra), node.id, 'from', base.range.start);
  }

  // COPY/ADD --from and RUN --mount from=, resolved the way BuildKit does: a stage name
  // (case-insensitive), else a stage index, else an image reference.
  for (const stage of stages) {
    for (const instruction of stage.instructions) {
      for (const { value, kind } of sourcesOf(instruction)) {
        const at = instruction.keywordRange.start;
        const to = stageId(stage.index);
        const flag = kind === 'copy' ? `--from=${value}` : `--mount=…,from=${value}`;
        const source = resolveSource(stages, value, stage.index);
        switch (source.kind) {
          case 'stage':
            addEdge(stageId(source.stage.index), to, kind, at);
            break;
          case 'later':
            addEdge(stageId(source.stage.index), to, kind, at, true);
            problem(
              'forward-reference',
              `${instruction.keyword} ${flag}: stage \`${source.stage.rawName ?? source.stage.index}\` is defined later (line ${source.stage.from.range.start.line + 1}). Refer to earlier stages only.`,
              at,
            );
            break;
          case 'self':
            problem('self-reference', `${instruction.keyword} ${flag}: a stage cannot use itself.`, at);
            break;
          case 'bad-index':
            problem(
              'bad-index',
              `${instruction.keyword} ${flag}: there is no stage ${value} (stages are numbered 0 to ${stages.length - 1}).`,
              at,
            );
            break;
          case 'variable':
            problem(
              'variable',
              `${instruction.keyword} ${flag}: BuildKit does not expand variables in --from.`,
              at,
            );
            addEdge(addImage(value, at, { unresolved: true }), to, kind, at);
            break;
          case 'image':
            if (source.unknownName) {
              problem(
                'unknown-stage',
                `${instruction.keyword} ${flag}: no earlier stage is named \`${value}\`, so BuildKit pulls the image \`${value}\`.`,
                at,
              );
            }
            addEdge(addImage(value, at), to, kind, at);
            break;
        }
      }
    }
  }

  const graph: StageGraph = { nodes: [...nodes, ...images.values()], edges: [...edges.values()], problems };
  markShippedImages(graph);
  reportCycles(graph);
  return graph;
}

interface Source {
  value: string;
  kind: 'copy' | 'mount';
}

function sourcesOf(instruction: Instruction): Source[] {
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    return instruction.flags
      .filter((f) => f.name === 'from' && f.value !== undefined && f.value !== '')
      .map((f) => ({ value: f.value!, kind: 'copy' }));
  }
  if (instruction.keyword === 'RUN') {
    return runMounts(instruction)
      .filter((m) => m.from !== undefined && m.from !== '')
      .map((m) => ({ value: m.from!, kind: 'mount' }));
  }
  return [];
}

type Resolved =
  | { kind: 'stage' | 'later' | 'self'; stage: Stage }
  | { kind: 'bad-index' }
  | { kind: 'variable' }
  | { kind: 'image'; unknownName: boolean };

function resolveSource(stages: readonly Stage[], value: string, current: number): Resolved {
  if (value.includes('$')) return { kind: 'variable' };
  const lower = value.toLowerCase();
  const named = stages.filter((s) => s.name === lower);
  // Names win over numbers: a stage may be named `1` only in theory (names start with a letter).
  const earlier = named.filter((s) => s.index < current);
  if (earlier.length > 0) return { kind: 'stage', stage: earlier[earlier.length - 1]! };
  if (named.some((s) => s.index === current)) return { kind: 'self', stage: stages[current]! };
  if (named.length > 0) return { kind: 'later', stage: named[0]! };
  if (/^\d+$/.test(value)) {
    const stage = stages[Number(value)];
    if (!stage) return { kind: 'bad-index' };
    if (stage.index === current) return { kind: 'self', stage };
    return { kind: stage.index < current ? 'stage' : 'later', stage };
  }
  // A plain name that is no stage is pulled as docker.io/library/<name>: worth a word unless it is an
  // image we know (busybox, alpine, …) or a named build context.
  const plain = !/[/:@]/.test(value);
  const unknownName = plain && lower !== 'scratch' && knownTags(lower).length === 0;
  return { kind: 'image', unknownName };
}

/** An image is shipped when a shipped stage is built FROM it. */
function markShippedImages(graph: StageGraph): void {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const edge of graph.edges) {
    if (edge.kind !== 'from' || !byId.get(edge.to)?.shipped) continue;
    const source = byId.get(edge.from);
    if (source?.kind === 'image') source.shipped = true;
  }
}

/** Forward references can make cycles (a Docker build then fails): report each one, once. */
function reportCycles(graph: StageGraph): void {
  const incoming = new Map<string, string[]>();
  for (const e of graph.edges) {
    if (!e.from.startsWith('stage:')) continue;
    const list = incoming.get(e.to) ?? [];
    list.push(e.from);
    incoming.set(e.to, list);
  }
  const names = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const state = new Map<string, 'active' | 'done'>();
  const path: string[] = [];
  const seen = new Set<string>();
  // Iterative DFS: bad input must not blow the stack either.
  for (const start of graph.nodes) {
    if (start.kind !== 'stage' || state.has(start.id)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: start.id, next: 0 }];
    state.set(start.id, 'active');
    path.push(start.id);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const deps = incoming.get(top.id) ?? [];
      if (top.next < deps.length) {
        const dep = deps[top.next++]!;
        const s = state.get(dep);
        if (s === 'active') {
          const cycle = path.slice(path.indexOf(dep));
          const key = [...cycle].sort().join(',');
          if (!seen.has(key)) {
            seen.add(key);
            const line = graph.nodes.find((n) => n.id === dep)?.line;
            graph.problems.push({
              kind: 'cycle',
              message: `Stages depend on each other in a cycle: ${[...cycle, dep].map((id) => names.get(id)).join(' → ')}. Docker cannot build this.`,
              ...(line !== undefined ? { line, column: 1 } : {}),
            });
          }
        } else if (s === undefined) {
          state.set(dep, 'active');
          path.push(dep);
          stack.push({ id: dep, next: 0 });
        }
      } else {
        state.set(top.id, 'done');
        path.pop();
        stack.pop();
      }
    }
  }
}

/**
 * What `docker build --target <target>` builds: the target and everything it depends on through FROM,
 * COPY --from and RUN --mount from= (BuildKit skips the rest). `shipped` becomes the target's FROM
 * chain, `built` is set on every node. Without a target, the last stage (Docker's default). A target
 * that names no stage is a problem, and the default is used.
 */
export function graphForTarget(graph: StageGraph, target?: string): StageGraph {
  const stages = graph.nodes.filter((n) => n.kind === 'stage');
  const problems = [...graph.problems];
  let chosen: GraphNode | undefined;
  if (target !== undefined && target !== '') {
    const lower = target.toLowerCase();
    chosen =
      stages.find((n) => n.named && n.name.toLowerCase() === lower) ??
      stages.find((n) => String(n.index) === target);
    if (!chosen) {
      const namedStages = stages.filter((n) => n.named).map((n) => n.name);
      problems.push({
        kind: 'unknown-target',
        message: `No stage is named \`${target}\`${namedStages.length > 0 ? ` (named stages: ${namedStages.join(', ')})` : ' (no stage has a name)'}.`,
      });
    }
  }
  chosen ??= stages[stages.length - 1];
  if (!chosen) return { ...graph, problems, nodes: graph.nodes.map((n) => ({ ...n, built: false })) };

  const incoming = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    const list = incoming.get(e.to) ?? [];
    list.push(e);
    incoming.set(e.to, list);
  }
  const walk = (follow: (e: GraphEdge) => boolean): Set<string> => {
    const seen = new Set<string>([chosen.id]);
    const queue = [chosen.id];
    while (queue.length > 0) {
      for (const e of incoming.get(queue.pop()!) ?? []) {
        if (!follow(e) || seen.has(e.from)) continue;
        seen.add(e.from);
        queue.push(e.from);
      }
    }
    return seen;
  };
  const built = walk(() => true);
  const shipped = walk((e) => e.kind === 'from');
  return {
    ...graph,
    problems,
    target: chosen.id,
    nodes: graph.nodes.map((n) => ({ ...n, built: built.has(n.id), shipped: shipped.has(n.id) })),
  };
}
