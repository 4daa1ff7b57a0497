/**
 * Metrics. Ingestion is the hot path (training loops report thousands of points per second), so
 * `appendMetrics` runs one prepared INSERT per point inside a single transaction and resolves each
 * (run, node, name) series to its integer id from an in-memory cache.
 */
import type Database from 'better-sqlite3';
import type { MetricPoint, MetricSample, MetricSeries, MetricSummary } from './types.js';

interface RawSeries {
  id: number;
  run_id: string;
  node_id: string;
  name: string;
}

type RawSample = [step: number | null, value: number | null, at: number];

export class MetricRepo {
  private readonly insertPoint;
  private readonly upsertSeries;
  private readonly samplesOf;
  /** `run \0 node \0 name` → series id. Only ids known to be committed are cached (see appendMetrics). */
  private readonly seriesIds = new Map<string, number>();

  constructor(private readonly db: Database.Database) {
    this.insertPoint = db.prepare<[number, number | null, number, number]>('INSERT INTO metrics (series_id, step, value, at) VALUES (?, ?, ?, ?)');
    // DO UPDATE (a no-op) rather than DO NOTHING so RETURNING yields the id of an existing series too.
    this.upsertSeries = db.prepare<[string, string, string], { id: number }>(
      `INSERT INTO metric_series (run_id, node_id, name) VALUES (?, ?, ?)
       ON CONFLICT (run_id, node_id, name) DO UPDATE SET name = excluded.name RETURNING id`);
    this.samplesOf = db.prepare<[number], RawSample>('SELECT step, value, at FROM metrics WHERE series_id = ? ORDER BY rowid').raw(true);
  }

  /**
   * Append points (any mix of runs, nodes and names) atomically. Points without `time` get `now`.
   * @throws TypeError for a point without a name or a numeric value; SqliteError if a run does not exist.
   */
  appendMetrics(points: readonly MetricPoint[], now: number = Date.now()): void {
    if (points.length === 0) return;
    // Inside a caller's transaction a new series id could still be rolled back after we return, and
    // SQLite would then hand the same id to another series; so only a top-level call may cache ids.
    const topLevel = !this.db.inTransaction;
    const fresh = new Map<string, number>();
    this.db.transaction(() => {
      for (const p of points) {
        if (typeof p.value !== 'number' || typeof p.name !== 'string' || p.name === '') {
          throw new TypeError(`invalid metric point ${JSON.stringify(p)}: needs a name and a numeric value`);
        }
        const nodeId = p.nodeId ?? '';
        const key = `${p.runId}\0${nodeId}\0${p.name}`;
        let series = this.seriesIds.get(key) ?? fresh.get(key);
        if (series === undefined) {
          series = this.upsertSeries.get(p.runId, nodeId, p.name)!.id;
          fresh.set(key, series);
        }
        this.insertPoint.run(series, p.step ?? null, p.value, p.time ?? now);
      }
    }).immediate();
    if (topLevel) for (const [key, id] of fresh) this.seriesIds.set(key, id);
  }

  /** Every series of a run (optionally one node's, or only some names), points in insertion order. */
  listByRun(runId: string, opts: { nodeId?: string | null; names?: readonly string[] } = {}): MetricSeries[] {
    const series = this.db.prepare<[string], RawSeries>('SELECT id, run_id, node_id, name FROM metric_series WHERE run_id = ? ORDER BY node_id, name')
      .all(runId)
      .filter((s) => (opts.nodeId === undefined || s.node_id === (opts.nodeId ?? '')) && (!opts.names || opts.names.includes(s.name)));
    return series.map((s) => this.load(s));
  }

  /**
   * One metric across runs for a comparison chart: every series named `name` in `runIds`
   * (optionally only from node `nodeId`), in the order of `runIds`.
   */
  compare(name: string, runIds: readonly string[], opts: { nodeId?: string | null } = {}): MetricSeries[] {
    const order = new Map(runIds.map((id, k) => [id, k]));
    return this.db.prepare<[string, string], RawSeries>(
      `SELECT id, run_id, node_id, name FROM metric_series WHERE name = ? AND run_id IN (SELECT value FROM json_each(?))`)
      .all(name, JSON.stringify(runIds))
      .filter((s) => opts.nodeId === undefined || s.node_id === (opts.nodeId ?? ''))
      .sort((a, b) => order.get(a.run_id)! - order.get(b.run_id)! || a.node_id.localeCompare(b.node_id))
      .map((s) => this.load(s));
  }

  /** The (node, name) pairs a run has metrics for, without loading points. */
  names(runId: string): { nodeId: string | null; name: string }[] {
    return this.db.prepare<[string], { node_id: string; name: string }>('SELECT node_id, name FROM metric_series WHERE run_id = ? ORDER BY node_id, name')
      .all(runId).map((r) => ({ nodeId: r.node_id || null, name: r.name }));
  }

  /** Count, min, max and last value of every series of the given runs (NaN points are ignored by min/max). */
  summary(runIds: readonly string[]): MetricSummary[] {
    return this.db.prepare<[string], { run_id: string; node_id: string; name: string; n: number; lo: number | null; hi: number | null; last: number | null }>(
      `SELECT s.run_id, s.node_id, s.name, COUNT(*) AS n, MIN(m.value) AS lo, MAX(m.value) AS hi,
         (SELECT value FROM metrics WHERE series_id = s.id ORDER BY rowid DESC LIMIT 1) AS last
       FROM metric_series s JOIN metrics m ON m.series_id = s.id
       WHERE s.run_id IN (SELECT value FROM json_each(?))
       GROUP BY s.id ORDER BY s.run_id, s.node_id, s.name`)
      .all(JSON.stringify(runIds))
      .map((r) => ({ runId: r.run_id, nodeId: r.node_id || null, name: r.name, count: r.n, last: r.last ?? NaN, min: r.lo, max: r.hi }));
  }

  private load(s: RawSeries): MetricSeries {
    const points: MetricSample[] = this.samplesOf.all(s.id).map(([step, value, at]) => ({ step, value: value ?? NaN, time: at }));
    return { runId: s.run_id, nodeId: s.node_id || null, name: s.name, points };
  }
}
