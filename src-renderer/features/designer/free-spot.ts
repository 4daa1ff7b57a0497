/** Where a new card can go near a point without covering another: rings of candidates around it. */
import type { CanvasGraph } from '../../../shared/compiler/graph.js';
import type { ComponentLibrary } from '../../../shared/spec/schema.js';
import { FlowElementsCache } from './flow-elements.js';
import { NODE_WIDTH } from './node-view.js';

const GAP = 24;
const STEP = 40;
const MAX_RINGS = 30;

export function freeSpot(graph: CanvasGraph, library: ComponentLibrary, near: { x: number; y: number }, height: number): { x: number; y: number } {
  const { nodes } = new FlowElementsCache().build(graph, library, new Set(), new Set(), new Map());
  const boxes = nodes.map((n) => ({ x: n.position.x - GAP, y: n.position.y - GAP, x2: n.position.x + n.data.view.width + GAP, y2: n.position.y + n.data.view.height + GAP }));
  const free = (x: number, y: number) => !boxes.some((b) => x < b.x2 && x + NODE_WIDTH > b.x && y < b.y2 && y + height > b.y);
  const origin = { x: Math.round(near.x), y: Math.round(near.y) };
  if (free(origin.x, origin.y)) return origin;
  // Walk square rings outwards, nearest candidates first within each ring.
  for (let r = 1; r <= MAX_RINGS; r++) {
    const ring: { x: number; y: number; d: number }[] = [];
    for (let i = -r; i <= r; i++) {
      for (const [dx, dy] of [[i, -r], [i, r], [-r, i], [r, i]] as const) ring.push({ x: origin.x + dx * STEP, y: origin.y + dy * STEP, d: dx * dx + dy * dy });
    }
    ring.sort((a, b) => a.d - b.d);
    const hit = ring.find((p) => free(p.x, p.y));
    if (hit) return { x: hit.x, y: hit.y };
  }
  return origin;
}
