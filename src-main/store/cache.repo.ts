/**
 * The step cache: cache key → a succeeded node run whose outputs can be reused. Outputs are read
 * from that node run's recorded outputs, so there is one source of truth for what it produced.
 */
import type Database from 'better-sqlite3';
import { StoreError } from './errors.js';
import { toOutput, type RawOutput } from './rows.js';
import type { CacheEntryRow } from './types.js';

interface RawEntry {
  id: number;
  cache_key: string;
  node_run_id: number;
  run_id: string;
  node_id: string;
  created_at: number;
}

const SELECT = `SELECT e.id, e.cache_key, e.node_run_id, n.run_id, n.node_id, e.created_at
  FROM cache_entries e JOIN node_runs n ON n.id = e.node_run_id`;

export class CacheRepo {
  private readonly insert;
  private readonly nodeRun;
  private readonly byKeyAndNodeRun;
  private readonly latestByKey;
  private readonly outputs;
  private readonly deleteKey;
  private readonly deleteDigest;

  // Prepared once: `put` runs for every succeeded node, `latest` for every node that may reuse a result.
  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<[string, number, number]>('INSERT OR IGNORE INTO cache_entries (cache_key, node_run_id, created_at) VALUES (?, ?, ?)');
    this.nodeRun = db.prepare<[number], { status: string; run_id: string; node_id: string }>('SELECT status, run_id, node_id FROM node_runs WHERE id = ?');
    this.byKeyAndNodeRun = db.prepare<[string, number], RawEntry>(`${SELECT} WHERE e.cache_key = ? AND e.node_run_id = ?`);
    this.latestByKey = db.prepare<[string], RawEntry>(`${SELECT} WHERE e.cache_key = ? ORDER BY e.created_at DESC, e.id DESC LIMIT 1`);
    this.outputs = db.prepare<[number], RawOutput>(
      'SELECT node_run_id, name, artifact_digest, value_json FROM node_outputs WHERE node_run_id = ? ORDER BY name');
    this.deleteKey = db.prepare<[string]>('DELETE FROM cache_entries WHERE cache_key = ?');
    this.deleteDigest = db.prepare<[string]>(`DELETE FROM cache_entries WHERE node_run_id IN
      (SELECT node_run_id FROM node_outputs WHERE artifact_digest = ?)`);
  }

  /**
   * Offer a node run's outputs for reuse under `cacheKey`. Record its outputs first.
   * @throws StoreError unless the node run exists and succeeded (a failed run's outputs are not reusable).
   */
  put(cacheKey: string, nodeRunId: number, at: number = Date.now()): CacheEntryRow {
    return this.db.transaction(() => {
      const run = this.nodeRun.get(nodeRunId);
      if (run?.status !== 'succeeded') throw new StoreError(`node run ${nodeRunId} is ${run?.status ?? 'missing'}; only succeeded node runs can be cached`);
      const res = this.insert.run(cacheKey, nodeRunId, at);
      // A new entry is exactly what was just written; only an existing one (ignored insert) is read back.
      const raw = res.changes === 1
        ? { id: Number(res.lastInsertRowid), cache_key: cacheKey, node_run_id: nodeRunId, run_id: run.run_id, node_id: run.node_id, created_at: at }
        : this.byKeyAndNodeRun.get(cacheKey, nodeRunId)!;
      return this.withOutputs(raw);
    }).immediate(); // read-then-write: take the write lock first so a concurrent writer cannot make the read stale
  }

  /** The newest entry for a key, with the outputs to reuse; undefined on a cache miss. */
  latest(cacheKey: string): CacheEntryRow | undefined {
    const raw = this.latestByKey.get(cacheKey);
    return raw && this.withOutputs(raw);
  }

  /** Drop every entry for a key (e.g. its artifacts were found missing on disk). Returns how many. */
  invalidate(cacheKey: string): number {
    return this.deleteKey.run(cacheKey).changes;
  }

  /** Drop every entry whose outputs include this artifact. Returns how many. */
  invalidateDigest(digest: string): number {
    return this.deleteDigest.run(digest).changes;
  }

  private withOutputs(r: RawEntry): CacheEntryRow {
    return {
      id: r.id, cacheKey: r.cache_key, nodeRunId: r.node_run_id, runId: r.run_id, nodeId: r.node_id, createdAt: r.created_at,
      outputs: this.outputs.all(r.node_run_id).map(toOutput),
    };
  }
}
