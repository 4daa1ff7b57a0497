/**
 * The graphs both canvas-bench pages draw: `generateSpec(n)` (inline nodes, each reading its
 * predecessor and the one before that) with grid positions in a `layout:` section, so the Pipewright
 * page opens it exactly as the app opens a file and the plain page gets the very same positions and edges.
 */
import { generateSpec } from '../../shared/spec/testing/generate.js';

/** Grid cell: a 224 px wide, ~206 px tall card plus gaps, row-major in pipeline order. */
export const CELL_X = 300;
export const CELL_Y = 260;

/** Columns for a wide (~16:10) graph, like a left-to-right pipeline fitted into a landscape window. */
export function columnsFor(n: number): number {
  return Math.max(1, Math.ceil(Math.sqrt((n * 1.6 * CELL_Y) / CELL_X)));
}

export function positionOf(i: number, n: number): { x: number; y: number } {
  const cols = columnsFor(n);
  return { x: (i % cols) * CELL_X, y: Math.floor(i / cols) * CELL_Y };
}

/** The generated spec with every node placed on the grid, as YAML text. */
export function benchSpecText(n: number): string {
  const lines = ['layout:', '  nodes:'];
  for (let i = 0; i < n; i++) {
    const p = positionOf(i, n);
    lines.push(`    n${i}: {x: ${p.x}, y: ${p.y}}`);
  }
  return `${generateSpec(n)}${lines.join('\n')}\n`;
}

/** The node count a page was asked for (`?n=`). */
export function requestedNodes(): number {
  return Number(new URLSearchParams(location.search).get('n') ?? '500');
}
