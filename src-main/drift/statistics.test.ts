// The numeric core against numpy/scipy, computed by /usr/bin/python3 on the same generated data.
import { beforeAll, describe, expect, it } from 'vitest';
import { chiSquareTest } from './count-tests.js';
import { kolmogornSf, smirnovSf } from './kolmogorov.js';
import { ksTwoSamplePValue } from './ks-pvalue.js';
import { histogramSorted, npStd, npSum, sturgesEdges } from './numpy-compat.js';
import { radixSortFloat64 } from './radix-sort.js';
import { askScipy, seededNormal, seededRandom, type OracleRequest } from './scipy-oracle.js';
import { chi2Sf, ndtr } from './special.js';
import { mergeStats } from './two-sample.js';

const normal = (seed: number, n: number, mu = 0, sigma = 1): number[] => {
  const g = seededNormal(seed);
  return Array.from({ length: n }, () => mu + sigma * g());
};
const ints = (seed: number, n: number, k: number, offset = 0): number[] => {
  const u = seededRandom(seed);
  return Array.from({ length: n }, () => Math.floor(u() * k) + offset);
};

function ks(a: number[], b: number[]): { d: number; p: number; mode: string } {
  const m = mergeStats(radixSortFloat64(Float64Array.from(a)), radixSortFloat64(Float64Array.from(b)));
  const r = ksTwoSamplePValue(m.ks, a.length, b.length);
  return { d: r.statistic, p: r.pValue, mode: r.mode };
}
function wasserstein(a: number[], b: number[]): number {
  return mergeStats(radixSortFloat64(Float64Array.from(a)), radixSortFloat64(Float64Array.from(b))).wasserstein;
}

// Samples for KS: exact path (≤ 10,000 per side) and the kstwo path in each of its regimes.
const ksCases: Record<string, [number[], number[]]> = {
  'exact, equal n': [normal(1, 80), normal(2, 80, 0.3)],
  'exact, unequal n': [normal(3, 200), normal(4, 333, 0.2)],
  'exact, ties (integers)': [ints(5, 150, 6), ints(6, 170, 6, 0)],
  'exact, ties, equal n': [ints(7, 300, 4), ints(8, 300, 5)],
  'exact, identical samples': [ints(9, 50, 3), ints(9, 50, 3)],
  'exact, tiny samples': [[1.5, 2.5, 0.25], [3, 4, 5, 6]],
  'exact, 10,000 each': [normal(10, 10000), normal(11, 10000, 0.02)],
  'kstwo, n·D² < 2.2 (Pelz–Good)': [normal(12, 12000), normal(13, 15000)],
  'kstwo, 2.2 ≤ n·D² < 370 (Smirnov)': [normal(14, 12000), normal(15, 15000, 0.05)],
  'kstwo, n·D² ≥ 370 (zero)': [normal(16, 12000), normal(17, 15000, 1.5)],
  'kstwo, small n vs large (Durbin/Pomeranz)': [normal(18, 60), normal(19, 20000, 0.1)],
  'kstwo, ties': [ints(20, 11000, 20), ints(21, 12000, 21)],
};

// (n, d) points for kstwo.sf and smirnov covering every branch of scipy's _kolmogn.
const kolmogornPoints: [number, number][] = [
  [5, 0.05], [5, 0.15], [5, 0.3], [5, 0.55], [5, 0.9], [20, 0.1], [20, 0.2], [20, 0.35], [20, 0.6], [100, 0.05],
  [100, 0.08], [100, 0.15], [100, 0.3], [140, 0.07], [141, 0.05], [500, 0.02], [500, 0.05], [500, 0.1], [500, 0.9],
  [6000, 0.004], [6000, 0.01], [6000, 0.03], [6000, 0.3], [50000, 0.002], [50000, 0.005], [50000, 0.02],
  [200000, 0.0015], [2000000, 0.0005], [2000000, 0.0012], [2000000, 0.005], [3000, 1 / 6000], [3000, 1 / 4000],
];
const smirnovPoints: [number, number][] = [[1, 0.3], [10, 0.05], [10, 0.5], [10, 0.95], [300, 0.05], [300, 0.2], [5000, 0.02], [5000, 0.04], [2000000, 0.001]];

const sumCases = [3, 8, 100, 128, 129, 1000, 8192, 8193, 20000, 100003].map((n, i) => normal(100 + i, n, 1000, 321.5));

let results: unknown[] = [];
const requests: OracleRequest[] = [];
const slot = (r: OracleRequest): number => requests.push(r) - 1;
const ksSlots = Object.fromEntries(Object.entries(ksCases).map(([k, [a, b]]) => [k, slot({ op: 'ks_2samp', a, b })]));
const wsSlots = Object.fromEntries(Object.entries(ksCases).map(([k, [a, b]]) => [k, slot({ op: 'wasserstein', a, b })]));
const kolmSlots = kolmogornPoints.map(([n, d]) => slot({ op: 'kstwo_sf', n, d }));
const smirSlots = smirnovPoints.map(([n, d]) => slot({ op: 'smirnov', n, d }));
const sumSlots = sumCases.map((a) => slot({ op: 'np_sum', a }));
const stdSlots = sumCases.map((a) => slot({ op: 'np_std', a }));
const sturgesData = [normal(30, 5000, 3, 2), ints(31, 777, 40), [2.5, 2.5, 2.5], normal(32, 1001).map((x) => x * 1e-3)];
const sturgesSlots = sturgesData.map((a) => slot({ op: 'sturges', a }));
const chiCases: [number[], number[]][] = [[[10, 20, 30, 40], [12, 18, 33, 37]], [[5, 5, 5], [3, 9, 3]], [[100, 1, 1, 1000], [90, 3, 0, 1009]]];
const chiSlots = chiCases.map(([obs, exp]) => slot({ op: 'chisquare', obs, exp }));
const chi2Points: [number, number][] = [[0.5, 1], [3.84, 1], [10, 3], [40, 7], [200, 150], [1500, 1000], [1e-3, 4], [80, 2]];
const chi2Slots = chi2Points.map(([x, df]) => slot({ op: 'chi2_sf', x, df }));
const ndtrPoints = [-40, -8, -3, -1, -0.5, 0, 0.3, 0.7071, 1, 2.5, 5, 9];
const ndtrSlots = ndtrPoints.map((x) => slot({ op: 'ndtr', x }));

beforeAll(() => {
  results = askScipy(requests);
});

const close = (actual: number, expected: number, tol = 1e-9): void => {
  if (Number.isNaN(expected)) expect(actual).toBeNaN();
  else if (!Number.isFinite(expected)) expect(actual).toBe(expected);
  else expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
};

describe('numpy summation order', () => {
  it('np.sum is reproduced bit for bit (pairwise, 8,192-element blocks)', () => {
    sumCases.forEach((a, i) => expect(npSum(Float64Array.from(a))).toBe(results[sumSlots[i]!]));
  });
  it('np.std (ddof=0) is reproduced bit for bit', () => {
    sumCases.forEach((a, i) => expect(npStd(Float64Array.from(a))).toBe(results[stdSlots[i]!]));
  });
  it('Sturges edges and histogram counts match numpy exactly', () => {
    sturgesData.forEach((a, i) => {
      const sorted = radixSortFloat64(Float64Array.from(a));
      const edges = sturgesEdges(a.length, sorted[0]!, sorted[sorted.length - 1]!);
      const [pyEdges, pyCounts] = results[sturgesSlots[i]!] as [number[], number[]];
      expect(Array.from(edges)).toEqual(pyEdges);
      expect(Array.from(histogramSorted(sorted, edges))).toEqual(pyCounts);
    });
  });
});

describe('two-sample KS as ks_2samp(method="auto")', () => {
  for (const name of Object.keys(ksCases)) {
    it(name, () => {
      const [a, b] = ksCases[name]!;
      const [d, p] = results[ksSlots[name]!] as [number, number];
      const r = ks(a, b);
      expect(r.d).toBe(d);
      close(r.p, p);
      expect(r.mode).toBe(Math.max(a.length, b.length) <= 10000 ? 'exact' : 'asymp');
    });
  }
  it('covers each kstwo regime', () => {
    const nd2 = (name: string): number => {
      const [a, b] = ksCases[name]!;
      const n = Math.round((a.length * b.length) / (a.length + b.length));
      return n * ks(a, b).d ** 2;
    };
    expect(nd2('kstwo, n·D² < 2.2 (Pelz–Good)')).toBeLessThan(2.2);
    const mid = nd2('kstwo, 2.2 ≤ n·D² < 370 (Smirnov)');
    expect(mid).toBeGreaterThanOrEqual(2.2);
    expect(mid).toBeLessThan(370);
    expect(nd2('kstwo, n·D² ≥ 370 (zero)')).toBeGreaterThanOrEqual(370);
  });
  it('kstwo.sf matches scipy over every branch of _kolmogn', () => {
    kolmogornPoints.forEach(([n, d], i) => close(kolmogornSf(n, d), results[kolmSlots[i]!] as number));
  });
  it('smirnov matches scipy.special.smirnov', () => {
    smirnovPoints.forEach(([n, d], i) => close(smirnovSf(n, d), results[smirSlots[i]!] as number));
  });
});

describe('Wasserstein distance', () => {
  for (const name of Object.keys(ksCases)) {
    it(`${name}: bit-identical to scipy.stats.wasserstein_distance`, () => {
      const [a, b] = ksCases[name]!;
      expect(wasserstein(a, b)).toBe(results[wsSlots[name]!]);
    });
  }
});

describe('p-value functions', () => {
  it('chisquare matches scipy', () => {
    chiCases.forEach(([obs, exp], i) => {
      const [stat, p] = results[chiSlots[i]!] as [number, number];
      // chiSquareTest takes reference counts and scales them to the current total.
      const nObs = obs.reduce((s, x) => s + x, 0);
      const nExp = exp.reduce((s, x) => s + x, 0);
      const r = chiSquareTest(exp, obs, nExp, nObs);
      close(r.statistic, stat);
      close(r.pValue, p);
    });
  });
  it('chisquare gives p = 0 when a category exists only in current', () => {
    const r = chiSquareTest([10, 20, 0], [10, 15, 5], 30, 30);
    expect(r.statistic).toBe(Infinity);
    expect(r.pValue).toBe(0);
  });
  it('chi2.sf matches scipy', () => {
    chi2Points.forEach(([x, df], i) => close(chi2Sf(x, df), results[chi2Slots[i]!] as number, 1e-12));
  });
  it('ndtr matches scipy.special.ndtr', () => {
    ndtrPoints.forEach((x, i) => close(ndtr(x), results[ndtrSlots[i]!] as number, 1e-15));
  });
});
