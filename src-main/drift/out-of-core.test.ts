// DuckDB's out-of-core summaries must give the same report as the in-memory path.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrift } from './engine.js';
import { seededNormal, seededRandom } from './scipy-oracle.js';
import type { ColumnDrift, DriftMethod, DriftReport } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'pw-drift-ooc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const g = seededNormal(21);
const u = seededRandom(22);
const pick = (xs: string[]): string => xs[Math.floor(u() * xs.length)]!;
const word = (): string => Array.from({ length: 2 + Math.floor(u() * 9) }, () => String.fromCharCode(97 + Math.floor(u() * 26))).join('');
type Cell = (r: number, side: number) => string;
const columns: Record<string, Cell> = {
  num: (_r, s) => (g() + 0.3 * s).toFixed(4),
  int_cat: (r, s) => String((r * 7 + s) % 6),
  int_many: (r, s) => String(Math.floor(u() * 60) + 3 * s),
  few: (_r, s) => pick(s ? ['0.5', '1.5', '2.5', '2.5'] : ['0.5', '1.5', '2.5']),
  city: (_r, s) => pick(s ? ['Oslo', 'Lima', 'Pune', 'Pune', 'Kyiv'] : ['Oslo', 'Lima', 'Pune']),
  flag: (_r, s) => pick(s ? ['True', 'False', 'False'] : ['True', 'False']),
  note: () => word(),
  holes: (r, s) => (r % 9 === 0 ? 'NA' : r % 13 === 0 ? '' : r % 17 === 0 ? 'inf' : (5 + g() + s).toFixed(3)),
  mixed: (r, s) => (s === 1 && r % 10 === 0 ? 'n/a-ish' : String(r % 4)),
  empty: (_r, s) => (s === 0 ? 'NA' : String(u())),
};

function writePair(rows: [number, number]): [string, string] {
  const names = Object.keys(columns);
  return [0, 1].map((side) => {
    const lines = [names.join(',')];
    for (let r = 0; r < rows[side]!; r++) lines.push(names.map((n) => columns[n]!(r, side)).join(','));
    const p = join(dir, `${rows.join('x')}-${side}.csv`);
    writeFileSync(p, lines.join('\n') + '\n');
    return p;
  }) as [string, string];
}

const strip = (c: ColumnDrift): Omit<ColumnDrift, 'notes' | 'statistic' | 'pValue' | 'extra'> => {
  const { notes: _n, statistic: _s, pValue: _p, extra: _e, ...rest } = c;
  return rest;
};
const close = (a: number | null, e: number | null, what: string): void => {
  if (e === null || a === null) { expect(a, what).toBe(e); return; }
  if (!Number.isFinite(e)) { expect(a, what).toBe(e); return; }
  expect(Math.abs(a - e), `${what}: ${a} vs ${e}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
};
function same(outOfCore: DriftReport, inMemory: DriftReport): void {
  expect(outOfCore.skippedColumns).toEqual(inMemory.skippedColumns);
  expect(outOfCore.columns.map((c) => c.name)).toEqual(inMemory.columns.map((c) => c.name));
  outOfCore.columns.forEach((c, i) => {
    const m = inMemory.columns[i]!;
    expect(strip(c), c.name).toEqual(strip(m));
    close(c.statistic, m.statistic, `${c.name} ${c.method}`);
    close(c.pValue, m.pValue, `${c.name} p`);
    expect(c.extra?.length ?? 0).toBe(m.extra?.length ?? 0);
    c.extra?.forEach((e, k) => {
      expect(e.method).toBe(m.extra![k]!.method);
      close(e.statistic, m.extra![k]!.statistic, `${c.name} ${e.method}`);
      close(e.pValue, m.extra![k]!.pValue, `${c.name} ${e.method} p`);
    });
  });
  expect(outOfCore.datasetDrift).toBe(inMemory.datasetDrift);
  expect(outOfCore.reference.rows).toBe(inMemory.reference.rows);
}

const EXTRA: DriftMethod[] = ['ks', 'psi', 'kl', 'jensenshannon', 'hellinger', 'chisquare', 'z'];
let small: [string, string];
let large: [string, string];
beforeAll(() => {
  small = writePair([700, 800]);
  large = writePair([3000, 2500]);
});

describe('out of core (DuckDB) against in memory', () => {
  for (const [label, pair] of [['≤ 1,000 rows (p-value tests)', () => small], ['> 1,000 rows (distances)', () => large]] as const) {
    it(`CSV, ${label}, with extra statistics`, async () => {
      const [ref, cur] = pair();
      const opts = { reference: ref, current: cur, workers: 0, extraMethods: EXTRA };
      const mem = await runDrift(opts);
      const ooc = await runDrift({ ...opts, outOfCore: 'always' });
      same(ooc, mem);
      expect(ooc.notes.join(' ')).toMatch(/compared out of core by DuckDB/);
      expect(ooc.columns.find((c) => c.name === 'num')!.notes.join(' ')).toMatch(/numpy's summation order/);
    }, 120_000);
  }
  it('Parquet with typed columns', async () => {
    const [ref, cur] = large;
    const pq = [join(dir, 'r.parquet'), join(dir, 'c.parquet')];
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    for (const [i, src] of [ref, cur].entries()) {
      await conn.run(`COPY (SELECT num::DOUBLE AS num, int_many::INTEGER AS int_many, city FROM read_csv('${src}', all_varchar = true)) TO '${pq[i]}' (FORMAT parquet)`);
    }
    conn.closeSync();
    db.closeSync();
    const mem = await runDrift({ reference: pq[0]!, current: pq[1]!, workers: 0, extraMethods: ['psi', 'ks'] });
    const ooc = await runDrift({ reference: pq[0]!, current: pq[1]!, workers: 0, extraMethods: ['psi', 'ks'], outOfCore: 'always' });
    same(ooc, mem);
  }, 120_000);
  it('is chosen automatically when one column does not fit the budget', async () => {
    const [ref, cur] = small;
    const rep = await runDrift({ reference: ref, current: cur, workers: 0, memoryBudgetBytes: 1000 });
    expect(rep.notes.join(' ')).toMatch(/compared out of core by DuckDB: one column of both files needs about .* above the budget/);
    expect(rep.testedColumns).toBeGreaterThan(0);
  }, 120_000);
});
