/**
 * Tests on counts (categories, distinct values or histogram bins), each matching what Evidently runs
 * on top of scipy: chi-square goodness of fit, the pooled two-proportion Z-test, Jensen–Shannon,
 * PSI, KL divergence and Hellinger distance.
 */
import { npSum } from './numpy-compat.js';
import { chi2Sf, ndtr } from './special.js';

export interface PValueResult {
  statistic: number;
  pValue: number;
}

/**
 * `scipy.stats.chisquare(f_obs=current counts, f_exp=reference counts · n_cur/n_ref)`. A category
 * seen only in current has an expected count of 0, so the statistic is infinite and p = 0.
 */
export function chiSquareTest(ref: ArrayLike<number>, cur: ArrayLike<number>, nRef: number, nCur: number): PValueResult {
  const k = ref.length;
  const kNorm = nCur / nRef;
  const terms = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const exp = ref[i]! * kNorm;
    const d = cur[i]! - exp;
    terms[i] = exp === 0 ? (d === 0 ? NaN : Infinity) : (d * d) / exp;
  }
  const statistic = npSum(terms);
  if (statistic === Infinity) return { statistic, pValue: 0 };
  return { statistic, pValue: chi2Sf(statistic, k - 1) };
}

/**
 * Evidently's two-proportion Z-test: the share of values other than the smallest key on each side,
 * pooled standard error, two-sided p = 2·(1 − Φ(|z|)). Identical single-valued sides give p = 1.
 * `firstKey` is the index of the smallest key in the count arrays.
 */
export function zTest(ref: ArrayLike<number>, cur: ArrayLike<number>, nRef: number, nCur: number, firstKey: number): PValueResult {
  let refNonZero = 0;
  let curNonZero = 0;
  for (let i = 0; i < ref.length; i++) {
    if (ref[i]! > 0) refNonZero++;
    if (cur[i]! > 0) curNonZero++;
  }
  if (refNonZero === 1 && curNonZero === 1) {
    for (let i = 0; i < ref.length; i++) if (ref[i]! > 0 && cur[i]! > 0) return { statistic: 0, pValue: 1 };
  }
  const p1 = (nRef - ref[firstKey]!) / nRef;
  const p2 = (nCur - cur[firstKey]!) / nCur;
  const pooled = (p1 * nRef + p2 * nCur) / (nRef + nCur);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1.0 / nRef + 1.0 / nCur));
  return { statistic: z, pValue: 2 * (1 - ndtr(Math.abs(z))) };
}

/**
 * Evidently's `get_binned_data` shares: counts / n per bin. With `fillZeroes`, a zero share becomes
 * min(non-zero share)/1e6 when that minimum is ≤ 1e-4, else 1e-4 (so logs stay finite).
 */
export function shares(counts: ArrayLike<number>, n: number, fillZeroes: boolean): Float64Array {
  const out = new Float64Array(counts.length);
  let minNonZero = Infinity;
  for (let i = 0; i < counts.length; i++) {
    out[i] = counts[i]! / n;
    if (out[i]! !== 0 && out[i]! < minNonZero) minNonZero = out[i]!;
  }
  if (fillZeroes && minNonZero !== Infinity) {
    const eps = minNonZero <= 0.0001 ? minNonZero / 10 ** 6 : 0.0001;
    for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = eps;
  }
  return out;
}

/** Population stability index Σ (r − c)·ln(r/c) over epsilon-filled shares. */
export function psi(refShares: Float64Array, curShares: Float64Array): number {
  const terms = new Float64Array(refShares.length);
  for (let i = 0; i < terms.length; i++) {
    const r = refShares[i]!;
    const c = curShares[i]!;
    terms[i] = (r - c) * Math.log(r / c);
  }
  return npSum(terms);
}

/** scipy.special.rel_entr. */
function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

function normalise(p: Float64Array): Float64Array {
  const s = npSum(p);
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i]! / s;
  return out;
}

/** `scipy.spatial.distance.jensenshannon(p, q)` with the natural logarithm. */
export function jensenShannon(pIn: Float64Array, qIn: Float64Array): number {
  const p = normalise(pIn);
  const q = normalise(qIn);
  const left = new Float64Array(p.length);
  const right = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const m = (p[i]! + q[i]!) / 2.0;
    left[i] = relEntr(p[i]!, m);
    right[i] = relEntr(q[i]!, m);
  }
  const js = npSum(left) + npSum(right);
  return Math.sqrt(js / 2.0);
}

/** `scipy.stats.entropy(p, q)`: KL divergence of the normalised shares, natural log. */
export function klDivergence(pIn: Float64Array, qIn: Float64Array): number {
  const p = normalise(pIn);
  const q = normalise(qIn);
  const terms = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) terms[i] = relEntr(p[i]!, q[i]!);
  return npSum(terms);
}

/**
 * Evidently's Hellinger distance on categories: sqrt(1 − Σ sqrt(p·q)), p and q the shares per
 * category, the Bhattacharyya sum clipped to [0, 1].
 */
export function hellingerCategorical(ref: ArrayLike<number>, cur: ArrayLike<number>, nRef: number, nCur: number): number {
  let bc = 0;
  for (let i = 0; i < ref.length; i++) bc += Math.sqrt((ref[i]! / nRef) * (cur[i]! / nCur));
  bc = Math.min(Math.max(bc, 0), 1);
  return Math.sqrt(1 - bc);
}

/**
 * Evidently's Hellinger distance on numbers: density histograms over Sturges edges of the distinct
 * values, Σ sqrt(p·q)·w with w = (max − min)/bins. With a single distinct value Evidently's width is
 * 0 and it reports 1 (maximal drift) for identical data; that case is 0 here.
 */
export function hellingerNumeric(refCounts: Float64Array, curCounts: Float64Array, edges: Float64Array, min: number, max: number): number {
  if (min === max) return 0;
  const nb = refCounts.length;
  const rTotal = npSum(refCounts);
  const cTotal = npSum(curCounts);
  const width = (max - min) / nb;
  let bc = 0;
  for (let i = 0; i < nb; i++) {
    const db = edges[i + 1]! - edges[i]!;
    const h1 = refCounts[i]! / db / rTotal;
    const h2 = curCounts[i]! / db / cTotal;
    bc += Math.sqrt(h1 * h2) * width;
  }
  bc = Math.min(Math.max(bc, 0), 1);
  return Math.sqrt(1 - bc);
}
