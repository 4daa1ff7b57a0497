/**
 * The zoomed-out overview. At the bare-box tier a card shows nothing a box can't, so the canvas hides
 * React Flow's nodes and edges (no DOM element, no store subscription per node or edge: panning thousands
 * of them is what makes large graphs crawl) and draws them all on one <canvas> that follows the viewport.
 * Clicking a box selects its node and a selection box selects the boxes it touches, as with cards.
 * Also renders the mini map, drawn the same way.
 */
import { useStore, useStoreApi, type Edge, type ReactFlowState } from '@xyflow/react';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type CSSProperties, type MouseEvent as ReactMouseEvent, type RefObject } from 'react';
import type { Theme } from '../../app/ui.store.js';
import { useDesigner } from '../../stores/designer.store.js';
import { useRuns } from '../../stores/runs.store.js';
import type { FlowElements, FlowNode } from './flow-elements.js';
import { issuesByNode } from './node-issues.js';
import { buildScene, drawScene, nodeAt, nodesTouching, resolvePalette, type Palette, type Scene } from './overview-draw.js';
import { OverviewMiniMap } from './OverviewMiniMap.js';
import { BARE_ZOOM } from './PipelineNodeCard.js';

// Between the background and React Flow's renderer (z-index 4), so the selection box stays on top.
const CANVAS_STYLE: CSSProperties = { position: 'absolute', top: 0, left: 0, zIndex: 3, pointerEvents: 'none' };

const inOverview = (s: ReactFlowState) => s.transform[2] < BARE_ZOOM;

const hiddenCopies = new WeakMap<FlowNode, FlowNode>();
const NO_EDGES: Edge[] = [];

/** The nodes with `hidden` set, one copy per node object, so zooming out again hands React Flow the same objects. */
function hiddenNodes(nodes: readonly FlowNode[]): FlowNode[] {
  return nodes.map((n) => {
    let h = hiddenCopies.get(n);
    if (!h) { h = { ...n, hidden: true }; hiddenCopies.set(n, h); }
    return h;
  });
}

/**
 * The nodes and edges to give React Flow: in the overview hidden nodes (it neither mounts nor tracks
 * them) and no edges. The switch is also made in React Flow's store the moment the zoom crosses over,
 * in the same task: otherwise its node layer would first render every node now in view as a card (all
 * of them, zooming out to the whole graph) only to unmount them again once the hidden ones arrive.
 * While `pending` (a document arrived but its first view is not set yet) the nodes stay hidden and
 * nothing is drawn, so a large graph is not first laid out as cards at the wrong zoom.
 */
export function useOverviewFlow(elements: FlowElements, pending: boolean): { hidden: boolean; draw: boolean; nodes: FlowNode[]; edges: Edge[] } {
  const store = useStoreApi();
  const zoomedOut = useStore(inOverview);
  const hidden = zoomedOut || pending;
  const latest = useRef({ elements, pending });
  latest.current = { elements, pending };
  useLayoutEffect(() => store.subscribe((s, prev) => {
    const { elements: el, pending: wait } = latest.current;
    const now = inOverview(s) || wait;
    if (now === (inOverview(prev) || wait)) return;
    s.setNodes(now ? hiddenNodes(el.nodes) : el.nodes);
    s.setEdges(now ? NO_EDGES : el.edges);
  }), [store]);
  const nodes = useMemo(() => (hidden ? hiddenNodes(elements.nodes) : elements.nodes), [hidden, elements.nodes]);
  return { hidden, draw: zoomedOut && !pending, nodes, edges: hidden ? NO_EDGES : elements.edges };
}

/**
 * Pane click and selection-box handlers that select the boxes drawn in the overview (React Flow only
 * selects nodes it renders). Outside the overview they do nothing.
 */
export function useOverviewSelection(elementsRef: RefObject<FlowElements>) {
  const store = useStoreApi();
  // React Flow clears its selection rectangle before calling onSelectionEnd: remember the last one.
  const lastRect = useRef<ReactFlowState['userSelectionRect']>(null);
  useEffect(() => store.subscribe((s) => { if (s.userSelectionRect) lastRect.current = s.userSelectionRect; }), [store]);

  const toFlow = (s: ReactFlowState, x: number, y: number) => ({ x: (x - s.transform[0]) / s.transform[2], y: (y - s.transform[1]) / s.transform[2] });

  const onPaneClick = useCallback((e: ReactMouseEvent) => {
    const s = store.getState();
    if (!inOverview(s) || !s.domNode) return;
    const r = s.domNode.getBoundingClientRect();
    const p = toFlow(s, e.clientX - r.left, e.clientY - r.top);
    const hit = nodeAt(elementsRef.current.nodes, p.x, p.y);
    // After React Flow's own reset of the selection, which follows this callback.
    if (hit) queueMicrotask(() => useDesigner.getState().select(hit.id));
  }, [store, elementsRef]);

  const onSelectionEnd = useCallback(() => {
    const s = store.getState();
    const rect = lastRect.current;
    lastRect.current = null;
    if (!inOverview(s) || !rect) return;
    const a = toFlow(s, rect.x, rect.y);
    const picked = nodesTouching(elementsRef.current.nodes, { ...a, width: rect.width / s.transform[2], height: rect.height / s.transform[2] });
    if (picked.length) useDesigner.getState().setSelection(picked.map((n) => n.id));
  }, [store, elementsRef]);

  return { onPaneClick, onSelectionEnd };
}

interface OverviewProps {
  elements: FlowElements;
  active: boolean;
  /** A past run's snapshot: no validation rings for the open document. */
  snapshot: boolean;
  theme: Theme;
  minimap?: { width: number; height: number } & CSSProperties;
}

/** The overview canvas (when `active`) and the mini map; a child of <ReactFlow>. */
export function CanvasOverview({ elements, active, snapshot, theme, minimap }: OverviewProps) {
  const issues = useDesigner((s) => s.issues);
  const runStatus = useRuns((s) => s.nodeStatus);
  const host = useStore((s) => s.domNode);
  const errors = useMemo(() => {
    if (snapshot) return undefined;
    const ids = new Set<string>();
    for (const [id, c] of issuesByNode(issues)) if (c.errors) ids.add(id);
    return ids;
  }, [issues, snapshot]);
  // Edges only matter to the overview; the mini map draws boxes.
  const scene = useMemo(
    () => buildScene({ nodes: elements.nodes, edges: active ? elements.edges : [], errors, runStatus }),
    [elements, active, errors, runStatus],
  );
  const [palette, setPalette] = useState<Palette>();
  useLayoutEffect(() => { if (host) setPalette(resolvePalette(host)); }, [host, theme]);

  return (
    <>
      <OverviewCanvas scene={scene} palette={palette} active={active} />
      {minimap && <OverviewMiniMap scene={scene} palette={palette} style={minimap} />}
    </>
  );
}

function OverviewCanvas({ scene, palette, active }: { scene: Scene; palette: Palette | undefined; active: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const store = useStoreApi();

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.dataset.drawn = '0';
    const ctx = el.getContext('2d');
    if (!active || !palette || !ctx) return;
    const draw = (s: ReactFlowState) => {
      const dpr = window.devicePixelRatio || 1;
      const w = Math.round(s.width * dpr), h = Math.round(s.height * dpr);
      if (el.width !== w || el.height !== h) {
        el.width = w;
        el.height = h;
        el.style.width = `${s.width}px`;
        el.style.height = `${s.height}px`;
      }
      const [tx, ty, zoom] = s.transform;
      el.dataset.drawn = String(drawScene(ctx, scene, palette, { tx, ty, zoom, width: s.width, height: s.height, dpr }, { edges: true, rings: true }));
    };
    draw(store.getState());
    // Drawn in the same task that moved the viewport, as React Flow applies its own viewport transform.
    return store.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) draw(s);
    });
  }, [active, scene, palette, store]);

  return <canvas ref={ref} className="pw-overview" style={CANVAS_STYLE} hidden={!active} aria-hidden="true" data-testid="canvas-overview" />;
}
