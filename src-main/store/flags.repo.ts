/** Run flags: warnings a node raised about the run it belongs to (e.g. dataset drift). */
import type Database from 'better-sqlite3';

export type FlagLevel = 'warning' | 'critical';

export interface RunFlagRow {
  runId: string;
  nodeId: string;
  nodeRunId: number;
  level: FlagLevel;
  message: string;
  createdAt: number;
}

interface RawFlag {
  run_id: string;
  node_id: string;
  node_run_id: number;
  level: FlagLevel;
  message: string;
  created_at: number;
}

const toRow = (r: RawFlag): RunFlagRow => ({
  runId: r.run_id, nodeId: r.node_id, nodeRunId: r.node_run_id, level: r.level, message: r.message, createdAt: r.created_at,
});

export class FlagRepo {
  private readonly insert;
  private readonly byRun;
  private readonly byNodeRun;

  // Prepared once: a cached node reads the flags of the node run it reuses.
  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<[string, string, number, string, string, number]>(
      'INSERT INTO run_flags (run_id, node_id, node_run_id, level, message, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.byRun = db.prepare<[string], RawFlag>(
      'SELECT run_id, node_id, node_run_id, level, message, created_at FROM run_flags WHERE run_id = ? ORDER BY id');
    this.byNodeRun = db.prepare<[number], RawFlag>(
      `SELECT f.run_id, f.node_id, f.node_run_id, f.level, f.message, f.created_at FROM run_flags f
       JOIN node_runs n ON n.id = f.node_run_id WHERE f.node_run_id = ? AND f.run_id = n.run_id ORDER BY f.id`);
  }

  add(runId: string, nodeId: string, nodeRunId: number, flags: readonly { level: FlagLevel; message: string }[], now = Date.now()): void {
    this.db.transaction(() => {
      for (const f of flags) this.insert.run(runId, nodeId, nodeRunId, f.level, f.message, now);
    })();
  }

  /** Flags of a run, in the order they were raised. */
  forRun(runId: string): RunFlagRow[] {
    return this.byRun.all(runId).map(toRow);
  }

  /** Flags a node run raised in its own run (what a cached reuse of it carries over). */
  ofNodeRun(nodeRunId: number): RunFlagRow[] {
    return this.byNodeRun.all(nodeRunId).map(toRow);
  }

  /** Flag counts per run for a list of runs (the runs list shows them). */
  countsFor(runIds: readonly string[]): Map<string, { warning: number; critical: number }> {
    const counts = new Map<string, { warning: number; critical: number }>();
    if (!runIds.length) return counts;
    const rows = this.db.prepare<string[], { run_id: string; level: FlagLevel; n: number }>(
      `SELECT run_id, level, COUNT(*) AS n FROM run_flags WHERE run_id IN (${runIds.map(() => '?').join(',')}) GROUP BY run_id, level`).all(...runIds);
    for (const r of rows) {
      const c = counts.get(r.run_id) ?? { warning: 0, critical: 0 };
      c[r.level] = r.n;
      counts.set(r.run_id, c);
    }
    return counts;
  }
}
