/**
 * Flags nodes raised about a run (a drift check that found dataset drift, PSI past the critical level)
 * and the links to the drift reports they wrote: a chip in the run bar, a list in the run's details,
 * counts in the runs table.
 */
import { useRuns, type RunFlagView } from '../../stores/runs.store.js';
import { openDriftReport } from './open-drift-report.js';
import './runs.css';

function FlagIcon() {
  return (
    <svg width="11" height="11" viewBox="0 0 12 12" aria-hidden>
      <path d="M2.5 11V1.5M2.5 2h6.5l-1.6 2.6L9 7.2H2.5" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
    </svg>
  );
}

const worst = (flags: readonly RunFlagView[]) => flags.find((f) => f.level === 'critical') ?? flags[0];

/** The run bar's chip: the worst flag's message; clicking opens that node's drift report if it wrote one. */
export function RunFlagsChip({ runId }: { runId: string }) {
  const extras = useRuns((s) => (s.extras?.runId === runId ? s.extras : undefined));
  const top = extras && worst(extras.flags);
  if (!extras || !top) return null;
  const report = extras.driftReports[top.nodeId];
  const more = extras.flags.length > 1 ? ` +${extras.flags.length - 1}` : '';
  return (
    <button type="button" className={`run-flag-chip is-${top.level}`} data-testid="run-flags" disabled={!report}
      title={extras.flags.map((f) => `${f.nodeId}: ${f.message}`).join('\n') + (report ? '\n\nClick to open the drift report.' : '')}
      onClick={() => openDriftReport(top.nodeId)}>
      <FlagIcon /><span className="run-flag-text">{top.message}</span>{more}
    </button>
  );
}

/** Every flag of the run on screen, with its node and the drift report link. */
export function RunFlagList() {
  const extras = useRuns((s) => s.extras);
  if (!extras) return null;
  const reportsWithoutFlags = Object.keys(extras.driftReports).filter((n) => !extras.flags.some((f) => f.nodeId === n));
  if (!extras.flags.length && !reportsWithoutFlags.length) return null;
    return (
    <div className="run-flags" data-testid="run-flag-list">
      {extras.flags.map((f, i) => (
        <div key={i} className={`run-flag is-${f.level}`}>
          <span className="run-flag-level"><FlagIcon />{f.level}</span>
          <span className="run-flag-node">{f.nodeId}</span>
          <span className="run-flag-message">{f.message}</span>
          {extras.driftReports[f.nodeId] && (
            <button type="button" className="k-btn small ghost" onClick={() => openDriftReport(f.nodeId)}>Drift report</button>
          )}
        </div>
      ))}
      {reportsWithoutFlags.map((nodeId) => (
        <div key={nodeId} className="run-flag is-ok">
          <span className="run-flag-level">report</span>
          <span className="run-flag-node">{nodeId}</span>
          <span className="run-flag-message">No drift flagged.</span>
          <button type="button" className="k-btn small ghost" onClick={() => openDriftReport(nodeId)}>Drift report</button>
        </div>
      ))}
    </div>
  );
}

/** The runs table's cell: how many critical and warning flags a run has. */
export function FlagCounts({ flags }: { flags: { warning: number; critical: number } }) {
  if (!flags.critical && !flags.warning) return null;
  const parts = [flags.critical ? `${flags.critical} critical` : '', flags.warning ? `${flags.warning} warning${flags.warning > 1 ? 's' : ''}` : ''].filter(Boolean);
  return (
    <span className={`run-flag-count is-${flags.critical ? 'critical' : 'warning'}`} title={parts.join(', ')} data-testid="run-flag-count">
      <FlagIcon />{flags.critical + flags.warning}
    </span>
  );
}
