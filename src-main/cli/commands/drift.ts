/**
 * `pipewright drift REF CUR`: per-column drift tests and a dataset verdict, as a table, JSON or HTML.
 * The drift-check pipeline component runs this too: it writes the report and the verdict to output
 * files, run flags to $PIPEWRIGHT_FLAGS and PSI metrics to $PIPEWRIGHT_METRICS, and `--on-drift`
 * decides whether dataset drift fails the node.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT, parseCommandArgs, UsageError, type CliIo, type Command } from '../command.js';
import {
  DRIFT_METHODS, DriftInputError, DriftOptionError, formatTable, renderHtml, reportToJson, runDrift, toSummary,
  type DriftMethod, type DriftOptions, type DriftReport,
} from '../../drift/index.js';
import { driftFlags, driftMetrics } from '../../drift/run-flags.js';

/** Exit code when the dataset drifted (0 no drift, 1 bad input, 2 usage). */
export const EXIT_DRIFT = 3;

const USAGE = 'pipewright drift REF CUR [--json] [--html OUT] [--method [COL=]psi]… [--threshold [COL=]0.2]… '
  + '[--drift-share 0.5] [--cat COL,…] [--num COL,…] [--text COL,…] [--columns COL,…] [--exclude COL,…] [--also psi,…] '
  + '[--report OUT.json] [--drifted OUT] [--on-drift fail|flag|pass] [--memory-budget GB]';

const ON_DRIFT = ['fail', 'flag', 'pass'] as const;
type OnDrift = (typeof ON_DRIFT)[number];

/**
 * COL=VALUE pairs; the column may itself contain '=', so the value is after the last one. '*' or no
 * column at all (`--method psi`) means every column.
 */
function pairs(entries: string[] | undefined, flag: string): [string, string][] {
  return (entries ?? []).map((e) => {
    const i = e.lastIndexOf('=');
    if (i < 0) return ['*', e];
    if (i === 0 || i === e.length - 1) throw new UsageError(`${flag} expects [COL=]VALUE, got '${e}'`);
    return [e.slice(0, i), e.slice(i + 1)];
  });
}

/** Column lists: comma-separated, repeatable, or a JSON array (as a pipeline's `columns` input renders). */
function list(entries: string[] | undefined, flag: string): string[] {
  return (entries ?? []).flatMap((e) => {
    if (!e.trimStart().startsWith('[')) return e.split(',');
    let parsed: unknown;
    try { parsed = JSON.parse(e); } catch { throw new UsageError(`${flag}: '${e}' is not a JSON array of names`); }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) throw new UsageError(`${flag}: expected an array of names, got '${e}'`);
    return parsed as string[];
  }).map((s) => s.trim()).filter((s) => s !== '');
}

function method(m: string, flag: string): DriftMethod {
  if (!(DRIFT_METHODS as readonly string[]).includes(m)) throw new UsageError(`${flag} ${m}: unknown method (one of ${DRIFT_METHODS.join(', ')})`);
  return m as DriftMethod;
}

interface Outputs { json: boolean; html?: string; report?: string; drifted?: string; onDrift: OnDrift }

function parseOptions(argv: string[], io: CliIo): { options: DriftOptions; outputs: Outputs } {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean' },
    html: { type: 'string' },
    method: { type: 'string', multiple: true },
    threshold: { type: 'string', multiple: true },
    'drift-share': { type: 'string' },
    cat: { type: 'string', multiple: true },
    num: { type: 'string', multiple: true },
    text: { type: 'string', multiple: true },
    columns: { type: 'string', multiple: true },
    exclude: { type: 'string', multiple: true },
    also: { type: 'string', multiple: true },
    report: { type: 'string' },
    drifted: { type: 'string' },
    'on-drift': { type: 'string' },
    'memory-budget': { type: 'string' },
  });
  if (positionals.length !== 2) throw new UsageError(`expected REF and CUR files, got ${positionals.length} argument(s)`);
  const methods: Record<string, DriftMethod> = {};
  for (const [col, m] of pairs(values.method, '--method')) methods[col] = method(m, `--method ${col}=`);
  const thresholds: Record<string, number> = {};
  for (const [col, t] of pairs(values.threshold, '--threshold')) {
    const v = Number(t);
    if (!Number.isFinite(v) || v < 0) throw new UsageError(`--threshold ${col}=${t}: expected a non-negative number`);
    thresholds[col] = v;
  }
  const options: DriftOptions = {
    reference: resolve(io.cwd, positionals[0]!),
    current: resolve(io.cwd, positionals[1]!),
    methods,
    thresholds,
    categorical: list(values.cat, '--cat'),
    numerical: list(values.num, '--num'),
    text: list(values.text, '--text'),
    exclude: list(values.exclude, '--exclude'),
    extraMethods: list(values.also, '--also').map((m) => method(m, '--also')),
  };
  const columns = list(values.columns, '--columns');
  if (columns.length) options.columns = columns;
  const onDrift = values['on-drift'] ?? 'fail';
  if (!(ON_DRIFT as readonly string[]).includes(onDrift)) throw new UsageError(`--on-drift expects ${ON_DRIFT.join(', ')}, got '${onDrift}'`);
  if (values['memory-budget'] !== undefined) {
    const gb = Number(values['memory-budget']);
    if (!(gb > 0)) throw new UsageError(`--memory-budget expects gigabytes (a positive number), got '${values['memory-budget']}'`);
    options.memoryBudgetBytes = gb * 1024 ** 3;
  }
  if (values['drift-share'] !== undefined) {
    const share = Number(values['drift-share']);
    if (!(share > 0 && share <= 1)) throw new UsageError(`--drift-share expects a number in (0, 1], got '${values['drift-share']}'`);
    options.driftShare = share;
  }
  const outputs: Outputs = { json: values.json === true, onDrift: onDrift as OnDrift };
  for (const key of ['html', 'report', 'drifted'] as const) {
    if (values[key] !== undefined) outputs[key] = resolve(io.cwd, values[key]);
  }
  return { options, outputs };
}

/**
 * Hands the verdict to a pipeline run: the report and `true`/`false` to the output files asked for,
 * flags and PSI metrics to the files the engine named in the environment (absent outside a run).
 */
async function writeNodeOutputs(report: DriftReport, outputs: Outputs, io: CliIo): Promise<void> {
  if (outputs.report) await writeFile(outputs.report, reportToJson(report));
  if (outputs.drifted) await writeFile(outputs.drifted, String(report.datasetDrift));
  const flagsFile = io.env.PIPEWRIGHT_FLAGS;
  if (flagsFile && outputs.onDrift !== 'pass') {
    const flags = driftFlags(report);
    if (flags.length) await appendFile(flagsFile, flags.map((f) => `${JSON.stringify(f)}\n`).join(''));
  }
  const metricsFile = io.env.PIPEWRIGHT_METRICS;
  if (metricsFile) await appendFile(metricsFile, driftMetrics(report).map((m) => `${JSON.stringify(m)}\n`).join(''));
}

/** On a terminal, long runs (big files) report progress on stderr every 10 %, after the first 2 s. */
function progressLines(io: CliIo): NonNullable<DriftOptions['onProgress']> {
  const start = Date.now();
  let next = 0.1;
  return (fraction, message) => {
    if (fraction < next || fraction >= 1 || Date.now() - start < 2000) return;
    next = Math.floor(fraction * 10) / 10 + 0.1;
    io.err(`drift: ${Math.round(fraction * 100)}% ${message}`);
  };
}

export const driftCommand: Command = {
  name: 'drift',
  summary: 'Compare a current dataset with a reference (CSV or Parquet): per-column drift tests and a verdict',
  usage: `${USAGE}\n\n`
    + 'Tests follow Evidently\'s defaults (KS, chi-square, Z, Wasserstein, Jensen-Shannon); --method COL=psi|kl|hellinger|…\n'
    + 'overrides a column (COL may be * for all). Files larger than the memory budget (default: half of RAM) are\n'
    + 'streamed in column batches; if even one column does not fit, DuckDB compares out of core (spilling to disk).\n'
    + 'In a pipeline node, --report/--drifted write the outputs, and --on-drift says what dataset drift does:\n'
    + 'fail (exit 3, the default), flag (flag the run, exit 0) or pass (exit 0).\n'
    + 'Exit codes: 0 no dataset drift, 3 dataset drift, 1 bad input, 2 usage.',
  async run(argv: string[], io: CliIo): Promise<number> {
    const { options, outputs } = parseOptions(argv, io);
    const { json, html } = outputs;
    if (io.tty && !json) options.onProgress = progressLines(io);
    let report;
    try {
      report = await runDrift(options);
    } catch (e) {
      if (e instanceof DriftOptionError) throw new UsageError(e.message);
      if (e instanceof DriftInputError) {
        io.err(`pipewright drift: ${e.message}`);
        return EXIT.invalid;
      }
      throw e;
    }
    try {
      if (html) await writeFile(html, renderHtml(report));
      await writeNodeOutputs(report, outputs, io);
    } catch (e) {
      io.err(`pipewright drift: cannot write the results (${(e as Error).message})`);
      return EXIT.invalid;
    }
    if (json) io.out(JSON.stringify(toSummary(report)));
    else io.out(formatTable(report) + (html ? `\n\nHTML report: ${html}` : ''));
    if (report.testedColumns === 0) {
      io.err('pipewright drift: no column could be compared (see the notes); no verdict');
      return EXIT.invalid;
    }
    if (!report.datasetDrift || outputs.onDrift !== 'fail') return EXIT.ok;
    if (outputs.report || outputs.drifted) io.err(`pipewright drift: ${driftFlags(report)[0]!.message}; failing as --on-drift fail asks`);
    return EXIT_DRIFT;
  },
};
