/** Whether any two cards overlap: sweep over x so large graphs cost n log n, not n². */
import type { FlowNode } from './flow-elements.js';

export function hasOverlap(nodes: readonly FlowNode[]): boolean {
  const boxes = nodes.map((n) => ({ x: n.position.x, y: n.position.y, w: n.data.view.width, h: n.data.view.height })).sort((a, b) => a.x - b.x);
  const open: typeof boxes = [];
  for (const b of boxes) {
    // Boxes ending left of this one can no longer overlap anything further right.
    for (let i = open.length - 1; i >= 0; i--) if (open[i]!.x + open[i]!.w <= b.x) open.splice(i, 1);
    if (open.some((o) => o.y < b.y + b.h && b.y < o.y + o.h)) return true;
    open.push(b);
  }
  return false;
}
