/**
 * One column held in memory, start to finish: reconcile the two sides' value kinds, detect the
 * column type, summarise the values (std in row order, then one sort and one merge per side), and
 * hand over to column-result.ts for the test and the report. Pure computation, so it runs the same
 * in a worker.
 */
import { alignCounts, canonicalNumberLabels, countLabels, textLengths, type CategoryCounts } from './categories.js';
import { numberLabel, type ColumnData } from './column-data.js';
import {
  checkMethodFits, detectType, finishColumn, MAX_CATEGORICAL_INTEGERS, numericPlan, prepareCategorical, prepareNumeric, reconcileSides,
  type ColumnOutcome, type ColumnSpec, type NumericBasics, type NumericCounts, type SideFacts,
} from './column-result.js';
import { histogramSorted, npStd, sturgesEdges } from './numpy-compat.js';
import { sortNumbers } from './radix-sort.js';
import { mergeStats, valueCountsSorted } from './two-sample.js';
import { DriftOptionError, type ColumnType } from './types.js';

export type { ColumnOutcome, ColumnSpec } from './column-result.js';

const facts = (c: ColumnData): SideFacts => {
  const f: SideFacts = {
    kind: c.kind, rows: c.rows, missing: c.missing, infinite: c.infinite, invalidUtf8: c.invalidUtf8,
    nonMissing: (c.numbers?.length ?? 0) + (c.codes?.length ?? 0),
  };
  if (c.sourceType) f.sourceType = c.sourceType;
  return f;
};

/** Analyses one column present on both sides. Sorts the numeric arrays in place. */
export function analyzeColumn(name: string, ref: ColumnData, cur: ColumnData, spec: ColumnSpec): ColumnOutcome {
  const rf = facts(ref);
  const cf = facts(cur);
  const ctx = reconcileSides(name, rf, cf, spec);
  if ('skipped' in ctx) return { ok: false, skipped: ctx.skipped };
  const type = spec.type ?? detectType(rf, cf, ctx.bothNumeric, () => distinctNumbers(ref.numbers!),
    () => {
      const side = ref.kind === 'string' ? ref : cur;
      return { distinct: countLabels(side).size, nonMissing: facts(side).nonMissing };
    });
  checkMethodFits(name, type, spec.method);
  if (type === 'categorical') {
    const prepared = prepareCategorical(categoryCounts(ref, cur, ctx.bothNumeric), spec.method);
    return finishColumn(name, type, prepared, rf, cf, ctx, spec);
  }
  const [a, b] = numericValues(name, ref, cur, type, spec);
  if (type === 'text') ctx.notes.push('text is compared by the length of its values (characters)');
  const basics = summarise(a, b);
  const plan = numericPlan(basics, type, spec);
  const counts = countsFor(a, b, basics, plan);
  const booleans = ref.kind === 'boolean' && cur.kind === 'boolean';
  const prepared = prepareNumeric(basics, counts, type, plan.methods[0]!, booleans ? (v) => (v ? 'True' : 'False') : numberLabel);
  return finishColumn(name, type, prepared, rf, cf, ctx, spec);
}

/**
 * std of the reference in row order (numpy's summation order depends on it), then both sides sorted
 * in place and merged once for KS, Wasserstein and the distinct counts.
 */
function summarise(ref: Float64Array, cur: Float64Array): NumericBasics {
  const refStd = npStd(ref);
  sortNumbers(ref);
  sortNumbers(cur);
  const m = mergeStats(ref, cur);
  return {
    nRef: ref.length, nCur: cur.length, refStd, ks: m.ks, wasserstein: m.wasserstein, distinct: m.distinct,
    distinctReference: m.distinctReference, min: Math.min(ref[0]!, cur[0]!), max: Math.max(ref[ref.length - 1]!, cur[cur.length - 1]!),
  };
}

/** The counts the plan needs, from the sorted samples. */
function countsFor(ref: Float64Array, cur: Float64Array, b: NumericBasics, plan: { perValue: boolean; hellinger: boolean }): NumericCounts {
  const edges = sturgesEdges(b.nRef + b.nCur, b.min, b.max);
  const counts: NumericCounts = { edges, bins: [histogramSorted(ref, edges), histogramSorted(cur, edges)], perValue: null, hellinger: null };
  if (plan.perValue) counts.perValue = valueCountsSorted(ref, cur, b.distinct);
  if (plan.hellinger) {
    // Evidently bins the distinct values (not the rows) by Sturges for Hellinger.
    const h = sturgesEdges(b.distinct, b.min, b.max);
    counts.hellinger = { edges: h, bins: [histogramSorted(ref, h), histogramSorted(cur, h)] };
  }
  return counts;
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

