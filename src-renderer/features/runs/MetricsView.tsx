/** The metrics of a run: the latest value of every series, with a small line chart when it has a history. */
import type { MetricSeries } from '../../stores/runs.store.js';
import { formatMetric } from './format.js';

export function Sparkline({ values, width = 96, height = 24 }: { values: number[]; width?: number; height?: number }) {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const x = (i: number) => (i / (values.length - 1)) * (width - 4) + 2;
  const y = (v: number) => height - 3 - ((v - min) / span) * (height - 6);
  const d = values.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const last = values[values.length - 1]!;
  return (
    <svg className="spark" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`${values.length} points from ${formatMetric(values[0]!)} to ${formatMetric(last)}`}>
      <path d={`${d} L${x(values.length - 1).toFixed(1)},${height} L2,${height} Z`} className="spark-area" />
      <path d={d} className="spark-line" />
      <circle cx={x(values.length - 1)} cy={y(last)} r="2.2" className="spark-dot" />
    </svg>
  );
}

export function MetricsView({ series }: { series: MetricSeries[] }) {
  if (!series.length) return <div className="runs-none">This run logged no metrics.</div>;
  const sorted = [...series].sort((a, b) => (a.nodeId ?? '').localeCompare(b.nodeId ?? '') || a.name.localeCompare(b.name));
  return (
    <div className="metrics" data-testid="run-metrics">
      {sorted.map((s) => {
        const points = [...s.points].sort((a, b) => (a.step ?? 0) - (b.step ?? 0) || a.time - b.time);
        const latest = points[points.length - 1];
        return (
          <div key={`${s.nodeId}/${s.name}`} className="metric" data-testid={`metric-${s.name}`}>
            <div className="metric-name" title={s.nodeId ? `${s.nodeId} · ${s.name}` : s.name}>
              <span>{s.name}</span>{s.nodeId && <span className="metric-node">{s.nodeId}</span>}
            </div>
            <div className="metric-value">{latest ? formatMetric(latest.value) : '–'}</div>
            {points.length > 1 ? <Sparkline values={points.map((p) => p.value)} /> : <span className="metric-single" />}
          </div>
        );
      })}
    </div>
  );
}
