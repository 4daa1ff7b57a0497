/**
 * runDrift: compares a reference and a current dataset column by column and decides whether the
 * dataset drifted. Plans memory from cheap probes: when all columns do not fit the budget they are
 * loaded in batches (one streaming pass over each file per batch), so a file larger than memory is
 * streamed, with exact statistics. When even one column of both files does not fit, DuckDB compares
 * out of core (spilling to disk; noted in the report), unless the caller asks to refuse instead.
 */
import { availableParallelism, loadavg, totalmem } from 'node:os';
import type { ColumnOutcome, ColumnSpec } from './column-analysis.js';
import type { LoadedDataset } from './column-data.js';
import { probeFile, type FileProbe } from './sources.js';
import { createTaskRunner, type TaskRunner } from './task-runner.js';
import {
  DRIFT_METHODS, DriftInputError, DriftOptionError,
  type ColumnDrift, type ColumnType, type DriftOptions, type DriftReport, type SkippedColumn,
} from './types.js';

/** Bytes per loaded value and side, with room for buffer growth and the sort's scratch array. */
const BYTES_PER_VALUE = 8 * 2;
const GB = 1024 ** 3;
const SMALL_INPUT_BYTES = 32 * 1024 ** 2;

/** Runs the drift comparison. Throws DriftInputError (bad file, bad column) or DriftOptionError (bad request). */
export async function runDrift(options: DriftOptions): Promise<DriftReport> {
  const started = Date.now();
  validateOptions(options);
  const report = progressReporter(options.onProgress);
  report(0, `Reading ${options.reference} and ${options.current}`);
  const [refProbe, curProbe] = await Promise.all([probeFile(options.reference), probeFile(options.current)]);

  const notes: string[] = [];
  const skipped: SkippedColumn[] = [];
  const refSet = new Set(refProbe.columns);
  const curSet = new Set(curProbe.columns);
  const allNames = [...refProbe.columns, ...curProbe.columns.filter((c) => !refSet.has(c))];
  checkColumnOptions(options, new Set(allNames), refProbe, curProbe);
  const excluded = new Set(options.exclude);
  const wanted = (options.columns ? allNames.filter((n) => options.columns!.includes(n)) : allNames).filter((n) => !excluded.has(n));
  const common: string[] = [];
  for (const name of wanted) {
    if (refSet.has(name) && curSet.has(name)) common.push(name);
    else {
      const [has, lacks] = refSet.has(name) ? [refProbe.path, curProbe.path] : [curProbe.path, refProbe.path];
      skipped.push({ name, reason: `only in ${has}; ${lacks} has no column '${name}'` });
    }
  }

  const budget = options.memoryBudgetBytes ?? totalmem() * 0.5;
  const mode = options.outOfCore ?? 'auto';
  const tooLarge = common.length > 0 && bytesPerColumn(refProbe, curProbe) > budget;
  if (tooLarge && mode === 'never') throw tooLargeError(refProbe, curProbe, budget);
  const outOfCore = common.length > 0 && (mode === 'always' || tooLarge);
  const batches = outOfCore ? [] : planBatches(common, refProbe, curProbe, budget);
  if (batches.length > 1) {
    notes.push(`the data is larger than the memory budget, so columns were read in ${batches.length} passes over each file`);
  }
  const useCallingThread = options.useCallingThread ?? true;
  const workers = outOfCore ? 0 : options.workers ?? defaultWorkers(refProbe.bytes + curProbe.bytes, useCallingThread);
  const runner = createTaskRunner(workers, useCallingThread, options.signal);
  let outcomes = new Map<string, ColumnOutcome>();
  let rows: [number, number] = [0, 0];
  try {
    if (outOfCore) {
      // One column of both files does not fit the budget: DuckDB computes the summaries, spilling to disk.
      notes.push(tooLarge
        ? `compared out of core by DuckDB: one column of both files needs about ${(bytesPerColumn(refProbe, curProbe) / GB).toFixed(1)} GB `
          + `in memory, above the budget of ${(budget / GB).toFixed(1)} GB`
        : 'compared out of core by DuckDB, as requested');
      const { analyzeOutOfCore } = await import('./out-of-core.js');
      ({ outcomes, rows } = await analyzeOutOfCore(refProbe, curProbe, common, (name) => columnSpec(name, options, refProbe.path, curProbe.path),
        budget, report, options.signal));
    }
    for (let b = 0; b < batches.length; b++) {
      const batch = batches[b]!;
      const [ref, cur] = await loadBoth(runner, refProbe, curProbe, batch, (f) => report((b + 0.8 * f) / batches.length,
        `Reading ${refProbe.path} and ${curProbe.path}`));
      for (const n of [...ref.notes, ...cur.notes]) if (!notes.includes(n)) notes.push(n);
      rows = [ref.rows, cur.rows];
      for (const ds of [ref, cur]) {
        if (ds.rows === 0) throw new DriftInputError(`${ds.path} has a header but no data rows`, ds.path);
      }
      let done = 0;
      await Promise.all(batch.map(async (name, i) => {
        const spec = columnSpec(name, options, refProbe.path, curProbe.path);
        const outcome = await runner.run({ kind: 'analyze', name, reference: ref.columns[i]!, current: cur.columns[i]!, spec }) as ColumnOutcome;
        outcomes.set(name, outcome);
        done++;
        report((b + 0.8 + (0.2 * done) / batch.length) / batches.length, `Compared ${name} (${done}/${batch.length})`);
      }));
    }
  } finally {
    await runner.close();
  }
  if (options.signal?.aborted) throw new DOMException('The drift run was cancelled', 'AbortError');

  const columns: ColumnDrift[] = [];
  for (const name of common) {
    const o = outcomes.get(name)!;
    if (o.ok) columns.push(o.result);
    else skipped.push(o.skipped);
  }
  if (skipped.length > 0) notes.push(`${skipped.length} column(s) not compared and not counted in the drift share: ${skipped.map((s) => s.name).join(', ')}`);
  if (columns.length === 0) notes.push('no column could be compared, so there is no verdict on dataset drift');
  const threshold = options.driftShare ?? 0.5;
  const drifted = columns.filter((c) => c.drifted).length;
  const share = columns.length ? drifted / columns.length : 0;
  report(1, 'Done');
  return {
    datasetDrift: columns.length > 0 && share >= threshold,
    driftShare: share,
    driftedColumns: drifted,
    testedColumns: columns.length,
    driftShareThreshold: threshold,
    columns,
    skippedColumns: skipped,
    notes,
    reference: { path: refProbe.path, format: refProbe.format, rows: rows[0], columns: refProbe.columns.length, bytes: refProbe.bytes },
    current: { path: curProbe.path, format: curProbe.format, rows: rows[1], columns: curProbe.columns.length, bytes: curProbe.bytes },
    generatedAt: new Date().toISOString(),
    durationMs: Date.now() - started,
    workers,
  };
}

/**
 * Threads only pay where cores are idle: starting a worker (through tsx) costs a few hundred
 * milliseconds, more than small files take, and on a machine already busy (1-minute load average)
 * extra threads only contend. The calling thread counts as one of the threads when it takes tasks.
 */
function defaultWorkers(inputBytes: number, useCallingThread: boolean): number {
  const idleCores = Math.max(0, Math.round(availableParallelism() - loadavg()[0]!));
  if (!useCallingThread) return Math.max(1, Math.min(4, idleCores));
  if (inputBytes < SMALL_INPUT_BYTES) return 0;
  return Math.max(0, Math.min(4, idleCores - 1));
}

async function loadBoth(runner: TaskRunner, refProbe: FileProbe, curProbe: FileProbe, columns: string[],
  onProgress: (fraction: number) => void): Promise<[LoadedDataset, LoadedDataset]> {
  const fractions = [0, 0];
  const progress = (i: number) => (f: number): void => {
    fractions[i] = f;
    onProgress((fractions[0]! + fractions[1]!) / 2);
  };
  const [ref, cur] = await Promise.all([
    runner.run({ kind: 'load', request: { path: refProbe.path, format: refProbe.format, columns } }, progress(0)),
    runner.run({ kind: 'load', request: { path: curProbe.path, format: curProbe.format, columns } }, progress(1)),
  ]);
  // Readers return columns in file order; line them up with the batch order.
  const order = (ds: LoadedDataset): LoadedDataset => {
    const byName = new Map(ds.columns.map((c) => [c.name, c]));
    return { ...ds, columns: columns.map((n) => byName.get(n)!) };
  };
  return [order(ref as LoadedDataset), order(cur as LoadedDataset)];
}

/** Estimated memory for one column of both files. */
function bytesPerColumn(ref: FileProbe, cur: FileProbe): number {
  return (ref.estimatedRows + cur.estimatedRows) * BYTES_PER_VALUE;
}

function tooLargeError(ref: FileProbe, cur: FileProbe, budget: number): DriftInputError {
  return new DriftInputError(
    `${ref.path} (${(ref.bytes / GB).toFixed(1)} GB) and ${cur.path} (${(cur.bytes / GB).toFixed(1)} GB) hold about `
    + `${Math.round(ref.estimatedRows + cur.estimatedRows).toLocaleString('en-US')} rows; comparing one column needs about `
    + `${(bytesPerColumn(ref, cur) / GB).toFixed(1)} GB, above the memory budget of ${(budget / GB).toFixed(1)} GB. `
    + 'Raise the budget (memoryBudgetBytes), allow out-of-core comparison (outOfCore: \'auto\'), or sample the files.',
    ref.path,
  );
}

/** Splits columns into batches whose values (both files) fit the budget; each column fits on its own. */
export function planBatches(columns: string[], ref: FileProbe, cur: FileProbe, budget: number): string[][] {
  const perColumn = bytesPerColumn(ref, cur);
  const perBatch = Math.max(1, Math.floor(budget / Math.max(perColumn, 1)));
  const batches: string[][] = [];
  for (let i = 0; i < columns.length; i += perBatch) batches.push(columns.slice(i, i + perBatch));
  return batches;
}

function columnSpec(name: string, options: DriftOptions, referencePath: string, currentPath: string): ColumnSpec {
  const spec: ColumnSpec = { referencePath, currentPath };
  const type: ColumnType | undefined = options.categorical?.includes(name) ? 'categorical'
    : options.numerical?.includes(name) ? 'numerical' : options.text?.includes(name) ? 'text' : undefined;
  if (type) spec.type = type;
  const method = options.methods?.[name] ?? options.methods?.['*'];
  if (method) spec.method = method;
  const threshold = options.thresholds?.[name] ?? options.thresholds?.['*'];
  if (threshold !== undefined) spec.threshold = threshold;
  if (options.extraMethods?.length) spec.extraMethods = options.extraMethods;
  return spec;
}

function validateOptions(options: DriftOptions): void {
  const share = options.driftShare ?? 0.5;
  if (!(share > 0 && share <= 1)) throw new DriftOptionError(`drift share must be in (0, 1], got ${share}`);
  for (const [col, m] of Object.entries(options.methods ?? {})) {
    if (!DRIFT_METHODS.includes(m)) throw new DriftOptionError(`unknown method '${m}' for column '${col}' (one of ${DRIFT_METHODS.join(', ')})`, undefined, col);
  }
  for (const m of options.extraMethods ?? []) {
    if (!DRIFT_METHODS.includes(m)) throw new DriftOptionError(`unknown extra method '${m}' (one of ${DRIFT_METHODS.join(', ')})`);
  }
  for (const [col, t] of Object.entries(options.thresholds ?? {})) {
    if (!Number.isFinite(t) || t < 0) throw new DriftOptionError(`threshold for column '${col}' must be a non-negative number, got ${t}`, undefined, col);
  }
  const lists = [['categorical', options.categorical], ['numerical', options.numerical], ['text', options.text]] as const;
  const seen = new Map<string, string>();
  for (const [kind, list] of lists) {
    for (const col of list ?? []) {
      const other = seen.get(col);
      if (other) throw new DriftOptionError(`column '${col}' is declared both ${other} and ${kind}`, undefined, col);
      seen.set(col, kind);
    }
  }
}

/** Every column named in the options must exist in at least one file. */
function checkColumnOptions(options: DriftOptions, known: Set<string>, ref: FileProbe, cur: FileProbe): void {
  const named = [
    ...Object.keys(options.methods ?? {}), ...Object.keys(options.thresholds ?? {}),
    ...(options.categorical ?? []), ...(options.numerical ?? []), ...(options.text ?? []), ...(options.columns ?? []),
    ...(options.exclude ?? []),
  ].filter((c) => c !== '*');
  for (const col of named) {
    if (!known.has(col)) throw new DriftOptionError(`column '${col}' is in neither ${ref.path} nor ${cur.path}`, undefined, col);
  }
}

/** Forwards progress, at most once per half per cent unless the message changes. */
function progressReporter(cb: DriftOptions['onProgress']): (fraction: number, message: string) => void {
  let lastFraction = -1;
  let lastMessage = '';
  return (fraction, message) => {
    if (!cb) return;
    const f = Math.min(1, Math.max(0, fraction));
    if (f - lastFraction < 0.005 && message === lastMessage && f < 1) return;
    if (f < lastFraction) return;
    lastFraction = f;
    lastMessage = message;
    cb(f, message);
  };
}
