/**
 * The mini map, drawn on a canvas: every node a box in its kind's colour, the area outside the viewport
 * dimmed. React Flow's own MiniMap keeps one SVG element and one store subscription per node (work on
 * every pan frame for every node) and leaves out hidden nodes, which the zoomed-out overview hides.
 * Drag to pan, click to centre there, wheel to zoom.
 */
import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useEffect, useLayoutEffect, useRef, type CSSProperties, type PointerEvent } from 'react';
import { drawScene, type Palette, type Scene } from './overview-draw.js';

/** Margin around the graph and viewport, in mini-map px. */
const PAD = 5;

interface Fit { x0: number; y0: number; scale: number }

/** Flow units per mini-map px and the flow point at its top left, fitting the graph (and the viewport, if given). */
function fitOf(scene: Scene, s: ReactFlowState | undefined, width: number, height: number): Fit {
  let b = scene.bounds;
  if (s) {
    const [tx, ty, zoom] = s.transform;
    const v = { x: -tx / zoom, y: -ty / zoom, width: s.width / zoom, height: s.height / zoom };
    if (!scene.ids.length) b = v;
    else {
      const x = Math.min(b.x, v.x), y = Math.min(b.y, v.y);
      b = { x, y, width: Math.max(b.x + b.width, v.x + v.width) - x, height: Math.max(b.y + b.height, v.y + v.height) - y };
    }
  }
  const scale = Math.max(b.width / (width - 2 * PAD), b.height / (height - 2 * PAD), 1e-6);
  return { scale, x0: b.x - (width * scale - b.width) / 2, y0: b.y - (height * scale - b.height) / 2 };
}

export function OverviewMiniMap({ scene, palette, style }: { scene: Scene; palette: Palette | undefined; style: { width: number; height: number } & CSSProperties }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const store = useStoreApi();
  const rf = useReactFlow();
  const fit = useRef<Fit>({ x0: 0, y0: 0, scale: 1 });
  const drag = useRef<{ x: number; y: number; moved: boolean } | undefined>(undefined);
  const { width, height } = style;

  useLayoutEffect(() => {
    const el = ref.current;
    const ctx = el?.getContext('2d');
    if (!el || !ctx || !palette) return;
    const dpr = window.devicePixelRatio || 1;
    el.width = Math.round(width * dpr);
    el.height = Math.round(height * dpr);
    // The boxes are drawn once, fitted to the graph; each frame scales that picture into the fit of the
    // graph and the viewport (as the viewport moves out of the graph the map zooms out) and dims around the view.
    const boxes = document.createElement('canvas');
    boxes.width = el.width;
    boxes.height = el.height;
    const g = fitOf(scene, undefined, width, height);
    drawScene(boxes.getContext('2d')!, scene, palette, { tx: -g.x0 / g.scale, ty: -g.y0 / g.scale, zoom: 1 / g.scale, width, height, dpr }, { edges: false, rings: false });
    const draw = (s: ReactFlowState) => {
      const f = fitOf(scene, s, width, height);
      fit.current = f;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, el.width, el.height);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.drawImage(boxes, (g.x0 - f.x0) / f.scale, (g.y0 - f.y0) / f.scale, (width * g.scale) / f.scale, (height * g.scale) / f.scale);
      const [tx, ty, zoom] = s.transform;
      ctx.beginPath();
      ctx.rect(0, 0, width, height);
      ctx.rect((-tx / zoom - f.x0) / f.scale, (-ty / zoom - f.y0) / f.scale, s.width / zoom / f.scale, s.height / zoom / f.scale);
      ctx.fillStyle = palette.mask;
      ctx.fill('evenodd');
    };
    draw(store.getState());
    return store.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) draw(s);
    });
  }, [scene, palette, store, width, height]);

  // React wires wheel listeners as passive; zooming must keep the page from scrolling.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      void rf.zoomTo(rf.getZoom() * 2 ** (-e.deltaY * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [rf]);

  const onPointerDown = (e: PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY, moved: false };
  };
  const onPointerMove = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = e.clientX - d.x, dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 3) return;
    d.moved = true;
    d.x = e.clientX;
    d.y = e.clientY;
    // The mask follows the pointer: the view moves the same flow distance.
    const { x, y, zoom } = rf.getViewport();
    void rf.setViewport({ x: x - dx * fit.current.scale * zoom, y: y - dy * fit.current.scale * zoom, zoom });
  };
  const onPointerUp = (e: PointerEvent<HTMLCanvasElement>) => {
    const d = drag.current;
    drag.current = undefined;
    if (!d || d.moved) return;
    const r = e.currentTarget.getBoundingClientRect();
    const f = fit.current;
    void rf.setCenter(f.x0 + (e.clientX - r.left) * f.scale, f.y0 + (e.clientY - r.top) * f.scale, { zoom: rf.getZoom(), duration: 200 });
  };

  return (
    <Panel position="bottom-right" className="react-flow__minimap pw-minimap" style={style}>
      <canvas ref={ref} role="img" aria-label="Mini map" data-testid="minimap" style={{ display: 'block', width, height, cursor: 'pointer' }}
        onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={() => { drag.current = undefined; }} />
    </Panel>
  );
}
