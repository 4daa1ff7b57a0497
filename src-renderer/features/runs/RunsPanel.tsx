/**
 * The run history of the open pipeline. Clicking a run shows the DAG it ran (read-only, with its node
 * statuses on the canvas), the params it used and its metrics; clicking it again goes back to editing.
 */
import { useEffect } from 'react';
import { useDesigner } from '../../stores/designer.store.js';
import { useRuns, type RunSummary } from '../../stores/runs.store.js';
import { formatDuration, formatWhen, STATUS_LABEL } from './format.js';
import { MetricsView } from './MetricsView.js';
import { FlagCounts, RunFlagList } from './RunFlags.js';
import { SnapshotBanner } from './SnapshotBanner.js';
import { useNow } from './use-now.js';
import '../inspector/kit.css';
import './runs.css';

const COUNT_ORDER = ['succeeded', 'cached', 'failed', 'skipped', 'cancelled', 'running', 'queued'];

function NodeCounts({ counts }: { counts: Record<string, number> }) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0).sort(([a], [b]) => COUNT_ORDER.indexOf(a) - COUNT_ORDER.indexOf(b));
  return (
    <span className="runs-counts" title={entries.map(([s, n]) => `${n} ${s}`).join(', ')}>
      {entries.map(([s, n]) => <span key={s} className="runs-count"><span className={`k-dot ${s}`} />{n}</span>)}
    </span>
  );
}

export function RunsPanel() {
  const filePath = useDesigner((s) => s.filePath);
  const runs = useRuns((s) => s.runs);
  const loading = useRuns((s) => s.runsLoading);
  const snapshot = useRuns((s) => s.snapshot);
  const metrics = useRuns((s) => s.metrics);
  const anyLive = runs.some((r) => r.status === 'running' || r.status === 'queued');
  const now = useNow(true, anyLive ? 1000 : 30_000);

  useEffect(() => { useRuns.getState().init(); void useRuns.getState().loadRuns(); }, [filePath]);

  const open = (r: RunSummary) => {
    const s = useRuns.getState();
    if (s.snapshot?.runId === r.id) s.closeSnapshot();
    else void s.openSnapshot(r.id);
  };
  const name = filePath?.split(/[\\/]/).pop();

  return (
    <div className="pwk runs-panel" data-testid="runs-panel">
      <div className="runs-list">
        <div className="runs-head">
          <span>{name ? <>Runs of <strong>{name}</strong></> : 'All runs — save the pipeline to list only its own'}</span>
          <button type="button" className="k-btn ghost small" onClick={() => void useRuns.getState().loadRuns()} disabled={loading}>
            {loading ? 'Loading…' : '↻ Refresh'}
          </button>
        </div>
        {runs.length === 0 && !loading ? (
          <div className="k-empty"><h3>No runs yet</h3><p>Press Run to run this pipeline; every run is kept here with its logs, params and metrics.</p></div>
        ) : (
          <div className="runs-table-wrap">
            <table className="runs-table">
              <thead>
                <tr><th>Status</th><th>Run</th><th>Started</th><th>Duration</th><th>Nodes</th><th>Flags</th><th>On</th></tr>
              </thead>
              <tbody>
                {runs.map((r, i) => {
                  const started = r.startedAt ?? r.createdAt;
                  const end = r.finishedAt ?? (r.status === 'running' || r.status === 'queued' ? now : undefined);
                  return (
                    <tr key={r.id} data-testid={`run-row-${i}`} data-run-id={r.id} tabIndex={0} aria-selected={snapshot?.runId === r.id}
                      className={snapshot?.runId === r.id ? 'is-selected' : undefined}
                      onClick={() => open(r)} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); open(r); } }}>
                      <td><span className={`runs-status is-${r.status}`}><span className={`k-dot ${r.status}`} />{STATUS_LABEL[r.status]}</span></td>
                      <td><code title={r.id}>{r.id.slice(0, 10)}</code></td>
                      <td title={new Date(started).toLocaleString()}>{formatWhen(started, now)}</td>
                      <td className="num">{formatDuration(end !== undefined && r.startedAt ? end - r.startedAt : undefined)}</td>
                      <td><NodeCounts counts={r.nodeCounts} /></td>
                      <td><FlagCounts flags={r.flags} /></td>
                      <td className="runs-exec">{r.executor}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <div className="runs-detail">
        {snapshot ? (
          <>
            <SnapshotBanner />
            {snapshot.run.error && <div className="runs-error">{snapshot.run.error}</div>}
            <RunFlagList />
            <div className="runs-detail-title">Metrics</div>
            {metrics?.runId !== snapshot.runId ? <div className="runs-none">Loading…</div>
              : metrics.series.length || !snapshot.run.nodeCounts.cached ? <MetricsView series={metrics.series} />
                : <div className="runs-none">No metrics: nodes taken from the cache do not log them again. The run that computed them has them.</div>}
          </>
        ) : (
          <div className="runs-hint">Select a run to see the pipeline as it ran, its node statuses on the canvas, its params and its metrics.</div>
        )}
      </div>
    </div>
  );
}
