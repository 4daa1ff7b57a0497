/**
 * The canvas graph turned into React Flow nodes and edges. Rebuilt on every edit, so it reuses the
 * previous object for everything that did not change: React Flow and the memoized node cards then only
 * redo the work for what actually moved, was selected or was edited — the difference between smooth
 * and sluggish with thousands of nodes.
 */
import type { Edge, Node } from '@xyflow/react';
import type { CanvasEdge, CanvasGraph, CanvasNode } from '../../../shared/compiler/graph.js';
import { componentOf } from '../../../shared/spec/resolve.js';
import type { Component, ComponentLibrary, PipelineNode, PortType } from '../../../shared/spec/schema.js';
import { buildView, handlesOf, inputsOf, outputsOf, type NodeView, type Port } from './node-view.js';

export interface PipelineNodeData extends Record<string, unknown> {
  spec: PipelineNode;
  view: NodeView;
}
export type FlowNode = Node<PipelineNodeData, 'pipeline'>;

interface NodeEntry {
  src: CanvasNode;
  component: Component | undefined;
  key: string;
  base: FlowNode;
  out: FlowNode;
}

interface EdgeEntry { src: CanvasEdge; selected: boolean; type: string; out: Edge }

export interface FlowElements {
  nodes: FlowNode[];
  edges: Edge[];
  /** Views by node id, for connection checks and auto-layout. */
  views: Map<string, NodeView>;
}

type Position = { x: number; y: number };

export class FlowElementsCache {
  private nodes = new Map<string, NodeEntry>();
  private edges = new Map<string, EdgeEntry>();

  build(
    graph: CanvasGraph, library: ComponentLibrary, selected: ReadonlySet<string>, selectedEdges: ReadonlySet<string>,
    dragging: ReadonlyMap<string, Position>,
  ): FlowElements {
    const incoming = new Map<string, CanvasEdge[]>();
    for (const e of graph.edges) {
      const list = incoming.get(e.target);
      if (list) list.push(e); else incoming.set(e.target, [e]);
    }
    // Outputs first: an inline node's input types come from the outputs wired into it.
    const components = new Map<string, Component | undefined>();
    const outputs = new Map<string, Port[]>();
    for (const n of graph.nodes) {
      const prev = this.nodes.get(n.id);
      const component = prev && prev.src.data.spec === n.data.spec ? prev.component : componentOf(n.data.spec, library);
      components.set(n.id, component);
      outputs.set(n.id, prev && prev.src.data.spec === n.data.spec && prev.component === component ? prev.base.data.view.outputs : outputsOf(n.data.spec, component));
    }
    const outputType = (node: string, output: string): PortType | undefined => outputs.get(node)?.find((o) => o.name === output)?.type;

    const nextNodes = new Map<string, NodeEntry>();
    const views = new Map<string, NodeView>();
    const flowNodes: FlowNode[] = new Array(graph.nodes.length);
    graph.nodes.forEach((n, i) => {
      const component = components.get(n.id);
      const into = incoming.get(n.id) ?? [];
      // Inline nodes depend on their sources' output types too, so their key spells those out.
      const key = into.map((e) => (component ? e.targetHandle : `${e.targetHandle}<${outputType(e.source, e.sourceHandle) ?? '?'}`)).join(',')
        + (component ? '' : `|${JSON.stringify(graph.pipeline.params ?? {})}`);
      const prev = this.nodes.get(n.id);
      let base: FlowNode;
      if (prev && prev.src.data.spec === n.data.spec && prev.component === component && prev.key === key) {
        base = prev.base;
      } else {
        const inputs = inputsOf(n.data.spec, component, into, outputType, graph.pipeline.params);
        const view = buildView(n.data.spec, inputs, outputs.get(n.id)!, new Set(into.map((e) => e.targetHandle)));
        base = {
          id: n.id, type: 'pipeline', position: n.position, data: { spec: n.data.spec, view },
          handles: handlesOf(view), initialWidth: view.width, initialHeight: view.height,
          measured: { width: view.width, height: view.height },
        };
      }
      const position = dragging.get(n.id) ?? n.position;
      const isSelected = selected.has(n.id);
      let out: FlowNode;
      if (prev && prev.base === base && prev.out.position === position && Boolean(prev.out.selected) === isSelected) out = prev.out;
      else out = { ...base, position, selected: isSelected };
      nextNodes.set(n.id, { src: n, component, key, base, out });
      views.set(n.id, base.data.view);
      flowNodes[i] = out;
    });
    this.nodes = nextNodes;

    const nextEdges = new Map<string, EdgeEntry>();
    const flowEdges = graph.edges.map((e) => {
      const type = outputType(e.source, e.sourceHandle) ?? 'file';
      const isSelected = selectedEdges.has(e.id);
      const prev = this.edges.get(e.id);
      const out = prev && prev.src === e && prev.selected === isSelected && prev.type === type
        ? prev.out
        : { id: e.id, source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle, selected: isSelected, className: `pw-edge pw-edge--${type}` };
      nextEdges.set(e.id, { src: e, selected: isSelected, type, out });
      return out;
    });
    this.edges = nextEdges;
    return { nodes: flowNodes, edges: flowEdges, views };
  }
}
