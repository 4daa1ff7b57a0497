/**
 * Category counts for both sides over the union of their categories, whether the categories are
 * strings (dictionary codes) or numbers treated as categories.
 */
import { numberLabel, type ColumnData } from './column-data.js';
import type { CategoryHistogram } from './types.js';

export interface CategoryCounts {
  /** Union of categories, sorted as Python's sorted() would (numbers numerically, else by text). */
  labels: string[];
  reference: Float64Array;
  current: Float64Array;
  nReference: number;
  nCurrent: number;
}

/** Counts per label of one side; numbers become their shortest round-trip text. */
export function countLabels(col: ColumnData): Map<string, number> {
  const out = new Map<string, number>();
  if (col.codes && col.labels) {
    const perCode = new Float64Array(col.labels.length);
    for (let i = 0; i < col.codes.length; i++) perCode[col.codes[i]!]!++;
    for (let c = 0; c < perCode.length; c++) {
      if (perCode[c]! > 0) out.set(col.labels[c]!, (out.get(col.labels[c]!) ?? 0) + perCode[c]!);
    }
    return out;
  }
  const nums = col.numbers ?? new Float64Array(0);
  const byValue = new Map<number, number>();
  for (let i = 0; i < nums.length; i++) {
    const v = nums[i]! === 0 ? 0 : nums[i]!; // -0 and +0 are one category
    byValue.set(v, (byValue.get(v) ?? 0) + 1);
  }
  for (const [v, n] of byValue) out.set(col.kind === 'boolean' ? (v ? 'True' : 'False') : numberLabel(v), n);
  return out;
}

/**
 * Rewrites labels that are numbers in another spelling ("1.50", "1e3") to the canonical text, so a
 * side read as strings lines up with a side read as numbers.
 */
export function canonicalNumberLabels(counts: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [label, n] of counts) {
    const t = label.trim();
    const v = t !== '' && /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
    const key = Number.isFinite(v) ? numberLabel(v) : label;
    out.set(key, (out.get(key) ?? 0) + n);
  }
  return out;
}

/** Aligns two label→count maps over the union of labels. */
export function alignCounts(ref: Map<string, number>, cur: Map<string, number>): CategoryCounts {
  const set = new Set<string>([...ref.keys(), ...cur.keys()]);
  const labels = [...set];
  const numeric = labels.every((l) => l !== '' && Number.isFinite(Number(l)));
  if (numeric) labels.sort((a, b) => Number(a) - Number(b));
  else labels.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const reference = new Float64Array(labels.length);
  const current = new Float64Array(labels.length);
  let nReference = 0;
  let nCurrent = 0;
  labels.forEach((l, i) => {
    reference[i] = ref.get(l) ?? 0;
    current[i] = cur.get(l) ?? 0;
    nReference += reference[i]!;
    nCurrent += current[i]!;
  });
  return { labels, reference, current, nReference, nCurrent };
}

/** For the UI: the most frequent categories (both sides together), the rest summed as "other". */
export function categoryHistogram(counts: CategoryCounts, limit = 30): CategoryHistogram {
  const order = counts.labels.map((_, i) => i);
  if (order.length > limit) {
    order.sort((a, b) => counts.reference[b]! + counts.current[b]! - (counts.reference[a]! + counts.current[a]!));
  }
  const shown = order.slice(0, limit).sort((a, b) => a - b);
  const hidden = order.slice(limit);
  return {
    kind: 'categories',
    labels: shown.map((i) => counts.labels[i]!),
    reference: shown.map((i) => counts.reference[i]!),
    current: shown.map((i) => counts.current[i]!),
    otherReference: hidden.reduce((s, i) => s + counts.reference[i]!, 0),
    otherCurrent: hidden.reduce((s, i) => s + counts.current[i]!, 0),
  };
}

/** Length in Unicode code points (Python's len), for comparing text columns by value length. */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const p = s.charCodeAt(i - 1);
      if (p >= 0xd800 && p <= 0xdbff) n--;
    }
  }
  return n;
}

/** Per-row value lengths of a string column, in row order. */
export function textLengths(col: ColumnData): Float64Array {
  if (!col.codes || !col.labels) {
    const nums = col.numbers ?? new Float64Array(0);
    return Float64Array.from(nums, (v) => numberLabel(v).length);
  }
  const perLabel = col.labels.map(codePointLength);
  const out = new Float64Array(col.codes.length);
  for (let i = 0; i < out.length; i++) out[i] = perLabel[col.codes[i]!]!;
  return out;
}
