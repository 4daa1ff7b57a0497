/** Mapping shared by repositories that read the same tables. */
import type { NodeRunRow, NodeRunStatus, NodeOutputRow, Digest } from './types.js';

export interface RawNodeRun {
  id: number;
  run_id: string;
  node_id: string;
  attempt: number;
  status: NodeRunStatus;
  exit_code: number | null;
  error: string | null;
  reason: string | null;
  cache_key: string | null;
  cached_from: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export const NODE_RUN_COLUMNS =
  'id, run_id, node_id, attempt, status, exit_code, error, reason, cache_key, cached_from, created_at, started_at, finished_at';

export function toNodeRun(r: RawNodeRun): NodeRunRow {
  return {
    id: r.id,
    runId: r.run_id,
    nodeId: r.node_id,
    attempt: r.attempt,
    status: r.status,
    exitCode: r.exit_code,
    error: r.error,
    reason: r.reason,
    cacheKey: r.cache_key,
    cachedFrom: r.cached_from,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}

export interface RawOutput {
  node_run_id: number;
  name: string;
  artifact_digest: string | null;
  value_json: string | null;
}

export function toOutput(r: RawOutput): NodeOutputRow {
  return r.artifact_digest !== null
    ? { nodeRunId: r.node_run_id, name: r.name, kind: 'artifact', digest: r.artifact_digest as Digest }
    : { nodeRunId: r.node_run_id, name: r.name, kind: 'parameter', value: JSON.parse(r.value_json ?? 'null') as unknown };
}

/** JSON.stringify that refuses `undefined` (which would silently become no value at all). */
export function toJson(value: unknown, what: string): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError(`${what} is not JSON-serialisable`);
  return json;
}
