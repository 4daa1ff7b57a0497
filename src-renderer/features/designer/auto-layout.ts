/**
 * Auto-layout with ELK's layered algorithm, left to right, using each node's real size and port
 * positions so edges leave and enter where the handles are. ELK is loaded on first use only.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import type { CanvasGraph } from '../../../shared/compiler/graph.js';
import { HANDLE_SIZE, portCenterY, type NodeView } from './node-view.js';

type ElkInstance = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<ElkInstance> | undefined;

function getElk(): Promise<ElkInstance> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elk;
}

const portId = (node: string, dir: 'in' | 'out', name: string) => `${node}\u0000${dir}\u0000${name}`;

export async function layoutPositions(graph: CanvasGraph, views: ReadonlyMap<string, NodeView>): Promise<Map<string, { x: number; y: number }>> {
  const children: ElkNode[] = graph.nodes.map((n) => {
    const v = views.get(n.id)!;
    return {
      id: n.id, width: v.width, height: v.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_POS' },
      ports: [
        ...v.inputs.map((p, i) => ({ id: portId(n.id, 'in', p.name), x: -HANDLE_SIZE / 2, y: portCenterY(v, i), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } })),
        ...v.outputs.map((p, i) => ({ id: portId(n.id, 'out', p.name), x: v.width, y: portCenterY(v, i), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } })),
      ],
    };
  });
  const ports = new Set(children.flatMap((c) => (c.ports ?? []).map((p) => p.id)));
  const edges = graph.edges.flatMap((e) => {
    const s = portId(e.source, 'out', e.sourceHandle);
    const t = portId(e.target, 'in', e.targetHandle);
    // An edge to a port the node no longer has (stale wiring) is laid out node to node.
    return [{ id: e.id, sources: [ports.has(s) ? s : e.source], targets: [ports.has(t) ? t : e.target] }];
  });
  const result = await (await getElk()).layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '90',
      'elk.spacing.nodeNode': '36',
      'elk.spacing.componentComponent': '60',
      'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
      'elk.layered.crossingMinimization.strategy': 'LAYER_SWEEP',
      'elk.separateConnectedComponents': 'true',
    },
    children,
    edges,
  });
  return new Map((result.children ?? []).map((c) => [c.id, { x: Math.round(c.x ?? 0), y: Math.round(c.y ?? 0) }]));
}
