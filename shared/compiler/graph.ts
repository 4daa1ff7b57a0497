/**
 * The canvas graph (React Flow's nodes and edges) to and from the spec, losslessly: a spec turned into a
 * graph and back is deep-equal to the original, key order included. Edges are the truth for wiring;
 * everything else about a node rides along untouched in `data.spec`.
 */
import { inputSource } from '../spec/resolve.js';
import type { Layout, Pipeline, PipelineNode } from '../spec/schema.js';

export interface CanvasNodeData {
  spec: PipelineNode;
  /** False when the spec gave no position and the canvas made one up; moving the node sets it. */
  placed: boolean;
  [key: string]: unknown;
}

export interface CanvasNode {
  id: string;
  type: 'pipeline';
  position: { x: number; y: number };
  data: CanvasNodeData;
}

export interface CanvasEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export interface CanvasGraph {
  /** Everything in the spec but nodes and layout. */
  pipeline: Omit<Pipeline, 'nodes' | 'layout'>;
  nodes: CanvasNode[];
  edges: CanvasEdge[];
  viewport?: Layout['viewport'];
  /** Whether the spec had a `layout:` section at all. */
  hasLayout: boolean;
}

const GRID_X = 260;

export function edgeId(source: string, output: string, target: string, input: string): string {
  return `${source}.${output}->${target}.${input}`;
}

export function specToGraph(spec: Pipeline): CanvasGraph {
  const { nodes: _nodes, layout, ...pipeline } = spec;
  const nodes: CanvasNode[] = spec.nodes.map((node, i) => {
    const pos = layout?.nodes?.[node.id];
    return {
      id: node.id,
      type: 'pipeline',
      position: pos ? { x: pos.x, y: pos.y } : { x: i * GRID_X, y: 0 },
      data: { spec: node, placed: Boolean(pos) },
    };
  });
  const edges: CanvasEdge[] = [];
  for (const node of spec.nodes) {
    for (const [input, value] of Object.entries(node.inputs ?? {})) {
      const src = inputSource(value);
      if (src.kind === 'from') {
        edges.push({ id: edgeId(src.node, src.output, node.id, input), source: src.node, sourceHandle: src.output, target: node.id, targetHandle: input });
      }
    }
  }
  return { pipeline, nodes, edges, ...(layout?.viewport ? { viewport: layout.viewport } : {}), hasLayout: layout !== undefined };
}

export function graphToSpec(graph: CanvasGraph): Pipeline {
  const incoming = new Map<string, CanvasEdge[]>();
  for (const e of graph.edges) {
    const list = incoming.get(e.target);
    if (list) list.push(e);
    else incoming.set(e.target, [e]);
  }
  const nodes = graph.nodes.map((n) => withWiring(n.data.spec, incoming.get(n.id) ?? []));
  const placed = graph.nodes.filter((n) => n.data.placed);
  const layoutNodes = Object.fromEntries(placed.map((n) => [n.id, { x: n.position.x, y: n.position.y }]));
  const spec: Pipeline = { ...graph.pipeline, nodes } as Pipeline;
  if (graph.hasLayout || placed.length || graph.viewport) {
    spec.layout = {
      ...(graph.hasLayout || placed.length ? { nodes: layoutNodes } : {}),
      ...(graph.viewport ? { viewport: graph.viewport } : {}),
    };
  }
  return spec;
}

/** Rewrites a node's `from` inputs to match the edges into it, keeping the order of its other inputs. */
function withWiring(node: PipelineNode, edges: CanvasEdge[]): PipelineNode {
  const byInput = new Map(edges.map((e) => [e.targetHandle, `${e.source}.${e.sourceHandle}`]));
  const inputs: NonNullable<PipelineNode['inputs']> = {};
  for (const [name, value] of Object.entries(node.inputs ?? {})) {
    const wired = byInput.get(name);
    if (wired !== undefined) {
      inputs[name] = { from: wired };
      byInput.delete(name);
    } else if (inputSource(value).kind !== 'from') {
      inputs[name] = value;
    }
  }
  for (const [name, from] of byInput) inputs[name] = { from };
  if (Object.keys(inputs).length === 0 && node.inputs === undefined) return node;
  // Spreading keeps `inputs` where it stood among the node's keys.
  return { ...node, inputs };
}
