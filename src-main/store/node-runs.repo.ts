/** Node runs (one row per attempt of a node in a run) and their state-transition history. */
import type Database from 'better-sqlite3';
import { InvalidTransitionError, NotFoundError } from './errors.js';
import { NODE_RUN_COLUMNS, toNodeRun, type RawNodeRun } from './rows.js';
import type { CreateNodeRunInput, NodeRunRow, NodeRunStatus, NodeRunTransitionRow, TransitionOptions } from './types.js';

/**
 * The node state machine. `queued → failed` covers failures before the process starts (image pull,
 * missing input); `cached` and `skipped` are decided before running, so they only follow `queued`.
 */
const NEXT: Record<NodeRunStatus, readonly NodeRunStatus[]> = {
  queued: ['running', 'skipped', 'cached', 'failed', 'cancelled'],
  running: ['succeeded', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  skipped: [],
  cached: [],
  cancelled: [],
};

const FINAL: ReadonlySet<NodeRunStatus> = new Set(['succeeded', 'failed', 'skipped', 'cached', 'cancelled']);

/** Whether a node-run status change is allowed. */
export function canTransition(from: NodeRunStatus, to: NodeRunStatus): boolean {
  return NEXT[from].includes(to);
}

interface TransitionParams {
  id: number;
  from: NodeRunStatus;
  to: NodeRunStatus;
  at: number;
  final: 0 | 1;
  exitCode: number | null;
  error: string | null;
  reason: string | null;
  cacheKey: string | null;
  cachedFrom: number | null;
}

interface RawTransition {
  id: number;
  node_run_id: number;
  from_status: NodeRunStatus | null;
  to_status: NodeRunStatus;
  at: number;
  reason: string | null;
}

export class NodeRunRepo {
  private readonly insert;
  private readonly byId;
  private readonly statusOf;
  private readonly update;
  private readonly log;
  private readonly byRun;
  private readonly latestByRun;
  private readonly latestAttempt;
  private readonly history;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO node_runs (run_id, node_id, attempt, status, cache_key, created_at)
      VALUES (?, ?, ?, 'queued', ?, ?)`);
    this.byId = db.prepare<[number], RawNodeRun>(`SELECT ${NODE_RUN_COLUMNS} FROM node_runs WHERE id = ?`);
    this.statusOf = db.prepare<[number], NodeRunStatus>('SELECT status FROM node_runs WHERE id = ?').pluck();
    // COALESCE keeps values set by an earlier transition (e.g. the cache key given at creation).
    // RETURNING hands back the row as stored, so a transition costs no second read.
    this.update = db.prepare<[TransitionParams], RawNodeRun>(`UPDATE node_runs SET status = @to,
        exit_code = COALESCE(@exitCode, exit_code), error = COALESCE(@error, error), reason = COALESCE(@reason, reason),
        cache_key = COALESCE(@cacheKey, cache_key), cached_from = COALESCE(@cachedFrom, cached_from),
        started_at = CASE WHEN @to = 'running' THEN @at ELSE started_at END,
        finished_at = CASE WHEN @final THEN @at ELSE finished_at END
      WHERE id = @id AND status = @from
      RETURNING ${NODE_RUN_COLUMNS}`);
    this.log = db.prepare('INSERT INTO node_run_transitions (node_run_id, from_status, to_status, at, reason) VALUES (?, ?, ?, ?, ?)');
    this.byRun = db.prepare<[string], RawNodeRun>(`SELECT ${NODE_RUN_COLUMNS} FROM node_runs n WHERE run_id = ? ORDER BY node_id, attempt`);
    this.latestByRun = db.prepare<[string], RawNodeRun>(`SELECT ${NODE_RUN_COLUMNS} FROM node_runs n WHERE run_id = ?
      AND NOT EXISTS (SELECT 1 FROM node_runs later WHERE later.run_id = n.run_id AND later.node_id = n.node_id AND later.attempt > n.attempt)
      ORDER BY node_id, attempt`);
    this.latestAttempt = db.prepare<[string, string], RawNodeRun>(
      `SELECT ${NODE_RUN_COLUMNS} FROM node_runs WHERE run_id = ? AND node_id = ? ORDER BY attempt DESC LIMIT 1`);
    this.history = db.prepare<[number], RawTransition>(
      'SELECT id, node_run_id, from_status, to_status, at, reason FROM node_run_transitions WHERE node_run_id = ? ORDER BY id');
  }

  /** Create a queued node run (attempt 1 unless given) and record its creation as a transition. */
  create(input: CreateNodeRunInput): NodeRunRow {
    const at = input.at ?? Date.now();
    return this.db.transaction(() => {
      const id = Number(this.insert.run(input.runId, input.nodeId, input.attempt ?? 1, input.cacheKey ?? null, at).lastInsertRowid);
      this.log.run(id, null, 'queued', at, null);
      return this.get(id);
    })();
  }

  /**
   * Move a node run to `to`, stamping started/finished times and recording the transition with
   * `opts.reason`. Guarded by the current status, so a lost race throws instead of overwriting.
   * @throws InvalidTransitionError, NotFoundError
   */
  transition(id: number, to: NodeRunStatus, opts: TransitionOptions = {}): NodeRunRow {
    const at = opts.at ?? Date.now();
    return this.db.transaction(() => {
      const from = this.statusOf.get(id);
      if (from === undefined) throw new NotFoundError('Node run', id);
      const raw = canTransition(from, to) ? this.update.get({
        id, from, to, at, final: FINAL.has(to) ? 1 : 0,
        exitCode: opts.exitCode ?? null, error: opts.error ?? null, reason: opts.reason ?? null,
        cacheKey: opts.cacheKey ?? null, cachedFrom: opts.cachedFrom ?? null,
      }) : undefined;
      if (!raw) throw new InvalidTransitionError('Node run', id, from, to);
      this.log.run(id, from, to, at, opts.reason ?? opts.error ?? null);
      return toNodeRun(raw);
    }).immediate();
  }

  /** Queue the next attempt of a failed node run (the failed row is kept as history). */
  retry(id: number, at: number = Date.now()): NodeRunRow {
    return this.db.transaction(() => {
      const prev = this.get(id);
      if (prev.status !== 'failed') throw new InvalidTransitionError('Node run', id, prev.status, 'retry');
      return this.create({ runId: prev.runId, nodeId: prev.nodeId, attempt: prev.attempt + 1, cacheKey: prev.cacheKey, at });
    }).immediate();
  }

  /** @throws NotFoundError */
  get(id: number): NodeRunRow {
    const raw = this.byId.get(id);
    if (!raw) throw new NotFoundError('Node run', id);
    return toNodeRun(raw);
  }

  /** Node runs of a run, ordered by node id then attempt; `latestOnly` keeps the last attempt of each node. */
  listByRun(runId: string, opts: { latestOnly?: boolean } = {}): NodeRunRow[] {
    return (opts.latestOnly ? this.latestByRun : this.byRun).all(runId).map(toNodeRun);
  }

  /** The latest attempt of a node in a run. */
  latest(runId: string, nodeId: string): NodeRunRow | undefined {
    const raw = this.latestAttempt.get(runId, nodeId);
    return raw && toNodeRun(raw);
  }

  /** The status history of a node run, oldest first (starts with `null → queued`). */
  transitions(id: number): NodeRunTransitionRow[] {
    return this.history.all(id)
      .map((r) => ({ id: r.id, nodeRunId: r.node_run_id, from: r.from_status, to: r.to_status, at: r.at, reason: r.reason }));
  }
}
