/** The strip under the top bar while a run is going (and after it ended): progress, time, cancel. */
import { useEffect } from 'react';
import { useUi } from '../../app/ui.store.js';
import { useDesigner } from '../../stores/designer.store.js';
import { useRuns, type NodeState } from '../../stores/runs.store.js';
import { formatDuration, STATUS_LABEL } from './format.js';
import { RunFlagsChip } from './RunFlags.js';
import { useNow } from './use-now.js';
import '../inspector/kit.css';
import './runs.css';

const SEGMENTS = ['succeeded', 'cached', 'failed', 'cancelled', 'skipped', 'running'] as const;

export function RunBar() {
  const filePath = useDesigner((s) => s.filePath);
  const run = useRuns((s) => s.activeRun);
  const nodes = useRuns((s) => s.liveStatus);
  const live = run?.status === 'running' || run?.status === 'queued';
  const now = useNow(live);

  useEffect(() => useRuns.getState().init(), []);
  // Picks up a run of this file that is still going (after a reload, or started elsewhere).
  useEffect(() => { if (filePath) void useRuns.getState().loadRuns(); }, [filePath]);

  if (!run) return null;
  const states = run.nodes.map((id) => nodes[id]).filter((n): n is NodeState => Boolean(n));
  const total = run.nodes.length || states.length;
  const count = (st: string) => states.filter((n) => n.status === st).length;
  const done = states.filter((n) => n.status !== 'queued' && n.status !== 'running').length;
  const runningIds = run.nodes.filter((id) => nodes[id]?.status === 'running');
  const failed = count('failed');
  const elapsed = (run.finishedAt ?? now) - run.startedAt;
  const label = STATUS_LABEL[run.status];

  return (
    <div className={`pwk run-bar is-${run.status}`} data-testid="run-bar" data-status={run.status} role="status" aria-live="polite">
      <span className={`k-dot ${run.status}`} />
      <strong className="run-bar-status">{label}</strong>
      <span className="run-bar-meta">{run.pipeline || 'pipeline'} · {run.executor}</span>
      <div className="run-progress" aria-label={`${done} of ${total} nodes done`} title={SEGMENTS.map((s) => `${count(s)} ${s}`).join(', ')}>
        {SEGMENTS.map((s) => {
          const n = count(s);
          return n ? <span key={s} className={`seg ${s}`} style={{ width: `${(100 * n) / Math.max(total, 1)}%` }} /> : null;
        })}
      </div>
      <span className="run-bar-count" data-testid="run-progress">{done}/{total} nodes</span>
      {failed > 0 && <span className="run-bar-failed">{failed} failed</span>}
      <RunFlagsChip runId={run.id} />
      {live && runningIds.length > 0 && (
        <span className="run-bar-running">
          running <button type="button" className="run-link" onClick={() => { useRuns.getState().selectNode(runningIds[0]); useUi.getState().setBottomTab('logs'); }}>
            {runningIds.slice(0, 2).join(', ')}{runningIds.length > 2 ? ` +${runningIds.length - 2}` : ''}
          </button>
        </span>
      )}
      {run.error && !live && <span className="run-bar-error" title={run.error}>{run.error}</span>}
      <span className="run-bar-spacer" />
      <span className="run-bar-time" data-testid="run-elapsed">{formatDuration(Math.max(0, elapsed))}</span>
      {live ? (
        <button type="button" className="k-btn small danger" data-testid="btn-cancel-run" onClick={() => void useRuns.getState().cancel()}>
          <svg width="10" height="10" viewBox="0 0 10 10" aria-hidden><rect x="1" y="1" width="8" height="8" rx="1.5" fill="currentColor" /></svg> Cancel
        </button>
      ) : (
        <>
          <button type="button" className="k-btn small ghost" onClick={() => useUi.getState().setBottomTab('runs')}>History</button>
          <button type="button" className="k-icon-btn" aria-label="Dismiss" title="Hide this bar and the run colours" data-testid="btn-dismiss-run"
            onClick={() => useRuns.getState().dismissRun()}>×</button>
        </>
      )}
    </div>
  );
}
