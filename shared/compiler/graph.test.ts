import { describe, expect, it } from 'vitest';
import type { Pipeline } from '../spec/schema.js';
import { graphToSpec, specToGraph } from './graph.js';

const spec: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline',
  metadata: { name: 'g', labels: { team: 'risk' } },
  params: { k: { type: 'integer', default: 3 } },
  nodes: [
    { id: 'a', kind: 'data', container: { command: ['gen', '{{outputs.o}}'] }, outputs: { o: { type: 'dataset' } } },
    { id: 'b', kind: 'train', inputs: { first: 'lit', d: { from: 'a.o' }, k: { param: 'k' } }, container: { command: ['fit'] }, cache: false },
  ],
  layout: { nodes: { a: { x: 0, y: 10 }, b: { x: 300, y: 10 } }, viewport: { x: 1, y: 2, zoom: 0.8 } },
};

describe('canvas graph <-> spec', () => {
  it('round-trips losslessly, key order included', () => {
    const back = graphToSpec(specToGraph(spec));
    expect(back).toEqual(spec);
    expect(JSON.stringify(back)).toBe(JSON.stringify(spec));
  });

  it('derives edges from `from` inputs', () => {
    expect(specToGraph(spec).edges).toEqual([{ id: 'a.o->b.d', source: 'a', sourceHandle: 'o', target: 'b', targetHandle: 'd' }]);
  });

  it('does not invent a layout for a spec that had none', () => {
    const { layout: _l, ...bare } = spec;
    expect(graphToSpec(specToGraph(bare))).toEqual(bare);
  });

  it('takes wiring from edges: removed edges drop inputs, new edges add them', () => {
    const g = specToGraph(spec);
    g.edges = [{ id: 'x', source: 'a', sourceHandle: 'o', target: 'b', targetHandle: 'extra' }];
    const b = graphToSpec(g).nodes[1]!;
    expect(b.inputs).toEqual({ first: 'lit', k: { param: 'k' }, extra: { from: 'a.o' } });
  });

  it('records positions of nodes the user placed', () => {
    const { layout: _l, ...bare } = spec;
    const g = specToGraph(bare);
    g.nodes[0]!.position = { x: 5, y: 6 };
    g.nodes[0]!.data.placed = true;
    expect(graphToSpec(g).layout).toEqual({ nodes: { a: { x: 5, y: 6 } } });
  });
});
