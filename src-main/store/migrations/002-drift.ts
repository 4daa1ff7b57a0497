/**
 * Drift checks from the Drift view: one row per comparison, with a summary the history list and
 * the PSI trend read without parsing the full report (which keeps the histograms).
 */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 2,
  name: 'drift',
  sql: /* sql */ `
CREATE TABLE drift_reports (
  id              TEXT PRIMARY KEY,
  created_at      INTEGER NOT NULL,
  -- The pipeline the check belongs to (absolute path), or NULL for an ad-hoc comparison.
  pipeline_file   TEXT,
  reference_label TEXT NOT NULL,
  current_label   TEXT NOT NULL,
  -- { datasetDrift, driftShare, columns: [{ name, method, statistic, drifted, psi }] }
  summary_json    TEXT NOT NULL,
  report_json     TEXT NOT NULL
);
CREATE INDEX drift_reports_by_pipeline ON drift_reports(pipeline_file, created_at);
CREATE INDEX drift_reports_by_time ON drift_reports(created_at);
`,
};
