// Whole columns through runDrift (CSV reader, typing, test choice, statistic) against the same
// computation done by pandas + scipy the way Evidently does it, on generated files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDrift } from './engine.js';
import { askScipy, seededNormal, seededRandom, type OracleRequest } from './scipy-oracle.js';
import type { ColumnDrift, DriftMethod, DriftReport } from './types.js';

type Gen = (i: number) => string;
interface Pair {
  rows: [number, number];
  columns: Record<string, [Gen, Gen]>;
  methods?: Record<string, DriftMethod>;
}

const dir = mkdtempSync(join(tmpdir(), 'pw-drift-evidently-'));
const n1 = seededNormal(1), n2 = seededNormal(2), u = seededRandom(3);
const num = (g: () => number, mu: number, sd: number, digits = 4): Gen => () => (mu + sd * g()).toFixed(digits);
const pick = (values: string[], weights?: number[]): Gen => () => {
  const w = weights ?? values.map(() => 1);
  let r = u() * w.reduce((s, x) => s + x, 0);
  for (let k = 0; k < values.length; k++) if ((r -= w[k]!) < 0) return values[k]!;
  return values[values.length - 1]!;
};
const intRange = (lo: number, hi: number): Gen => () => String(lo + Math.floor(u() * (hi - lo + 1)));
const word = (): string => Array.from({ length: 3 + Math.floor(u() * 8) }, () => String.fromCharCode(97 + Math.floor(u() * 26))).join('');

const pairs: Record<string, Pair> = {
  small: {
    rows: [800, 900],
    columns: {
      num_ks: [num(n1, 0, 1), num(n2, 0.2, 1.1)],
      int_many: [intRange(0, 50), intRange(2, 52)],
      num_few: [pick(['0.5', '1.5', '2.5', '3.5']), pick(['0.5', '1.5', '2.5', '3.5'], [1, 2, 2, 1])],
      num_two: [pick(['0.5', '1.5']), pick(['0.5', '1.5'], [2, 1])],
      int_cat: [intRange(0, 6), intRange(0, 6)],
      str_cat: [pick(['a', 'b', 'c', 'd']), pick(['a', 'b', 'c', 'd'], [3, 1, 1, 1])],
      str_new_cat: [pick(['a', 'b', 'c']), pick(['a', 'b', 'c', 'zzz'])],
      str_bin: [pick(['yes', 'no']), pick(['yes', 'no'], [1, 3])],
      same_single: [() => 'x', () => 'x'],
      text: [word, word],
      with_missing: [(i) => (i % 17 === 0 ? '' : i % 29 === 0 ? 'NA' : i % 31 === 0 ? 'inf' : num(n1, 5, 2)(i)), (i) => (i % 5 === 0 ? 'nan' : num(n2, 5, 2)(i))],
    },
  },
  large: {
    rows: [5000, 6000],
    columns: {
      wass: [num(n1, 10, 3), num(n2, 10.5, 3)],
      int_cat: [intRange(1, 8), intRange(1, 9)],
      str_cat: [pick(['red', 'green', 'blue']), pick(['red', 'green', 'blue', 'cyan'], [5, 5, 5, 1])],
      num_few: [pick(['1.25', '2.5', '5']), pick(['1.25', '2.5', '5', '10'], [3, 3, 3, 1])],
      psi_num: [num(n1, 0, 1), num(n2, 0.3, 1)],
      psi_values: [pick(['1.5', '2.5', '3.5', '4.5']), pick(['1.5', '2.5', '3.5'])],
      psi_cat: [pick(['a', 'b', 'c', 'd']), pick(['a', 'b', 'c', 'd'], [1, 1, 1, 5])],
      kl_num: [num(n1, 0, 1), num(n2, 0, 1.3)],
      kl_cat: [pick(['x', 'y', 'z']), pick(['x', 'y', 'z'], [2, 1, 1])],
      hel_num: [num(n1, 2, 1), num(n2, 2.4, 1)],
      hel_cat: [pick(['p', 'q', 'r', 's']), pick(['p', 'q', 'r'])],
      js_num: [num(n1, 0, 1), num(n2, 0.1, 1)],
    },
    methods: {
      psi_num: 'psi', psi_values: 'psi', psi_cat: 'psi', kl_num: 'kl', kl_cat: 'kl', hel_num: 'hellinger', hel_cat: 'hellinger', js_num: 'jensenshannon',
    },
  },
  // A category seen once in 12,000 rows has a share below 1e-4: empty bins get min share / 1e6.
  epsilon: {
    rows: [12000, 12000],
    columns: {
      tiny_share: [(i) => (i === 7 ? 'rare' : pick(['a', 'b'])(i)), (i) => (i === 9 ? 'new' : pick(['a', 'b'])(i))],
    },
    methods: { tiny_share: 'psi' },
  },
  // Evidently switches from p-values to distances above 1,000 non-missing reference rows.
  rows1000: { rows: [1000, 1200], columns: { x: [num(n1, 0, 1), num(n2, 0.1, 1)] } },
  rows1001: { rows: [1001, 1200], columns: { x: [num(n1, 0, 1), num(n2, 0.1, 1)] } },
  rows1001missing: { rows: [1001, 1200], columns: { x: [(i) => (i === 500 ? 'NA' : num(n1, 0, 1)(i)), num(n2, 0.1, 1)] } },
};

function writePair(name: string, p: Pair): [string, string] {
  const names = Object.keys(p.columns);
  const paths: string[] = [];
  for (const side of [0, 1] as const) {
    const lines = [names.join(',')];
    for (let i = 0; i < p.rows[side]; i++) lines.push(names.map((c) => p.columns[c]![side](i)).join(','));
    const path = join(dir, `${name}-${side === 0 ? 'ref' : 'cur'}.csv`);
    writeFileSync(path, lines.join('\n') + '\n');
    paths.push(path);
  }
  return [paths[0]!, paths[1]!];
}

const reports: Record<string, DriftReport> = {};
const expected: Record<string, Record<string, { type: string; method: string; statistic: number; pValue: number | null; missingReference: number; missingCurrent: number }>> = {};

beforeAll(async () => {
  const requests: OracleRequest[] = [];
  const keys: [string, string][] = [];
  for (const [name, p] of Object.entries(pairs)) {
    const [ref, cur] = writePair(name, p);
    reports[name] = await runDrift({ reference: ref, current: cur, methods: p.methods ?? {}, workers: 0 });
    for (const col of Object.keys(p.columns)) {
      if (col === 'text') continue; // Evidently's text test is model-based; only the type is compared (below)
      requests.push({ op: 'evidently', ref, cur, column: col, method: p.methods?.[col] ?? null });
      keys.push([name, col]);
    }
  }
  // Extra statistics next to the default test, on the 'large' pair.
  const [lref, lcur] = [join(dir, 'large-ref.csv'), join(dir, 'large-cur.csv')];
  reports.extras = await runDrift({ reference: lref, current: lcur, workers: 0, columns: ['wass', 'str_cat'], extraMethods: EXTRA });
  for (const col of ['wass', 'str_cat']) {
    for (const m of EXTRA) {
      if (col === 'str_cat' && m === 'ks') continue;
      requests.push({ op: 'evidently', ref: lref, cur: lcur, column: col, method: m });
      keys.push(['extras', `${col}/${m}`]);
    }
  }
  const results = askScipy(requests) as (typeof expected)[string][string][];
  keys.forEach(([pair, col], i) => ((expected[pair] ??= {})[col] = results[i]!));
}, 120_000);

const EXTRA: DriftMethod[] = ['ks', 'psi', 'jensenshannon', 'kl', 'hellinger'];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const column = (pair: string, name: string): ColumnDrift => {
  const c = reports[pair]!.columns.find((x) => x.name === name);
  if (!c) throw new Error(`${pair}/${name} was not compared: ${JSON.stringify(reports[pair]!.skippedColumns)}`);
  return c;
};
const close = (a: number, e: number): void => {
  if (!Number.isFinite(e)) expect(a).toBe(e);
  else expect(Math.abs(a - e), `${a} vs ${e}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e)));
};

describe('columns match Evidently (pandas + scipy)', () => {
  for (const [pair, p] of Object.entries(pairs)) {
    for (const col of Object.keys(p.columns)) {
      if (col === 'text') continue;
      it(`${pair}/${col}`, () => {
        const e = expected[pair]![col]!;
        const c = column(pair, col);
        expect(c.type).toBe(e.type);
        expect(c.method).toBe(e.method);
        if (c.method === 'z') close(Math.abs(c.statistic), Math.abs(e.statistic)); // sign depends on which key is counted
        else close(c.statistic, e.statistic);
        if (e.pValue === null) expect(c.pValue).toBeNull();
        else close(c.pValue!, e.pValue);
        expect(c.missingReference).toBe(e.missingReference);
        expect(c.missingCurrent).toBe(e.missingCurrent);
      });
    }
  }
});

describe('extra statistics on request', () => {
  for (const col of ['wass', 'str_cat']) {
    it(`${col}: ${EXTRA.join(', ')} next to the default test`, () => {
      const c = column('extras', col);
      expect(c.method).toBe(col === 'wass' ? 'wasserstein' : 'jensenshannon');
      for (const m of EXTRA) {
        const e = expected.extras![`${col}/${m}`];
        const got = c.extra?.find((x) => x.method === m);
        if (!e) { expect(got).toBeUndefined(); continue; } // KS needs numbers
        if (m === c.method) { close(c.statistic, e.statistic); continue; }
        close(got!.statistic, e.statistic);
        if (e.pValue !== null) close(got!.pValue!, e.pValue);
      }
      expect(c.extra?.find((x) => x.method === 'psi')?.psiLevel).toBeDefined();
    });
  }
});

describe('type detection and test choice', () => {
  it('detects types as Evidently: floats numeric, few integers categorical, many integers numeric, strings categorical or text', () => {
    expect(column('small', 'num_ks').type).toBe('numerical');
    expect(column('small', 'int_cat').type).toBe('categorical');
    expect(column('small', 'int_many').type).toBe('numerical');
    expect(column('small', 'str_cat').type).toBe('categorical');
    const text = column('small', 'text');
    expect(text.type).toBe('text');
    expect(text.basis).toBe('text length');
    expect(text.method).toBe('ks');
  });
  it('picks KS at 1,000 reference rows and Wasserstein at 1,001', () => {
    expect(column('rows1000', 'x').method).toBe('ks');
    expect(column('rows1001', 'x').method).toBe('wasserstein');
  });
  it('counts only non-missing reference rows for the switch', () => {
    const c = column('rows1001missing', 'x');
    expect(c.missingReference).toBe(1);
    expect(c.method).toBe('ks');
  });
  it('a category only in current gives chi-square p = 0 and a note', () => {
    const c = column('small', 'str_new_cat');
    expect(c.method).toBe('chisquare');
    expect(c.pValue).toBe(0);
    expect(c.drifted).toBe(true);
    expect(c.notes.join(' ')).toMatch(/only in current/);
  });
  it('identical single-valued sides give the Z-test p = 1', () => {
    const c = column('small', 'same_single');
    expect(c.method).toBe('z');
    expect(c.pValue).toBe(1);
    expect(c.drifted).toBe(false);
  });
  it('counts empty, NA, NaN and inf as missing and notes the infinities', () => {
    const c = column('small', 'with_missing');
    expect(c.missingReference).toBeGreaterThan(0);
    expect(c.notes.join(' ')).toMatch(/infinite/);
  });
  it('reports PSI levels', () => {
    const c = column('large', 'psi_cat');
    expect(c.psiLevel).toBe(c.statistic > 0.2 ? 'critical' : c.statistic >= 0.1 ? 'warning' : 'ok');
    expect(column('large', 'wass').psiLevel).toBeUndefined();
  });
});
