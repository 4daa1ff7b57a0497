/**
 * The right-hand inspector: the selected node's form, or the pipeline's when nothing is selected, or a
 * read-only view while a past run's snapshot is shown. Follows `focusPath` (set by the Problems panel
 * through `focus(nodeId, path)`) to the field an issue is about.
 */
import { useEffect, useRef } from 'react';
import { useDesigner } from '../../stores/designer.store.js';
import { useRuns } from '../../stores/runs.store.js';
import { NodeForm } from './NodeForm.js';
import { PipelineForm } from './PipelineForm.js';
import { SnapshotView } from './SnapshotView.js';
import './kit.css';
import './inspector.css';

type Path = readonly (string | number)[];

/** `['nodes', 3, 'inputs', 'seed', ...]` or `['inputs', 'seed']` → `inputs.seed`; the longest field the form has. */
export function fieldKey(path: Path): string[] {
  const p = path[0] === 'nodes' && typeof path[1] === 'number' ? path.slice(2) : [...path];
  const keys = p.map(String);
  return keys.map((_, i) => keys.slice(0, keys.length - i).join('.')).filter(Boolean);
}

export function Inspector() {
  const snapshot = useRuns((s) => s.snapshot);
  const selectedId = useDesigner((s) => s.selectedNodeId);
  const node = useDesigner((s) => s.graph.nodes.find((n) => n.id === s.selectedNodeId)?.data.spec);
  const focus = useDesigner((s) => s.focusPath);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!focus || !root.current) return;
    // Wait a frame: selecting the node re-renders the form first.
    const raf = requestAnimationFrame(() => {
      const el = fieldKey(focus).map((k) => root.current?.querySelector<HTMLElement>(`[data-focus-path="${CSS.escape(k)}"]`)).find(Boolean);
      if (!el) return;
      el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      el.querySelector<HTMLElement>('input:not([disabled]), select, textarea, button[role="switch"]')?.focus({ preventScroll: true });
      el.classList.remove('flash');
      void el.offsetWidth;
      el.classList.add('flash');
    });
    return () => cancelAnimationFrame(raf);
  }, [focus]);

  let body;
  if (snapshot) body = <SnapshotView snapshot={snapshot} nodeId={selectedId} />;
  else if (node) body = <NodeForm key={node.id} node={node} readOnly={false} />;
  else body = <PipelineForm readOnly={false} />;

  return (
    <div ref={root} className="pwk ins" data-testid="inspector" aria-label="Inspector">
      {body}
    </div>
  );
}
