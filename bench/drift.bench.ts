/**
 * Drift benchmark: the same per-column statistics (Evidently's default Wasserstein test, plus KS with
 * its p-value, PSI and Jensen–Shannon) computed by pandas + scipy and by Pipewright in one run, on
 * two generated CSVs (fixed seed, temp dir). Prints both times, the ratio, peak memory and the largest
 * absolute difference in any statistic. Prints figures; asserts nothing. Goal: ≥ 10× with identical
 * statistics.
 *
 * Run: npx tsx bench/drift.bench.ts [--rows N] [--cols 20] [--workers N] [--no-python] [--python] [--keep]
 * The default is 1,000,000 rows × 20 numeric columns. Peak memory at 10M rows: --rows 10000000 (pandas +
 * scipy is skipped above 2M rows unless --python is given: it needs several GB and minutes).
 * Each side runs in its own process, so each peak RSS is that side's alone.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDrift } from '../src-main/drift/index.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const PYTHON = '/usr/bin/python3';
const SEED = 42;

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    cols: { type: 'string', default: '20' },
    workers: { type: 'string' },
    python: { type: 'boolean', default: false },
    'no-python': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    child: { type: 'string', multiple: true }, // internal: run Pipewright on REF CUR OUT
  },
});

type Stats = { wasserstein: number; ks: number; ks_p: number; psi: number; jensenshannon: number };
interface SideResult { total_s: number; peak_rss_mb: number; drifted: number; workers?: number; columns: Record<string, Stats> }

/** Child mode: one Pipewright run, timed from the start of reading to the finished report. */
async function child([ref, cur, out]: string[]): Promise<void> {
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  const t = performance.now();
  const report = await runDrift({ reference: ref!, current: cur!, extraMethods: ['ks', 'psi', 'jensenshannon'], ...(workers === undefined ? {} : { workers }) });
  const totalS = (performance.now() - t) / 1000;
  const columns: Record<string, Stats> = {};
  for (const c of report.columns) {
    const extra = (m: string) => c.extra!.find((e) => e.method === m)!;
    columns[c.name] = { wasserstein: c.statistic, ks: extra('ks').statistic, ks_p: extra('ks').pValue!, psi: extra('psi').statistic, jensenshannon: extra('jensenshannon').statistic };
  }
  const result: SideResult = { total_s: totalS, peak_rss_mb: process.resourceUsage().maxRSS / 1024, drifted: report.driftedColumns, workers: report.workers, columns };
  writeFileSync(out!, JSON.stringify(result));
}

/** mulberry32 + Box–Muller: the same data on every run. */
function normalSource(seed: number): () => number {
  let s = seed >>> 0;
  const u = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(u() || 1e-300)) * Math.cos(2 * Math.PI * u());
}

/**
 * Writes rows × cols numbers with 4 decimals (about 8 bytes a value with its comma, so 1M × 20 is
 * ~160 MB). Column c ~ N(20 + 3c, 5 + c/2); in the current file every fifth column is shifted by half
 * a standard deviation and every seventh widened, so some columns drift.
 */
function generate(path: string, rows: number, cols: number, seed: number, current: boolean): void {
  const g = normalSource(seed);
  const fd = openSync(path, 'w');
  const buf = Buffer.alloc(1 << 20);
  let n = 0;
  const flush = (): void => { writeSync(fd, buf, 0, n); n = 0; };
  const header = Buffer.from(Array.from({ length: cols }, (_, c) => `x${c}`).join(',') + '\n');
  header.copy(buf, 0);
  n = header.length;
  const digits = new Uint8Array(24);
  for (let r = 0; r < rows; r++) {
    if (n > buf.length - 64 * cols) flush();
    for (let c = 0; c < cols; c++) {
      const sd = 5 + c / 2;
      let x = 20 + 3 * c + sd * g();
      if (current && c % 5 === 0) x += 0.5 * sd;
      if (current && c % 7 === 3) x = 20 + 3 * c + (x - 20 - 3 * c) * 1.3;
      let k = Math.round(x * 1e4);
      if (k < 0) { buf[n++] = 45; k = -k; }
      let d = 0;
      do { digits[d++] = 48 + (k % 10); k = Math.floor(k / 10); } while (k > 0 || d < 5);
      for (let i = d - 1; i >= 0; i--) {
        buf[n++] = digits[i]!;
        if (i === 4) buf[n++] = 46;
      }
      buf[n++] = c === cols - 1 ? 10 : 44;
    }
  }
  flush();
  closeSync(fd);
}

function runPython(ref: string, cur: string, out: string): SideResult {
  execFileSync(PYTHON, [join(HERE, 'drift_reference.py'), ref, cur, out], { stdio: ['ignore', 'inherit', 'inherit'] });
  return JSON.parse(readFileSync(out, 'utf8')) as SideResult;
}

function runPipewright(ref: string, cur: string, out: string): SideResult {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', ref, '--child', cur, '--child', out];
  if (values.workers !== undefined) args.push('--workers', values.workers);
  execFileSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: join(HERE, '..') });
  return JSON.parse(readFileSync(out, 'utf8')) as SideResult;
}

async function main(): Promise<void> {
  if (values.child) return child(values.child);
  const rows = Number(values.rows);
  const cols = Number(values.cols);
  const withPython = !values['no-python'] && (values.python || rows <= 2_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'pw-drift-bench-'));
  const ref = join(dir, 'reference.csv');
  const cur = join(dir, 'current.csv');
  try {
    let t = performance.now();
    generate(ref, rows, cols, SEED, false);
    generate(cur, rows, cols, SEED + 1, true);
    const mb = (p: string): string => (statSync(p).size / 1e6).toFixed(1);
    console.log(`Drift benchmark: ${rows.toLocaleString('en-US')} rows × ${cols} numeric columns (seed ${SEED}), `
      + `reference ${mb(ref)} MB, current ${mb(cur)} MB, generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    t = performance.now();
    const pw = runPipewright(ref, cur, join(dir, 'pipewright.json'));
    const pwWall = (performance.now() - t) / 1000;
    console.log(`Pipewright      ${pw.total_s.toFixed(2)} s  (process wall ${pwWall.toFixed(2)} s; ${pw.workers} worker thread(s) besides the main thread; `
      + `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)  peak RSS ${pw.peak_rss_mb.toFixed(0)} MB`);
    if (!withPython) {
      console.log(`pandas + scipy  skipped${rows > 2_000_000 ? ' above 2M rows (use --python to include it)' : ''}`);
      return;
    }
    t = performance.now();
    const py = runPython(ref, cur, join(dir, 'python.json')) as SideResult & { read_s: number; stats_s: number };
    const pyWall = (performance.now() - t) / 1000;
    console.log(`pandas + scipy  ${py.total_s.toFixed(2)} s  (read ${py.read_s.toFixed(2)} s + statistics ${py.stats_s.toFixed(2)} s; process wall ${pyWall.toFixed(2)} s)  peak RSS ${py.peak_rss_mb.toFixed(0)} MB`);
    console.log(`Speed-up        ${(py.total_s / pw.total_s).toFixed(1)}× (${(pyWall / pwWall).toFixed(1)}× process to process)`);

    let worst = 0;
    let worstAt = '';
    let identical = 0;
    let count = 0;
    const perStat: Record<string, number> = {};
    for (const [col, p] of Object.entries(py.columns)) {
      const w = pw.columns[col];
      if (!w) throw new Error(`Pipewright did not report column ${col}`);
      for (const key of Object.keys(p) as (keyof Stats)[]) {
        const diff = Math.abs(p[key] - w[key]);
        count++;
        if (p[key] === w[key]) identical++;
        perStat[key] = Math.max(perStat[key] ?? 0, diff);
        if (diff > worst) { worst = diff; worstAt = `${col}.${key}`; }
      }
    }
    console.log(`Statistics      ${count} compared; largest |difference| ${worst === 0 ? '0' : `${worst.toExponential(2)} (${worstAt})`}; bit-identical ${identical}/${count}`);
    console.log(`                per statistic: ${Object.entries(perStat).map(([k, v]) => `${k} ${v === 0 ? '0' : v.toExponential(1)}`).join(', ')}`);
    console.log(`Verdict         Pipewright ${pw.drifted} of ${cols} columns drifted; pandas + scipy ${py.drifted} of ${cols}`);
  } finally {
    if (values.keep) console.log(`Data kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
