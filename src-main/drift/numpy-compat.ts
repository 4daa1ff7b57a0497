/**
 * numpy's floating-point recipes, reproduced operation for operation so that sums, means, stds and
 * bin edges agree with numpy to the last bit (floating-point addition is not associative, so the
 * order is the result).
 */

/** numpy's PW_BLOCKSIZE: below this a block is summed with 8 interleaved accumulators. */
const PW_BLOCKSIZE = 128;
/** numpy's NPY_BUFSIZE: a reduction sees the array in buffers of this many elements. */
export const NP_BUFSIZE = 8192;

/**
 * numpy's `pairwise_sum` over `a[start, start + n)`: 8 accumulators for blocks of at most 128
 * elements, otherwise a recursive split at a multiple of 8.
 */
export function pairwiseSum(a: ArrayLike<number>, start: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[start + i]!;
    return res;
  }
  if (n <= PW_BLOCKSIZE) {
    let r0 = a[start]!, r1 = a[start + 1]!, r2 = a[start + 2]!, r3 = a[start + 3]!;
    let r4 = a[start + 4]!, r5 = a[start + 5]!, r6 = a[start + 6]!, r7 = a[start + 7]!;
    const stop = n - (n % 8);
    let i = 8;
    for (; i < stop; i += 8) {
      const p = start + i;
      r0 += a[p]!; r1 += a[p + 1]!; r2 += a[p + 2]!; r3 += a[p + 3]!;
      r4 += a[p + 4]!; r5 += a[p + 5]!; r6 += a[p + 6]!; r7 += a[p + 7]!;
    }
    let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
    for (; i < n; i++) res += a[start + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, start, n2) + pairwiseSum(a, start + n2, n - n2);
}

/**
 * `np.sum` of a contiguous float64 vector: the reduction starts from 0 and adds the pairwise sum of
 * each 8,192-element buffer in turn.
 */
export function npSum(a: ArrayLike<number>, start = 0, end = a.length): number {
  let s = 0;
  for (let i = start; i < end; i += NP_BUFSIZE) s += pairwiseSum(a, i, Math.min(NP_BUFSIZE, end - i));
  return s;
}

/**
 * Streams terms into numpy's summation order without materialising the whole array: terms fill an
 * 8,192-element buffer, and each full buffer is pairwise-summed into the running total.
 */
export class NpSummer {
  private readonly buf = new Float64Array(NP_BUFSIZE);
  private fill = 0;
  private total = 0;

  add(x: number): void {
    this.buf[this.fill++] = x;
    if (this.fill === NP_BUFSIZE) this.flush();
  }

  /** Adds `count` zeros (tie positions in a merged sort contribute exact zeros). */
  addZeros(count: number): void {
    while (count > 0) {
      const take = Math.min(count, NP_BUFSIZE - this.fill);
      this.buf.fill(0, this.fill, this.fill + take);
      this.fill += take;
      count -= take;
      if (this.fill === NP_BUFSIZE) this.flush();
    }
  }

  private flush(): void {
    this.total += pairwiseSum(this.buf, 0, this.fill);
    this.fill = 0;
  }

  result(): number {
    if (this.fill > 0) this.flush();
    return this.total;
  }
}

/**
 * `np.std(a, ddof=0)` (also pandas' `Series.std(ddof=0)`): two passes, the second summing the squared
 * deviations in numpy's order. Needs the values in their original row order.
 */
export function npStd(a: Float64Array): number {
  const n = a.length;
  const mean = npSum(a) / n;
  const sq = new Float64Array(Math.min(n, NP_BUFSIZE));
  let total = 0;
  for (let i = 0; i < n; i += NP_BUFSIZE) {
    const m = Math.min(NP_BUFSIZE, n - i);
    for (let k = 0; k < m; k++) {
      const d = a[i + k]! - mean;
      sq[k] = d * d;
    }
    total += pairwiseSum(sq, 0, m);
  }
  return Math.sqrt(total / n);
}

/**
 * `np.histogram_bin_edges(x, bins='sturges')` given only what it depends on: the size, minimum and
 * maximum of x. Equal-width edges from `np.linspace`, the last edge pinned to the maximum.
 */
export function sturgesEdges(size: number, min: number, max: number): Float64Array {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = (max - min) / (Math.log2(size) + 1.0);
  const bins = width ? Math.ceil((last - first) / width) : 1;
  return linspace(first, last, bins + 1);
}

/** `np.linspace(start, stop, num)` with endpoint: `i * step + start`, the last element set to stop. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0) {
    const step = delta / div;
    if (step === 0) {
      for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
    } else {
      for (let i = 0; i < num; i++) out[i] = i * step + start;
    }
    out[num - 1] = stop;
  } else if (num === 1) {
    out[0] = start;
  }
  return out;
}

/** `np.searchsorted(sorted, v, side)` on an ascending Float64Array. */
export function searchSorted(sorted: Float64Array, v: number, side: 'left' | 'right'): number {
  let lo = 0;
  let hi = sorted.length;
  if (side === 'left') {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
  } else {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! <= v) lo = mid + 1;
      else hi = mid;
    }
  }
  return lo;
}

/**
 * `np.histogram(x, edges)[0]` for sorted x: bins are half-open except the last, which includes its
 * right edge; values outside the edges are not counted.
 */
export function histogramSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const nb = edges.length - 1;
  const counts = new Float64Array(Math.max(nb, 0));
  let prev = searchSorted(sorted, edges[0]!, 'left');
  for (let i = 1; i <= nb; i++) {
    const cum = i === nb ? searchSorted(sorted, edges[i]!, 'right') : searchSorted(sorted, edges[i]!, 'left');
    counts[i - 1] = cum - prev;
    prev = cum;
  }
  return counts;
}
