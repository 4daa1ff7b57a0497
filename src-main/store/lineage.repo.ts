/**
 * Lineage: which node run consumed which artifact through which input, and which node run produced
 * it. Together with node outputs this answers "where did this model come from" across runs.
 */
import type Database from 'better-sqlite3';
import type { Digest, LineageEdgeRow, RecordInputInput } from './types.js';

interface RawEdge {
  id: number;
  producer_node_run_id: number | null;
  producer_run_id: string | null;
  producer_node_id: string | null;
  artifact_digest: Digest;
  consumer_node_run_id: number;
  consumer_run_id: string;
  consumer_node_id: string;
  input_name: string;
}

const SELECT_EDGES = `SELECT e.id, e.producer_node_run_id, p.run_id AS producer_run_id, p.node_id AS producer_node_id,
    e.artifact_digest, e.consumer_node_run_id, c.run_id AS consumer_run_id, c.node_id AS consumer_node_id, e.input_name
  FROM lineage_edges e JOIN node_runs c ON c.id = e.consumer_node_run_id LEFT JOIN node_runs p ON p.id = e.producer_node_run_id`;

export class LineageRepo {
  private readonly insert;
  private readonly byRun;
  private readonly byDigest;
  private readonly upstreamOf;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO lineage_edges (consumer_node_run_id, input_name, artifact_digest, producer_node_run_id)
      VALUES (?, ?, ?, ?)`);
    this.byRun = db.prepare<[string], RawEdge>(`${SELECT_EDGES} WHERE c.run_id = ? ORDER BY e.id`);
    this.byDigest = db.prepare<[string], RawEdge>(`${SELECT_EDGES} WHERE e.artifact_digest = ? ORDER BY e.id`);
    this.upstreamOf = db.prepare<[number], RawEdge>(
      `WITH RECURSIVE up(id) AS (
         SELECT ?
         UNION SELECT e.producer_node_run_id FROM lineage_edges e JOIN up ON e.consumer_node_run_id = up.id
           WHERE e.producer_node_run_id IS NOT NULL
         UNION SELECT n.cached_from FROM node_runs n JOIN up ON n.id = up.id WHERE n.cached_from IS NOT NULL
       )
       ${SELECT_EDGES} WHERE e.consumer_node_run_id IN (SELECT id FROM up) ORDER BY e.id`);
  }

  /**
   * Record that node runs consumed artifacts (idempotent). Leave `producerNodeRunId` out for data
   * that came from outside the pipeline. The artifacts must already be recorded.
   */
  recordInputs(edges: readonly RecordInputInput[]): void {
    this.db.transaction(() => {
      for (const e of edges) this.insert.run(e.consumerNodeRunId, e.inputName, e.digest, e.producerNodeRunId ?? null);
    })();
  }

  /** Every edge whose consumer belongs to the run: the run's data-flow graph. */
  forRun(runId: string): LineageEdgeRow[] {
    return this.byRun.all(runId).map(toRow);
  }

  /** Every node run, in any run, that consumed this artifact. */
  consumersOf(digest: string): LineageEdgeRow[] {
    return this.byDigest.all(digest).map(toRow);
  }

  /**
   * Everything upstream of a node run: its input edges, the input edges of their producers, and so
   * on, following cached node runs to the node run whose outputs they reused.
   */
  upstream(nodeRunId: number): LineageEdgeRow[] {
    return this.upstreamOf.all(nodeRunId).map(toRow);
  }
}

function toRow(r: RawEdge): LineageEdgeRow {
  return {
    id: r.id,
    producerNodeRunId: r.producer_node_run_id,
    producerRunId: r.producer_run_id,
    producerNodeId: r.producer_node_id,
    digest: r.artifact_digest,
    consumerNodeRunId: r.consumer_node_run_id,
    consumerRunId: r.consumer_run_id,
    consumerNodeId: r.consumer_node_id,
    inputName: r.input_name,
  };
}
