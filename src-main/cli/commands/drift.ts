/** `pipewright drift REF CUR`: per-column drift tests and a dataset verdict, as a table, JSON or HTML. */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { EXIT, parseCommandArgs, UsageError, type CliIo, type Command } from '../command.js';
import {
  DRIFT_METHODS, DriftInputError, DriftOptionError, formatTable, renderHtml, runDrift, toSummary,
  type DriftMethod, type DriftOptions,
} from '../../drift/index.js';

/** Exit code when the dataset drifted (0 no drift, 1 bad input, 2 usage). */
export const EXIT_DRIFT = 3;

const USAGE = 'pipewright drift REF CUR [--json] [--html OUT] [--method COL=psi]… [--threshold COL=0.2]… '
  + '[--drift-share 0.5] [--cat COL,…] [--num COL,…] [--text COL,…] [--memory-budget GB]';

/** COL=VALUE pairs; the column may itself contain '=', so the value is after the last one. '*' means every column. */
function pairs(entries: string[] | undefined, flag: string): [string, string][] {
  return (entries ?? []).map((e) => {
    const i = e.lastIndexOf('=');
    if (i <= 0 || i === e.length - 1) throw new UsageError(`${flag} expects COL=VALUE, got '${e}'`);
    return [e.slice(0, i), e.slice(i + 1)];
  });
}

const list = (entries: string[] | undefined): string[] =>
  (entries ?? []).flatMap((e) => e.split(',')).map((s) => s.trim()).filter((s) => s !== '');

function parseOptions(argv: string[], io: CliIo): { options: DriftOptions; json: boolean; html: string | undefined } {
  const { values, positionals } = parseCommandArgs(argv, {
    json: { type: 'boolean' },
    html: { type: 'string' },
    method: { type: 'string', multiple: true },
    threshold: { type: 'string', multiple: true },
    'drift-share': { type: 'string' },
    cat: { type: 'string', multiple: true },
    num: { type: 'string', multiple: true },
    text: { type: 'string', multiple: true },
    'memory-budget': { type: 'string' },
  });
  if (positionals.length !== 2) throw new UsageError(`expected REF and CUR files, got ${positionals.length} argument(s)`);
  const methods: Record<string, DriftMethod> = {};
  for (const [col, m] of pairs(values.method, '--method')) {
    if (!(DRIFT_METHODS as readonly string[]).includes(m)) {
      throw new UsageError(`--method ${col}=${m}: unknown method (one of ${DRIFT_METHODS.join(', ')})`);
    }
    methods[col] = m as DriftMethod;
  }
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
    categorical: list(values.cat),
    numerical: list(values.num),
    text: list(values.text),
  };
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
  return { options, json: values.json === true, html: values.html === undefined ? undefined : resolve(io.cwd, values.html) };
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
    + 'Exit codes: 0 no dataset drift, 3 dataset drift, 1 bad input, 2 usage.',
  async run(argv: string[], io: CliIo): Promise<number> {
    const { options, json, html } = parseOptions(argv, io);
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
    if (html) {
      try {
        await writeFile(html, renderHtml(report));
      } catch (e) {
        io.err(`pipewright drift: cannot write ${html} (${(e as Error).message})`);
        return EXIT.invalid;
      }
    }
    if (json) io.out(JSON.stringify(toSummary(report)));
    else io.out(formatTable(report) + (html ? `\n\nHTML report: ${html}` : ''));
    if (report.testedColumns === 0) {
      io.err('pipewright drift: no column could be compared (see the notes); no verdict');
      return EXIT.invalid;
    }
    return report.datasetDrift ? EXIT_DRIFT : EXIT.ok;
  },
};
