/**
 * Columns too large for the memory budget even one at a time, computed by DuckDB out of core (it
 * spills its sorts and aggregates to a temp directory). Each side is summarised by SQL — counts,
 * std, the pooled ECDFs for KS and Wasserstein, bin counts — and the summary goes through the same
 * typing, test choice and statistics as in memory (column-result.ts).
 *
 * Differences from the in-memory path, reported in a note: the Wasserstein sum and the std are not
 * in numpy's summation order (last-digit differences), and DuckDB's CSV reader, not ours, splits
 * the rows (same dialect for ordinary files). KS D, counts and bins are exact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { alignCounts, canonicalNumberLabels } from './categories.js';
import { NA_TOKENS, numberLabel, type ValueKind } from './column-data.js';
import {
  checkMethodFits, detectType, finishColumn, numericPlan, prepareCategorical, prepareNumeric, reconcileSides,
  type ColumnOutcome, type ColumnSpec, type NumericBasics, type NumericCounts, type SideFacts,
} from './column-result.js';
import { sturgesEdges } from './numpy-compat.js';
import type { FileProbe } from './sources.js';
import { DriftInputError, type ColumnType } from './types.js';

const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const list = (xs: Iterable<string>): string => [...xs].map(str).join(', ');
const NUMBER_RE = str('[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?');
const INF = list(['inf', '+inf', '-inf', 'infinity', '+infinity', '-infinity']);
const TRUE = list(['True', 'TRUE', 'true']);
const FALSE = list(['False', 'FALSE', 'false']);

/** One side of one column: its facts and the SQL for its values. */
interface Side {
  facts: SideFacts;
  /** SELECT producing `v DOUBLE` (finite numbers, booleans as 0/1), when numeric. */
  numbers: string | null;
  /** SELECT producing `s VARCHAR` (non-missing text), when text. */
  strings: string | null;
}

async function rows(conn: DuckDBConnection, sql: string, params: number[] = []): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}
const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : v === null || v === undefined ? NaN : Number(v));

/** A file as DuckDB sees it: Parquet read in place, CSV imported once (every field as text). */
interface Source {
  probe: FileProbe;
  /** The FROM clause. */
  from: string;
  rows: number;
}

/**
 * CSV is imported into a table of the on-disk database once, so that each column's queries scan
 * that column only instead of parsing the whole file again; fields stay text and are typed here,
 * as the in-memory reader types them.
 */
async function openSource(conn: DuckDBConnection, p: FileProbe, table: string): Promise<Source> {
  let from = `read_parquet(${str(p.path)})`;
  if (p.format === 'csv') {
    await conn.run(`CREATE TABLE ${table} AS SELECT * FROM read_csv(${str(p.path)}, header = true, all_varchar = true, `
      + `names = [${list(p.columns)}], null_padding = true)`);
    from = table;
  }
  const [c] = await rows(conn, `SELECT count(*) AS n FROM ${from}`);
  const n = num(c!['n']);
  if (n === 0) throw new DriftInputError(`${p.path} has a header but no data rows`, p.path);
  return { probe: p, from, rows: n };
}

/** Facts and value SQL for one side, typing CSV text the way the in-memory reader does. */
async function describeSide(conn: DuckDBConnection, src: Source, column: string): Promise<Side> {
  const col = ident(column);
  const { from } = src;
  if (src.probe.format === 'parquet') {
    const [t] = await rows(conn, `SELECT column_type AS t FROM (DESCRIBE SELECT ${col} FROM ${from})`);
    const type = String(t?.['t'] ?? 'NULL').toUpperCase();
    const numeric = /INT|FLOAT|DOUBLE|REAL|DECIMAL|BOOLEAN/.test(type);
    const string = type === 'VARCHAR' || type.startsWith('ENUM');
    if (!numeric && !string) {
      const [c] = await rows(conn, `SELECT count(*) AS n FROM ${from}`);
      return { facts: { kind: 'other', sourceType: type, rows: num(c!['n']), missing: 0, infinite: 0, invalidUtf8: 0, nonMissing: 0 }, numbers: null, strings: null };
    }
    if (numeric) {
      const v = `CAST(${col} AS DOUBLE)`;
      const [f] = await rows(conn, `SELECT count(*) AS n, count(*) FILTER (isfinite(${v})) AS ok, count(*) FILTER (isinf(${v})) AS inf FROM ${from}`);
      const kind: ValueKind = type === 'BOOLEAN' ? 'boolean' : /INT/.test(type) ? 'integer' : 'float';
      const n = num(f!['n']);
      const ok = num(f!['ok']);
      return {
        facts: { kind: ok === 0 ? 'empty' : kind, rows: n, missing: n - ok, infinite: num(f!['inf']), invalidUtf8: 0, nonMissing: ok, sourceType: type },
        numbers: `SELECT ${v} AS v FROM ${from} WHERE isfinite(${v})`, strings: null,
      };
    }
    const [f] = await rows(conn, `SELECT count(*) AS n, count(${col}) AS ok FROM ${from}`);
    const n = num(f!['n']);
    const ok = num(f!['ok']);
    return {
      facts: { kind: ok === 0 ? 'empty' : 'string', rows: n, missing: n - ok, infinite: 0, invalidUtf8: 0, nonMissing: ok, sourceType: type },
      numbers: null, strings: `SELECT CAST(${col} AS VARCHAR) AS s FROM ${from} WHERE ${col} IS NOT NULL`,
    };
  }
  const s = `(CASE WHEN ${col} IN (${list(NA_TOKENS)}) THEN NULL ELSE ${col} END)`;
  const [f] = await rows(conn, `SELECT count(*) AS n, count(s) AS nonna,
      count(*) FILTER (regexp_full_match(trim(s), ${NUMBER_RE}) AND isfinite(TRY_CAST(trim(s) AS DOUBLE))) AS nums,
      count(*) FILTER (regexp_full_match(trim(s), '[+-]?\\d+')) AS ints,
      count(*) FILTER (lower(trim(s)) IN (${INF}) OR (regexp_full_match(trim(s), ${NUMBER_RE}) AND isinf(TRY_CAST(trim(s) AS DOUBLE)))) AS infs,
      count(*) FILTER (trim(s) IN (${TRUE}, ${FALSE})) AS bools
    FROM (SELECT ${s} AS s FROM ${from})`);
  const n = num(f!['n']);
  const nonna = num(f!['nonna']);
  const nums = num(f!['nums']);
  const infs = num(f!['infs']);
  const bools = num(f!['bools']);
  const base = { rows: n, invalidUtf8: 0 };
  if (nonna === 0) return { facts: { ...base, kind: 'empty', missing: n, infinite: 0, nonMissing: 0 }, numbers: null, strings: null };
  if (nums + infs === nonna) {
    const kind: ValueKind = num(f!['ints']) === nums ? 'integer' : 'float';
    return {
      facts: { ...base, kind: nums === 0 ? 'empty' : kind, missing: n - nums, infinite: infs, nonMissing: nums },
      numbers: `SELECT TRY_CAST(trim(s) AS DOUBLE) AS v FROM (SELECT ${s} AS s FROM ${from}) WHERE isfinite(TRY_CAST(trim(s) AS DOUBLE)) AND regexp_full_match(trim(s), ${NUMBER_RE})`,
      strings: `SELECT s FROM (SELECT ${s} AS s FROM ${from}) WHERE s IS NOT NULL`,
    };
  }
  if (bools === nonna) {
    return {
      facts: { ...base, kind: 'boolean', missing: n - nonna, infinite: 0, nonMissing: nonna },
      numbers: `SELECT CASE WHEN trim(s) IN (${TRUE}) THEN 1.0 ELSE 0.0 END AS v FROM (SELECT ${s} AS s FROM ${from}) WHERE s IS NOT NULL`,
      strings: `SELECT s FROM (SELECT ${s} AS s FROM ${from}) WHERE s IS NOT NULL`,
    };
  }
  return {
    facts: { ...base, kind: 'string', missing: n - nonna, infinite: 0, nonMissing: nonna },
    numbers: null, strings: `SELECT s FROM (SELECT ${s} AS s FROM ${from}) WHERE s IS NOT NULL`,
  };
}

/** Label → count for one side, numbers written as the in-memory path writes them. */
async function labelCounts(conn: DuckDBConnection, side: Side): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (side.numbers) {
    for (const r of await rows(conn, `SELECT v, count(*) AS n FROM (${side.numbers}) GROUP BY v`)) {
      const v = num(r['v']);
      const label = side.facts.kind === 'boolean' ? (v ? 'True' : 'False') : numberLabel(v);
      out.set(label, (out.get(label) ?? 0) + num(r['n']));
    }
  } else {
    for (const r of await rows(conn, `SELECT s, count(*) AS n FROM (${side.strings}) GROUP BY s`)) out.set(String(r['s']), num(r['n']));
  }
  return out;
}

/** Per-bin counts with numpy's histogram rule: [e_i, e_i+1) and the last bin closed. */
async function binCounts(conn: DuckDBConnection, values: string, edges: Float64Array): Promise<Float64Array> {
  const k = edges.length - 1;
  const parts = Array.from({ length: k }, (_, i) =>
    `count(*) FILTER (v >= $${i + 1}::DOUBLE AND v ${i === k - 1 ? '<=' : '<'} $${i + 2}::DOUBLE) AS b${i}`);
  const [r] = await rows(conn, `SELECT ${parts.join(', ')} FROM (${values})`, Array.from(edges));
  return Float64Array.from({ length: k }, (_, i) => num(r![`b${i}`]));
}

/** KS D, Wasserstein, std and distinct counts from one pass over the pooled ECDFs. */
async function numericBasics(conn: DuckDBConnection, ref: string, cur: string): Promise<NumericBasics> {
  const [a] = await rows(conn, `SELECT count(*) AS n, stddev_pop(v) AS sd FROM (${ref})`);
  const [b] = await rows(conn, `SELECT count(*) AS n FROM (${cur})`);
  const nRef = num(a!['n']);
  const nCur = num(b!['n']);
  const [w] = await rows(conn, `WITH g AS (
      SELECT v, count(*) FILTER (side = 0)::DOUBLE AS a, count(*) FILTER (side = 1)::DOUBLE AS b
      FROM (SELECT v, 0 AS side FROM (${ref}) UNION ALL SELECT v, 1 AS side FROM (${cur})) GROUP BY v),
    e AS (SELECT v, a, sum(a) OVER o / $1::DOUBLE AS fr, sum(b) OVER o / $2::DOUBLE AS fc, lead(v) OVER (ORDER BY v) - v AS dv
      FROM g WINDOW o AS (ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
    SELECT max(fr - fc) AS mx, min(fr - fc) AS mn, fsum(abs(fr - fc) * coalesce(dv, 0)) AS wd, count(*) AS d,
      count(*) FILTER (a > 0) AS dr, min(v) AS lo, max(v) AS hi FROM e`, [nRef, nCur]);
  const minS = Math.min(Math.max(-num(w!['mn']), 0), 1);
  const maxS = num(w!['mx']);
  return {
    nRef, nCur, refStd: num(a!['sd']), ks: minS > maxS ? minS : maxS, wasserstein: num(w!['wd']),
    distinct: num(w!['d']), distinctReference: num(w!['dr']), min: num(w!['lo']), max: num(w!['hi']),
  };
}

async function analyzeOne(conn: DuckDBConnection, name: string, refSrc: Source, curSrc: Source, spec: ColumnSpec): Promise<ColumnOutcome> {
  const [ref, cur] = [await describeSide(conn, refSrc, name), await describeSide(conn, curSrc, name)];
  const ctx = reconcileSides(name, ref.facts, cur.facts, spec);
  if ('skipped' in ctx) return { ok: false, skipped: ctx.skipped };
  let refDistinct = 0;
  let stringSide = { distinct: 0, nonMissing: 0 };
  if (ctx.bothNumeric && ref.facts.kind === 'integer' && cur.facts.kind === 'integer') {
    refDistinct = num((await rows(conn, `SELECT count(DISTINCT v) AS d FROM (${ref.numbers})`))[0]!['d']);
  } else if (!ctx.bothNumeric) {
    const side = ref.facts.kind === 'string' ? ref : cur;
    stringSide = { distinct: num((await rows(conn, `SELECT count(DISTINCT s) AS d FROM (${side.strings})`))[0]!['d']), nonMissing: side.facts.nonMissing };
  }
  const type: ColumnType = spec.type ?? detectType(ref.facts, cur.facts, ctx.bothNumeric, () => refDistinct, () => stringSide);
  checkMethodFits(name, type, spec.method);
  if (type === 'categorical') {
    let [r, c] = [await labelCounts(conn, ref), await labelCounts(conn, cur)];
    if (!ctx.bothNumeric && ref.facts.kind !== cur.facts.kind) [r, c] = [canonicalNumberLabels(r), canonicalNumberLabels(c)];
    return finishColumn(name, type, prepareCategorical(alignCounts(r, c), spec.method), ref.facts, cur.facts, ctx, spec);
  }
  const values = (side: Side, path: string): string => {
    if (type === 'text') {
      return side.strings ? `SELECT length(s)::DOUBLE AS v FROM (${side.strings})` : `SELECT length(CAST(v AS VARCHAR))::DOUBLE AS v FROM (${side.numbers})`;
    }
    if (side.numbers) return side.numbers;
    throw new DriftInputError(`column '${name}' is treated as numeric, but ${path} holds text that is not a number`, path, name);
  };
  if (type === 'text') ctx.notes.push('text is compared by the length of its values (characters)');
  ctx.notes.push("computed out of core by DuckDB: the Wasserstein sum and the std are not in numpy's summation order, "
    + 'so they may differ from numpy in the last digits');
  // Typed once into temporary tables: the queries below would otherwise re-parse the text each time.
  await conn.run(`CREATE OR REPLACE TEMP TABLE ref_values AS ${values(ref, spec.referencePath)}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE cur_values AS ${values(cur, spec.currentPath)}`);
  const [rv, cv] = ['SELECT v FROM ref_values', 'SELECT v FROM cur_values'];
  const basics = await numericBasics(conn, rv, cv);
  const plan = numericPlan(basics, type, spec);
  const edges = sturgesEdges(basics.nRef + basics.nCur, basics.min, basics.max);
  const counts: NumericCounts = { edges, bins: [await binCounts(conn, rv, edges), await binCounts(conn, cv, edges)], perValue: null, hellinger: null };
  if (plan.perValue) {
    const pv = await rows(conn, `SELECT v, count(*) FILTER (side = 0) AS a, count(*) FILTER (side = 1) AS b
      FROM (SELECT v, 0 AS side FROM (${rv}) UNION ALL SELECT v, 1 AS side FROM (${cv})) GROUP BY v ORDER BY v`);
    counts.perValue = { values: Float64Array.from(pv, (r) => num(r['v'])), reference: Float64Array.from(pv, (r) => num(r['a'])), current: Float64Array.from(pv, (r) => num(r['b'])) };
  }
  if (plan.hellinger) {
    const h = sturgesEdges(basics.distinct, basics.min, basics.max);
    counts.hellinger = { edges: h, bins: [await binCounts(conn, rv, h), await binCounts(conn, cv, h)] };
  }
  const booleans = ref.facts.kind === 'boolean' && cur.facts.kind === 'boolean';
  const prepared = prepareNumeric(basics, counts, type, plan.methods[0]!, booleans ? (v) => (v ? 'True' : 'False') : numberLabel);
  return finishColumn(name, type, prepared, ref.facts, cur.facts, ctx, spec);
}

/**
 * Analyses columns with DuckDB in a temporary on-disk database (removed afterwards), using at most
 * `memoryBudgetBytes` and spilling the rest. Progress: importing CSV, then per column.
 */
export async function analyzeOutOfCore(ref: FileProbe, cur: FileProbe, columns: string[], specFor: (name: string) => ColumnSpec,
  memoryBudgetBytes: number, onProgress: (fraction: number, message: string) => void,
  signal?: AbortSignal): Promise<{ outcomes: Map<string, ColumnOutcome>; rows: [number, number] }> {
  const spill = mkdtempSync(join(tmpdir(), 'pw-drift-duckdb-'));
  const instance = await DuckDBInstance.create(join(spill, 'drift.duckdb'), {
    memory_limit: `${Math.max(64, Math.floor(memoryBudgetBytes / 1e6))}MB`, temp_directory: join(spill, 'tmp'),
  });
  const conn = await instance.connect();
  const out = new Map<string, ColumnOutcome>();
  const fail = (e: unknown, path: string, column?: string): never => {
    if (e instanceof DriftInputError || (e as Error).name === 'AbortError') throw e;
    const what = column ? `column '${column}'` : path;
    throw new DriftInputError(`${what}: DuckDB could not read ${path} (${(e as Error).message.split('\n')[0]})`, path, column);
  };
  try {
    onProgress(0, `Importing ${ref.path} into DuckDB`);
    const refSrc = await openSource(conn, ref, 'reference_data').catch((e: unknown) => fail(e, ref.path));
    onProgress(0.25, `Importing ${cur.path} into DuckDB`);
    const curSrc = await openSource(conn, cur, 'current_data').catch((e: unknown) => fail(e, cur.path));
    for (const [i, name] of columns.entries()) {
      if (signal?.aborted) throw new DOMException('The drift run was cancelled', 'AbortError');
      out.set(name, await analyzeOne(conn, name, refSrc, curSrc, specFor(name)).catch((e: unknown) => fail(e, ref.path, name)));
      onProgress(0.5 + (0.5 * (i + 1)) / columns.length, `Compared ${name} (${i + 1}/${columns.length}) out of core`);
    }
    return { outcomes: out, rows: [refSrc.rows, curSrc.rows] };
  } finally {
    conn.closeSync();
    instance.closeSync();
    rmSync(spill, { recursive: true, force: true });
  }
}
