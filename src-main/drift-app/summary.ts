/** What the drift history keeps of a report beside it, and how a stored check reaches the API. */
import type { DriftCheckSummary, DriftReportData } from '../../shared/contract/drift.js';
import { columnPsi } from '../drift/run-flags.js';
import type { DriftCheckRow, DriftCheckSummaryJson } from '../store/index.js';

export function summarize(report: DriftReportData): DriftCheckSummaryJson {
  return {
    datasetDrift: report.datasetDrift,
    driftShare: report.driftShare,
    columns: report.columns.map((c) => ({ name: c.name, method: c.method, statistic: c.statistic, drifted: c.drifted, psi: columnPsi(c)?.value ?? null })),
  };
}

export const toSummary = (row: DriftCheckRow): DriftCheckSummary => ({
  id: row.id, createdAt: row.createdAt, pipelineFile: row.pipelineFile, referenceLabel: row.referenceLabel,
  currentLabel: row.currentLabel, datasetDrift: row.summary.datasetDrift, driftShare: row.summary.driftShare,
  columns: row.summary.columns as DriftCheckSummary['columns'], runId: row.runId, nodeId: row.nodeId,
});
