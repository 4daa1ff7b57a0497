// Bad and unusual input: every case ends in a clear error naming the file (and column), or in a
// report that says what was done — never a crash or a silent wrong verdict.
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from './csv-reader.js';
import { runDrift } from './engine.js';
import { seededNormal } from './scipy-oracle.js';
import { DriftInputError, DriftOptionError, type DriftReport } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-drift-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
function file(content: string | Buffer, ext = 'csv'): string {
  const p = join(dir, `f${fileNo++}.${ext}`);
  writeFileSync(p, content);
  return p;
}
function csv(header: string[], rows: number, cell: (r: number, c: number) => string): string {
  const lines = [header.join(',')];
  for (let r = 0; r < rows; r++) lines.push(header.map((_, c) => cell(r, c)).join(','));
  return file(lines.join('\n') + '\n');
}
const g = seededNormal(7);
const run = (reference: string, current: string, extra: Partial<Parameters<typeof runDrift>[0]> = {}): Promise<DriftReport> =>
  runDrift({ reference, current, workers: 0, ...extra });

describe('files', () => {
  it('a missing file is a DriftInputError naming it', async () => {
    const ref = csv(['a'], 5, (r) => String(r));
    const missing = join(dir, 'nope.csv');
    await expect(run(ref, missing)).rejects.toThrow(DriftInputError);
    await expect(run(ref, missing)).rejects.toThrow(`${missing}: file not found`);
  });
  it('an empty file is refused with its name', async () => {
    const ref = csv(['a'], 5, (r) => String(r));
    const empty = file('');
    await expect(run(empty, ref)).rejects.toThrow(`${empty} is empty`);
  });
  it('a header without rows is refused', async () => {
    const ref = csv(['a'], 5, (r) => String(r));
    const headerOnly = file('a\n');
    await expect(run(ref, headerOnly)).rejects.toThrow(`${headerOnly} has a header but no data rows`);
  });
  it('a directory is refused', async () => {
    const d = join(dir, 'adir');
    mkdirSync(d);
    const ref = csv(['a'], 5, (r) => String(r));
    await expect(run(ref, d)).rejects.toThrow(/is a directory/);
  });
  it('a row with more fields than the header names the file and row', async () => {
    const ref = csv(['a', 'b'], 5, (r) => String(r));
    const bad = file('a,b\n1,2\n3,4,5\n');
    await expect(run(ref, bad)).rejects.toThrow(`${bad}: row 2 has more fields than the 2 columns of the header`);
  });
  it('an unterminated quote names the file and row', async () => {
    const ref = csv(['a', 'b'], 5, (r) => String(r));
    const bad = file('a,b\n1,2\n"open,3\n4,5\n');
    await expect(run(ref, bad)).rejects.toThrow(`${bad}: row 2 has an unterminated quoted field`);
  });
  it('binary junk without line breaks is not taken for a header', async () => {
    const junk = file(Buffer.alloc(17 << 20, 0x41));
    const ref = csv(['a'], 5, (r) => String(r));
    await expect(run(ref, junk)).rejects.toThrow(/no line break in the first 16 MB/);
  });
  it('a 10 GB file is refused up front with the sizes when one column cannot fit and out-of-core is off', async () => {
    // Dense rows in the first megabyte, then a sparse 10 GB tail: only the first megabyte is read.
    const big = join(dir, 'big.csv');
    const fd = openSync(big, 'w');
    writeSync(fd, 'a,b\n' + '1,2\n'.repeat(300_000));
    closeSync(fd);
    const { truncateSync } = await import('node:fs');
    truncateSync(big, 10 * 1024 ** 3);
    const ref = csv(['a', 'b'], 5, (r) => String(r));
    const err = await run(ref, big, { memoryBudgetBytes: 4 * 1024 ** 3, outOfCore: 'never' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DriftInputError);
    expect(String((err as Error).message)).toMatch(new RegExp(`${big.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(10\\.0 GB\\).*above the memory budget of 4\\.0 GB`));
  });
});

describe('columns', () => {
  it('a column missing on one side is skipped with a reason naming the file, and not counted', async () => {
    const ref = csv(['a', 'only_ref'], 50, (r, c) => String(r * (c + 1)));
    const cur = csv(['a', 'only_cur'], 50, (r, c) => String(r * (c + 2)));
    const rep = await run(ref, cur);
    expect(rep.columns.map((c) => c.name)).toEqual(['a']);
    expect(rep.skippedColumns).toEqual([
      { name: 'only_ref', reason: `only in ${ref}; ${cur} has no column 'only_ref'` },
      { name: 'only_cur', reason: `only in ${cur}; ${ref} has no column 'only_cur'` },
    ]);
    expect(rep.testedColumns).toBe(1);
  });
  it('an all-missing column is skipped with the count and file', async () => {
    const ref = csv(['a', 'gone'], 20, (r, c) => (c === 0 ? String(r % 7) : String(r)));
    const cur = csv(['a', 'gone'], 20, (r, c) => (c === 0 ? String(r % 7) : 'NA'));
    const rep = await run(ref, cur);
    expect(rep.skippedColumns).toEqual([{ name: 'gone', reason: `all 20 values are missing in ${cur}` }]);
    expect(rep.notes.join('\n')).toMatch(/not compared and not counted in the drift share: gone/);
  });
  it('integer in one file and float in the other is compared as numbers, with a note', async () => {
    const ref = csv(['x'], 300, (r) => String(r % 40));
    const cur = csv(['x'], 300, (r) => (r % 40 + 0.5).toFixed(1));
    const rep = await run(ref, cur);
    const c = rep.columns[0]!;
    expect(c.type).toBe('numerical');
    expect(c.notes.join(' ')).toMatch(`values are integer in ${ref} but float in ${cur}; compared as numbers`);
  });
  it('numbers in one file and text in the other are compared as categories, with a note', async () => {
    const ref = csv(['x'], 300, (r) => String(r % 4));
    const cur = csv(['x'], 300, (r) => (r % 10 === 0 ? 'unknown' : String(r % 4)));
    const rep = await run(ref, cur);
    const c = rep.columns[0]!;
    expect(c.type).toBe('categorical');
    expect(c.notes.join(' ')).toMatch(/compared as text categories/);
    // "1" read as text lines up with 1 read as a number.
    expect(c.histogram.kind === 'categories' && c.histogram.labels).toEqual(['0', '1', '2', '3', 'unknown']);
  });
  it('bytes that are not UTF-8 are replaced and reported per column', async () => {
    const ref = csv(['name', 'v'], 20, (r, c) => (c === 0 ? `n${r % 3}` : String(r)));
    const body = Buffer.concat([Buffer.from('name,v\n'), ...Array.from({ length: 20 }, (_, r) =>
      Buffer.concat([r === 3 ? Buffer.from([0x6e, 0xff, 0xfe]) : Buffer.from(`n${r % 3}`), Buffer.from(`,${r}\n`)]))]);
    const cur = file(body);
    const rep = await run(ref, cur);
    const c = rep.columns.find((x) => x.name === 'name')!;
    expect(c.notes.join(' ')).toMatch(`1 value(s) in ${cur} were not valid UTF-8`);
    expect(rep.notes.join(' ')).toMatch(`${cur}: column 'name' has 1 value(s) that are not valid UTF-8`);
  });
  it('an option naming an unknown column is a DriftOptionError', async () => {
    const ref = csv(['a'], 5, (r) => String(r));
    await expect(run(ref, ref, { methods: { nope: 'psi' } })).rejects.toThrow(DriftOptionError);
    await expect(run(ref, ref, { methods: { nope: 'psi' } })).rejects.toThrow(`column 'nope' is in neither ${ref} nor ${ref}`);
  });
  it('KS on a categorical column is refused', async () => {
    const ref = csv(['c'], 30, (r) => ['a', 'b', 'c'][r % 3]!);
    await expect(run(ref, ref, { methods: { c: 'ks' } })).rejects.toThrow(/categorical; ks needs numbers/);
  });
  it('--num on text that is not numeric names the file and value', async () => {
    const ref = csv(['c'], 30, (r) => ['a', 'b', 'c'][r % 3]!);
    await expect(run(ref, ref, { numerical: ['c'] })).rejects.toThrow(`column 'c' is treated as numeric, but ${ref} has the value 'a', which is not a number`);
  });
});

describe('CSV dialect', () => {
  it('reads quotes, escaped quotes, quoted line breaks, CRLF, BOM and blank lines as pandas does', async () => {
    const p = file('\ufeffname,"v"\r\n"a, b",1\r\n\r\n"say ""hi""",2\r\n"two\nlines",NA\r\nplain,"3.5"\r\n');
    const ds = await readCsv(p);
    expect(ds.allColumns).toEqual(['name', 'v']);
    expect(ds.rows).toBe(4);
    const name = ds.columns[0]!;
    expect(name.codes && Array.from(name.codes, (c) => name.labels![c])).toEqual(['a, b', 'say "hi"', 'two\nlines', 'plain']);
    const v = ds.columns[1]!;
    expect(v.kind).toBe('float');
    expect(Array.from(v.numbers!)).toEqual([1, 2, 3.5]);
    expect(v.missing).toBe(1);
  });
  it('re-reads a column that turns from numbers into text, keeping every value', async () => {
    const p = file(`x\n${Array.from({ length: 5000 }, (_, i) => (i === 4000 ? 'oops' : String(i % 9))).join('\n')}\n`);
    const ds = await readCsv(p, { chunkBytes: 4096 });
    const x = ds.columns[0]!;
    expect(x.kind).toBe('string');
    expect(x.codes!.length).toBe(5000);
    expect(x.labels).toContain('oops');
  });
  it('small chunks give the same values as one chunk', async () => {
    const p = csv(['a', 'b', 'c'], 3000, (r, c) => (c === 1 ? `"${(g() * 10).toFixed(3)}"` : c === 2 && r % 11 === 0 ? '' : (g() * 100).toFixed(5)));
    const one = await readCsv(p);
    const many = await readCsv(p, { chunkBytes: 1000 });
    for (let i = 0; i < 3; i++) expect(Array.from(many.columns[i]!.numbers!)).toEqual(Array.from(one.columns[i]!.numbers!));
    expect(many.columns[2]!.missing).toBe(one.columns[2]!.missing);
  });
});

describe('Parquet, batches, workers, progress, cancellation', () => {
  const cols = ['n1', 'n2', 'i1', 's1'];
  const makePair = (): [string, string] => [
    csv(cols, 3000, (r, c) => (c === 3 ? ['u', 'v', 'w'][r % 3]! : c === 2 ? String(r % 6) : (g() * 3).toFixed(4))),
    csv(cols, 3500, (r, c) => (c === 3 ? ['u', 'v', 'w', 'w'][r % 4]! : c === 2 ? String(r % 7) : (0.4 + g() * 3).toFixed(4))),
  ];
  const strip = (r: DriftReport): unknown => r.columns.map(({ notes: _n, ...c }) => c);

  it('Parquet (read by DuckDB) gives the same statistics as the same data in CSV', async () => {
    const [ref, cur] = makePair();
    const pq = join(dir, 'cur.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    await conn.run(`COPY (SELECT * FROM read_csv_auto('${cur}')) TO '${pq}' (FORMAT parquet)`);
    conn.closeSync();
    db.closeSync();
    const a = await run(ref, cur);
    const b = await run(ref, pq);
    expect(b.current.format).toBe('parquet');
    expect(strip(b)).toEqual(strip(a));
  });
  it('Parquet columns of types the tests do not cover (dates) are skipped with the type named', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    const paths = [join(dir, 'd-ref.parquet'), join(dir, 'd-cur.parquet')];
    for (const [i, p] of paths.entries()) {
      await conn.run(`COPY (SELECT range::DOUBLE * ${i + 1} AS v, DATE '2024-01-01' + range::INTEGER AS day FROM range(500)) TO '${p}' (FORMAT parquet)`);
    }
    conn.closeSync();
    db.closeSync();
    const rep = await run(paths[0]!, paths[1]!);
    expect(rep.columns.map((c) => c.name)).toEqual(['v']);
    expect(rep.skippedColumns).toEqual([{ name: 'day', reason: `type DATE in ${paths[0]} is not compared (only numbers and text are)` }]);
  });
  it('a file that is not Parquet but named .parquet is refused with its name', async () => {
    const fake = file('a,b\n1,2\n', 'parquet');
    const ref = csv(['a', 'b'], 5, (r) => String(r));
    await expect(run(ref, fake)).rejects.toThrow(`${fake}: not a readable Parquet file`);
  });
  it('columns read in batches under a small memory budget give the same report, with a note', async () => {
    const [ref, cur] = makePair();
    const whole = await run(ref, cur);
    const batched = await run(ref, cur, { memoryBudgetBytes: 250_000 });
    expect(batched.notes.join(' ')).toMatch(/read in \d+ passes over each file/);
    expect(strip(batched)).toEqual(strip(whole));
  });
  it('worker threads give the same report as the calling thread', async () => {
    const [ref, cur] = makePair();
    const inline = await run(ref, cur);
    const threaded = await runDrift({ reference: ref, current: cur, workers: 2, useCallingThread: false });
    expect(strip(threaded)).toEqual(strip(inline));
  }, 60_000);
  it('progress rises monotonically to 1', async () => {
    const [ref, cur] = makePair();
    const seen: number[] = [];
    await run(ref, cur, { onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)).toBe(1);
  });
  it('an aborted run rejects with AbortError', async () => {
    const [ref, cur] = makePair();
    const ac = new AbortController();
    ac.abort();
    await expect(run(ref, cur, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
