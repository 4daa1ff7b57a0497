/** Outputs of node runs: output name → artifact digest or parameter value. */
import type Database from 'better-sqlite3';
import { toJson, toOutput, type RawOutput } from './rows.js';
import type { NodeOutputRow, OutputValue } from './types.js';

export class OutputRepo {
  private readonly insert;
  private readonly byNodeRun;
  private readonly byNode;
  private readonly byDigest;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO node_outputs (node_run_id, name, artifact_digest, value_json) VALUES (?, ?, ?, ?)');
    this.byNodeRun = db.prepare<[number], RawOutput>(
      'SELECT node_run_id, name, artifact_digest, value_json FROM node_outputs WHERE node_run_id = ? ORDER BY name');
    this.byNode = db.prepare<[string, string], RawOutput>(
      `SELECT o.node_run_id, o.name, o.artifact_digest, o.value_json FROM node_outputs o
       WHERE o.node_run_id = (
         SELECT n.id FROM node_runs n WHERE n.run_id = ? AND n.node_id = ?
           AND EXISTS (SELECT 1 FROM node_outputs x WHERE x.node_run_id = n.id)
         ORDER BY n.attempt DESC LIMIT 1)
       ORDER BY o.name`);
    this.byDigest = db.prepare<[string], { node_run_id: number; name: string }>(
      'SELECT node_run_id, name FROM node_outputs WHERE artifact_digest = ? ORDER BY node_run_id');
  }

  /**
   * Record the outputs of a node run atomically. Artifacts must be recorded first (`ArtifactRepo.put`).
   * @throws SqliteError on an unknown node run or artifact, or an output name recorded twice.
   */
  record(nodeRunId: number, outputs: Record<string, OutputValue>): void {
    this.db.transaction(() => {
      for (const [name, out] of Object.entries(outputs)) {
        if (out.kind === 'artifact') this.insert.run(nodeRunId, name, out.digest, null);
        else this.insert.run(nodeRunId, name, null, toJson(out.value, `output ${name}`));
      }
    })();
  }

  /** Outputs of one node run, by name. */
  list(nodeRunId: number): NodeOutputRow[] {
    return this.byNodeRun.all(nodeRunId).map(toOutput);
  }

  /** Outputs of a node in a run, from its latest attempt that has any. */
  forNode(runId: string, nodeId: string): NodeOutputRow[] {
    return this.byNode.all(runId, nodeId).map(toOutput);
  }

  /** Node runs that produced an artifact (several when runs produce identical bytes). */
  producersOf(digest: string): { nodeRunId: number; name: string }[] {
    return this.byDigest.all(digest)
      .map((r) => ({ nodeRunId: r.node_run_id, name: r.name }));
  }
}
