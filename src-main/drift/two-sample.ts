/**
 * One merge over two sorted samples yields everything the numeric tests need: the two-sample KS
 * statistic (as scipy's `ks_2samp`), the first Wasserstein distance (as scipy's
 * `wasserstein_distance`, summed in numpy's order), and the distinct-value counts that drive the
 * choice of test.
 */
import { NpSummer } from './numpy-compat.js';

export interface MergeStats {
  /** max |F_ref − F_cur| over the pooled values, as `ks_2samp` computes it. */
  ks: number;
  wasserstein: number;
  /** Distinct values over both samples together. */
  distinct: number;
  distinctReference: number;
  distinctCurrent: number;
}

/**
 * Walks the pooled sorted values group by group (a group is one distinct value). Both ECDFs are taken
 * after the whole group, as `searchsorted(..., side='right')` does; scipy's Wasserstein sum has one
 * term per pooled element, zero inside a group, so zeros are fed at the same positions to keep
 * numpy's pairwise blocks aligned.
 */
export function mergeStats(ref: Float64Array, cur: Float64Array): MergeStats {
  const n1 = ref.length;
  const n2 = cur.length;
  let i = 0;
  let j = 0;
  let maxDiff = -Infinity;
  let minDiff = Infinity;
  let distinct = 0;
  let distinctRef = 0;
  let distinctCur = 0;
  const summer = new NpSummer();
  while (i < n1 || j < n2) {
    const a = i < n1 ? ref[i]! : Infinity;
    const b = j < n2 ? cur[j]! : Infinity;
    // Infinity never occurs in the data (it counts as missing), so it is a safe sentinel.
    const v = a < b ? a : b;
    const i0 = i;
    const j0 = j;
    while (i < n1 && ref[i] === v) i++;
    while (j < n2 && cur[j] === v) j++;
    distinct++;
    if (i > i0) distinctRef++;
    if (j > j0) distinctCur++;
    const diff = i / n1 - j / n2;
    if (diff > maxDiff) maxDiff = diff;
    if (diff < minDiff) minDiff = diff;
    const group = i - i0 + (j - j0);
    if (i < n1 || j < n2) {
      const next = Math.min(i < n1 ? ref[i]! : Infinity, j < n2 ? cur[j]! : Infinity);
      summer.addZeros(group - 1);
      summer.add(Math.abs(diff) * (next - v));
    } else {
      summer.addZeros(group - 1);
    }
  }
  // ks_2samp: minS = clip(-min(cddiffs), 0, 1); the statistic is the larger of the two sides.
  const minS = Math.min(Math.max(-minDiff, 0), 1);
  const ks = minS > maxDiff ? minS : maxDiff;
  return { ks, wasserstein: summer.result(), distinct, distinctReference: distinctRef, distinctCurrent: distinctCur };
}

/** Distinct values with their counts on each side, from two sorted samples. */
export interface ValueCounts {
  values: Float64Array;
  reference: Float64Array;
  current: Float64Array;
}

/** Counts per distinct value over both sorted samples (for tests that treat numbers as categories). */
export function valueCountsSorted(ref: Float64Array, cur: Float64Array, distinct: number): ValueCounts {
  const values = new Float64Array(distinct);
  const rc = new Float64Array(distinct);
  const cc = new Float64Array(distinct);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < ref.length || j < cur.length) {
    const a = i < ref.length ? ref[i]! : Infinity;
    const b = j < cur.length ? cur[j]! : Infinity;
    const v = a < b ? a : b;
    const i0 = i;
    const j0 = j;
    while (i < ref.length && ref[i] === v) i++;
    while (j < cur.length && cur[j] === v) j++;
    values[k] = v;
    rc[k] = i - i0;
    cc[k] = j - j0;
    k++;
  }
  return { values, reference: rc, current: cc };
}
