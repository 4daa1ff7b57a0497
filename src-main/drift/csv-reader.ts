/**
 * Streaming CSV reader: reads the file in 4 MB chunks and fills one Float64Array per numeric column
 * (or a dictionary-coded array per text column), never holding the file text in memory.
 *
 * Rows are parsed in csv-rows.ts. Type inference follows pandas: a column is integer, float or
 * boolean while every non-missing field parses as one; a single other string makes it a string
 * column. Earlier values of a column that turns into strings were stored as numbers, so those
 * columns are read again as strings.
 */
import { open, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import type { LoadedDataset } from './column-data.js';
import { ColumnState, LF, CR, QUOTE, RowParser, scanQuoted } from './csv-rows.js';
import { DriftInputError } from './types.js';

export interface CsvReadOptions {
  /** Columns to load; others are skipped without parsing (default: all). */
  columns?: ReadonlySet<string> | null;
  /** Columns to read as strings whatever they contain. */
  forceString?: ReadonlySet<string>;
  delimiter?: string;
  chunkBytes?: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  signal?: AbortSignal;
}

/** Reads a CSV file into columns. Throws DriftInputError for a missing, empty or malformed file. */
export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<LoadedDataset> {
  const first = await readCsvPass(path, options);
  const flipped = first.states.filter((s) => s.flipped).map((s) => s.name);
  if (flipped.length === 0) return first.dataset;
  // Second pass for the columns that turned out to hold strings, reading only those.
  const again = await readCsvPass(path, { ...options, columns: new Set(flipped), forceString: new Set(flipped) });
  const replaced = new Map(again.dataset.columns.map((c) => [c.name, c]));
  first.dataset.columns = first.dataset.columns.map((c) => replaced.get(c.name) ?? c);
  first.dataset.notes.push(...again.dataset.notes.filter((n) => !first.dataset.notes.includes(n)));
  return first.dataset;
}

/** A first line longer than this is not a CSV header (binary data, or one enormous line). */
const MAX_HEADER_BYTES = 16 << 20;
/** Likewise for a data row: past this the buffer would grow without bound. */
const MAX_ROW_BYTES = 64 << 20;
const noHeader = (path: string): DriftInputError =>
  new DriftInputError(`${path}: no line break in the first ${MAX_HEADER_BYTES >> 20} MB; not a CSV file with a header row`, path);

export interface CsvProbe {
  bytes: number;
  columns: string[];
  /** From the density of the first megabyte; exact when the file is smaller. */
  estimatedRows: number;
}

/** Reads the header and estimates the row count from the first megabyte, without parsing values. */
export async function probeCsv(path: string, delimiterChar = ','): Promise<CsvProbe> {
  const size = await statFile(path);
  if (size === 0) throw new DriftInputError(`${path} is empty (0 bytes): expected a header row and data`, path);
  const delimiter = delimiterChar.charCodeAt(0);
  const handle = await open(path, 'r');
  try {
    let buf = Buffer.allocUnsafe(Math.min(size, 1 << 20));
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      filled += bytesRead;
      const eof = bytesRead === 0 || filled >= size;
      const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      const header = parseHeader(buf, start, filled, eof, delimiter);
      if (header) {
        if (header.fields.length === 1 && header.fields[0] === '') {
          throw new DriftInputError(`${path} has no header row: expected column names on the first line`, path);
        }
        const rowsSeen = countNewlines(buf, header.end, filled) + (eof && filled > header.end && buf[filled - 1] !== LF ? 1 : 0);
        const estimatedRows = eof ? rowsSeen : Math.ceil(((size - header.end) / Math.max(1, filled - header.end)) * rowsSeen);
        return { bytes: size, columns: dedupeNames(header.fields), estimatedRows };
      }
      if (eof) throw new DriftInputError(`${path} has no complete header row`, path);
      if (filled >= MAX_HEADER_BYTES) throw noHeader(path);
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(Math.min(size, buf.length * 2));
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
    }
  } finally {
    await handle.close();
  }
}

async function statFile(path: string): Promise<number> {
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw new DriftInputError(`${path} is a directory, not a CSV or Parquet file`, path);
    return s.size;
  } catch (e) {
    if (e instanceof DriftInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new DriftInputError(`${path}: file not found`, path);
    throw new DriftInputError(`${path}: cannot read (${(e as Error).message})`, path);
  }
}

async function readCsvPass(path: string, options: CsvReadOptions): Promise<{ dataset: LoadedDataset; states: ColumnState[] }> {
  const size = await statFile(path);
  if (size === 0) throw new DriftInputError(`${path} is empty (0 bytes): expected a header row and data`, path);
  const delimiter = (options.delimiter ?? ',').charCodeAt(0);
  const chunkBytes = options.chunkBytes ?? 4 << 20;
  const handle = await open(path, 'r');
  const notes: string[] = [];
  try {
    let buf = Buffer.allocUnsafe(Math.max(chunkBytes, 1 << 16));
    let filled = 0;
    let fileOffset = 0;
    let eof = false;
    const readMore = async (): Promise<void> => {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, fileOffset);
      fileOffset += bytesRead;
      filled += bytesRead;
      if (bytesRead === 0 || fileOffset >= size) eof = true;
    };

    // Header: the first row, which may need more than one chunk.
    await readMore();
    let start = 0;
    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    let header: { fields: string[]; end: number; invalid: boolean } | null = null;
    for (;;) {
      header = parseHeader(buf, start, filled, eof, delimiter);
      if (header || eof) break;
      if (filled >= MAX_HEADER_BYTES) throw noHeader(path);
      await readMore();
    }
    if (!header || header.fields.length === 0 || (header.fields.length === 1 && header.fields[0] === '')) {
      throw new DriftInputError(`${path} has no header row: expected column names on the first line`, path);
    }
    if (header.invalid) notes.push(`${path}: the header has bytes that are not UTF-8; they were replaced with U+FFFD`);
    const names = dedupeNames(header.fields);

    // Size the column arrays from the density of the first chunk, so they rarely grow.
    const firstChunkRows = countNewlines(buf, header.end, filled);
    const estRows = eof ? firstChunkRows + 1 : Math.ceil(((size - header.end) / Math.max(1, filled - header.end)) * (firstChunkRows + 1) * 1.02);
    const states = names.map((n) => new ColumnState(n, !options.columns || options.columns.has(n), options.forceString?.has(n) ?? false, estRows));
    const parser = new RowParser(states, delimiter, path);

    let pos = header.end;
    for (;;) {
      if (options.signal?.aborted) throw new DOMException('The drift run was cancelled', 'AbortError');
      const lastLf = buf.lastIndexOf(LF, filled - 1);
      const limit = eof ? filled : lastLf >= pos ? lastLf + 1 : pos;
      pos = parser.parse(buf, pos, limit, eof);
      options.onProgress?.(Math.min(size, fileOffset - (filled - pos)), size);
      if (eof) {
        if (pos < filled) throw new DriftInputError(`${path}: row ${parser.rows + 1} has an unterminated quoted field`, path);
        break;
      }
      // Keep the unparsed tail and read behind it.
      buf.copy(buf, 0, pos, filled);
      filled -= pos;
      pos = 0;
      if (filled >= MAX_ROW_BYTES) {
        throw new DriftInputError(`${path}: row ${parser.rows + 1} is longer than ${MAX_ROW_BYTES >> 20} MB (an unbalanced quote, or not a CSV file)`, path);
      }
      await readMore();
    }

    const rows = parser.rows;
    const columns = states.filter((s) => s.selected).map((s) => s.finish(rows));
    const badUtf8 = columns.filter((c) => c.invalidUtf8 > 0);
    for (const c of badUtf8) {
      notes.push(`${path}: column '${c.name}' has ${c.invalidUtf8} value(s) that are not valid UTF-8; bytes were replaced with U+FFFD`);
    }
    return { dataset: { path, format: 'csv', bytes: size, rows, allColumns: names, columns, notes }, states };
  } finally {
    await handle.close();
  }
}

function countNewlines(buf: Buffer, from: number, to: number): number {
  let n = 0;
  let p = buf.indexOf(LF, from);
  while (p !== -1 && p < to) {
    n++;
    p = buf.indexOf(LF, p + 1);
  }
  return n;
}

/** pandas' duplicate handling: a, a.1, a.2; blank names become "Unnamed: i". */
function dedupeNames(fields: string[]): string[] {
  const seen = new Map<string, number>();
  return fields.map((raw, i) => {
    let name = raw === '' ? `Unnamed: ${i}` : raw;
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    if (count > 0) {
      let k = count;
      while (seen.has(`${name}.${k}`)) k++;
      name = `${name}.${k}`;
      seen.set(name, 1);
    }
    return name;
  });
}

/** Parses the header row; null when it is not complete in the buffer yet. */
function parseHeader(buf: Buffer, start: number, end: number, eof: boolean, delimiter: number): { fields: string[]; end: number; invalid: boolean } | null {
  const fields: string[] = [];
  let invalid = false;
  let p = start;
  for (;;) {
    let s: string;
    if (buf[p] === QUOTE) {
      const q = scanQuoted(buf, p, end);
      if (q === null) return null;
      s = q.text;
      if (!isUtf8(buf.subarray(p, q.end))) invalid = true;
      p = q.end;
      while (p < end && buf[p] !== delimiter && buf[p] !== LF && buf[p] !== CR) p++;
    } else {
      const s0 = p;
      while (p < end && buf[p] !== delimiter && buf[p] !== LF && buf[p] !== CR) p++;
      if (!isUtf8(buf.subarray(s0, p))) invalid = true;
      s = buf.toString('utf8', s0, p);
    }
    fields.push(s);
    if (p >= end) return eof ? { fields, end: p, invalid } : null;
    if (buf[p] === delimiter) { p++; continue; }
    if (buf[p] === CR) p++;
    if (p < end && buf[p] === LF) p++;
    else if (p >= end && !eof) return null;
    return { fields, end: p, invalid };
  }
}
