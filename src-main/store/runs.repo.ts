/** Runs: creation, status changes, the reproducibility record, and the listings the UI and CLI show. */
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { InvalidTransitionError, NotFoundError } from './errors.js';
import { newId, PROCESS_TOKEN } from './ids.js';
import { NODE_RUN_COLUMNS, toJson, toNodeRun, type RawNodeRun } from './rows.js';
import {
  NODE_RUN_STATUSES, type CreateRunInput, type ListRunsOptions, type NodeStatusCounts, type ReproducibilityRecord,
  type RunRow, type RunStatus, type RunSummary, type RunWithNodes,
} from './types.js';

interface RawRun {
  id: string;
  pipeline_id: string;
  status: RunStatus;
  executor: string;
  params_json: string;
  spec_hash: string;
  repro_json: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  error: string | null;
  owner_pid: number | null;
  owner_host: string | null;
}

const RUN_COLUMNS = 'r.id, r.pipeline_id, r.status, r.executor, r.params_json, r.spec_hash, r.repro_json, ' +
  'r.created_at, r.started_at, r.finished_at, r.error, r.owner_pid, r.owner_host';

/** Allowed run status changes. `interrupted` is normally set by crash recovery. */
const NEXT: Record<RunStatus, readonly RunStatus[]> = {
  queued: ['running', 'failed', 'cancelled', 'interrupted'],
  running: ['succeeded', 'failed', 'cancelled', 'interrupted'],
  succeeded: [],
  failed: [],
  cancelled: [],
  interrupted: [],
};

export type FinalRunStatus = Exclude<RunStatus, 'queued' | 'running'>;

export class RunRepo {
  private readonly insert;
  private readonly byId;
  private readonly updateStatus;
  private readonly updateRepro;
  private readonly nodeRunsOf;
  private readonly remove;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT INTO runs (id, pipeline_id, status, executor, params_json, spec_hash, created_at, owner_pid, owner_host, owner_token)
      VALUES (@id, @pipelineId, 'queued', @executor, @params, @specHash, @createdAt, @ownerPid, @ownerHost, @ownerToken)`);
    this.byId = db.prepare<[string], RawRun>(`SELECT ${RUN_COLUMNS} FROM runs r WHERE r.id = ?`);
    // Guarded by the expected current status, so two writers cannot both move the same run.
    this.updateStatus = db.prepare<[{ id: string; from: RunStatus; to: RunStatus; startedAt: number | null; finishedAt: number | null; error: string | null }]>(
      `UPDATE runs SET status = @to, started_at = COALESCE(@startedAt, started_at),
        finished_at = COALESCE(@finishedAt, finished_at), error = COALESCE(@error, error)
       WHERE id = @id AND status = @from`);
    this.updateRepro = db.prepare<[string, string]>('UPDATE runs SET repro_json = ? WHERE id = ?');
    this.nodeRunsOf = db.prepare<[string], RawNodeRun>(`SELECT ${NODE_RUN_COLUMNS} FROM node_runs WHERE run_id = ? ORDER BY node_id, attempt`);
    this.remove = db.prepare<[string]>('DELETE FROM runs WHERE id = ?');
  }

  /**
   * Create a queued run owned by this process (see `ownerPid`). The pipeline and spec hash must exist
   * (saved through `PipelineRepo.save`), or SQLite's foreign keys reject it.
   */
  create(input: CreateRunInput): RunRow {
    const createdAt = input.createdAt ?? Date.now();
    const id = input.id ?? newId(createdAt);
    const ownerPid = input.ownerPid === undefined ? process.pid : input.ownerPid;
    this.insert.run({
      id,
      pipelineId: input.pipelineId,
      executor: input.executor,
      params: toJson(input.params ?? {}, 'run params'),
      specHash: input.specHash,
      createdAt,
      ownerPid,
      ownerHost: ownerPid === null ? null : hostname(),
      ownerToken: ownerPid === process.pid ? PROCESS_TOKEN : null,
    });
    return this.get(id);
  }

  /** queued → running. @throws InvalidTransitionError */
  start(id: string, at: number = Date.now()): RunRow {
    return this.move(id, 'running', { startedAt: at });
  }

  /** queued|running → a final status, recording the error for failures. @throws InvalidTransitionError */
  finish(id: string, status: FinalRunStatus, opts: { at?: number; error?: string | null } = {}): RunRow {
    return this.move(id, status, { finishedAt: opts.at ?? Date.now(), error: opts.error ?? null });
  }

  /** Replace the reproducibility record (the engine accumulates it and rewrites it as nodes finish). */
  setReproducibility(id: string, record: ReproducibilityRecord): void {
    const res = this.updateRepro.run(toJson(record, 'reproducibility record'), id);
    if (res.changes === 0) throw new NotFoundError('Run', id);
  }

  /** @throws NotFoundError */
  get(id: string): RunRow {
    const row = this.find(id);
    if (!row) throw new NotFoundError('Run', id);
    return row;
  }

  /** The run, or undefined. */
  find(id: string): RunRow | undefined {
    const raw = this.byId.get(id);
    return raw && toRun(raw);
  }

  /** A run and every attempt of every node in it. @throws NotFoundError */
  getWithNodes(id: string): RunWithNodes {
    const run = this.get(id);
    const nodeRuns = this.nodeRunsOf.all(id).map(toNodeRun);
    return { run, nodeRuns };
  }

  /** Runs newest first, with counts of node statuses (latest attempt per node). */
  list(opts: ListRunsOptions = {}): RunSummary[] {
    const rows = this.db.prepare<[{ pipelineId: string | null; status: string | null; before: string | null; limit: number }], RawRun & { pipeline_name: string; counts_json: string | null }>(
      `SELECT ${RUN_COLUMNS}, p.name AS pipeline_name,
        (SELECT json_group_object(status, n) FROM (
           SELECT nr.status, COUNT(*) AS n FROM node_runs nr
           WHERE nr.run_id = r.id AND NOT EXISTS (
             SELECT 1 FROM node_runs later WHERE later.run_id = nr.run_id AND later.node_id = nr.node_id AND later.attempt > nr.attempt)
           GROUP BY nr.status)) AS counts_json
       FROM runs r JOIN pipelines p ON p.id = r.pipeline_id
       WHERE (@pipelineId IS NULL OR r.pipeline_id = @pipelineId)
         AND (@status IS NULL OR r.status = @status)
         AND (@before IS NULL OR (r.created_at, r.id) < (SELECT created_at, id FROM runs WHERE id = @before))
       ORDER BY r.created_at DESC, r.id DESC
       LIMIT @limit`,
    ).all({ pipelineId: opts.pipelineId ?? null, status: opts.status ?? null, before: opts.before ?? null, limit: opts.limit ?? 50 });
    return rows.map((r) => ({ ...toRun(r), pipelineName: r.pipeline_name, nodeCounts: toCounts(r.counts_json) }));
  }

  /** Delete a run and everything recorded about it (artifacts stay: other runs may share them). */
  delete(id: string): boolean {
    return this.remove.run(id).changes > 0;
  }

  private move(id: string, to: RunStatus, set: { startedAt?: number; finishedAt?: number; error?: string | null }): RunRow {
    return this.db.transaction(() => {
      const from = this.get(id).status;
      const res = NEXT[from].includes(to)
        ? this.updateStatus.run({ id, from, to, startedAt: set.startedAt ?? null, finishedAt: set.finishedAt ?? null, error: set.error ?? null })
        : { changes: 0 };
      if (res.changes === 0) throw new InvalidTransitionError('Run', id, from, to);
      return this.get(id);
    }).immediate();
  }
}

export function toRun(r: RawRun): RunRow {
  return {
    id: r.id,
    pipelineId: r.pipeline_id,
    status: r.status,
    executor: r.executor,
    params: JSON.parse(r.params_json) as Record<string, unknown>,
    specHash: r.spec_hash,
    reproducibility: r.repro_json === null ? null : (JSON.parse(r.repro_json) as ReproducibilityRecord),
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    error: r.error,
    ownerPid: r.owner_pid,
    ownerHost: r.owner_host,
  };
}

function toCounts(json: string | null): NodeStatusCounts {
  const counts = Object.fromEntries(NODE_RUN_STATUSES.map((s) => [s, 0])) as NodeStatusCounts;
  return Object.assign(counts, json ? (JSON.parse(json) as Partial<NodeStatusCounts>) : {});
}
