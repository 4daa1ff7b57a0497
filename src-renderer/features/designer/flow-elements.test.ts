import { describe, expect, it } from 'vitest';
import { specToGraph } from '../../../shared/compiler/graph.js';
import { libraryOf, type Component, type Pipeline } from '../../../shared/spec/schema.js';
import { FlowElementsCache } from './flow-elements.js';
import { moveNodes } from './graph-edit.js';
import { portCenterY } from './node-view.js';
import { hasOverlap } from './overlap.js';

const train = {
  apiVersion: 'pipewright.dev/v1', kind: 'Component',
  metadata: { id: 'train', version: '1.0.0', name: 'Train', category: 'train' },
  inputs: [{ name: 'dataset', type: 'dataset' }, { name: 'seed', type: 'integer', default: 1 }],
  outputs: [{ name: 'model', type: 'model' }],
  implementation: { container: { image: 'x', command: ['y'] } },
} as Component;

const spec: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'p' },
  params: { s: { type: 'integer' } },
  nodes: [
    { id: 'make', kind: 'data', container: { command: ['x'] }, outputs: { rows: { type: 'dataset' } } },
    { id: 'fit', kind: 'train', uses: 'train@1.0.0', inputs: { dataset: { from: 'make.rows' }, seed: { param: 's' } } },
    { id: 'inline', kind: 'custom', container: { command: ['x'] }, inputs: { m: { from: 'fit.model' }, n: 2.5 } },
  ],
};

const library = libraryOf([train]);
const none = new Set<string>();

describe('canvas elements', () => {
  it('declares typed handles where the card draws them, and sizes up front', () => {
    const { nodes, edges } = new FlowElementsCache().build(specToGraph(spec), library, none, none, new Map());
    const fit = nodes[1]!;
    expect(fit.handles?.map((h) => `${h.type}:${h.id}`)).toEqual(['target:dataset', 'target:seed', 'source:model']);
    expect(fit.handles![1]!.y + 5).toBe(portCenterY(fit.data.view, 1));
    expect(fit.measured).toEqual({ width: fit.data.view.width, height: fit.data.view.height });
    expect(fit.data.view.params).toEqual([{ name: 'seed', value: '$s', ref: true }]);
    // An inline node's input types come from what is wired in, or the literal.
    expect(nodes[2]!.data.view.inputs).toEqual([{ name: 'm', type: 'model' }, { name: 'n', type: 'number' }]);
    expect(edges.map((e) => e.className)).toEqual(['pw-edge pw-edge--dataset', 'pw-edge pw-edge--model']);
  });

  it('reuses unchanged nodes and edges between builds', () => {
    const cache = new FlowElementsCache();
    const g = specToGraph(spec);
    const a = cache.build(g, library, none, none, new Map());
    const moved = moveNodes(g, new Map([['make', { x: 500, y: 500 }]]));
    const b = cache.build(moved, library, new Set(['fit']), none, new Map());
    expect(b.nodes[0]).not.toBe(a.nodes[0]);
    expect(b.nodes[0]!.data).toBe(a.nodes[0]!.data);
    expect(b.nodes[1]!.selected).toBe(true);
    expect(b.nodes[2]).toBe(a.nodes[2]);
    expect(b.edges[0]).toBe(a.edges[0]);
  });

  it('finds overlapping cards', () => {
    const { nodes } = new FlowElementsCache().build(specToGraph(spec), library, none, none, new Map());
    // Without a layout the nodes stand in a row, apart.
    expect(hasOverlap(nodes)).toBe(false);
    expect(hasOverlap(nodes.map((n, i) => ({ ...n, position: { x: i * 100, y: i * 10 } })))).toBe(true);
    const spread = nodes.map((n, i) => ({ ...n, position: { x: i * 400, y: 0 } }));
    expect(hasOverlap(spread)).toBe(false);
  });
});
