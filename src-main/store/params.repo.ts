/** Resolved parameter values of runs, one row per parameter so runs can be compared side by side. */
import type Database from 'better-sqlite3';
import { toJson } from './rows.js';
import type { ParamRow, ParamSource } from './types.js';

interface RawParam {
  run_id: string;
  name: string;
  value_json: string;
  source: ParamSource;
}

export class ParamRepo {
  private readonly insert;
  private readonly clear;
  private readonly byRun;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT INTO run_params (run_id, name, value_json, source) VALUES (?, ?, ?, ?)');
    this.clear = db.prepare<[string]>('DELETE FROM run_params WHERE run_id = ?');
    this.byRun = db.prepare<[string], RawParam>('SELECT run_id, name, value_json, source FROM run_params WHERE run_id = ? ORDER BY name');
  }

  /**
   * Record the resolved parameters of a run, replacing any recorded before.
   * @param values name → value after defaults and overrides
   * @param overridden names whose value came from the run request rather than the spec default
   */
  set(runId: string, values: Record<string, unknown>, overridden: Iterable<string> = []): void {
    const overrides = new Set(overridden);
    this.db.transaction(() => {
      this.clear.run(runId);
      for (const [name, value] of Object.entries(values)) {
        this.insert.run(runId, name, toJson(value, `parameter ${name}`), overrides.has(name) ? 'override' : 'default');
      }
    })();
  }

  /** Parameters of one run, by name. */
  get(runId: string): ParamRow[] {
    return this.byRun.all(runId).map(toRow);
  }

  /** Parameters of several runs for a comparison table: run id → name → value. */
  compare(runIds: readonly string[]): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>(runIds.map((id) => [id, {}]));
    if (runIds.length === 0) return out;
    // json_each binds the whole id list as one parameter, avoiding SQLite's bound-variable limit.
    const rows = this.db.prepare<[string], RawParam>(
      `SELECT run_id, name, value_json, source FROM run_params
       WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id, name`).all(JSON.stringify(runIds));
    for (const r of rows) out.get(r.run_id)![r.name] = JSON.parse(r.value_json) as unknown;
    return out;
  }
}

function toRow(r: RawParam): ParamRow {
  return { runId: r.run_id, name: r.name, value: JSON.parse(r.value_json) as unknown, source: r.source };
}
