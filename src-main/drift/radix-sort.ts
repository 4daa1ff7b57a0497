/**
 * LSD radix sort for Float64Array (no NaN): about 3× faster than TypedArray#sort on a million values,
 * which matters because every numeric column is sorted on both sides.
 *
 * Each double's bits become an unsigned key that orders like the number (flip the sign bit of
 * positives, all bits of negatives), are sorted by four 16-bit digits, and are mapped back. -0 sorts
 * just before +0; they compare equal, so the merge treats them as one value, as numpy does.
 */
export function radixSortFloat64(values: Float64Array, scratch?: Float64Array): Float64Array {
  const n = values.length;
  if (n < 2) return values;
  if (n < 512) return values.sort();
  const tmp = scratch && scratch.length >= n ? scratch.subarray(0, n) : new Float64Array(n);
  const a = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const b = new Uint32Array(tmp.buffer, tmp.byteOffset, n * 2);

  // To sortable keys, and one histogram per 16-bit digit in the same pass.
  const hist = new Uint32Array(4 * 65536);
  for (let i = 0; i < n; i++) {
    const lo = a[2 * i]!;
    const hi = a[2 * i + 1]!;
    let klo: number, khi: number;
    if (hi & 0x80000000) {
      klo = ~lo >>> 0;
      khi = ~hi >>> 0;
    } else {
      klo = lo;
      khi = (hi | 0x80000000) >>> 0;
    }
    a[2 * i] = klo;
    a[2 * i + 1] = khi;
    hist[klo & 0xffff]!++;
    hist[65536 + (klo >>> 16)]!++;
    hist[131072 + (khi & 0xffff)]!++;
    hist[196608 + (khi >>> 16)]!++;
  }

  let src = a;
  let dst = b;
  for (let d = 0; d < 4; d++) {
    const base = d * 65536;
    // A digit shared by every key (typical for the top bits) needs no pass.
    let skip = false;
    for (let k = 0; k < 65536; k++) {
      const c = hist[base + k]!;
      if (c === n) { skip = true; break; }
      if (c !== 0) break;
    }
    if (skip) continue;
    let sum = 0;
    for (let k = 0; k < 65536; k++) {
      const c = hist[base + k]!;
      hist[base + k] = sum;
      sum += c;
    }
    const word = d < 2 ? 0 : 1;
    const shift = d % 2 === 0 ? 0 : 16;
    for (let i = 0; i < n; i++) {
      const lo = src[2 * i]!;
      const hi = src[2 * i + 1]!;
      const key = word === 0 ? lo : hi;
      const digit = shift === 0 ? key & 0xffff : key >>> 16;
      const pos = hist[base + digit]!++;
      dst[2 * pos] = lo;
      dst[2 * pos + 1] = hi;
    }
    const t = src;
    src = dst;
    dst = t;
  }

  // Back from keys to doubles, into `values`.
  for (let i = 0; i < n; i++) {
    const klo = src[2 * i]!;
    const khi = src[2 * i + 1]!;
    if (khi & 0x80000000) {
      a[2 * i] = klo;
      a[2 * i + 1] = (khi & 0x7fffffff) >>> 0;
    } else {
      a[2 * i] = ~klo >>> 0;
      a[2 * i + 1] = ~khi >>> 0;
    }
  }
  return values;
}
