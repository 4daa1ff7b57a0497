/** PSI per column across the history of checks: one small line chart per key feature, with the 0.1 and 0.2 guide lines. */
import { useState } from 'react';
import type { DriftCheckSummary } from '../../../shared/contract/drift.js';
import { psiLevel, psiTrend } from '../../stores/drift.store.js';
import { fmtStat, fmtTime } from './format.js';

const W = 220;
const H = 92;
const PAD = { l: 32, r: 8, t: 8, b: 14 };
const KEY_FEATURES = 6;

function TrendChart({ name, points, selectedId, onOpen }: {
  name: string; points: { id: string; createdAt: number; value: number }[]; selectedId?: string; onOpen(id: string): void;
}) {
  // The 0.1 and 0.2 guides stay readable: the scale stops at 0.6 and higher values sit on the top edge.
  const max = Math.min(0.6, Math.max(0.3, ...points.map((p) => p.value * 1.05)));
  const n = points.length;
  const x = (i: number) => PAD.l + (n === 1 ? (W - PAD.l - PAD.r) / 2 : (i / (n - 1)) * (W - PAD.l - PAD.r));
  const y = (v: number) => PAD.t + (1 - Math.min(v, max) / max) * (H - PAD.t - PAD.b);
  const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const last = points[n - 1]!;
  const level = psiLevel(last.value);
  return (
    <div className="psi-chart" data-testid={`psi-trend-${name}`}>
      <div className="psi-chart-head">
        <span className="psi-chart-name" title={name}>{name}</span>
        <span className={`psi-badge is-${level}`}>{fmtStat(last.value)}</span>
      </div>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`PSI of ${name} over ${n} checks, latest ${fmtStat(last.value)}`}>
        <line className="psi-guide is-warning" x1={PAD.l} x2={W - PAD.r} y1={y(0.1)} y2={y(0.1)} />
        <line className="psi-guide is-critical" x1={PAD.l} x2={W - PAD.r} y1={y(0.2)} y2={y(0.2)} />
        <text className="psi-guide-label" x={PAD.l - 4} y={y(0.1) + 3} textAnchor="end">0.1</text>
        <text className="psi-guide-label" x={PAD.l - 4} y={y(0.2) + 3} textAnchor="end">0.2</text>
        <text className="psi-guide-label" x={PAD.l - 4} y={PAD.t + 3} textAnchor="end">{fmtStat(Number(max.toFixed(2)))}</text>
        <line className="drift-baseline" x1={PAD.l} x2={W - PAD.r} y1={y(0)} y2={y(0)} />
        {n > 1 && <path className="psi-line" d={d} />}
        {points.map((p, i) => (
          <circle key={p.id} cx={x(i)} cy={y(p.value)} r={p.id === selectedId ? 4 : 2.6}
            className={`psi-dot is-${psiLevel(p.value)}${p.id === selectedId ? ' is-selected' : ''}${p.value > max ? ' is-clipped' : ''}`} onClick={() => onOpen(p.id)}>
            <title>{`${fmtTime(p.createdAt)}: PSI ${fmtStat(p.value)}`}</title>
          </circle>
        ))}
      </svg>
    </div>
  );
}

export function PsiTrend({ checks, selectedId, onOpen }: { checks: DriftCheckSummary[]; selectedId?: string; onOpen(id: string): void }) {
  const [all, setAll] = useState(false);
  const trend = psiTrend(checks);
  if (!trend.points.length) {
    return (
      <section className="drift-section" data-testid="psi-trend">
        <h3>PSI trend</h3>
        <p className="drift-empty">No PSI recorded yet. Keep “Always compute PSI” on to follow every column across checks.</p>
      </section>
    );
  }
  // Key features: the columns with the highest PSI in the latest check that has them.
  const latest = (c: string) => [...trend.points].reverse().find((p) => p.psi[c] !== undefined)?.psi[c] ?? 0;
  const ranked = [...trend.columns].sort((a, b) => latest(b) - latest(a));
  const shown = all ? ranked : ranked.slice(0, KEY_FEATURES);
  return (
    <section className="drift-section" data-testid="psi-trend">
      <div className="drift-section-head">
        <h3>PSI trend <span className="pw-muted">· {trend.points.length} check{trend.points.length === 1 ? '' : 's'}</span></h3>
        {ranked.length > KEY_FEATURES && (
          <button type="button" className="pw-btn is-ghost drift-small-btn" onClick={() => setAll(!all)}>
            {all ? 'Key features only' : `All ${ranked.length} columns`}
          </button>
        )}
      </div>
      <div className="psi-grid">
        {shown.map((c) => (
          <TrendChart key={c} name={c} selectedId={selectedId} onOpen={onOpen}
            points={trend.points.filter((p) => p.psi[c] !== undefined).map((p) => ({ id: p.id, createdAt: p.createdAt, value: p.psi[c]! }))} />
        ))}
      </div>
    </section>
  );
}
