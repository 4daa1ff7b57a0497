/**
 * What every column goes through once its values are summarised, whether the summary came from
 * arrays in memory or from DuckDB out of core: the checks and notes on each side, Evidently's
 * typing and choice of test, the statistic, and the ColumnDrift with its histogram.
 */
import { categoryHistogram, type CategoryCounts } from './categories.js';
import type { ValueKind } from './column-data.js';
import {
  chiSquareTest, hellingerCategorical, hellingerNumeric, jensenShannon, klDivergence, psi, shares, zTest,
} from './count-tests.js';
import { ksTwoSamplePValue } from './ks-pvalue.js';
import type { ValueCounts } from './two-sample.js';
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

/** One side of a column, before any statistic. */
export interface SideFacts {
  kind: ValueKind;
  rows: number;
  missing: number;
  infinite: number;
  invalidUtf8: number;
  nonMissing: number;
  sourceType?: string;
}

/** Evidently: integers with at most this many distinct reference values are categorical. */
export const MAX_CATEGORICAL_INTEGERS = 10;
/** Evidently's sample-size switch between p-value tests and distances. */
const SMALL_SAMPLE_ROWS = 1000;
/** Evidently bins numbers by Sturges only above this many distinct reference values. */
const BIN_ABOVE_DISTINCT = 20;
/** The UI gets one bar per value up to this many distinct numbers, bins above. */
const MAX_VALUE_BARS = 30;

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
export const isNumericKind = (k: ValueKind): boolean => k === 'integer' || k === 'float' || k === 'boolean';

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

/** Evidently's rule: drift when p ≤ threshold for KS, p < threshold for χ² and Z, distance ≥ threshold otherwise. */
export function isDrifted(method: DriftMethod, statistic: number, pValue: number | null, threshold: number): boolean {
  if (method === 'ks') return pValue! <= threshold;
  if (P_VALUE_METHODS.has(method)) return pValue! < threshold;
  return statistic >= threshold;
}

const psiLevel = (x: number): 'ok' | 'warning' | 'critical' => (x > PSI_CRITICAL ? 'critical' : x >= PSI_WARNING ? 'warning' : 'ok');

export interface SidesContext {
  notes: string[];
  missRef: number;
  missCur: number;
  bothNumeric: boolean;
}

/** Skips a side that cannot be tested; otherwise the notes both sides call for. */
export function reconcileSides(name: string, ref: SideFacts, cur: SideFacts, spec: ColumnSpec): { skipped: SkippedColumn } | SidesContext {
  const notes: string[] = [];
  for (const [c, path] of [[ref, spec.referencePath], [cur, spec.currentPath]] as const) {
    if (c.kind === 'other') return { skipped: { name, reason: `type ${c.sourceType ?? 'unknown'} in ${path} is not compared (only numbers and text are)` } };
    if (c.nonMissing === 0) return { skipped: { name, reason: c.rows === 0 ? `${path} has no rows` : `all ${c.rows} values are missing in ${path}` } };
    if (c.infinite > 0) notes.push(`${c.infinite} infinite value(s) in ${path} counted as missing`);
    if (c.invalidUtf8 > 0) notes.push(`${c.invalidUtf8} value(s) in ${path} were not valid UTF-8 (bytes replaced with U+FFFD)`);
  }
  const missRef = ref.missing / Math.max(ref.rows, 1);
  const missCur = cur.missing / Math.max(cur.rows, 1);
  if (Math.abs(missRef - missCur) >= 0.1) notes.push(`missing share changed from ${pct(missRef)} to ${pct(missCur)}`);
  const bothNumeric = isNumericKind(ref.kind) && isNumericKind(cur.kind);
  if (ref.kind !== cur.kind) {
    notes.push(`values are ${ref.kind} in ${spec.referencePath} but ${cur.kind} in ${spec.currentPath}; `
      + (bothNumeric ? 'compared as numbers' : 'compared as text categories'));
  }
  return { notes, missRef, missCur, bothNumeric };
}

/**
 * Evidently's column typing: float → numerical; integer with ≤ 10 distinct reference values →
 * categorical, else numerical; booleans are numeric to pandas, so numerical; strings → text when
 * distinct values exceed half the non-missing reference values, else categorical. One deliberate
 * difference: integers with missing values stay integers (pandas' CSV reader turns them into floats,
 * which would make a 0–5 rating numerical only because a cell is empty). Integer on one side and
 * float on the other is numerical. The distinct counts are asked for only when needed.
 */
export function detectType(ref: SideFacts, cur: SideFacts, bothNumeric: boolean,
  referenceIntegersDistinct: () => number, stringSideDistinct: () => { distinct: number; nonMissing: number }): ColumnType {
  if (bothNumeric) {
    if (ref.kind === 'integer' && cur.kind === 'integer') {
      return referenceIntegersDistinct() <= MAX_CATEGORICAL_INTEGERS ? 'categorical' : 'numerical';
    }
    return 'numerical';
  }
  const s = stringSideDistinct();
  return s.distinct > 0.5 * s.nonMissing ? 'text' : 'categorical';
}

/** A column ready for testing: its default (or requested) method, and any method on demand. */
export interface Prepared {
  method: DriftMethod;
  distinctValues: number;
  histogram: Histogram;
  basis?: 'text length';
  compute(method: DriftMethod): { statistic: number; pValue: number | null };
}

export function prepareCategorical(counts: CategoryCounts, requested: DriftMethod | undefined): Prepared {
  const distinct = counts.labels.length;
  return {
    method: requested ?? defaultMethod('categorical', distinct, counts.nReference),
    distinctValues: distinct,
    histogram: categoryHistogram(counts),
    compute: (m) => countStatistic(m, counts.reference, counts.current, counts.nReference, counts.nCurrent),
  };
}

/** A test over aligned counts (categories, distinct values or bins). */
export function countStatistic(method: DriftMethod, ref: Float64Array, cur: Float64Array, nRef: number, nCur: number): { statistic: number; pValue: number | null } {
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

/** What one merge of the two sorted samples (or DuckDB's equivalent query) yields. */
export interface NumericBasics {
  nRef: number;
  nCur: number;
  /** Population std of the reference (numpy's order in memory). */
  refStd: number;
  ks: number;
  wasserstein: number;
  distinct: number;
  distinctReference: number;
  min: number;
  max: number;
}

/** Counts that depend on the methods asked for, filled in by whoever holds the values. */
export interface NumericCounts {
  /** Sturges edges over both sides, and each side's counts in them. */
  edges: Float64Array;
  bins: [Float64Array, Float64Array];
  /** Per distinct value, when some method or the UI needs it. */
  perValue: ValueCounts | null;
  /** Sturges edges over the distinct values (Evidently's Hellinger), when Hellinger is asked for. */
  hellinger: { edges: Float64Array; bins: [Float64Array, Float64Array] } | null;
}

/** The column's methods (its test, then the extras) and which counts they need. */
export function numericPlan(basics: NumericBasics, type: ColumnType, spec: ColumnSpec): { methods: DriftMethod[]; perValue: boolean; hellinger: boolean } {
  const main = spec.method ?? defaultMethod(type, basics.distinct, basics.nRef);
  const methods = [main, ...(spec.extraMethods ?? []).filter((m) => m !== main)];
  const binned = basics.distinctReference > BIN_ABOVE_DISTINCT;
  const perValue = basics.distinct <= MAX_VALUE_BARS && !binned
    || methods.some((m) => m === 'chisquare' || m === 'z' || (!binned && (m === 'psi' || m === 'kl' || m === 'jensenshannon')));
  return { methods, perValue, hellinger: methods.includes('hellinger') };
}

/** Numbers: every method from the basics and counts; bins for PSI/JS/KL as Evidently's get_binned_data. */
export function prepareNumeric(basics: NumericBasics, counts: NumericCounts, type: ColumnType, method: DriftMethod,
  label: (v: number) => string): Prepared {
  const { nRef, nCur } = basics;
  const binned = basics.distinctReference > BIN_ABOVE_DISTINCT;
  const compute = (m: DriftMethod): { statistic: number; pValue: number | null } => {
    switch (m) {
      case 'ks': {
        const r = ksTwoSamplePValue(basics.ks, nRef, nCur);
        return { statistic: r.statistic, pValue: r.pValue };
      }
      case 'wasserstein':
        return { statistic: basics.wasserstein / Math.max(basics.refStd, 0.001), pValue: null };
      case 'hellinger': {
        const h = counts.hellinger!;
        return { statistic: hellingerNumeric(h.bins[0], h.bins[1], h.edges, basics.min, basics.max), pValue: null };
      }
      case 'chisquare':
      case 'z':
        return countStatistic(m, counts.perValue!.reference, counts.perValue!.current, nRef, nCur);
      default: {
        const [r, c] = binned ? counts.bins : [counts.perValue!.reference, counts.perValue!.current];
        return countStatistic(m, r, c, nRef, nCur);
      }
    }
  };
  const pv = counts.perValue;
  const histogram: Histogram = pv && !binned && basics.distinct <= MAX_VALUE_BARS
    ? categoryHistogram({ labels: Array.from(pv.values, label), reference: pv.reference, current: pv.current, nReference: nRef, nCurrent: nCur })
    : { kind: 'bins', edges: Array.from(counts.edges), reference: Array.from(counts.bins[0]), current: Array.from(counts.bins[1]) };
  const prepared: Prepared = { method, distinctValues: basics.distinct, histogram, compute };
  if (type === 'text') prepared.basis = 'text length';
  return prepared;
}

/** The ColumnDrift: the test's verdict, the extras, the missing counts and the notes. */
export function finishColumn(name: string, type: ColumnType, prepared: Prepared, ref: SideFacts, cur: SideFacts,
  ctx: SidesContext, spec: ColumnSpec): ColumnOutcome {
  const { notes } = ctx;
  const main = prepared.compute(prepared.method);
  const threshold = spec.threshold ?? DEFAULT_THRESHOLDS[prepared.method];
  if (prepared.method === 'chisquare' && main.statistic === Infinity) {
    notes.push('a category appears only in current (expected count 0), so χ² is infinite and p = 0');
  }
  const result: ColumnDrift = {
    name, type, method: prepared.method, statistic: main.statistic, pValue: main.pValue, threshold,
    drifted: isDrifted(prepared.method, main.statistic, main.pValue, threshold),
    missingReference: ref.missing, missingCurrent: cur.missing, rowsReference: ref.rows, rowsCurrent: cur.rows,
    missingShareReference: ctx.missRef, missingShareCurrent: ctx.missCur, distinctValues: prepared.distinctValues,
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

/** KS and Wasserstein need numbers; a categorical column cannot take them as its test. */
export function checkMethodFits(name: string, type: ColumnType, method: DriftMethod | undefined): void {
  if ((method === 'ks' || method === 'wasserstein') && type === 'categorical') {
    throw new DriftOptionError(`column '${name}' is categorical; ${method} needs numbers (use --num to treat it as numeric)`, undefined, name);
  }
}
