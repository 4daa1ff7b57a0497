/**
 * Two-sided p-value of the two-sample Kolmogorov–Smirnov test, as scipy's
 * `ks_2samp(method='auto')` (scipy 1.10): the exact distribution when both samples have at most
 * 10,000 values, otherwise the finite-n Kolmogorov distribution `kstwo.sf(D, round(n·m/(n+m)))`.
 */
import { kolmogornSf } from './kolmogorov.js';

const MAX_AUTO_N = 10000;

export interface KsResult {
  /** D; on the exact path scipy reports it rounded to the lattice, h / lcm(n1, n2). */
  statistic: number;
  pValue: number;
  /** Which distribution gave the p-value. */
  mode: 'exact' | 'asymp';
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** numpy's round-half-to-even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** p-value for `ks_2samp` given the statistic and the two sample sizes. */
export function ksTwoSamplePValue(d: number, n1: number, n2: number): KsResult {
  if (n1 === 0 || n2 === 0) throw new Error('KS test needs at least one value on each side');
  if (Math.max(n1, n2) <= MAX_AUTO_N) {
    const exact = attemptExact(n1, n2, d);
    if (exact) return { statistic: exact.d, pValue: clip01(exact.p), mode: 'exact' };
    // scipy warns and falls through to the asymptotic distribution, keeping the lattice D.
    const dd = exactD(n1, n2, d);
    return { statistic: dd, pValue: clip01(asymp(dd, n1, n2)), mode: 'asymp' };
  }
  return { statistic: d, pValue: clip01(asymp(d, n1, n2)), mode: 'asymp' };
}

function exactD(n1: number, n2: number, d: number): number {
  const lcm = (n1 / gcd(n1, n2)) * n2;
  return roundHalfEven(d * lcm) / lcm;
}

function asymp(d: number, n1: number, n2: number): number {
  const m = Math.max(n1, n2);
  const n = Math.min(n1, n2);
  const en = (m * n) / (m + n);
  return kolmogornSf(roundHalfEven(en), d);
}

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p;
}

/** scipy's `_attempt_exact_2kssamp` for the two-sided alternative; null where scipy gives up. */
function attemptExact(n1: number, n2: number, d: number): { d: number; p: number } | null {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const dd = h / lcm;
  if (h === 0) return { d: dd, p: 1 };
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  if (!Number.isFinite(p) || !(p >= 0 && p <= 1)) return null;
  return { d: dd, p };
}

/**
 * P(D_{n,n} ≥ h/n) = 2·Σ_k (−1)^(k−1) C(2n, n−kh)/C(2n, n), evaluated Horner-style on the ratios to
 * avoid cancellation (scipy's `_compute_prob_outside_square`).
 */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  let k = Math.floor(n / h);
  while (k >= 0) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
    k--;
  }
  return 2 * p;
}

/**
 * Share of lattice paths from (0,0) to (m,n) that leave the band |x/m − y/n| < h/lcm: Hodges' inside
 * method with Viehmann's recursion for 1 − p, one sliding column at a time (scipy's
 * `_compute_outer_prob_inside_method`).
 */
function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const A = new Float64Array(lenA).fill(1);
  A.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (A[jj + minj - lastminj]! * i + val * j) / (i + j);
      A[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return A[maxj - minj - 1]!;
}
