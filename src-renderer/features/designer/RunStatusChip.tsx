/** A node's run status on its card; a running node counts its elapsed time live. */
import { useEffect, useState } from 'react';
import { useRuns } from '../../stores/runs.store.js';
import { openDriftReport } from '../runs/open-drift-report.js';
import type { NodeRunStatus } from './run-status.js';

const LABELS: Record<NodeRunStatus['status'], string> = {
  queued: 'queued', running: 'running', succeeded: 'done', cached: 'cached', failed: 'failed', skipped: 'skipped', cancelled: 'cancelled',
};

export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(t);
  }, []);
  return <span className="pw-run__elapsed">{formatElapsed(now - since)}</span>;
}

export function RunStatusChip({ run, nodeId }: { run: NodeRunStatus; nodeId: string }) {
  const retry = run.attempt > 1 ? ` (attempt ${run.attempt})` : '';
  return (
    <span className={`pw-run pw-run--${run.status}`} data-testid={`node-${nodeId}-status`} data-status={run.status} title={`${LABELS[run.status]}${retry}`}>
      <span className="pw-run__dot" />
      {run.status === 'running' && run.startedAt ? <Elapsed since={run.startedAt} /> : LABELS[run.status]}
    </span>
  );
}

/** On a node that wrote a drift report in the run on screen: opens it in the Drift view. */
export function DriftReportLink({ nodeId }: { nodeId: string }) {
  const has = useRuns((s) => Boolean(s.extras?.driftReports[nodeId]));
  if (!has) return null;
  return (
    <button type="button" className="pw-run pw-run--report nodrag" data-testid={`node-${nodeId}-drift-report`} title="Open the drift report"
      onClick={(e) => { e.stopPropagation(); openDriftReport(nodeId); }}>
      report ↗
    </button>
  );
}
