/**
 * Drift checks, run from the Drift view or by a pipeline's drift-check node: the summary for history
 * and trends, and the full report JSON.
 */
import type Database from 'better-sqlite3';
import { newId } from './ids.js';

/** The summary stored next to each report: what the history list and the PSI trend chart read. */
export interface DriftCheckSummaryJson {
  datasetDrift: boolean;
  driftShare: number;
  columns: { name: string; method: string; statistic: number; drifted: boolean; psi: number | null }[];
}

export interface NewDriftCheck {
  pipelineFile?: string | null;
  referenceLabel: string;
  currentLabel: string;
  summary: DriftCheckSummaryJson;
  /** The full report, already serialised (no Infinity: see drift/report.ts reportToJson). */
  reportJson: string;
  createdAt?: number;
  /** For a pipeline's check: the run and node that made it, and the report artifact's digest. */
  source?: { runId: string; nodeId: string; reportDigest: string };
}

export interface DriftCheckRow {
  id: string;
  createdAt: number;
  pipelineFile: string | null;
  referenceLabel: string;
  currentLabel: string;
  summary: DriftCheckSummaryJson;
  runId: string | null;
  nodeId: string | null;
}

interface RawRow {
  id: string;
  created_at: number;
  pipeline_file: string | null;
  reference_label: string;
  current_label: string;
  summary_json: string;
  run_id: string | null;
  node_id: string | null;
}

const toRow = (r: RawRow): DriftCheckRow => ({
  id: r.id, createdAt: r.created_at, pipelineFile: r.pipeline_file, referenceLabel: r.reference_label,
  currentLabel: r.current_label, summary: JSON.parse(r.summary_json) as DriftCheckSummaryJson, runId: r.run_id, nodeId: r.node_id,
});

const COLUMNS = 'id, created_at, pipeline_file, reference_label, current_label, summary_json, run_id, node_id';

export class DriftRepo {
  private readonly insert;
  private readonly byDigest;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare<[string, number, string | null, string, string, string, string, string | null, string | null, string | null]>(
      `INSERT INTO drift_reports
         (id, created_at, pipeline_file, reference_label, current_label, summary_json, report_json, run_id, node_id, report_digest)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    // Prepared once: the engine's output hook looks up every drift report a node records.
    this.byDigest = db.prepare<[string], RawRow>(`SELECT ${COLUMNS} FROM drift_reports WHERE report_digest = ? ORDER BY created_at LIMIT 1`);
  }

  /** Stores a check; returns it (without the report). */
  add(check: NewDriftCheck): DriftCheckRow {
    const createdAt = check.createdAt ?? Date.now();
    const id = newId(createdAt);
    const src = check.source;
    this.insert.run(id, createdAt, check.pipelineFile ?? null, check.referenceLabel, check.currentLabel,
      JSON.stringify(check.summary), check.reportJson, src?.runId ?? null, src?.nodeId ?? null, src?.reportDigest ?? null);
    return {
      id, createdAt, pipelineFile: check.pipelineFile ?? null, referenceLabel: check.referenceLabel, currentLabel: check.currentLabel,
      summary: check.summary, runId: src?.runId ?? null, nodeId: src?.nodeId ?? null,
    };
  }

  /** The check stored for a drift-report artifact (a cached node reuses the one its first run made). */
  findByDigest(reportDigest: string): DriftCheckRow | undefined {
    const r = this.byDigest.get(reportDigest);
    return r ? toRow(r) : undefined;
  }

  /** Checks behind a run's drift-report outputs, by node (latest attempt first). */
  forRun(runId: string): { nodeId: string; checkId: string }[] {
    return this.db.prepare<[string], { node_id: string; id: string }>(
      `SELECT n.node_id, d.id FROM node_outputs o
       JOIN node_runs n ON n.id = o.node_run_id
       JOIN drift_reports d ON d.report_digest = o.artifact_digest
       WHERE n.run_id = ?
       ORDER BY n.node_id, n.attempt DESC, d.created_at`).all(runId)
      .map((r) => ({ nodeId: r.node_id, checkId: r.id }))
      .filter((r, i, all) => all.findIndex((x) => x.nodeId === r.nodeId) === i);
  }

  /**
   * Checks, newest first. `pipelineFile`: undefined for every check, null for the ad-hoc ones
   * (no pipeline), a path for that pipeline's.
   */
  list(opts: { pipelineFile?: string | null; limit?: number } = {}): DriftCheckRow[] {
    const limit = opts.limit ?? 100;
    const rows = opts.pipelineFile === undefined
      ? this.db.prepare<[number], RawRow>(`SELECT ${COLUMNS} FROM drift_reports ORDER BY created_at DESC, id DESC LIMIT ?`).all(limit)
      : opts.pipelineFile === null
        ? this.db.prepare<[number], RawRow>(`SELECT ${COLUMNS} FROM drift_reports WHERE pipeline_file IS NULL ORDER BY created_at DESC, id DESC LIMIT ?`).all(limit)
        : this.db.prepare<[string, number], RawRow>(`SELECT ${COLUMNS} FROM drift_reports WHERE pipeline_file = ? ORDER BY created_at DESC, id DESC LIMIT ?`)
          .all(opts.pipelineFile, limit);
    return rows.map(toRow);
  }

  /** One check and its report JSON, or undefined. */
  find(id: string): (DriftCheckRow & { reportJson: string }) | undefined {
    const r = this.db.prepare<[string], RawRow & { report_json: string }>(`SELECT ${COLUMNS}, report_json FROM drift_reports WHERE id = ?`).get(id);
    return r ? { ...toRow(r), reportJson: r.report_json } : undefined;
  }

  /** Dataset artifacts produced by recent runs (latest attempt with outputs per node), newest first. */
  datasetOutputs(limit = 200): { runId: string; pipelineName: string; nodeId: string; output: string; createdAt: number; size: number }[] {
    return this.db.prepare<[number], { run_id: string; pipeline_name: string; node_id: string; name: string; created_at: number; size: number }>(
      `SELECT r.id AS run_id, p.name AS pipeline_name, n.node_id, o.name, a.created_at, a.size
       FROM node_outputs o
       JOIN artifacts a ON a.digest = o.artifact_digest
       JOIN node_runs n ON n.id = o.node_run_id
       JOIN runs r ON r.id = n.run_id
       JOIN pipelines p ON p.id = r.pipeline_id
       WHERE a.type = 'dataset'
       ORDER BY r.created_at DESC, n.node_id, o.name, n.attempt DESC
       LIMIT ?`).all(limit)
      .map((r) => ({ runId: r.run_id, pipelineName: r.pipeline_name, nodeId: r.node_id, output: r.name, createdAt: r.created_at, size: r.size }))
      // Several attempts of one node: keep the first (latest attempt) of each run/node/output.
      .filter((r, i, all) => all.findIndex((x) => x.runId === r.runId && x.nodeId === r.nodeId && x.output === r.output) === i);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM drift_reports WHERE id = ?').run(id).changes > 0;
  }
}
