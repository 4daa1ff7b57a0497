/** Inline SVG icons (no icon font, no network): one per node kind, and the toolbar's. */
import type { NodeKind } from '../../../shared/spec/schema.js';

const KIND_PATHS: Record<NodeKind, string> = {
  // Cylinder: a table or a file of rows.
  data: 'M4 5c0-1.1 3.6-2 8-2s8 .9 8 2-3.6 2-8 2-8-.9-8-2Zm0 0v14c0 1.1 3.6 2 8 2s8-.9 8-2V5M4 12c0 1.1 3.6 2 8 2s8-.9 8-2',
  // Shield with a check: the data passed its checks.
  validate: 'M12 3l7 3v5c0 4.5-3 8-7 10-4-2-7-5.5-7-10V6l7-3Zm-3 9l2 2 4-4',
  // Columns being split and encoded.
  feature: 'M4 4h6v16H4zM14 4h6v6h-6zM14 14h6v6h-6z',
  // Rising learning curve.
  train: 'M3 20h18M5 16l4-5 4 3 6-8M15 6h4v4',
  // Gauge.
  evaluate: 'M4 17a8 8 0 1 1 16 0M12 17l4-5M4 17h2M18 17h2M12 9V7',
  // Rocket.
  deploy: 'M12 15l-3-3c1-4 4-8 10-9-1 6-5 9-9 10ZM9 12l-4 1 2-4h4M12 15l-1 4 4-2v-4M7 17c-1 1-2 3-2 3s2-1 3-2',
  // Pulse line.
  monitor: 'M3 12h4l2-6 4 12 2-6h6',
  // Code brackets.
  custom: 'M8 7l-5 5 5 5M16 7l5 5-5 5M13 5l-2 14',
};

export function KindIcon({ kind, size = 16 }: { kind: NodeKind; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8}
      strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={KIND_PATHS[kind] ?? KIND_PATHS.custom} />
    </svg>
  );
}

export const KIND_LABELS: Record<NodeKind, string> = {
  data: 'Data', validate: 'Validate', feature: 'Features', train: 'Train',
  evaluate: 'Evaluate', deploy: 'Deploy', monitor: 'Monitor', custom: 'Custom',
};
