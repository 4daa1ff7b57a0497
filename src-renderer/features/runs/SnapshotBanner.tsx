/**
 * "Viewing run X (read-only) — Back to editing": shown while a past run's DAG snapshot is on screen.
 * RunsPanel shows it; the shell may also mount it over the canvas.
 */
import { useRuns } from '../../stores/runs.store.js';
import { formatWhen, STATUS_LABEL } from './format.js';
import '../inspector/kit.css';
import './runs.css';

export function SnapshotBanner() {
  const snapshot = useRuns((s) => s.snapshot);
  if (!snapshot) return null;
  const { run } = snapshot;
  return (
    <div className="pwk snapshot-banner" data-testid="snapshot-banner" role="status">
      <span className={`k-dot ${run.status}`} />
      <span>
        Viewing run <code>{run.id.slice(0, 12)}</code> · {STATUS_LABEL[run.status].toLowerCase()} {formatWhen(run.startedAt ?? run.createdAt)} · <strong>read-only</strong>
      </span>
      <button type="button" className="k-btn small" data-testid="btn-back-to-editing" onClick={() => useRuns.getState().closeSnapshot()}>
        Back to editing
      </button>
    </div>
  );
}
