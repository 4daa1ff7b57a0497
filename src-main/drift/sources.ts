/**
 * Input files: which format, what columns and roughly how many rows (to plan memory), and loading
 * the chosen columns. CSV goes through the TypeScript reader, which beats DuckDB's CSV parse here;
 * Parquet goes through DuckDB, imported only when needed.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { LoadedDataset } from './column-data.js';
import { probeCsv, readCsv } from './csv-reader.js';
import { DriftInputError } from './types.js';

export type FileFormat = 'csv' | 'parquet';

export interface FileProbe {
  path: string;
  format: FileFormat;
  bytes: number;
  columns: string[];
  estimatedRows: number;
}

/** Parquet by extension or by its "PAR1" magic; anything else is read as CSV. */
export async function detectFormat(path: string): Promise<FileFormat> {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DriftInputError(`${path}: file not found`, path);
    if (code === 'EISDIR') throw new DriftInputError(`${path} is a directory, not a CSV or Parquet file`, path);
    throw new DriftInputError(`${path}: cannot open (${(e as Error).message})`, path);
  }
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.toString('latin1') === 'PAR1' ? 'parquet' : 'csv';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw new DriftInputError(`${path} is a directory, not a CSV or Parquet file`, path);
    throw e;
  } finally {
    await handle.close();
  }
}

/** The file names the engine reads as data: CSV, TSV and Parquet. */
export const DATA_FILE = /\.(csv|tsv|parquet|pq)$/i;

/** The data files in a folder (a pipeline's dataset artifact may be one), looking two levels down. */
export async function dataFilesIn(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string, depth: number): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory() && depth < 2) await walk(join(d, e.name), depth + 1);
      else if (e.isFile() && DATA_FILE.test(e.name)) found.push(join(d, e.name));
    }
  };
  await walk(dir, 0);
  return found;
}

/** The file to read for `path`: itself, or for a folder the one data file in it. */
export async function dataFileOf(path: string): Promise<string> {
  let isDir = false;
  try { isDir = (await stat(path)).isDirectory(); } catch { return path; /* detectFormat names the problem */ }
  if (!isDir) return path;
  const found = await dataFilesIn(path);
  if (found.length !== 1) {
    throw new DriftInputError(`${path} is a directory with ${found.length || 'no'} CSV or Parquet files; expected exactly one`, path);
  }
  return found[0]!;
}

/** Format, columns and estimated rows of a file (or of the one data file in a folder), cheaply. */
export async function probeFile(given: string): Promise<FileProbe> {
  const path = await dataFileOf(given);
  const format = await detectFormat(path);
  if (format === 'csv') {
    const p = await probeCsv(path);
    return { path, format, bytes: p.bytes, columns: p.columns, estimatedRows: p.estimatedRows };
  }
  // DuckDB loads only when a Parquet file is involved (its native module costs ~150 ms to load).
  const { probeParquet } = await import('./parquet-reader.js');
  const p = await probeParquet(path);
  return { path, format, bytes: p.bytes, columns: p.columns, estimatedRows: p.rows };
}

export interface LoadRequest {
  path: string;
  format: FileFormat;
  columns: string[];
}

/** Loads the requested columns; progress is the fraction of the file done. */
export async function loadColumns(req: LoadRequest, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<LoadedDataset> {
  const columns = new Set(req.columns);
  if (req.format === 'csv') {
    return readCsv(req.path, { columns, signal, onProgress: onProgress && ((done, total) => onProgress(done / total)) });
  }
  const { readParquet } = await import('./parquet-reader.js');
  return readParquet(req.path, { columns, signal, onProgress: onProgress && ((done, total) => onProgress(total ? done / total : 1)) });
}
