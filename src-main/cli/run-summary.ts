/** The table printed when a run ends, and by `runs show`: one row per node with its key metrics. */
import type { ArtifactStore } from '../engine/artifact-store.js';
import type { Store } from '../store/index.js';
import { formatDuration } from './backend-options.js';
import { table } from './output.js';

/** Last value of up to `max` metrics a node logged; a cached node shows the metrics of the run it reused. */
export function keyMetrics(store: Store, runId: string, nodeId: string, cachedFrom: number | null, max = 3): string {
  let source = { runId, nodeId };
  if (cachedFrom !== null) {
    const origin = store.nodeRuns.get(cachedFrom);
    source = { runId: origin.runId, nodeId: origin.nodeId };
  }
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4));
  return store.metrics.summary([source.runId])
    .filter((m) => m.nodeId === source.nodeId)
    .slice(0, max)
    .map((m) => `${m.name}=${fmt(m.last)}`)
    .join(' ');
}

export function runTable(store: Store, runId: string, order?: string[]): string {
  const { nodeRuns } = store.runs.getWithNodes(runId);
  const latest = new Map<string, (typeof nodeRuns)[number]>();
  const attempts = new Map<string, number>();
  for (const n of nodeRuns) {
    latest.set(n.nodeId, n);
    attempts.set(n.nodeId, Math.max(attempts.get(n.nodeId) ?? 0, n.attempt));
  }
  // Node runs are created in plan order, so the first attempt's row id gives that order back.
  const firstRow = new Map<string, number>();
  for (const n of nodeRuns) firstRow.set(n.nodeId, Math.min(firstRow.get(n.nodeId) ?? Infinity, n.id));
  const ids = order ?? [...latest.keys()].sort((a, b) => firstRow.get(a)! - firstRow.get(b)!);
  return table(['node', 'status', 'duration', 'tries', 'metrics / reason'], ids.filter((id) => latest.has(id)).map((id) => {
    const n = latest.get(id)!;
    const duration = n.startedAt && n.finishedAt ? formatDuration(n.finishedAt - n.startedAt) : '-';
    const detail = n.status === 'failed' ? n.error ?? '' : n.status === 'skipped' || n.status === 'cancelled' ? n.reason ?? '' : keyMetrics(store, runId, id, n.cachedFrom);
    return [id, n.status, duration, String(attempts.get(id)), detail];
  }));
}

/**
 * Lines under the table for what nodes flagged about the run (dataset drift) and where the drift
 * reports they wrote are (the JSON and HTML artifacts; the app's Drift view opens them too).
 */
export function flagLines(store: Store, artifacts: ArtifactStore, runId: string): string[] {
  const lines = store.flags.forRun(runId).map((f) => `${f.level === 'critical' ? 'CRITICAL' : 'warning '}  ${f.nodeId}: ${f.message}`);
  for (const { nodeId } of store.drift.forRun(runId)) {
    const files = store.outputs.forNode(runId, nodeId)
      .flatMap((o) => (o.kind === 'artifact' && store.artifacts.find(o.digest)?.type !== 'dataset' ? [`${o.name}: ${artifacts.pathOf(o.digest)}`] : []));
    lines.push(`drift report  ${nodeId}  ${files.join('  ')}`);
  }
  return lines;
}
