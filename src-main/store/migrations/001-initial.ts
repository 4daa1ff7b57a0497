/**
 * The first schema. Conventions: times are INTEGER epoch ms; JSON columns end in `_json`; status
 * columns carry CHECK constraints so another writer cannot store a state the code does not know;
 * child tables reference runs with ON DELETE CASCADE so deleting a run removes everything about it,
 * while artifacts (content-addressed, possibly shared by many runs) are never cascaded.
 */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 1,
  name: 'initial',
  sql: /* sql */ `
-- Every spec version ever run, by hash, so a run stays reproducible after its pipeline file changes.
CREATE TABLE pipeline_specs (
  spec_hash  TEXT PRIMARY KEY,
  spec_yaml  TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE pipelines (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  spec_hash  TEXT NOT NULL REFERENCES pipeline_specs(spec_hash),
  file_path  TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX pipelines_by_name ON pipelines(name);
CREATE INDEX pipelines_by_spec ON pipelines(spec_hash);

CREATE TABLE runs (
  id          TEXT PRIMARY KEY,
  -- No cascade: deleting a pipeline that has runs must be a deliberate act.
  pipeline_id TEXT NOT NULL REFERENCES pipelines(id),
  status      TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','cancelled','interrupted')),
  executor    TEXT NOT NULL,
  params_json TEXT NOT NULL DEFAULT '{}',
  spec_hash   TEXT NOT NULL REFERENCES pipeline_specs(spec_hash),
  repro_json  TEXT,
  created_at  INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER,
  error       TEXT,
  -- Which process executes the run (pid, host, and a per-process random token because containers
  -- reuse pids), so crash recovery can tell a dead owner from a live one.
  owner_pid   INTEGER,
  owner_host  TEXT,
  owner_token TEXT
);
CREATE INDEX runs_by_pipeline ON runs(pipeline_id, created_at, id);
CREATE INDEX runs_by_created ON runs(created_at, id);
CREATE INDEX runs_by_spec ON runs(spec_hash);
-- Small partial index: recovery only ever looks for unfinished runs.
CREATE INDEX runs_active ON runs(status) WHERE status IN ('queued','running');

CREATE TABLE node_runs (
  -- AUTOINCREMENT: ids are handed to the UI and cache entries; a deleted id must never come back.
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id      TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  node_id     TEXT NOT NULL,
  attempt     INTEGER NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  status      TEXT NOT NULL CHECK (status IN ('queued','running','succeeded','failed','skipped','cached','cancelled')),
  exit_code   INTEGER,
  error       TEXT,
  reason      TEXT,
  cache_key   TEXT,
  cached_from INTEGER REFERENCES node_runs(id) ON DELETE SET NULL,
  created_at  INTEGER NOT NULL,
  started_at  INTEGER,
  finished_at INTEGER,
  UNIQUE (run_id, node_id, attempt)
);
CREATE INDEX node_runs_cached_from ON node_runs(cached_from) WHERE cached_from IS NOT NULL;
CREATE INDEX node_runs_active ON node_runs(status) WHERE status IN ('queued','running');

CREATE TABLE node_run_transitions (
  id          INTEGER PRIMARY KEY,
  node_run_id INTEGER NOT NULL REFERENCES node_runs(id) ON DELETE CASCADE,
  from_status TEXT,
  to_status   TEXT NOT NULL,
  at          INTEGER NOT NULL,
  reason      TEXT
);
CREATE INDEX node_run_transitions_by_node_run ON node_run_transitions(node_run_id, id);

-- Resolved parameter values, one row each, so runs can be compared and filtered by parameter.
CREATE TABLE run_params (
  run_id     TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  value_json TEXT NOT NULL,
  source     TEXT NOT NULL CHECK (source IN ('default','override')),
  PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE INDEX run_params_by_name ON run_params(name);

-- Metrics are split into series (run, node, name) and points, so each of the millions of points is
-- four numbers instead of repeating a 26-character run id and a name.
CREATE TABLE metric_series (
  -- AUTOINCREMENT: writers cache series ids; a reused id would attach points to the wrong run.
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  node_id TEXT NOT NULL DEFAULT '', -- '' = run-level (NULL would defeat the UNIQUE constraint)
  name    TEXT NOT NULL,
  UNIQUE (run_id, node_id, name)
);
CREATE INDEX metric_series_by_name ON metric_series(name, run_id);

CREATE TABLE metrics (
  series_id INTEGER NOT NULL REFERENCES metric_series(id) ON DELETE CASCADE,
  step      INTEGER,
  value     REAL, -- NULL stands for NaN, which SQLite cannot store
  at        INTEGER NOT NULL
);
CREATE INDEX metrics_by_series ON metrics(series_id);

CREATE TABLE log_chunks (
  -- AUTOINCREMENT: the full-text index points at these ids; they must never be reused.
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id  TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  node_id TEXT NOT NULL,
  stream  TEXT NOT NULL CHECK (stream IN ('stdout','stderr')),
  seq     INTEGER NOT NULL,
  text    TEXT NOT NULL,
  at      INTEGER NOT NULL,
  UNIQUE (run_id, node_id, seq)
);

-- External-content FTS5 index: the text is stored once (in log_chunks), triggers keep the index in step.
CREATE VIRTUAL TABLE log_fts USING fts5(
  text, content = 'log_chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER log_chunks_ai AFTER INSERT ON log_chunks BEGIN
  INSERT INTO log_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER log_chunks_ad AFTER DELETE ON log_chunks BEGIN
  INSERT INTO log_fts(log_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER log_chunks_au AFTER UPDATE OF text ON log_chunks BEGIN
  INSERT INTO log_fts(log_fts, rowid, text) VALUES ('delete', old.id, old.text);
  INSERT INTO log_fts(rowid, text) VALUES (new.id, new.text);
END;

CREATE TABLE artifacts (
  digest     TEXT PRIMARY KEY CHECK (length(digest) = 64 AND digest NOT GLOB '*[^0-9a-f]*'), -- sha256, lowercase hex
  type       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('file', 'dir')),
  size       INTEGER NOT NULL CHECK (size >= 0),
  -- Relative to the artifact store root, so the store can move; the repository also rejects '..'.
  path       TEXT NOT NULL CHECK (path <> '' AND substr(path, 1, 1) NOT IN ('/', '\\') AND path NOT GLOB '[A-Za-z]:*'),
  created_at INTEGER NOT NULL
);

CREATE TABLE node_outputs (
  node_run_id     INTEGER NOT NULL REFERENCES node_runs(id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  artifact_digest TEXT REFERENCES artifacts(digest),
  value_json      TEXT,
  PRIMARY KEY (node_run_id, name),
  CHECK ((artifact_digest IS NULL) <> (value_json IS NULL))
) WITHOUT ROWID;
CREATE INDEX node_outputs_by_digest ON node_outputs(artifact_digest) WHERE artifact_digest IS NOT NULL;

-- Which node run consumed which artifact through which input, and which node run produced it.
CREATE TABLE lineage_edges (
  id                   INTEGER PRIMARY KEY,
  consumer_node_run_id INTEGER NOT NULL REFERENCES node_runs(id) ON DELETE CASCADE,
  input_name           TEXT NOT NULL,
  artifact_digest      TEXT NOT NULL REFERENCES artifacts(digest),
  producer_node_run_id INTEGER REFERENCES node_runs(id) ON DELETE SET NULL,
  UNIQUE (consumer_node_run_id, input_name, artifact_digest)
);
CREATE INDEX lineage_by_digest ON lineage_edges(artifact_digest);
CREATE INDEX lineage_by_producer ON lineage_edges(producer_node_run_id) WHERE producer_node_run_id IS NOT NULL;

CREATE TABLE cache_entries (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  cache_key   TEXT NOT NULL,
  node_run_id INTEGER NOT NULL REFERENCES node_runs(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  UNIQUE (cache_key, node_run_id)
);
CREATE INDEX cache_by_key ON cache_entries(cache_key, created_at, id);
CREATE INDEX cache_by_node_run ON cache_entries(node_run_id);

CREATE TABLE events (
  run_id       TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  seq          INTEGER NOT NULL,
  type         TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  at           INTEGER NOT NULL,
  PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
`,
};
