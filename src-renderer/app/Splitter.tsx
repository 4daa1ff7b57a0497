/** A drag handle that resizes a panel; `onResize` gets the pointer's travel since the drag began. */
import { useRef, type PointerEvent } from 'react';

interface Props { direction: 'horizontal' | 'vertical'; onResize(delta: number, start: number): void; current: number; testId: string }

export function Splitter({ direction, onResize, current, testId }: Props) {
  const drag = useRef<{ from: number; start: number } | undefined>(undefined);
  const coord = (e: PointerEvent) => (direction === 'horizontal' ? e.clientX : e.clientY);
  return (
    <div className={`pw-splitter pw-splitter--${direction}`} data-testid={testId} role="separator"
      aria-orientation={direction === 'horizontal' ? 'vertical' : 'horizontal'}
      onPointerDown={(e) => { e.currentTarget.setPointerCapture(e.pointerId); drag.current = { from: coord(e), start: current }; }}
      onPointerMove={(e) => { if (drag.current) onResize(coord(e) - drag.current.from, drag.current.start); }}
      onPointerUp={() => { drag.current = undefined; }} />
  );
}
