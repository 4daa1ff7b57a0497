/** The drift report: verdict banner, sortable per-column table with an expandable histogram, skipped columns and notes. */
import { Fragment } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_DRIFT_THRESHOLDS, DRIFT_METHOD_NAMES, P_VALUE_METHOD_NAMES, type DriftMethodName } from '../../../shared/contract/drift.js';
import {
  columnPsi, methodFitsType, psiLevel, sameOverrides, sortColumns, useDrift, type DriftColumn, type DriftColumnType, type SortKey,
} from '../../stores/drift.store.js';
import { downloadText } from './download.js';
import { fmtBytes, fmtPct, fmtStat } from './format.js';
import { HistogramChart } from './Histogram.js';

const HEADERS: { key: SortKey; label: string; title?: string; num?: boolean }[] = [
  { key: 'name', label: 'Column' },
  { key: 'type', label: 'Type' },
  { key: 'method', label: 'Method' },
  { key: 'statistic', label: 'Statistic', num: true },
  { key: 'threshold', label: 'Threshold', num: true },
  { key: 'pValue', label: 'p-value', num: true, title: 'For ks, chisquare and z: drift when p < threshold' },
  { key: 'drifted', label: 'Drift' },
  { key: 'missing', label: 'Missing', num: true, title: 'Share of missing values (reference → current)' },
  { key: 'psi', label: 'PSI', num: true, title: 'Population stability index: ≥ 0.1 warning, > 0.2 critical' },
];

export function PsiBadge({ psi }: { psi: number | null }) {
  const level = psiLevel(psi);
  if (!level) return <span className="pw-muted">–</span>;
  return <span className={`psi-badge is-${level}`} title={level === 'ok' ? 'stable' : level}>{fmtStat(psi)}</span>;
}

function Verdict() {
  const { report, summary, reportId } = useDrift(useShallow((s) => ({ report: s.report!, summary: s.summary, reportId: s.reportId })));
  const exportHtml = async () => {
    const res = await useDrift.getState().exportHtml();
    if (res) downloadText(`drift-${reportId}.html`, res.html, 'text/html');
  };
  const exportJson = async () => {
    const json = await useDrift.getState().exportJson();
    if (json) downloadText(`drift-${reportId}.json`, json, 'application/json');
  };
  const drift = report.datasetDrift;
  return (
    <div className={`drift-verdict ${drift ? 'is-drift' : 'is-ok'}`} data-testid="drift-verdict" data-drift={drift}>
      <div className="drift-verdict-main">
        <div className="drift-verdict-title">{drift ? 'Dataset drift detected' : 'No dataset drift'}</div>
        <div className="drift-verdict-meta">
          <strong>{report.driftedColumns}</strong> of {report.testedColumns} columns drifted
          {' '}(<strong>{fmtPct(report.driftShare)}</strong> {drift ? '≥' : '<'} threshold {fmtPct(report.driftShareThreshold)})
        </div>
        <div className="drift-share-bar" title={`share ${fmtPct(report.driftShare)}, threshold ${fmtPct(report.driftShareThreshold)}`}>
          <span className="fill" style={{ width: `${Math.min(100, report.driftShare * 100)}%` }} />
          <span className="mark" style={{ left: `${Math.min(100, report.driftShareThreshold * 100)}%` }} />
        </div>
        <div className="drift-verdict-files">
          <span title={report.reference.path}>ref <b>{summary?.referenceLabel}</b> · {report.reference.rows.toLocaleString()} rows · {fmtBytes(report.reference.bytes)}</span>
          <span title={report.current.path}>cur <b>{summary?.currentLabel}</b> · {report.current.rows.toLocaleString()} rows · {fmtBytes(report.current.bytes)}</span>
          <span>{(report.durationMs / 1000).toFixed(2)} s</span>
        </div>
      </div>
      <div className="drift-verdict-actions">
        <button type="button" className="pw-btn" data-testid="drift-export-html" onClick={() => void exportHtml()}>Export HTML</button>
        <button type="button" className="pw-btn" data-testid="drift-export-json" onClick={() => void exportJson()}>Export JSON</button>
      </div>
    </div>
  );
}

const COLUMN_TYPES: DriftColumnType[] = ['numerical', 'categorical', 'text'];

/** Type, test and threshold of one column for the next run; "auto" leaves the engine's choice. */
function OverrideEditor({ c }: { c: DriftColumn }) {
  const o = useDrift((s) => s.overrides[c.name]);
  const { setOverride } = useDrift.getState();
  const cur = o ?? {};
  const type = cur.type ?? c.type;
  const method = cur.method ?? c.method;
  const setType = (t: DriftColumnType | undefined) => {
    // A test the new type cannot take (KS on categories) would only fail the run: drop it.
    const keep = cur.method && methodFitsType(cur.method, t ?? c.type) ? cur.method : undefined;
    setOverride(c.name, { ...cur, type: t, method: keep });
  };
  return (
    <fieldset className={`drift-override-editor${o ? ' is-set' : ''}`} data-testid={`drift-override-${c.name}`}>
      <legend>Next run</legend>
      <label>
        <span>Type</span>
        <select className="pw-input" data-testid={`drift-type-${c.name}`} value={cur.type ?? ''}
          onChange={(e) => setType((e.target.value || undefined) as DriftColumnType | undefined)}>
          <option value="">auto ({c.type})</option>
          {COLUMN_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
        </select>
      </label>
      <label>
        <span>Test</span>
        <select className="pw-input" data-testid={`drift-method-${c.name}`} value={cur.method ?? ''}
          onChange={(e) => setOverride(c.name, { ...cur, method: (e.target.value || undefined) as DriftMethodName | undefined })}>
          <option value="">auto{cur.type && cur.type !== c.type ? '' : ` (${c.method})`}</option>
          {DRIFT_METHOD_NAMES.map((m) => (
            <option key={m} value={m} disabled={!methodFitsType(m, type)}>{m}{methodFitsType(m, type) ? '' : ' (needs numbers)'}</option>
          ))}
        </select>
      </label>
      <label>
        <span>Threshold</span>
        <input className="pw-input" type="number" min={0} step="any" data-testid={`drift-threshold-${c.name}`}
          placeholder={String(cur.method ? DEFAULT_DRIFT_THRESHOLDS[method] : c.threshold)} value={cur.threshold ?? ''}
          onChange={(e) => setOverride(c.name, { ...cur, threshold: e.target.value === '' || !(Number(e.target.value) >= 0) ? undefined : Number(e.target.value) })} />
      </label>
      {o && <button type="button" className="pw-btn is-ghost drift-small-btn" data-testid={`drift-override-reset-${c.name}`}
        onClick={() => setOverride(c.name, {})}>Back to auto</button>}
    </fieldset>
  );
}

/** Above the table while overrides are set (or were, for the report shown): re-run with them, or clear them. */
function OverrideBar() {
  const { overrides, applied, running } = useDrift(useShallow((s) => ({ overrides: s.overrides, applied: s.reportOverrides, running: s.running })));
  const n = Object.keys(overrides).length;
  const pending = !sameOverrides(overrides, applied);
  if (!n && !pending) return null;
  const { run, clearOverrides } = useDrift.getState();
  return (
    <div className={`drift-override-bar${pending ? ' is-pending' : ''}`} data-testid="drift-override-bar">
      <span className="drift-override-bar-text">
        {!n ? 'Overrides cleared: this report still uses them.'
          : pending ? `${n} column override${n === 1 ? '' : 's'} not applied to this report yet.`
            : `This report uses ${n} column override${n === 1 ? '' : 's'}.`}
      </span>
      <button type="button" className={`pw-btn drift-small-btn${pending ? ' is-primary' : ''}`} data-testid="drift-rerun" disabled={running}
        onClick={() => void run()}>{n ? `Re-run with overrides (${n})` : 'Re-run without overrides'}</button>
      {n > 0 && <button type="button" className="pw-btn is-ghost drift-small-btn" data-testid="drift-clear-overrides" onClick={clearOverrides}>Clear overrides</button>}
    </div>
  );
}

function ColumnDetail({ c }: { c: DriftColumn }) {
  return (
    <div className="drift-detail">
      <HistogramChart histogram={c.histogram} column={c.name} />
      <div className="drift-detail-side">
        <OverrideEditor c={c} />
        <dl>
          <dt>Rows</dt><dd>{c.rowsReference.toLocaleString()} → {c.rowsCurrent.toLocaleString()}</dd>
          <dt>Missing</dt><dd>{c.missingReference.toLocaleString()} ({fmtPct(c.missingShareReference)}) → {c.missingCurrent.toLocaleString()} ({fmtPct(c.missingShareCurrent)})</dd>
          <dt>Distinct</dt><dd>{c.distinctValues.toLocaleString()}</dd>
          {c.basis && <><dt>Compared by</dt><dd>{c.basis}</dd></>}
        </dl>
        {c.extra?.length ? (
          <table className="drift-extra">
            <thead><tr><th>Also</th><th>Statistic</th><th>Threshold</th><th /></tr></thead>
            <tbody>
              {c.extra.map((e) => (
                <tr key={e.method}>
                  <td>{e.method}</td><td>{fmtStat(e.statistic)}</td><td>{fmtStat(e.threshold)}</td>
                  <td>{e.method === 'psi' ? <PsiBadge psi={e.statistic} /> : e.drifted ? <span className="drift-pill is-drift">drift</span> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {c.notes.length > 0 && <ul className="drift-notes">{c.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
      </div>
    </div>
  );
}

export function Report() {
  const { report, sort, selected, overrides } = useDrift(useShallow((s) => ({
    report: s.report!, sort: s.sort, selected: s.selectedColumn, overrides: s.overrides,
  })));
  const rows = sortColumns(report.columns, sort);
  const { setSort, selectColumn } = useDrift.getState();
  return (
    <div className="drift-report">
      <Verdict />
      <OverrideBar />
      <table className="drift-table" data-testid="drift-table">
        <thead>
          <tr>
            {HEADERS.map((h) => (
              <th key={h.key} className={h.num ? 'num' : undefined} title={h.title}
                aria-sort={sort.key === h.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
                <button type="button" onClick={() => setSort(h.key)} data-testid={`drift-sort-${h.key}`}>
                  {h.label}<span className="drift-sort-arrow">{sort.key === h.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => {
            const open = selected === c.name;
            const hasP = P_VALUE_METHOD_NAMES.includes(c.method);
            const o = overrides[c.name];
            const next = (now: string, to: string | undefined) => (to && to !== now
              ? <span className="drift-next" title="Override: applies at the next run">→ {to}</span> : null);
            return (
              <Fragment key={c.name}>
                <tr className={`drift-row${c.drifted ? ' is-drifted' : ''}${open ? ' is-open' : ''}`} data-testid={`drift-row-${c.name}`}
                  onClick={() => selectColumn(c.name)} aria-expanded={open} tabIndex={0}
                  onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectColumn(c.name); } }}>
                  <td className="drift-col-name" title={c.name}><span className="drift-caret">{open ? '▾' : '▸'}</span>{c.name}</td>
                  <td><span className={`drift-type is-${c.type}`}>{c.type}</span>{next(c.type, o?.type)}</td>
                  <td className="mono">{c.method}{next(c.method, o?.method)}</td>
                  <td className="num">{fmtStat(c.statistic)}</td>
                  <td className="num">{fmtStat(c.threshold)}</td>
                  <td className="num">{hasP ? fmtStat(c.pValue) : '–'}</td>
                  <td>{c.drifted ? <span className="drift-pill is-drift">drift</span> : <span className="drift-pill is-ok">ok</span>}</td>
                  <td className="num">{fmtPct(Math.max(c.missingShareReference, c.missingShareCurrent))}</td>
                  <td className="num"><PsiBadge psi={columnPsi(c)} /></td>
                </tr>
                {open && <tr className="drift-detail-row"><td colSpan={HEADERS.length}><ColumnDetail c={c} /></td></tr>}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      {report.skippedColumns.length > 0 && (
        <div className="drift-section">
          <h3>Not compared</h3>
          <ul className="drift-notes">{report.skippedColumns.map((s) => <li key={s.name}><b>{s.name}</b>: {s.reason}</li>)}</ul>
        </div>
      )}
      {report.notes.length > 0 && (
        <div className="drift-section">
          <h3>Notes</h3>
          <ul className="drift-notes">{report.notes.map((n) => <li key={n}>{n}</li>)}</ul>
        </div>
      )}
    </div>
  );
}
