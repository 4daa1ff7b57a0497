/**
 * Drawing the graph on a 2D canvas, for the zoomed-out overview and the mini map: every node a box in
 * its kind's colour (with a ring for selection, errors and run status), every edge a curve in its port
 * type's colour, batched into one path per colour. Thousands of nodes cost a few fills and strokes per
 * frame instead of one composited DOM element each.
 */
import type { Edge } from '@xyflow/react';
import type { NodeStatus } from '../../../shared/contract/events.js';
import { NODE_KINDS, PORT_TYPES, type NodeKind, type PortType } from '../../../shared/spec/schema.js';
import type { FlowNode } from './flow-elements.js';
import { HANDLE_SIZE, portCenterY } from './node-view.js';

const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'skipped', 'cached', 'cancelled'] as const satisfies readonly NodeStatus[];
const KIND_INDEX = new Map<NodeKind, number>(NODE_KINDS.map((k, i) => [k, i]));
const TYPE_INDEX = new Map<PortType, number>(PORT_TYPES.map((t, i) => [t, i]));
const RUN_INDEX = new Map<NodeStatus, number>(RUN_STATUSES.map((s, i) => [s, i]));

/** Edge stroke in flow px, as `.pw-canvas[data-lod='0']` draws the DOM edges of bare boxes. */
const EDGE_WIDTH = 7;
/** Below this zoom edges are drawn straight. */
const STRAIGHT_ZOOM = 0.1;
const SELECTED = 1;
const ERRORS = 2;

/** Node boxes and edge curves in flow coordinates, typed arrays so a frame walks memory, not objects. */
export interface Scene {
  ids: string[];
  /** x, y, width, height per node. */
  box: Float64Array;
  kind: Uint8Array;
  flags: Uint8Array;
  /** Index into the run statuses + 1; 0 for none. */
  run: Uint8Array;
  /** Source x, y and target x, y per edge (bezier control points are derived like React Flow's). */
  edge: Float64Array;
  edgeType: Uint8Array;
  /** Whether any node has a ring to draw (selected, errors, run status). */
  rings: boolean;
  bounds: { x: number; y: number; width: number; height: number };
}

export interface SceneInput {
  nodes: readonly FlowNode[];
  edges: readonly Edge[];
  /** Nodes with validation errors. */
  errors?: ReadonlySet<string>;
  runStatus?: Readonly<Record<string, { status: NodeStatus } | undefined>>;
}

export function buildScene({ nodes, edges, errors, runStatus }: SceneInput): Scene {
  const n = nodes.length;
  const box = new Float64Array(n * 4);
  const kind = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const run = new Uint8Array(n);
  const ids = new Array<string>(n);
  const index = new Map<string, number>();
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  let rings = false;
  for (let i = 0; i < n; i++) {
    const node = nodes[i]!;
    const { view } = node.data;
    const { x, y } = node.position;
    box[i * 4] = x; box[i * 4 + 1] = y; box[i * 4 + 2] = view.width; box[i * 4 + 3] = view.height;
    kind[i] = KIND_INDEX.get(view.kind) ?? NODE_KINDS.length - 1;
    flags[i] = (node.selected ? SELECTED : 0) | (errors?.has(node.id) ? ERRORS : 0);
    const status = runStatus?.[node.id]?.status;
    run[i] = status ? (RUN_INDEX.get(status) ?? -1) + 1 : 0;
    rings ||= flags[i] !== 0 || run[i] !== 0;
    ids[i] = node.id;
    index.set(node.id, i);
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x + view.width > x1) x1 = x + view.width;
    if (y + view.height > y1) y1 = y + view.height;
  }
  // Edge ends where React Flow puts them: the middle of the declared handles, just outside the card.
  const edge = new Float64Array(edges.length * 4);
  const edgeType = new Uint8Array(edges.length);
  let m = 0;
  for (const e of edges) {
    const s = index.get(e.source), t = index.get(e.target);
    if (s === undefined || t === undefined) continue;
    const sv = nodes[s]!.data.view, tv = nodes[t]!.data.view;
    const out = Math.max(0, sv.outputs.findIndex((p) => p.name === e.sourceHandle));
    const into = Math.max(0, tv.inputs.findIndex((p) => p.name === e.targetHandle));
    edge[m * 4] = box[s * 4]! + sv.width + HANDLE_SIZE / 2;
    edge[m * 4 + 1] = box[s * 4 + 1]! + portCenterY(sv, out);
    edge[m * 4 + 2] = box[t * 4]! - HANDLE_SIZE / 2;
    edge[m * 4 + 3] = box[t * 4 + 1]! + portCenterY(tv, into);
    edgeType[m] = TYPE_INDEX.get(sv.outputs[out]?.type ?? 'file') ?? 0;
    m += 1;
  }
  return {
    ids, box, kind, flags, run, edge: edge.subarray(0, m * 4), edgeType: edgeType.subarray(0, m), rings,
    bounds: n ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : { x: 0, y: 0, width: 0, height: 0 },
  };
}

/** The topmost node under a flow-coordinate point. */
export function nodeAt(nodes: readonly FlowNode[], x: number, y: number): FlowNode | undefined {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    const { x: nx, y: ny } = n.position;
    if (x >= nx && y >= ny && x <= nx + n.data.view.width && y <= ny + n.data.view.height) return n;
  }
  return undefined;
}

/** The nodes a flow-coordinate rectangle touches (as the canvas's partial selection box selects). */
export function nodesTouching(nodes: readonly FlowNode[], r: { x: number; y: number; width: number; height: number }): FlowNode[] {
  return nodes.filter((n) => {
    const { x, y } = n.position;
    return x <= r.x + r.width && y <= r.y + r.height && x + n.data.view.width >= r.x && y + n.data.view.height >= r.y;
  });
}

/** Colours resolved from the theme's CSS variables (canvas needs concrete colours). */
export interface Palette {
  node: string[];
  edge: string[];
  run: string[];
  selected: string;
  error: string;
  mask: string;
}

/**
 * Resolves the palette against `host`'s styles, so light/dark and the kind and port-type variables
 * match the DOM cards exactly. Reads computed styles of a throwaway element: call on theme change only.
 */
export function resolvePalette(host: HTMLElement): Palette {
  const css = {
    // As `.pw-node--lod` colours a bare box.
    node: NODE_KINDS.map((k) => `color-mix(in srgb, var(--kind-${k}) 78%, var(--bg-panel))`),
    edge: PORT_TYPES.map((t) => `var(--pt-${t})`),
    // As the run-status rings of designer.css, in RUN_STATUSES order.
    run: [
      'light-dark(#b9c0cb, #4a5160)', 'var(--k-running, light-dark(#2a6ddf, #72abff))', 'var(--ok)', 'var(--danger)',
      'var(--border-strong)', 'light-dark(#7455d2, #b7a1ff)', 'var(--warn)',
    ],
    selected: ['var(--accent)'],
    error: ['var(--danger)'],
    mask: ['var(--xy-minimap-mask-background-color, rgb(240 240 240 / 0.6))'],
  };
  // One probe per colour, all read after one style pass.
  const box = document.createElement('div');
  box.style.display = 'none';
  const probes = Object.fromEntries(Object.entries(css).map(([key, list]) => [key, list.map((c) => {
    const p = box.appendChild(document.createElement('span'));
    p.style.color = c;
    return p;
  })]));
  host.appendChild(box);
  try {
    const read = (key: keyof typeof css) => probes[key]!.map((p) => getComputedStyle(p).color);
    return { node: read('node'), edge: read('edge'), run: read('run'), selected: read('selected')[0]!, error: read('error')[0]!, mask: read('mask')[0]! };
  } finally {
    box.remove();
  }
}

export interface DrawView {
  /** Flow → canvas pixels: x' = x * zoom + tx (CSS px; `dpr` scales to device pixels). */
  tx: number;
  ty: number;
  zoom: number;
  /** Canvas size in CSS px. */
  width: number;
  height: number;
  dpr: number;
}

/**
 * Clears and draws the scene; returns how many nodes it drew. Edges are bezier curves like React Flow's
 * default edge; nodes are plain boxes, rounded when big enough for the rounding to show. Only what
 * overlaps the canvas is drawn.
 */
export function drawScene(ctx: CanvasRenderingContext2D, scene: Scene, palette: Palette, v: DrawView, opts: { edges: boolean; rings: boolean }): number {
  const { zoom, dpr } = v;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  ctx.setTransform(dpr * zoom, 0, 0, dpr * zoom, dpr * v.tx, dpr * v.ty);
  // The visible flow rectangle.
  const left = -v.tx / zoom, top = -v.ty / zoom, right = left + v.width / zoom, bottom = top + v.height / zoom;
  const { box, edge } = scene;

  if (opts.edges && edge.length) {
    // As wide as the zoomed-out DOM edges (designer.css), never thinner than half a pixel on screen.
    ctx.lineWidth = Math.max(EDGE_WIDTH, 0.5 / zoom);
    ctx.globalAlpha = 0.85;
    const count = edge.length / 4;
    // Far out an edge between neighbours is a few pixels long: a line looks the same and strokes at a third of the cost.
    const straight = zoom < STRAIGHT_ZOOM;
    for (let type = 0; type < PORT_TYPES.length; type++) {
      let any = false;
      ctx.beginPath();
      for (let i = 0; i < count; i++) {
        if (scene.edgeType[i] !== type) continue;
        const sx = edge[i * 4]!, sy = edge[i * 4 + 1]!, tx = edge[i * 4 + 2]!, ty = edge[i * 4 + 3]!;
        const d = tx - sx;
        const off = d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d);
        // The curve stays inside the box of its ends and control points.
        if (Math.max(sx + off, tx) < left || Math.min(sx, tx - off) > right || Math.max(sy, ty) < top || Math.min(sy, ty) > bottom) continue;
        ctx.moveTo(sx, sy);
        if (straight) ctx.lineTo(tx, ty);
        else ctx.bezierCurveTo(sx + off, sy, tx - off, ty, tx, ty);
        any = true;
      }
      if (any) { ctx.strokeStyle = palette.edge[type]!; ctx.stroke(); }
    }
    ctx.globalAlpha = 1;
  }

  const n = scene.ids.length;
  const visible = new Uint8Array(n);
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    const x = box[i * 4]!, y = box[i * 4 + 1]!;
    if (x > right || y > bottom || x + box[i * 4 + 2]! < left || y + box[i * 4 + 3]! < top) continue;
    visible[i] = 1;
    drawn += 1;
  }
  const radius = 12 * zoom >= 1.5 ? 12 : 0;
  for (let kind = 0; kind < NODE_KINDS.length; kind++) {
    let any = false;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (!visible[i] || scene.kind[i] !== kind) continue;
      if (radius) ctx.roundRect(box[i * 4]!, box[i * 4 + 1]!, box[i * 4 + 2]!, box[i * 4 + 3]!, radius);
      else ctx.rect(box[i * 4]!, box[i * 4 + 1]!, box[i * 4 + 2]!, box[i * 4 + 3]!);
      any = true;
    }
    if (any) { ctx.fillStyle = palette.node[kind]!; ctx.fill(); }
  }

  if (opts.rings && scene.rings) {
    // Rings a constant 2.5 px on screen, so a selected or failing node stands out however far out.
    const ring = 2.5 / zoom;
    ctx.lineWidth = ring;
    const strokeWhere = (color: string, test: (i: number) => boolean) => {
      let any = false;
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        if (!visible[i] || !test(i)) continue;
        ctx.rect(box[i * 4]! - ring / 2, box[i * 4 + 1]! - ring / 2, box[i * 4 + 2]! + ring, box[i * 4 + 3]! + ring);
        any = true;
      }
      if (any) { ctx.strokeStyle = color; ctx.stroke(); }
    };
    for (let s = 0; s < RUN_STATUSES.length; s++) strokeWhere(palette.run[s]!, (i) => scene.run[i] === s + 1);
    strokeWhere(palette.error, (i) => (scene.flags[i]! & ERRORS) !== 0 && !(scene.flags[i]! & SELECTED));
    strokeWhere(palette.selected, (i) => (scene.flags[i]! & SELECTED) !== 0);
  }
  return drawn;
}
