/**
 * The canvas's dot grid as one tiled, composited layer that slides with the view. React Flow's
 * <Background> moves an SVG pattern, which repaints every dot on screen each pan frame (most of the
 * raster work of a pan without a GPU); here a pan only moves the layer, and only a zoom repaints it.
 */
import { useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useLayoutEffect, useRef } from 'react';

const mod = (a: number, n: number) => ((a % n) + n) % n;

export function DotsBackground({ gap, size }: { gap: number; size: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const store = useStoreApi();

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    let zoom = NaN;
    const apply = (s: ReactFlowState) => {
      const [tx, ty, z] = s.transform;
      const g = Math.max(gap * z, 1);
      if (z !== zoom) {
        zoom = z;
        const r = (size * z) / 2;
        el.style.backgroundImage = `radial-gradient(circle, var(--xy-background-pattern-color, var(--canvas-dots)) ${r}px, transparent ${r + 0.4}px)`;
        el.style.backgroundSize = `${g}px ${g}px`;
        el.style.width = `calc(100% + ${2 * g}px)`;
        el.style.height = `calc(100% + ${2 * g}px)`;
      }
      // Dots at whole multiples of the gap in flow coordinates; the layer starts up to one cell before the pane.
      el.style.transform = `translate(${mod(tx - g / 2, g) - g}px, ${mod(ty - g / 2, g) - g}px)`;
    };
    apply(store.getState());
    return store.subscribe((s, prev) => { if (s.transform !== prev.transform) apply(s); });
  }, [store, gap, size]);

  return (
    <div ref={ref} className="react-flow__background pw-dots" data-testid="rf__background" aria-hidden="true"
      style={{ position: 'absolute', top: 0, left: 0, zIndex: -1, pointerEvents: 'none', willChange: 'transform' }} />
  );
}
