/**
 * What a drift check tells the run it belongs to: flags (shown on the run, kept in the store) and
 * metric points (charted and compared across runs). Pure, so the CLI node and tests share it.
 */
import type { RunFlag } from '../../shared/contract/events.js';
import type { DriftReport } from './types.js';

/** What columnPsi reads of a column: the engine's report and the contract's (stored) report both fit. */
interface PsiSource {
  method: string;
  statistic: number;
  psiLevel?: string | undefined;
  extra?: { method: string; statistic: number; psiLevel?: string | undefined }[] | undefined;
}

/** A column's PSI: its test when the method is PSI, else the extra statistic when one was asked for. */
export function columnPsi(c: PsiSource): { value: number; level: string | undefined } | undefined {
  if (c.method === 'psi') return { value: c.statistic, level: c.psiLevel };
  const extra = c.extra?.find((e) => e.method === 'psi');
  return extra && { value: extra.statistic, level: extra.psiLevel };
}

const percent = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * Dataset drift is critical; without it, PSI past the critical level on any column (the level banks
 * escalate at) is a warning, so the monitor is seen even when the dataset verdict holds.
 */
export function driftFlags(report: DriftReport): RunFlag[] {
  const flags: RunFlag[] = [];
  if (report.datasetDrift) {
    const names = report.columns.filter((c) => c.drifted).map((c) => c.name);
    flags.push({
      level: 'critical',
      message: `dataset drift: ${report.driftedColumns} of ${report.testedColumns} columns drifted `
        + `(${percent(report.driftShare)} ≥ ${percent(report.driftShareThreshold)}): ${names.join(', ')}`,
    });
  }
  const critical = report.columns.map((c) => ({ name: c.name, psi: columnPsi(c) })).filter((c) => c.psi?.level === 'critical');
  if (critical.length) {
    flags.push({
      level: 'warning',
      message: `PSI above the critical level on ${critical.map((c) => `${c.name} (${c.psi!.value.toFixed(3)})`).join(', ')}`,
    });
  }
  return flags;
}

/** Metric points for the run: the drifted share and each column's PSI where it was computed. */
export function driftMetrics(report: DriftReport): { name: string; value: number }[] {
  const points = [{ name: 'drift.share', value: report.driftShare }, { name: 'drift.columns', value: report.driftedColumns }];
  for (const c of report.columns) {
    const psi = columnPsi(c);
    if (psi && Number.isFinite(psi.value)) points.push({ name: `psi.${c.name}`, value: psi.value });
  }
  return points;
}
