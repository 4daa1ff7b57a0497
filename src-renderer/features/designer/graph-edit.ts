/**
 * Pure edits of the canvas graph: add, delete, connect, move, paste. Each returns a new graph (unchanged
 * parts shared) for `commit`. Wiring lives in the edges, but the target node's `inputs` are kept in step
 * with them so anyone reading a node's spec sees the same wiring the YAML will have.
 */
import { edgeId, type CanvasEdge, type CanvasGraph, type CanvasNode } from '../../../shared/compiler/graph.js';
import { inputSource } from '../../../shared/spec/resolve.js';
import type { Component, PipelineNode } from '../../../shared/spec/schema.js';

type XY = { x: number; y: number };

/** A Kubernetes-style id (lowercase letters, digits, -) from `base`, not in `taken`: load, load-2, load-3… */
export function uniqueNodeId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'node';
  if (!taken.has(clean)) return clean;
  const stem = clean.replace(/-\d+$/, '') || clean;
  for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

export function addComponentNode(graph: CanvasGraph, component: Component, at: XY): { graph: CanvasGraph; id: string } {
  const id = uniqueNodeId(component.metadata.id, new Set(graph.nodes.map((n) => n.id)));
  // Inputs start empty: the component's defaults apply until the user sets something.
  const spec: PipelineNode = {
    id, kind: component.metadata.category, name: component.metadata.name, uses: `${component.metadata.id}@${component.metadata.version}`,
  };
  const node: CanvasNode = { id, type: 'pipeline', position: { x: Math.round(at.x), y: Math.round(at.y) }, data: { spec, placed: true } };
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, id };
}

/** Removes nodes (with every edge touching them) and edges; inputs wired by a removed edge become unset. */
export function removeElements(graph: CanvasGraph, nodeIds: Iterable<string>, edgeIds: Iterable<string>): CanvasGraph {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  const gone = graph.edges.filter((e) => edges.has(e.id) || nodes.has(e.source) || nodes.has(e.target));
  if (!nodes.size && !gone.length) return graph;
  const goneSet = new Set(gone);
  const unwire = new Map<string, Set<string>>();
  for (const e of gone) if (!nodes.has(e.target)) unwire.set(e.target, (unwire.get(e.target) ?? new Set()).add(e.targetHandle));
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !nodes.has(n.id)).map((n) => (unwire.has(n.id) ? withoutInputs(n, unwire.get(n.id)!) : n)),
    edges: graph.edges.filter((e) => !goneSet.has(e)),
  };
}

function withoutInputs(node: CanvasNode, names: ReadonlySet<string>): CanvasNode {
  const inputs = { ...node.data.spec.inputs };
  for (const name of names) if (inputs[name] !== undefined && inputSource(inputs[name]).kind === 'from') delete inputs[name];
  return { ...node, data: { ...node.data, spec: { ...node.data.spec, inputs } } };
}

/** Wires `source.output` into `target.input`; an input takes one edge, so one already there is replaced. */
export function connect(graph: CanvasGraph, c: { source: string; sourceHandle: string; target: string; targetHandle: string }): CanvasGraph {
  const edge: CanvasEdge = { id: edgeId(c.source, c.sourceHandle, c.target, c.targetHandle), ...c };
  const from = `${c.source}.${c.sourceHandle}`;
  return {
    ...graph,
    edges: [...graph.edges.filter((e) => !(e.target === c.target && e.targetHandle === c.targetHandle)), edge],
    nodes: graph.nodes.map((n) => (n.id === c.target
      ? { ...n, data: { ...n.data, spec: { ...n.data.spec, inputs: { ...n.data.spec.inputs, [c.targetHandle]: { from } } } } }
      : n)),
  };
}

/** Whether an edge source -> target would close a loop (target already reaches source). */
export function wouldCycle(graph: CanvasGraph, source: string, target: string): boolean {
  if (source === target) return true;
  const out = new Map<string, string[]>();
  for (const e of graph.edges) {
    const list = out.get(e.source);
    if (list) list.push(e.target); else out.set(e.source, [e.target]);
  }
  const seen = new Set<string>();
  const stack = [target];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === source) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of out.get(id) ?? []) stack.push(next);
  }
  return false;
}

/** Moves nodes; a moved node is `placed`, so its position is written to the spec's layout. */
export function moveNodes(graph: CanvasGraph, positions: ReadonlyMap<string, XY>): CanvasGraph {
  if (!positions.size) return graph;
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const p = positions.get(n.id);
      if (!p || (n.data.placed && p.x === n.position.x && p.y === n.position.y)) return n;
      return { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) }, data: { ...n.data, placed: true } };
    }),
  };
}

export interface ClipboardPayload {
  nodes: CanvasNode[];
  /** Edges into the copied nodes: among them, or from nodes outside (kept when those still exist). */
  edges: CanvasEdge[];
}

export function copyNodes(graph: CanvasGraph, ids: ReadonlySet<string>): ClipboardPayload | undefined {
  const nodes = graph.nodes.filter((n) => ids.has(n.id));
  if (!nodes.length) return undefined;
  return { nodes, edges: graph.edges.filter((e) => ids.has(e.target)) };
}

/** Adds copies with fresh ids, shifted by `offset`; returns the graph and the new ids (to select them). */
export function pasteNodes(graph: CanvasGraph, payload: ClipboardPayload, offset: XY): { graph: CanvasGraph; ids: string[] } {
  const taken = new Set(graph.nodes.map((n) => n.id));
  const rename = new Map<string, string>();
  for (const n of payload.nodes) {
    const id = uniqueNodeId(n.id, taken);
    taken.add(id);
    rename.set(n.id, id);
  }
  const existing = new Set(graph.nodes.map((n) => n.id));
  const edges: CanvasEdge[] = [];
  for (const e of payload.edges) {
    const source = rename.get(e.source) ?? (existing.has(e.source) ? e.source : undefined);
    const target = rename.get(e.target);
    if (source && target) edges.push({ ...e, id: edgeId(source, e.sourceHandle, target, e.targetHandle), source, target });
  }
  const wiredInto = new Map<string, Map<string, string>>();
  for (const e of edges) wiredInto.set(e.target, (wiredInto.get(e.target) ?? new Map()).set(e.targetHandle, `${e.source}.${e.sourceHandle}`));
  const nodes = payload.nodes.map((n): CanvasNode => {
    const id = rename.get(n.id)!;
    const wires = wiredInto.get(id) ?? new Map<string, string>();
    // `from` inputs follow the kept edges; wiring to nodes that are gone is dropped.
    const inputs = n.data.spec.inputs && Object.fromEntries(Object.entries(n.data.spec.inputs).flatMap(([name, v]) => {
      if (inputSource(v).kind !== 'from') return [[name, v]];
      const w = wires.get(name);
      return w ? [[name, { from: w }]] : [];
    }));
    return {
      id, type: 'pipeline', position: { x: Math.round(n.position.x + offset.x), y: Math.round(n.position.y + offset.y) },
      data: { ...n.data, placed: true, spec: { ...n.data.spec, id, ...(inputs ? { inputs } : {}) } },
    };
  });
  return { graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, ids: nodes.map((n) => n.id) };
}
