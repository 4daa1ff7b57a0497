/**
 * Parquet through DuckDB, which reads the columnar format natively; values land in the same
 * column arrays as the CSV reader's, so the statistics do not care where they came from.
 */
import { stat } from 'node:fs/promises';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { CodeBuffer, NumberBuffer, StringDictionary, type ColumnData, type LoadedDataset, type ValueKind } from './column-data.js';
import { DriftInputError } from './types.js';

export interface ParquetReadOptions {
  columns?: ReadonlySet<string> | null;
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  signal?: AbortSignal;
}

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const sqlIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** DuckDB type name → how its values are loaded. */
function kindOf(type: string): ValueKind {
  const t = type.toUpperCase();
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|UHUGEINT)$/.test(t)) return 'integer';
  if (t === 'FLOAT' || t === 'DOUBLE' || t === 'REAL' || t.startsWith('DECIMAL')) return 'float';
  if (t === 'VARCHAR' || t.startsWith('ENUM')) return 'string';
  return 'other';
}

/** Columns, row count and size of a Parquet file, from its metadata. */
export async function probeParquet(path: string): Promise<{ bytes: number; columns: string[]; rows: number }> {
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch {
    throw new DriftInputError(`${path}: file not found`, path);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const source = `read_parquet(${sqlString(path)})`;
    const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
    const columns = d.getRowObjectsJS().map((r) => String(r['column_name']));
    const c = await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${source}`);
    return { bytes, columns, rows: Number(c.getRowObjectsJS()[0]!['n']) };
  } catch (e) {
    throw new DriftInputError(`${path}: not a readable Parquet file (${(e as Error).message.split('\n')[0]})`, path);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Reads the selected columns of a Parquet file. Throws DriftInputError when DuckDB cannot read it. */
export async function readParquet(path: string, options: ParquetReadOptions = {}): Promise<LoadedDataset> {
  let bytes: number;
  try {
    bytes = (await stat(path)).size;
  } catch {
    throw new DriftInputError(`${path}: file not found`, path);
  }
  if (bytes === 0) throw new DriftInputError(`${path} is empty (0 bytes)`, path);
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const source = `read_parquet(${sqlString(path)})`;
    let described: { name: string; type: string }[];
    let rowsTotal: number;
    try {
      const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      described = d.getRowObjectsJS().map((r) => ({ name: String(r['column_name']), type: String(r['column_type']) }));
      const c = await conn.runAndReadAll(`SELECT count(*)::DOUBLE AS n FROM ${source}`);
      rowsTotal = Number(c.getRowObjectsJS()[0]!['n']);
    } catch (e) {
      throw new DriftInputError(`${path}: not a readable Parquet file (${(e as Error).message.split('\n')[0]})`, path);
    }
    const wanted = described.filter((c) => !options.columns || options.columns.has(c.name));
    const columns = await loadColumns(conn, source, wanted, rowsTotal, options);
    return { path, format: 'parquet', bytes, rows: rowsTotal, allColumns: described.map((c) => c.name), columns, notes: [] };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function loadColumns(conn: DuckDBConnection, source: string, wanted: { name: string; type: string }[], rowsTotal: number,
  options: ParquetReadOptions): Promise<ColumnData[]> {
  const plans = wanted.map((c) => ({ ...c, kind: kindOf(c.type) }));
  const loaded = plans.filter((p) => p.kind !== 'other');
  const select = loaded.map((p) => (p.kind === 'string' ? `CAST(${sqlIdent(p.name)} AS VARCHAR)` : `CAST(${sqlIdent(p.name)} AS DOUBLE)`));
  const acc = loaded.map((p) => ({
    missing: 0, infinite: 0,
    numbers: p.kind === 'string' ? null : new NumberBuffer(rowsTotal),
    dict: p.kind === 'string' ? new StringDictionary() : null,
    codes: p.kind === 'string' ? new CodeBuffer(rowsTotal) : null,
  }));
  let done = 0;
  if (loaded.length > 0) {
    const result = await conn.stream(`SELECT ${select.join(', ')} FROM ${source}`);
    for (;;) {
      if (options.signal?.aborted) throw new DOMException('The drift run was cancelled', 'AbortError');
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      for (let c = 0; c < loaded.length; c++) {
        const vec = chunk.getColumnVector(c);
        const a = acc[c]!;
        if (a.numbers) {
          for (let r = 0; r < n; r++) {
            const v = vec.getItem(r) as number | null;
            if (v === null || Number.isNaN(v)) a.missing++;
            else if (!Number.isFinite(v)) { a.missing++; a.infinite++; }
            else a.numbers.push(v);
          }
        } else {
          for (let r = 0; r < n; r++) {
            const v = vec.getItem(r) as string | null;
            if (v === null) a.missing++;
            else a.codes!.push(a.dict!.code(v));
          }
        }
      }
      done += n;
      options.onProgress?.(done, rowsTotal);
    }
  }
  const byName = new Map(loaded.map((p, i) => [p.name, i]));
  return plans.map((p): ColumnData => {
    const i = byName.get(p.name);
    if (i === undefined) {
      return { name: p.name, kind: 'other', sourceType: p.type, rows: rowsTotal, missing: 0, infinite: 0, invalidUtf8: 0 };
    }
    const a = acc[i]!;
    const base = { name: p.name, rows: rowsTotal, missing: a.missing, infinite: a.infinite, invalidUtf8: 0, sourceType: p.type };
    if (a.codes) {
      return { ...base, kind: a.codes.length === 0 ? 'empty' : 'string', codes: a.codes.view(), labels: a.dict!.labels };
    }
    const numbers = a.numbers!.view();
    return { ...base, kind: numbers.length === 0 ? 'empty' : p.kind, numbers };
  });
}
