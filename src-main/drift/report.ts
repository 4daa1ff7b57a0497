/**
 * The drift report as JSON (the full report for the app, and the fixed summary shape of
 * `pipewright drift --json`) and as a plain-text table for the terminal.
 */
import type { ColumnDrift, DriftReport } from './types.js';

/** JSON has no Infinity: an infinite statistic (χ² with a new category) is written as the largest double. */
function finite(x: number): number | null {
  if (Number.isNaN(x)) return null;
  if (x === Infinity) return Number.MAX_VALUE;
  if (x === -Infinity) return -Number.MAX_VALUE;
  return x;
}

/** One column in the summary shape: exactly the documented fields, in order. */
export interface ColumnSummary {
  name: string;
  type: ColumnDrift['type'];
  method: ColumnDrift['method'];
  statistic: number;
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  missingReference: number;
  missingCurrent: number;
  /** Only when the method is PSI: 'warning' from 0.1 (Evidently), 'critical' above 0.2 (bank monitoring). */
  psiLevel?: 'ok' | 'warning' | 'critical';
}

export interface DriftSummary {
  datasetDrift: boolean;
  driftShare: number;
  driftedColumns: number;
  columns: ColumnSummary[];
  /** Extras, outside the documented fields: the threshold, what was not compared, and why. */
  driftShareThreshold: number;
  skippedColumns: { name: string; reason: string }[];
  notes: string[];
}

/**
 * The `--json` object: datasetDrift, driftShare (share of compared columns that drifted),
 * driftedColumns and one entry per compared column (psiLevel added only for PSI columns); notes
 * carry every per-column note, prefixed with the column name.
 */
export function toSummary(report: DriftReport): DriftSummary {
  return {
    datasetDrift: report.datasetDrift,
    driftShare: report.driftShare,
    driftedColumns: report.driftedColumns,
    columns: report.columns.map((c) => {
      const s: ColumnSummary = {
        name: c.name,
        type: c.type,
        method: c.method,
        statistic: finite(c.statistic) ?? 0,
        pValue: c.pValue === null ? null : finite(c.pValue),
        threshold: c.threshold,
        drifted: c.drifted,
        missingReference: c.missingReference,
        missingCurrent: c.missingCurrent,
      };
      if (c.psiLevel) s.psiLevel = c.psiLevel;
      return s;
    }),
    driftShareThreshold: report.driftShareThreshold,
    skippedColumns: report.skippedColumns,
    notes: [...report.notes, ...report.columns.flatMap((c) => c.notes.map((n) => `${c.name}: ${n}`))],
  };
}

/** The full report (histograms included) as JSON text. */
export function reportToJson(report: DriftReport, indent = 2): string {
  return JSON.stringify(report, (_key, value: unknown) => (typeof value === 'number' ? finite(value) : value), indent);
}

/** Compact number formatting for tables: 4 significant digits, exponent for very small p-values. */
export function formatNumber(x: number | null): string {
  if (x === null) return '-';
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-4 || a >= 1e6) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
}

/** The terminal table: verdict, then one line per column, then what was skipped and the notes. */
export function formatTable(report: DriftReport): string {
  const header = ['column', 'type', 'method', 'statistic', 'p-value', 'threshold', 'drift', 'missing ref', 'missing cur'];
  const rows = report.columns.map((c) => [
    c.name, c.type, c.method + (c.psiLevel && c.psiLevel !== 'ok' ? ` (${c.psiLevel})` : ''), formatNumber(c.statistic),
    formatNumber(c.pValue), formatNumber(c.threshold), c.drifted ? 'DRIFT' : 'ok',
    String(c.missingReference), String(c.missingCurrent),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const verdict = report.testedColumns === 0
    ? 'No verdict: no column could be compared.'
    : `${report.datasetDrift ? 'DATASET DRIFT' : 'No dataset drift'}: ${report.driftedColumns} of ${report.testedColumns} columns drifted `
      + `(${pct(report.driftShare)}; threshold ${pct(report.driftShareThreshold)}).`;
  const out = [verdict, '', line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
  if (report.skippedColumns.length > 0) {
    out.push('', 'Not compared:');
    for (const s of report.skippedColumns) out.push(`  ${s.name}: ${s.reason}`);
  }
  const notes = [...report.notes, ...report.columns.flatMap((c) => c.notes.map((n) => `${c.name}: ${n}`))];
  if (notes.length > 0) {
    out.push('', 'Notes:');
    for (const n of notes) out.push(`  - ${n}`);
  }
  return out.join('\n');
}
