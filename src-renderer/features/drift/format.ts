/** Number formatting for the drift report: 3 significant digits, exponents for tiny p-values, ∞ for χ² with new categories. */
export function fmtStat(x: number | null | undefined): string {
  if (x === null || x === undefined) return '–';
  if (Number.isNaN(x)) return 'NaN';
  if (Math.abs(x) >= 1e300) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  if (Math.abs(x) < 1e-3) return x.toExponential(1);
  if (Math.abs(x) >= 1e5) return x.toExponential(2);
  return String(Number(x.toPrecision(3)));
}

export const fmtPct = (x: number): string => `${(x * 100).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%`;

export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function fmtTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
