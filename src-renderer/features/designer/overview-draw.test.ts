import { describe, expect, it } from 'vitest';
import { specToGraph } from '../../../shared/compiler/graph.js';
import { libraryOf, type Pipeline } from '../../../shared/spec/schema.js';
import { FlowElementsCache } from './flow-elements.js';
import { buildScene, nodeAt, nodesTouching } from './overview-draw.js';

const spec: Pipeline = {
  apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'p' },
  nodes: [
    { id: 'make', kind: 'data', container: { command: ['x'] }, outputs: { rows: { type: 'dataset' }, stats: { type: 'metrics' } } },
    { id: 'fit', kind: 'train', container: { command: ['x'] }, inputs: { a: 1, rows: { from: 'make.rows' }, stats: { from: 'make.stats' } } },
  ],
  layout: { nodes: { make: { x: 0, y: 0 }, fit: { x: 400, y: 100 } } },
};

const none = new Set<string>();
const elements = () => new FlowElementsCache().build(specToGraph(spec), libraryOf([]), new Set(['fit']), none, new Map());

describe('overview drawing', () => {
  it('ends each edge where React Flow does: the middle of the declared handles', () => {
    const { nodes, edges } = elements();
    const scene = buildScene({ nodes, edges, errors: new Set(['make']), runStatus: { fit: { status: 'failed' } } });
    expect(edges).toHaveLength(2);
    edges.forEach((e, i) => {
      const s = nodes.find((n) => n.id === e.source)!, t = nodes.find((n) => n.id === e.target)!;
      const sh = s.handles!.find((h) => h.type === 'source' && h.id === e.sourceHandle)!;
      const th = t.handles!.find((h) => h.type === 'target' && h.id === e.targetHandle)!;
      // getHandlePosition: a right handle's right edge, a left handle's left edge, vertically centred.
      expect([...scene.edge.subarray(i * 4, i * 4 + 4)]).toEqual([
        s.position.x + sh.x + sh.width!, s.position.y + sh.y + sh.height! / 2, t.position.x + th.x, t.position.y + th.y + th.height! / 2,
      ]);
    });
    // dataset and metrics colours, by the source port's type.
    expect([...scene.edgeType]).toEqual([0, 2]);
    expect([...scene.flags]).toEqual([2, 1]);
    expect(scene.run[0]).toBe(0);
    expect(scene.run[1]).toBeGreaterThan(0);
    expect(scene.bounds).toEqual({ x: 0, y: 0, width: 400 + nodes[1]!.data.view.width, height: 100 + nodes[1]!.data.view.height });
  });

  it('finds the node under a point and the nodes a box touches', () => {
    const { nodes } = elements();
    expect(nodeAt(nodes, 10, 10)?.id).toBe('make');
    expect(nodeAt(nodes, 300, 10)).toBeUndefined();
    expect(nodesTouching(nodes, { x: 200, y: 50, width: 210, height: 60 }).map((n) => n.id)).toEqual(['make', 'fit']);
    expect(nodesTouching(nodes, { x: 1000, y: 0, width: 10, height: 10 })).toEqual([]);
  });
});
