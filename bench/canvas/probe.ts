/**
 * What the canvas bench drives in a page, on `window.__bench`: set the ~50-node or the fitted view, find
 * an empty spot of the pane to drag from, and record requestAnimationFrame deltas while the bench
 * interacts. Also sets `body[data-rendered]` once the first view is on screen (see `watchFirstRender`).
 */
import type { Node, ReactFlowInstance } from '@xyflow/react';
import { CELL_X, CELL_Y } from './fixture.js';

export type ViewKind = 'detail' | 'fit';

export interface BenchApi {
  nodes: number;
  edges: number;
  /** ms from navigation start: data parsed and loaded, first view rendered. */
  marks: { loadStart?: number; loadEnd?: number; rendered?: number };
  setView(kind: ViewKind): Promise<{ zoom: number; inView: number }>;
  /** A point (client px) on the bare pane near the middle: no node, edge, control or overlay there. */
  emptySpot(): { x: number; y: number } | undefined;
  startFrames(): void;
  frameCount(): number;
  /** Frame-to-frame deltas (ms) since `startFrames`. */
  stopFrames(): number[];
  domNodes(): number;
  viewport(): { x: number; y: number; zoom: number };
}

declare global {
  interface Window { __bench?: BenchApi }
}

export const marks: BenchApi['marks'] = {};

const nextFrame = () => new Promise<number>((r) => requestAnimationFrame(r));
const paneEl = () => document.querySelector<HTMLElement>('.react-flow')!;

/** Nodes whose box overlaps the visible pane, as React Flow counts them for `onlyRenderVisibleElements`. */
export function nodesInView(rf: ReactFlowInstance): number {
  const { x, y, zoom } = rf.getViewport();
  const el = paneEl();
  const left = -x / zoom, top = -y / zoom, right = left + el.clientWidth / zoom, bottom = top + el.clientHeight / zoom;
  let count = 0;
  for (const n of rf.getNodes() as Node[]) {
    const w = n.measured?.width ?? n.initialWidth ?? 0, h = n.measured?.height ?? n.initialHeight ?? 0;
    if (n.position.x < right && n.position.x + w > left && n.position.y < bottom && n.position.y + h > top) count += 1;
  }
  return count;
}

/** Nodes a page shows: in the DOM, plus any a canvas layer drew (`data-drawn` on its element). */
export function shownNodes(): number {
  let drawn = 0;
  for (const c of document.querySelectorAll<HTMLElement>('[data-drawn]')) drawn += Number(c.dataset.drawn) || 0;
  return document.querySelectorAll('.react-flow__node').length + drawn;
}

/** Polls once a frame until `ready()`, then waits two more frames (painted) and marks the page rendered. */
export function watchFirstRender(ready: () => boolean): void {
  const tick = () => {
    if (!ready()) { requestAnimationFrame(tick); return; }
    void nextFrame().then(nextFrame).then(() => {
      marks.rendered = performance.now();
      document.body.dataset.rendered = String(marks.rendered);
    });
  };
  requestAnimationFrame(tick);
}

export function installBench(rf: ReactFlowInstance, nodes: number, edges: number): void {
  let frames: number[] = [];
  let recording = false;
  const record = (t: number) => { if (!recording) return; frames.push(t); requestAnimationFrame(record); };

  window.__bench = {
    nodes, edges, marks,
    async setView(kind) {
      const el = paneEl();
      if (kind === 'fit') {
        // Hidden nodes count too: the Pipewright canvas hides React Flow's nodes when it draws the overview.
        await rf.fitView({ padding: 0.05, includeHiddenNodes: true });
      } else {
        // Centre of the graph, zoomed so about 50 grid cells fill the pane.
        const b = rf.getNodesBounds(rf.getNodes());
        const zoom = Math.sqrt((el.clientWidth * el.clientHeight) / (50 * CELL_X * CELL_Y));
        const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
        await rf.setViewport({ x: el.clientWidth / 2 - cx * zoom, y: el.clientHeight / 2 - cy * zoom, zoom });
      }
      // Settled: what is shown stopped changing for a few frames.
      let last = -1, same = 0;
      for (let i = 0; i < 600 && same < 4; i++) {
        await nextFrame();
        const now = shownNodes();
        same = now === last ? same + 1 : 0;
        last = now;
      }
      return { zoom: rf.getViewport().zoom, inView: nodesInView(rf) };
    },
    emptySpot() {
      const r = paneEl().getBoundingClientRect();
      const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
      // Node boxes on screen (with a margin), also those drawn on a canvas rather than in the DOM.
      const { x: tx, y: ty, zoom } = rf.getViewport();
      const boxes: number[][] = [];
      for (const n of rf.getNodes() as Node[]) {
        const w = n.measured?.width ?? n.initialWidth ?? 0, h = n.measured?.height ?? n.initialHeight ?? 0;
        const x0 = r.left + n.position.x * zoom + tx - 2, y0 = r.top + n.position.y * zoom + ty - 2;
        const x1 = x0 + w * zoom + 4, y1 = y0 + h * zoom + 4;
        if (x1 >= r.left && y1 >= r.top && x0 <= r.right && y0 <= r.bottom) boxes.push([x0, y0, x1, y1]);
      }
      const onNode = (x: number, y: number) => boxes.some(([x0, y0, x1, y1]) => x >= x0! && x <= x1! && y >= y0! && y <= y1!);
      // Spiral out from the middle on a 6 px grid; the point and 2 px around it must be bare pane.
      for (let ring = 0; ring < 120; ring++) {
        for (let i = -ring; i <= ring; i++) {
          for (const [dx, dy] of [[i, -ring], [i, ring], [-ring, i], [ring, i]] as const) {
            const x = Math.round(cx + dx * 6), y = Math.round(cy + dy * 6);
            if (!onNode(x, y) && [[0, 0], [-2, 0], [2, 0], [0, -2], [0, 2]].every(([ox, oy]) => document.elementFromPoint(x + ox!, y + oy!)?.classList.contains('react-flow__pane'))) return { x, y };
          }
        }
      }
      return undefined;
    },
    startFrames() { frames = []; recording = true; requestAnimationFrame(record); },
    frameCount() { return frames.length; },
    stopFrames() {
      recording = false;
      const deltas = [];
      for (let i = 1; i < frames.length; i++) deltas.push(frames[i]! - frames[i - 1]!);
      return deltas;
    },
    domNodes: () => document.querySelectorAll('.react-flow__node').length,
    viewport: () => rf.getViewport(),
  };
}
