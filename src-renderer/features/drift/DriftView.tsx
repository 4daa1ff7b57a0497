/** The Drift view: pick reference and current, set overrides, run, read the report; history and PSI trend on the right. */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_DRIFT_THRESHOLDS, DRIFT_METHOD_NAMES, type DriftMethodName } from '../../../shared/contract/drift.js';
import { parseSourceKey, sourceKey, useDrift, type DriftSource, type DriftSources } from '../../stores/drift.store.js';
import { useNow } from '../runs/use-now.js';
import { fmtBytes, fmtPct, fmtTime } from './format.js';
import { PsiTrend } from './PsiTrend.js';
import { Report } from './Report.js';
import './drift.css';

function SourcePicker({ label, testId, value, sources, onChange }: {
  label: string; testId: string; value: DriftSource | undefined; sources: DriftSources | undefined; onChange(s: DriftSource | undefined): void;
}) {
  const files = sources?.files ?? [];
  const groups: [string, typeof files][] = [
    ['Demo data', files.filter((f) => f.group === 'demo')],
    ['Workspace', files.filter((f) => f.group === 'workspace')],
  ];
  const key = sourceKey(value);
  const known = files.some((f) => `file:${f.path}` === key) || (sources?.artifacts ?? []).some((a) => sourceKey(a) === key);
  return (
    <label className="drift-field">
      <span className="drift-field-label">{label}</span>
      <select className="pw-input" data-testid={testId} value={key} onChange={(e) => onChange(parseSourceKey(e.target.value))}>
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
                {a.pipelineName} · {a.nodeId}.{a.output} · run {a.runId.slice(-6)} · {fmtTime(a.createdAt)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}

function Overrides() {
  const { report, overrides } = useDrift(useShallow((s) => ({ report: s.report, overrides: s.overrides })));
  const columns = report?.columns;
  const { setOverride, clearOverrides } = useDrift.getState();
  const count = Object.keys(overrides).length;
  return (
    <div className="drift-overrides">
      <div className="drift-section-head">
        <h3>Per-column overrides{count ? <span className="pw-chip">{count}</span> : null}</h3>
        {count > 0 && <button type="button" className="pw-btn is-ghost drift-small-btn" onClick={clearOverrides}>Reset</button>}
      </div>
      {!columns ? <p className="drift-empty">Run a check once to list the columns; then choose a method or threshold per column.</p> : (
        <div className="drift-overrides-scroll">
          <table className="drift-overrides-table" data-testid="drift-overrides">
            <thead><tr><th>Column</th><th>Method</th><th>Threshold</th></tr></thead>
            <tbody>
              {columns.map((c) => {
                const o = overrides[c.name] ?? {};
                const method = o.method ?? c.method;
                return (
                  <tr key={c.name} className={overrides[c.name] ? 'is-set' : undefined}>
                    <td title={`${c.name} (${c.type})`}>{c.name}</td>
                    <td>
                      <select className="pw-input" value={o.method ?? ''} data-testid={`drift-method-${c.name}`} title={o.method ? o.method : `auto: ${c.method} last time`}
                        onChange={(e) => setOverride(c.name, { ...o, method: (e.target.value || undefined) as DriftMethodName | undefined })}>
                        <option value="">auto</option>
                        {DRIFT_METHOD_NAMES.map((m) => <option key={m} value={m}>{m}</option>)}
                      </select>
                    </td>
                    <td>
                      <input className="pw-input" type="number" min={0} step="any" data-testid={`drift-threshold-${c.name}`}
                        placeholder={String(DEFAULT_DRIFT_THRESHOLDS[method])} value={o.threshold ?? ''}
                        onChange={(e) => setOverride(c.name, { ...o, threshold: e.target.value === '' ? undefined : Number(e.target.value) })} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function Setup() {
  const s = useDrift(useShallow((st) => ({
    sources: st.sources, reference: st.reference, current: st.current, running: st.running, startedAt: st.runStartedAt,
    alwaysPsi: st.alwaysPsi, driftShare: st.driftShare, loading: st.sourcesLoading, progress: st.progress,
  })));
  const now = useNow(s.running, 250);
  const d = useDrift.getState();
  const ready = Boolean(s.reference && s.current);
  return (
    <aside className="drift-setup">
      <h2>Compare datasets</h2>
      <SourcePicker label="Reference" testId="drift-ref" value={s.reference} sources={s.sources} onChange={d.setReference} />
      <SourcePicker label="Current" testId="drift-cur" value={s.current} sources={s.sources} onChange={d.setCurrent} />
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
  return (
    <aside className="drift-side" data-testid="drift-history">
      <div className="drift-section">
        <h3>History{pipelineFile ? <span className="pw-muted" title={pipelineFile}> · {pipelineFile.split(/[\\/]/).pop()}</span> : null}</h3>
        {history.length === 0 ? <p className="drift-empty">{loading ? 'Loading…' : 'No drift checks yet.'}</p> : (
          <ol className="drift-history">
            {history.map((h) => (
              <li key={h.id}>
                <button type="button" className={h.id === reportId ? 'is-active' : undefined} onClick={() => open(h.id)} data-testid={`drift-history-${h.id}`}
                  title={`${h.referenceLabel} → ${h.currentLabel}${h.datasetDrift ? ' (dataset drift)' : ''}`}>
                  <span className={`drift-dot ${h.datasetDrift ? 'is-drift' : 'is-ok'}`} />
                  <span className="drift-history-text">
                    <span className="drift-history-title">{h.referenceLabel} → {h.currentLabel}</span>
                    <span className="drift-history-meta">{fmtTime(h.createdAt)} · {fmtPct(h.driftShare)} drifted</span>
                  </span>
                </button>
              </li>
            ))}
          </ol>
        )}
      </div>
      <PsiTrend checks={history} selectedId={reportId} onOpen={open} />
    </aside>
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
            <p hidden={running}>Pick a reference dataset (what the model was trained on) and a current one (what it sees now), then run a check.
              Each column is tested (KS, χ², Z, Wasserstein, Jensen–Shannon…) and the dataset drifts when enough columns do.</p>
          </div>
        )}
      </main>
      <History />
    </div>
  );
}
