/** Reference vs current distribution of one column: overlaid bars on shared bins (numbers), paired bars per category. */
import type { DriftHistogram } from '../../../shared/contract/drift.js';
import { fmtPct, fmtStat } from './format.js';

const W = 560;
const H = 190;
const PAD = { l: 40, r: 10, t: 10, b: 34 };

const shares = (counts: number[], extra = 0) => {
  const total = counts.reduce((a, b) => a + b, 0) + extra;
  return counts.map((c) => (total ? c / total : 0));
};

function Legend() {
  return (
    <div className="drift-legend">
      <span><i className="is-ref" />reference</span>
      <span><i className="is-cur" />current</span>
    </div>
  );
}

function YAxis({ max }: { max: number }) {
  const ticks = [0, max / 2, max];
  const y = (v: number) => PAD.t + (1 - v / max) * (H - PAD.t - PAD.b);
  return (
    <g className="drift-axis">
      {ticks.map((t) => (
        <g key={t}>
          <line x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} className="drift-grid" />
          <text x={PAD.l - 5} y={y(t) + 3} textAnchor="end">{fmtPct(t)}</text>
        </g>
      ))}
    </g>
  );
}

export function HistogramChart({ histogram, column }: { histogram: DriftHistogram; column: string }) {
  const innerW = W - PAD.l - PAD.r;
  const innerH = H - PAD.t - PAD.b;
  if (histogram.kind === 'bins') {
    const ref = shares(histogram.reference);
    const cur = shares(histogram.current);
    const n = ref.length;
    const max = Math.max(...ref, ...cur, 0.001) * 1.08;
    const bw = innerW / Math.max(n, 1);
    const y = (v: number) => PAD.t + (1 - v / max) * innerH;
    const edges = histogram.edges;
    const labelAt = [0, Math.floor(n / 2), n];
    return (
      <figure className="drift-hist" data-testid="drift-hist" data-kind="bins">
        <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Histogram of ${column}: reference and current over ${n} bins`}>
          <YAxis max={max} />
          {ref.map((v, i) => <rect key={`r${i}`} className="drift-bar is-ref" x={PAD.l + i * bw + 0.5} width={Math.max(bw - 1, 0.5)} y={y(v)} height={Math.max(PAD.t + innerH - y(v), 0)}>
            <title>{`${fmtStat(edges[i] ?? 0)} – ${fmtStat(edges[i + 1] ?? 0)}: reference ${fmtPct(v)}, current ${fmtPct(cur[i] ?? 0)}`}</title>
          </rect>)}
          {cur.map((v, i) => <rect key={`c${i}`} className="drift-bar is-cur" x={PAD.l + i * bw + 0.5} width={Math.max(bw - 1, 0.5)} y={y(v)} height={Math.max(PAD.t + innerH - y(v), 0)}>
            <title>{`${fmtStat(edges[i] ?? 0)} – ${fmtStat(edges[i + 1] ?? 0)}: reference ${fmtPct(ref[i] ?? 0)}, current ${fmtPct(v)}`}</title>
          </rect>)}
          <line className="drift-baseline" x1={PAD.l} x2={W - PAD.r} y1={PAD.t + innerH} y2={PAD.t + innerH} />
          <g className="drift-axis">
            {labelAt.map((k) => (
              <text key={k} x={PAD.l + k * bw} y={H - PAD.b + 14} textAnchor={k === 0 ? 'start' : k === n ? 'end' : 'middle'}>{fmtStat(edges[k] ?? 0)}</text>
            ))}
          </g>
        </svg>
        <Legend />
      </figure>
    );
  }
  const labels = [...histogram.labels];
  const refCounts = [...histogram.reference];
  const curCounts = [...histogram.current];
  if (histogram.otherReference || histogram.otherCurrent) {
    labels.push('(other)'); refCounts.push(histogram.otherReference); curCounts.push(histogram.otherCurrent);
  }
  const ref = shares(refCounts);
  const cur = shares(curCounts);
  const max = Math.max(...ref, ...cur, 0.001) * 1.08;
  const gw = innerW / Math.max(labels.length, 1);
  const bw = Math.min(28, (gw - 6) / 2);
  const y = (v: number) => PAD.t + (1 - v / max) * innerH;
  const maxChars = Math.max(3, Math.floor(gw / 6.2));
  return (
    <figure className="drift-hist" data-testid="drift-hist" data-kind="categories">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`Category shares of ${column}: reference and current`}>
        <YAxis max={max} />
        {labels.map((label, i) => {
          const cx = PAD.l + i * gw + gw / 2;
          const short = label.length > maxChars ? `${label.slice(0, maxChars - 1)}…` : label;
          return (
            <g key={label}>
              <rect className="drift-bar is-ref solid" x={cx - bw} width={bw} y={y(ref[i]!)} height={PAD.t + innerH - y(ref[i]!)}>
                <title>{`${label}: reference ${fmtPct(ref[i]!)} (${refCounts[i]})`}</title>
              </rect>
              <rect className="drift-bar is-cur solid" x={cx} width={bw} y={y(cur[i]!)} height={PAD.t + innerH - y(cur[i]!)}>
                <title>{`${label}: current ${fmtPct(cur[i]!)} (${curCounts[i]})`}</title>
              </rect>
              <text className="drift-axis-label" x={cx} y={H - PAD.b + 14} textAnchor="middle">{short}<title>{label}</title></text>
            </g>
          );
        })}
        <line className="drift-baseline" x1={PAD.l} x2={W - PAD.r} y1={PAD.t + innerH} y2={PAD.t + innerH} />
      </svg>
      <Legend />
    </figure>
  );
}
