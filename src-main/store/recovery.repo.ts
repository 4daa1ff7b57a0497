/**
 * Crash recovery. A killed process leaves its runs `running` or `queued` forever; on start-up the
 * app marks those whose owner process is gone as `interrupted`, and their unfinished node runs as
 * `cancelled`, so the UI never shows a run as live that nothing is executing.
 */
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { PROCESS_TOKEN } from './ids.js';
import type { NodeRunStatus, RecoveryReport, RunStatus } from './types.js';

/** Who executes a run, as recorded when it was created. */
export interface RunOwner {
  pid: number | null;
  host: string | null;
  token: string | null;
}

export interface RecoveryOptions {
  /** Decides whether a run's owner still runs it. Defaults to `isOwnerAlive`; `() => false` forces recovery of every unfinished run. */
  isOwnerAlive?: (owner: RunOwner) => boolean;
}

/**
 * Default liveness check: the owner is alive if it is this very process (same pid and token), or
 * another process on this host with that pid exists. A run from another host cannot be running here.
 * (A recycled pid makes a dead owner look alive; `RecoveryOptions.isOwnerAlive` can override.)
 */
export function isOwnerAlive(owner: RunOwner): boolean {
  if (owner.pid === null || owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return owner.token === PROCESS_TOKEN;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, but belongs to another user
  }
}

interface RawActive {
  id: string;
  status: RunStatus;
  owner_pid: number | null;
  owner_host: string | null;
  owner_token: string | null;
}

export class RecoveryRepo {
  constructor(private readonly db: Database.Database) {}

  /**
   * Mark runs left `queued`/`running` by a dead process as `interrupted`, and unfinished node runs of
   * those runs (or of runs that already ended) as `cancelled`, with a reason and a recorded transition.
   * Runs whose owner is alive are left alone, so this is safe while another Pipewright is running.
   * @returns what was changed, with the status each row had before
   */
  recoverInterrupted(now: number = Date.now(), opts: RecoveryOptions = {}): RecoveryReport {
    const alive = opts.isOwnerAlive ?? isOwnerAlive;
    return this.db.transaction((): RecoveryReport => {
      const active = this.db.prepare<[], RawActive>(
        "SELECT id, status, owner_pid, owner_host, owner_token FROM runs WHERE status IN ('queued', 'running') ORDER BY id").all();
      const orphans = active.filter((r) => !alive({ pid: r.owner_pid, host: r.owner_host, token: r.owner_token }));
      const markRun = this.db.prepare(`UPDATE runs SET status = 'interrupted', finished_at = ?, error = COALESCE(error, ?)
        WHERE id = ? AND status = ?`);
      const runs: RecoveryReport['runs'] = [];
      for (const r of orphans) {
        const owner = r.owner_pid === null ? 'no live process' : `process ${r.owner_pid} on ${r.owner_host ?? 'an unknown host'}`;
        markRun.run(now, `Interrupted: ${owner} stopped while the run was ${r.status}.`, r.id, r.status);
        runs.push({ id: r.id, from: r.status });
      }

      // Node runs still unfinished under a run that is no longer live (just interrupted, or already
      // ended by an engine that died before cancelling its nodes).
      const stuck = this.db.prepare<[], { id: number; run_id: string; node_id: string; status: NodeRunStatus }>(
        `SELECT n.id, n.run_id, n.node_id, n.status FROM node_runs n JOIN runs r ON r.id = n.run_id
         WHERE n.status IN ('queued', 'running') AND r.status NOT IN ('queued', 'running') ORDER BY n.id`).all();
      const markNode = this.db.prepare(`UPDATE node_runs SET status = 'cancelled', finished_at = ?, reason = COALESCE(reason, ?)
        WHERE id = ? AND status = ?`);
      const logTransition = this.db.prepare(
        "INSERT INTO node_run_transitions (node_run_id, from_status, to_status, at, reason) VALUES (?, ?, 'cancelled', ?, ?)");
      const nodeRuns: RecoveryReport['nodeRuns'] = [];
      for (const n of stuck) {
        const reason = `Cancelled by crash recovery: the run stopped while this node was ${n.status}.`;
        markNode.run(now, reason, n.id, n.status);
        logTransition.run(n.id, n.status, now, reason);
        nodeRuns.push({ id: n.id, runId: n.run_id, nodeId: n.node_id, from: n.status });
      }
      return { runs, nodeRuns };
    }).immediate();
  }
}
