import { describe, expect, it } from 'vitest';
import { graphToSpec, specToGraph } from '../../../shared/compiler/graph.js';
import type { Component, Pipeline } from '../../../shared/spec/schema.js';
import { addComponentNode, connect, copyNodes, moveNodes, pasteNodes, removeElements, uniqueNodeId, wouldCycle } from './graph-edit.js';

const spec: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'p' },
  nodes: [
    { id: 'load', kind: 'data', uses: 'load-table@1.0.0', inputs: { path: 'a.csv' } },
    { id: 'train', kind: 'train', uses: 'train-sklearn@1.0.0', inputs: { dataset: { from: 'load.dataset' }, seed: 3 } },
    { id: 'eval', kind: 'evaluate', uses: 'evaluate-classifier@1.0.0', inputs: { model: { from: 'train.model' } } },
  ],
  layout: { nodes: { load: { x: 0, y: 0 }, train: { x: 300, y: 0 }, eval: { x: 600, y: 0 } } },
};

const component = {
  apiVersion: 'pipewright.dev/v1', kind: 'Component',
  metadata: { id: 'load-table', version: '1.2.0', name: 'Load table', category: 'data' },
  inputs: [], outputs: [], implementation: { container: { image: 'x', command: ['y'] } },
} as Component;

describe('graph edits', () => {
  it('makes ids unique the Kubernetes way', () => {
    expect(uniqueNodeId('load', new Set())).toBe('load');
    expect(uniqueNodeId('load', new Set(['load']))).toBe('load-2');
    expect(uniqueNodeId('load-2', new Set(['load', 'load-2']))).toBe('load-3');
    expect(uniqueNodeId('Train Model!', new Set())).toBe('train-model');
  });

  it('adds a component node with no inputs, placed where it was dropped', () => {
    const { graph, id } = addComponentNode(specToGraph(spec), component, { x: 10.4, y: 20.6 });
    expect(id).toBe('load-table');
    const node = graph.nodes.find((n) => n.id === id)!;
    expect(node.data.spec).toEqual({ id: 'load-table', kind: 'data', name: 'Load table', uses: 'load-table@1.2.0' });
    expect(node.position).toEqual({ x: 10, y: 21 });
    expect(graphToSpec(graph).layout?.nodes?.['load-table']).toEqual({ x: 10, y: 21 });
  });

  it('replaces the edge into an input that is already wired, and keeps inputs in step', () => {
    const g = connect(specToGraph(spec), { source: 'load', sourceHandle: 'dataset', target: 'eval', targetHandle: 'model' });
    expect(g.edges.filter((e) => e.target === 'eval' && e.targetHandle === 'model').map((e) => e.source)).toEqual(['load']);
    expect(g.nodes.find((n) => n.id === 'eval')!.data.spec.inputs).toEqual({ model: { from: 'load.dataset' } });
    expect(graphToSpec(g).nodes[2]!.inputs).toEqual({ model: { from: 'load.dataset' } });
  });

  it('removes a node with its edges and unsets the inputs they wired', () => {
    const g = removeElements(specToGraph(spec), ['load'], []);
    expect(g.nodes.map((n) => n.id)).toEqual(['train', 'eval']);
    expect(g.edges.map((e) => e.id)).toEqual(['train.model->eval.model']);
    expect(g.nodes[0]!.data.spec.inputs).toEqual({ seed: 3 });
  });

  it('detects a cycle before it is made', () => {
    const g = specToGraph(spec);
    expect(wouldCycle(g, 'eval', 'load')).toBe(true);
    expect(wouldCycle(g, 'load', 'eval')).toBe(false);
    expect(wouldCycle(g, 'train', 'train')).toBe(true);
  });

  it('moves nodes and marks them placed', () => {
    const g = specToGraph({ ...spec, layout: undefined });
    const moved = moveNodes(g, new Map([['train', { x: 5.2, y: 7 }]]));
    expect(moved.nodes[1]!.data.placed).toBe(true);
    expect(moved.nodes[0]).toBe(g.nodes[0]);
    expect(graphToSpec(moved).layout?.nodes).toEqual({ train: { x: 5, y: 7 } });
  });

  it('pastes copies with fresh ids, internal wiring and wiring from nodes still there', () => {
    const g = specToGraph(spec);
    const clip = copyNodes(g, new Set(['train', 'eval']))!;
    const { graph, ids } = pasteNodes(g, clip, { x: 40, y: 40 });
    expect(ids).toEqual(['train-2', 'eval-2']);
    const out = graphToSpec(graph);
    expect(out.nodes.find((n) => n.id === 'train-2')!.inputs).toEqual({ dataset: { from: 'load.dataset' }, seed: 3 });
    expect(out.nodes.find((n) => n.id === 'eval-2')!.inputs).toEqual({ model: { from: 'train-2.model' } });
    expect(out.layout?.nodes?.['eval-2']).toEqual({ x: 640, y: 40 });
    // The originals are untouched.
    expect(out.nodes.slice(0, 3)).toEqual(spec.nodes);
  });
});
