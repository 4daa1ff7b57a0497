/** The Drift view: pick reference and current, set overrides, run, read the report; history and PSI trend on the right. */
import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Dialog } from '../../app/Dialog.js';
import { useApp } from '../../app/app.store.js';
import { parseSourceKey, sourceKey, useDrift, type DriftCheckSummary, type DriftSide, type DriftSource, type DriftSources } from '../../stores/drift.store.js';
import { useNow } from '../runs/use-now.js';
import { fmtBytes, fmtPct, fmtTime } from './format.js';
import { PsiTrend } from './PsiTrend.js';
import { Report } from './Report.js';
import './drift.css';

function SourcePicker({ side, label, testId, value, sources, error, onChange, onSubmit }: {
  side: DriftSide; label: string; testId: string; value: DriftSource | undefined; sources: DriftSources | undefined; error: string | undefined;
  onChange(s: DriftSource | undefined): void;
  /** Enter or Load in the path box: the typed path is the source now; run when both sides are set. */
  onSubmit(): void;
}) {
  const [draft, setDraft] = useState('');
  // Only the desktop app can hand over a host path from a native dialog; a browser cannot.
  const canBrowse = useApp((s) => s.info?.shell === 'electron');
  const load = () => {
    const path = draft.trim();
    if (!path) return;
    onChange({ path });
    onSubmit();
  };
  const files = sources?.files ?? [];
  const groups: [string, typeof files][] = [
    ['Demo data', files.filter((f) => f.group === 'demo')],
    ['Workspace', files.filter((f) => f.group === 'workspace')],
  ];
  const key = sourceKey(value);
  const known = files.some((f) => `file:${f.path}` === key) || (sources?.artifacts ?? []).some((a) => sourceKey(a) === key);
  return (
    <div className={`drift-field${error ? ' has-error' : ''}`} role="group" aria-labelledby={`${testId}-label`}>
      <span className="drift-field-label" id={`${testId}-label`}>{label}</span>
      <select className="pw-input" data-testid={testId} value={key} aria-label={`${label} dataset`} aria-invalid={Boolean(error)}
        onChange={(e) => onChange(parseSourceKey(e.target.value))}>
        <option value="">Choose a dataset…</option>
        {key && !known && <option value={key}>{'path' in value! ? value.path : key}</option>}
        {groups.filter(([, fs]) => fs.length).map(([name, fs]) => (
          <optgroup key={name} label={name}>
            {fs.map((f) => <option key={f.path} value={`file:${f.path}`}>{f.label} ({fmtBytes(f.size)})</option>)}
          </optgroup>
        ))}
        {sources && sources.artifacts.length > 0 && (
          <optgroup label="Run artifacts">
            {sources.artifacts.map((a) => (
              <option key={sourceKey(a)} value={sourceKey(a)}>
                {a.pipelineName} · {a.nodeId}.{a.output} · run {a.runId.slice(0, 10)} · {fmtTime(a.createdAt)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
      <div className="drift-path-row">
        <input className="pw-input" type="text" spellCheck={false} data-testid={`${testId}-path`} value={draft}
          placeholder="…or type a path" aria-label={`${label} path, absolute or relative to the workspace`}
          title="An absolute path, or one relative to the workspace; Enter loads it"
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); load(); } }} />
        <button type="button" className="pw-btn drift-small-btn" data-testid={`${testId}-load`} disabled={!draft.trim()} onClick={load}>Load</button>
        {canBrowse && (
          <button type="button" className="pw-btn drift-small-btn" data-testid={`${testId}-browse`} title="Choose a CSV or Parquet file"
            onClick={() => void useDrift.getState().browse(side)}>Browse…</button>
        )}
      </div>
      {error && <div className="drift-field-error" role="alert" data-testid={`${testId}-error`}>{error}</div>}
    </div>
  );
}

/** The overrides set so far (edited in a column's detail in the report); each can be removed, or all at once. */
function Overrides() {
  const { hasReport, overrides } = useDrift(useShallow((s) => ({ hasReport: Boolean(s.report), overrides: s.overrides })));
  const { setOverride, clearOverrides } = useDrift.getState();
  const entries = Object.entries(overrides);
  return (
    <div className="drift-overrides" data-testid="drift-overrides">
      <div className="drift-section-head">
        <h3>Per-column overrides{entries.length ? <span className="pw-chip">{entries.length}</span> : null}</h3>
        {entries.length > 0 && (
          <button type="button" className="pw-btn is-ghost drift-small-btn" data-testid="drift-overrides-clear" onClick={clearOverrides}>Clear all</button>
        )}
      </div>
      {entries.length === 0 ? (
        <p className="drift-empty">{hasReport
          ? 'Open a column in the report to change its type (numerical, categorical, text), test or threshold.'
          : 'Run a check first; then open a column in the report to change its type, test or threshold.'}</p>
      ) : (
        <ul className="drift-override-list">
          {entries.map(([name, o]) => (
            <li key={name} data-testid={`drift-override-item-${name}`}>
              <span className="drift-override-name" title={name}>{name}</span>
              <span className="drift-override-what">{[o.type, o.method, o.threshold !== undefined ? `≤ ${o.threshold}` : undefined].filter(Boolean).join(' · ')}</span>
              <button type="button" className="pw-icon-btn drift-override-remove" aria-label={`Remove the override of ${name}`} title="Remove"
                onClick={() => setOverride(name, {})}>×</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function runIfReady() {
  const d = useDrift.getState();
  if (d.reference && d.current && !d.running) void d.run();
}

function Setup() {
  const s = useDrift(useShallow((st) => ({
    sources: st.sources, reference: st.reference, current: st.current, running: st.running, startedAt: st.runStartedAt,
    alwaysPsi: st.alwaysPsi, driftShare: st.driftShare, loading: st.sourcesLoading, progress: st.progress, errors: st.sourceErrors,
  })));
  const now = useNow(s.running, 250);
  const d = useDrift.getState();
  const ready = Boolean(s.reference && s.current);
  return (
    <aside className="drift-setup">
      <h2>Compare datasets</h2>
      <SourcePicker side="reference" label="Reference" testId="drift-ref" value={s.reference} sources={s.sources} error={s.errors.reference}
        onChange={d.setReference} onSubmit={runIfReady} />
      <SourcePicker side="current" label="Current" testId="drift-cur" value={s.current} sources={s.sources} error={s.errors.current}
        onChange={d.setCurrent} onSubmit={runIfReady} />
      <div className="drift-setup-links">
        <button type="button" className="pw-btn is-ghost drift-small-btn" onClick={() => { d.setReference(s.current); d.setCurrent(s.reference); }}
          disabled={!s.reference && !s.current}>Swap</button>
        <button type="button" className="pw-btn is-ghost drift-small-btn" onClick={() => void d.loadSources()} disabled={s.loading}>Refresh list</button>
      </div>
      <label className="drift-check">
        <input type="checkbox" checked={s.alwaysPsi} onChange={(e) => d.setAlwaysPsi(e.target.checked)} />
        Always compute PSI (for the trend)
      </label>
      <label className="drift-field is-inline">
        <span className="drift-field-label">Dataset drift when drifted share ≥</span>
        <input className="pw-input" type="number" min={0.05} max={1} step={0.05} value={s.driftShare} data-testid="drift-share"
          onChange={(e) => { const v = Number(e.target.value); if (v > 0 && v <= 1) d.setDriftShare(v); }} />
      </label>
      <button type="button" className="pw-btn is-primary drift-run" data-testid="drift-run" disabled={!ready || s.running} onClick={() => void d.run()}>
        {s.running ? 'Comparing…' : 'Run drift check'}
      </button>
      {s.running && (
        <div className="drift-progress" data-testid="drift-progress">
          <div className="drift-progress-row">
            <div className={`drift-progress-track${s.progress?.fraction ? '' : ' is-indeterminate'}`} role="progressbar" aria-label="Comparing datasets"
              aria-valuemin={0} aria-valuemax={100} aria-valuenow={s.progress?.fraction ? Math.round(s.progress.fraction * 100) : undefined}>
              <span style={s.progress?.fraction ? { width: `${s.progress.fraction * 100}%` } : undefined} />
            </div>
            <span className="pw-muted drift-progress-time">{((now - (s.startedAt ?? now)) / 1000).toFixed(1)} s</span>
            <button type="button" className="pw-btn is-ghost drift-small-btn" data-testid="drift-cancel" onClick={() => void d.cancel()}>Cancel</button>
          </div>
          {s.progress?.message && <div className="drift-progress-msg" title={s.progress.message}>{s.progress.message}</div>}
        </div>
      )}
      <Overrides />
    </aside>
  );
}

function History() {
  const { history, reportId, pipelineFile, loading } = useDrift(useShallow((s) => ({
    history: s.history, reportId: s.reportId, pipelineFile: s.pipelineFile, loading: s.historyLoading,
  })));
  const open = (id: string) => void useDrift.getState().openCheck(id);
  const [confirm, setConfirm] = useState<DriftCheckSummary>();
  return (
    <aside className="drift-side" data-testid="drift-history">
      <div className="drift-section">
        <h3>History{pipelineFile ? <span className="pw-muted" title={pipelineFile}> · {pipelineFile.split(/[\\/]/).pop()}</span> : null}</h3>
        {history.length === 0 ? <p className="drift-empty">{loading ? 'Loading…' : 'No drift checks yet. Each check you run is kept here, with its PSI for the trend below.'}</p> : (
          <ol className="drift-history">
            {history.map((h) => (
              <li key={h.id} className={h.id === reportId ? 'is-active' : undefined}>
                <button type="button" className="drift-history-open" onClick={() => open(h.id)} data-testid={`drift-history-${h.id}`}
                  title={`${h.referenceLabel} → ${h.currentLabel}${h.datasetDrift ? ' (dataset drift)' : ''}`}>
                  <span className={`drift-dot ${h.datasetDrift ? 'is-drift' : 'is-ok'}`} />
                  <span className="drift-history-text">
                    <span className="drift-history-title">{h.referenceLabel} → {h.currentLabel}</span>
                    <span className="drift-history-meta">{fmtTime(h.createdAt)} · {fmtPct(h.driftShare)} drifted</span>
                  </span>
                </button>
                <button type="button" className="pw-icon-btn drift-history-delete" aria-label={`Delete the check ${h.referenceLabel} → ${h.currentLabel}`}
                  title="Delete this check" data-testid={`drift-history-delete-${h.id}`} onClick={() => setConfirm(h)}>×</button>
              </li>
            ))}
          </ol>
        )}
      </div>
      <PsiTrend checks={history} selectedId={reportId} onOpen={open} />
      {confirm && <ConfirmDelete check={confirm} onClose={() => setConfirm(undefined)} />}
    </aside>
  );
}

/** Deleting has no undo, so it asks first and says what goes. */
function ConfirmDelete({ check, onClose }: { check: DriftCheckSummary; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const remove = async () => {
    setBusy(true);
    await useDrift.getState().deleteCheck(check.id);
    onClose();
  };
  return (
    <Dialog title="Delete drift check?" testId="drift-delete-dialog" onClose={onClose}
      footer={<>
        <button type="button" className="pw-btn" onClick={onClose} data-testid="drift-delete-cancel">Cancel</button>
        <button type="button" className="pw-btn is-danger" data-autofocus disabled={busy} onClick={() => void remove()} data-testid="drift-delete-confirm">
          Delete check
        </button>
      </>}>
      <p>
        <strong>{check.referenceLabel} → {check.currentLabel}</strong> ({fmtTime(check.createdAt)}, {fmtPct(check.driftShare)} drifted)
        and its report are removed from the history and the PSI trend. This cannot be undone.
      </p>
    </Dialog>
  );
}

export function DriftView() {
  const hasReport = useDrift((s) => Boolean(s.report));
  const running = useDrift((s) => s.running);
  useEffect(() => {
    const d = useDrift.getState();
    void d.loadSources();
    void d.loadHistory();
  }, []);
  return (
    <div className="drift-view" data-testid="drift-view">
      <Setup />
      <main className="drift-main">
        {hasReport ? <Report /> : (
          <div className="drift-placeholder">
            <h2>{running ? 'Comparing…' : 'Data drift'}</h2>
            <p hidden={running}>Pick a reference dataset (what the model was trained on) and a current one (what it sees now) from the lists,
              or type a CSV or Parquet path, then run a check.
              Each column is tested (KS, χ², Z, Wasserstein, Jensen–Shannon…) and the dataset drifts when enough columns do.</p>
          </div>
        )}
      </main>
      <History />
    </div>
  );
}
