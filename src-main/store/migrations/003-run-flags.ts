/**
 * Run flags (a node's warning about the run, e.g. dataset drift found by a drift-check that does not
 * fail), and the link from a drift check to the pipeline node that produced it.
 */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 3,
  name: 'run-flags',
  sql: /* sql */ `
CREATE TABLE run_flags (
  id          INTEGER PRIMARY KEY,
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  node_id     TEXT NOT NULL,
  -- The node run that raised it (for a cached node: the one whose result was reused).
  node_run_id INTEGER NOT NULL REFERENCES node_runs(id) ON DELETE CASCADE,
  level       TEXT NOT NULL CHECK (level IN ('warning','critical')),
  message     TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
CREATE INDEX run_flags_by_run ON run_flags(run_id, id);
CREATE INDEX run_flags_by_node_run ON run_flags(node_run_id);

-- A check made by a pipeline's drift-check node: its run and node, and the report artifact's digest.
ALTER TABLE drift_reports ADD COLUMN run_id TEXT;
ALTER TABLE drift_reports ADD COLUMN node_id TEXT;
ALTER TABLE drift_reports ADD COLUMN report_digest TEXT;
CREATE INDEX drift_reports_by_digest ON drift_reports(report_digest) WHERE report_digest IS NOT NULL;
`,
};
