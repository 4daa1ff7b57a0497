/**
 * One column, start to finish: reconcile the two sides' value kinds, detect the column type,
 * choose the test as Evidently does by default (or take the caller's), run it, and describe the
 * result with histogram data for the UI. Pure computation, so it runs the same in a worker.
 */
import {
  alignCounts, canonicalNumberLabels, categoryHistogram, countLabels, textLengths, type CategoryCounts,
} from './categories.js';
import { numberLabel, type ColumnData } from './column-data.js';
import {
  chiSquareTest, hellingerCategorical, hellingerNumeric, jensenShannon, klDivergence, psi, shares, zTest,
} from './count-tests.js';
import { ksTwoSamplePValue } from './ks-pvalue.js';
import { histogramSorted, npStd, sturgesEdges } from './numpy-compat.js';
import { sortNumbers } from './radix-sort.js';
import { mergeStats, valueCountsSorted } from './two-sample.js';
import {
  DEFAULT_THRESHOLDS, DriftOptionError, P_VALUE_METHODS, PSI_CRITICAL, PSI_WARNING,
  type ColumnDrift, type ColumnType, type DriftMethod, type ExtraStatistic, type Histogram, type SkippedColumn,
} from './types.js';

export interface ColumnSpec {
  type?: ColumnType;
  method?: DriftMethod;
  threshold?: number;
  /** Statistics to report besides the column's test (not used for the verdict). */
  extraMethods?: DriftMethod[];
  referencePath: string;
  currentPath: string;
}

export type ColumnOutcome = { ok: true; result: ColumnDrift } | { ok: false; skipped: SkippedColumn };

/** Evidently: integers with at most this many distinct reference values are categorical. */
const MAX_CATEGORICAL_INTEGERS = 10;
/** Evidently's sample-size switch between p-value tests and distances. */
const SMALL_SAMPLE_ROWS = 1000;
/** Evidently bins numbers by Sturges only above this many distinct reference values. */
const BIN_ABOVE_DISTINCT = 20;

const isNumericKind = (c: ColumnData): boolean => c.kind === 'integer' || c.kind === 'float' || c.kind === 'boolean';
const nonMissing = (c: ColumnData): number => (c.numbers?.length ?? 0) + (c.codes?.length ?? 0);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Evidently's default test for a column (n = distinct values over both sides, rows = reference rows). */
export function defaultMethod(type: ColumnType, distinct: number, referenceRows: number): DriftMethod {
  const numeric = type !== 'categorical';
  if (referenceRows <= SMALL_SAMPLE_ROWS) {
    if (numeric && distinct > 5) return 'ks';
    if (distinct > 2) return 'chisquare';
    return 'z';
  }
  return numeric && distinct > 5 ? 'wasserstein' : 'jensenshannon';
}

/** Analyses one column present on both sides. */
export function analyzeColumn(name: string, ref: ColumnData, cur: ColumnData, spec: ColumnSpec): ColumnOutcome {
  const notes: string[] = [];
  const skip = (reason: string): ColumnOutcome => ({ ok: false, skipped: { name, reason } });
  for (const [c, path] of [[ref, spec.referencePath], [cur, spec.currentPath]] as const) {
    if (c.kind === 'other') return skip(`type ${c.sourceType ?? 'unknown'} in ${path} is not compared (only numbers and text are)`);
    if (nonMissing(c) === 0) {
      return skip(c.rows === 0 ? `${path} has no rows` : `all ${c.rows} values are missing in ${path}`);
    }
    if (c.infinite > 0) notes.push(`${c.infinite} infinite value(s) in ${path} counted as missing`);
    if (c.invalidUtf8 > 0) notes.push(`${c.invalidUtf8} value(s) in ${path} were not valid UTF-8 (bytes replaced with U+FFFD)`);
  }
  const missRef = ref.missing / Math.max(ref.rows, 1);
  const missCur = cur.missing / Math.max(cur.rows, 1);
  if (Math.abs(missRef - missCur) >= 0.1) notes.push(`missing share changed from ${pct(missRef)} to ${pct(missCur)}`);

  const bothNumeric = isNumericKind(ref) && isNumericKind(cur);
  if (ref.kind !== cur.kind) {
    notes.push(bothNumeric
      ? `values are ${ref.kind} in ${spec.referencePath} but ${cur.kind} in ${spec.currentPath}; compared as numbers`
      : `values are ${ref.kind} in ${spec.referencePath} but ${cur.kind} in ${spec.currentPath}; compared as text categories`);
  }
  const type = spec.type ?? detectType(ref, cur, bothNumeric);
  if (spec.method === 'ks' || spec.method === 'wasserstein') {
    if (type === 'categorical') throw new DriftOptionError(`column '${name}' is categorical; ${spec.method} needs numbers (use --num to treat it as numeric)`, undefined, name);
  }

  let prepared: Prepared;
  if (type === 'categorical') {
    prepared = prepareCategorical(categoryCounts(ref, cur, bothNumeric), spec.method);
  } else {
    const [a, b] = numericValues(name, ref, cur, type, spec);
    if (type === 'text') notes.push('text is compared by the length of its values (characters)');
    const booleans = ref.kind === 'boolean' && cur.kind === 'boolean';
    prepared = prepareNumeric(a, b, type, spec.method, booleans ? (v) => (v ? 'True' : 'False') : numberLabel);
  }
  const main = prepared.compute(prepared.method);
  const threshold = spec.threshold ?? DEFAULT_THRESHOLDS[prepared.method];
  if (prepared.method === 'chisquare' && main.statistic === Infinity) {
    notes.push('a category appears only in current (expected count 0), so χ² is infinite and p = 0');
  }
  const result: ColumnDrift = {
    name, type, method: prepared.method, statistic: main.statistic, pValue: main.pValue, threshold,
    drifted: isDrifted(prepared.method, main.statistic, main.pValue, threshold),
    missingReference: ref.missing, missingCurrent: cur.missing, rowsReference: ref.rows, rowsCurrent: cur.rows,
    missingShareReference: missRef, missingShareCurrent: missCur, distinctValues: prepared.distinctValues,
    histogram: prepared.histogram, notes,
  };
  if (prepared.basis) result.basis = prepared.basis;
  if (prepared.method === 'psi') result.psiLevel = psiLevel(main.statistic);
  const extra: ExtraStatistic[] = [];
  for (const m of spec.extraMethods ?? []) {
    if (m === prepared.method) continue;
    if (type === 'categorical' && (m === 'ks' || m === 'wasserstein')) continue; // needs numbers
    const r = prepared.compute(m);
    const t = DEFAULT_THRESHOLDS[m];
    const e: ExtraStatistic = { method: m, statistic: r.statistic, pValue: r.pValue, threshold: t, drifted: isDrifted(m, r.statistic, r.pValue, t) };
    if (m === 'psi') e.psiLevel = psiLevel(r.statistic);
    extra.push(e);
  }
  if (extra.length > 0) result.extra = extra;
  return { ok: true, result };
}

const psiLevel = (x: number): 'ok' | 'warning' | 'critical' => (x > PSI_CRITICAL ? 'critical' : x >= PSI_WARNING ? 'warning' : 'ok');

/** Evidently's rule: drift when p ≤ threshold for KS, p < threshold for χ² and Z, distance ≥ threshold otherwise. */
export function isDrifted(method: DriftMethod, statistic: number, pValue: number | null, threshold: number): boolean {
  if (method === 'ks') return pValue! <= threshold;
  if (P_VALUE_METHODS.has(method)) return pValue! < threshold;
  return statistic >= threshold;
}

/**
 * Evidently's column typing: float → numerical; integer with ≤ 10 distinct reference values →
 * categorical, else numerical; booleans are numeric to pandas, so numerical; strings → text when
 * distinct values exceed half the non-missing reference values, else categorical. One deliberate
 * difference: integers with missing values stay integers (pandas' CSV reader turns them into floats,
 * which would make a 0–5 rating numerical only because a cell is empty). Integer on one side and
 * float on the other is numerical.
 */
export function detectType(ref: ColumnData, cur: ColumnData, bothNumeric: boolean): ColumnType {
  if (bothNumeric) {
    if (ref.kind === 'float' || cur.kind === 'float' || ref.kind === 'boolean' || cur.kind === 'boolean') return 'numerical';
    return distinctNumbers(ref.numbers!) <= MAX_CATEGORICAL_INTEGERS ? 'categorical' : 'numerical';
  }
  const side = ref.kind === 'string' ? ref : cur;
  const distinct = countLabels(side).size;
  return distinct > 0.5 * nonMissing(side) ? 'text' : 'categorical';
}

function distinctNumbers(a: Float64Array): number {
  const seen = new Set<number>();
  for (let i = 0; i < a.length; i++) {
    seen.add(a[i]! === 0 ? 0 : a[i]!);
    if (seen.size > MAX_CATEGORICAL_INTEGERS) break;
  }
  return seen.size;
}

function categoryCounts(ref: ColumnData, cur: ColumnData, bothNumeric: boolean): CategoryCounts {
  let r = countLabels(ref);
  let c = countLabels(cur);
  if (!bothNumeric && ref.kind !== cur.kind) {
    r = canonicalNumberLabels(r);
    c = canonicalNumberLabels(c);
  }
  return alignCounts(r, c);
}

/** Values to compare as numbers: the numbers themselves, text lengths, or labels forced to numbers. */
function numericValues(name: string, ref: ColumnData, cur: ColumnData, type: ColumnType, spec: ColumnSpec): [Float64Array, Float64Array] {
  if (type === 'text') return [textLengths(ref), textLengths(cur)];
  const side = (c: ColumnData, path: string): Float64Array => {
    if (c.numbers) return c.numbers;
    const perLabel = c.labels!.map((l) => {
      const v = Number(l.trim());
      if (l.trim() === '' || !Number.isFinite(v)) {
        throw new DriftOptionError(`column '${name}' is treated as numeric, but ${path} has the value '${l}', which is not a number`, path, name);
      }
      return v;
    });
    return Float64Array.from(c.codes!, (code) => perLabel[code]!);
  };
  return [side(ref, spec.referencePath), side(cur, spec.currentPath)];
}

/** A column ready for testing: its default (or requested) method, and any method on demand. */
interface Prepared {
  method: DriftMethod;
  distinctValues: number;
  histogram: Histogram;
  basis?: 'text length';
  compute(method: DriftMethod): { statistic: number; pValue: number | null };
}

function prepareCategorical(counts: CategoryCounts, requested: DriftMethod | undefined): Prepared {
  const distinct = counts.labels.length;
  return {
    method: requested ?? defaultMethod('categorical', distinct, counts.nReference),
    distinctValues: distinct,
    histogram: categoryHistogram(counts),
    compute: (m) => countStatistic(m, counts.reference, counts.current, counts.nReference, counts.nCurrent),
  };
}

/** A test over aligned counts (categories, distinct values or bins). */
function countStatistic(method: DriftMethod, ref: Float64Array, cur: Float64Array, nRef: number, nCur: number): { statistic: number; pValue: number | null } {
  switch (method) {
    case 'chisquare': {
      const r = chiSquareTest(ref, cur, nRef, nCur);
      return { statistic: r.statistic, pValue: Number.isNaN(r.pValue) ? 1 : r.pValue };
    }
    case 'z': {
      const r = zTest(ref, cur, nRef, nCur, 0);
      return { statistic: r.statistic, pValue: r.pValue };
    }
    case 'psi': return { statistic: psi(shares(ref, nRef, true), shares(cur, nCur, true)), pValue: null };
    case 'kl': return { statistic: klDivergence(shares(ref, nRef, true), shares(cur, nCur, true)), pValue: null };
    case 'jensenshannon': return { statistic: jensenShannon(shares(ref, nRef, false), shares(cur, nCur, false)), pValue: null };
    case 'hellinger': return { statistic: hellingerCategorical(ref, cur, nRef, nCur), pValue: null };
    default: throw new DriftOptionError(`${method} needs numeric values`);
  }
}

/**
 * Numbers: std of the reference in row order (numpy's summation order depends on it), then both
 * sides sorted in place and merged once for KS, Wasserstein and the distinct counts.
 */
function prepareNumeric(ref: Float64Array, cur: Float64Array, type: ColumnType, requested: DriftMethod | undefined,
  label: (v: number) => string): Prepared {
  const refStd = npStd(ref);
  sortNumbers(ref);
  sortNumbers(cur);
  const m = mergeStats(ref, cur);
  const min = Math.min(ref[0]!, cur[0]!);
  const max = Math.max(ref[ref.length - 1]!, cur[cur.length - 1]!);
  // Evidently bins by Sturges over both sides above 20 distinct reference values, else per value.
  const binned = m.distinctReference > BIN_ABOVE_DISTINCT;
  const edges = sturgesEdges(ref.length + cur.length, min, max);
  const perValue = binned || m.distinct > 30 ? null : valueCountsSorted(ref, cur, m.distinct);
  let bins: [Float64Array, Float64Array] | null = null;
  const binCounts = (): [Float64Array, Float64Array] => {
    if (binned) return (bins ??= [histogramSorted(ref, edges), histogramSorted(cur, edges)]);
    const vc = valueCountsSorted(ref, cur, m.distinct);
    return [vc.reference, vc.current];
  };
  const compute = (method: DriftMethod): { statistic: number; pValue: number | null } => {
    switch (method) {
      case 'ks': {
        const r = ksTwoSamplePValue(m.ks, ref.length, cur.length);
        return { statistic: r.statistic, pValue: r.pValue };
      }
      case 'wasserstein':
        return { statistic: m.wasserstein / Math.max(refStd, 0.001), pValue: null };
      case 'hellinger': {
        // Evidently bins the distinct values (not the rows) by Sturges for this one.
        const hEdges = sturgesEdges(m.distinct, min, max);
        return { statistic: hellingerNumeric(histogramSorted(ref, hEdges), histogramSorted(cur, hEdges), hEdges, min, max), pValue: null };
      }
      case 'chisquare':
      case 'z': {
        const vc = perValue ?? valueCountsSorted(ref, cur, m.distinct);
        return countStatistic(method, vc.reference, vc.current, ref.length, cur.length);
      }
      default: {
        const [r, c] = binCounts();
        return countStatistic(method, r, c, ref.length, cur.length);
      }
    }
  };
  const histogram: Histogram = perValue
    ? categoryHistogram({ labels: Array.from(perValue.values, label), reference: perValue.reference, current: perValue.current, nReference: ref.length, nCurrent: cur.length })
    : { kind: 'bins', edges: Array.from(edges), reference: Array.from(histogramSorted(ref, edges)), current: Array.from(histogramSorted(cur, edges)) };
  const prepared: Prepared = { method: requested ?? defaultMethod(type, m.distinct, ref.length), distinctValues: m.distinct, histogram, compute };
  if (type === 'text') prepared.basis = 'text length';
  return prepared;
}
