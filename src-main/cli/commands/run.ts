import { compilePlan } from '../../../shared/compiler/plan.js';
import { EXIT, parseCommandArgs, UsageError, type Command } from '../command.js';
import { cliBackend, dataDirOption, formatDuration } from '../backend-options.js';
import { RunProgress } from '../progress.js';
import { flagLines, runTable } from '../run-summary.js';
import { parseParamOverrides, specOrReport } from '../spec-input.js';
import { printJson } from '../output.js';

/** Exit code of a cancelled run, as for a program stopped by Ctrl-C. */
export const EXIT_CANCELLED = 130;
/** Exit code of a run that ran but did not succeed. */
export const EXIT_RUN_FAILED = 4;

export const runCommand: Command = {
  name: 'run',
  summary: 'Run a pipeline on this machine (local processes or Docker) with live progress',
  usage: 'pipewright run FILE [--executor process|docker] [--param name=value]... [--no-cache] [--from NODE] [--data-dir DIR] [--json]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      executor: { type: 'string', default: 'process' }, param: { type: 'string', multiple: true },
      'no-cache': { type: 'boolean' }, from: { type: 'string' }, json: { type: 'boolean' }, ...dataDirOption,
    });
    if (positionals.length !== 1) throw new UsageError('name one spec file');
    if (values.executor !== 'process' && values.executor !== 'docker') throw new UsageError('--executor must be process or docker');
    const backend = await cliBackend(io, values['data-dir']);
    try {
      const { spec, text, path } = await specOrReport(io, positionals[0]!, backend.library, values.json);
      if (!spec) return EXIT.invalid;
      const overrides = parseParamOverrides(spec, values.param);
      if (values.from && !spec.nodes.some((n) => n.id === values.from)) throw new UsageError(`--from: the pipeline has no node '${values.from}'`);
      const plan = compilePlan(spec, backend.library, overrides);
      const handle = backend.engine.start({
        plan, specText: text!, specFile: path, executor: values.executor, params: overrides,
        ...(values['no-cache'] ? { noCache: true } : {}), ...(values.from ? { fromNode: values.from } : {}),
      });
      const progress = values.json ? undefined : new RunProgress(io, plan.nodes.map((n) => n.id));
      if (!values.json) io.err(`run ${handle.runId}: ${plan.name}, ${plan.nodes.length} nodes on ${values.executor}`);
      const unsubscribe = backend.engine.onEvent((e) => { if (e.runId === handle.runId) progress?.on(e); });
      const onSigint = () => { io.err('\ncancelling… (Ctrl-C again to force quit)'); backend.engine.cancel(handle.runId); process.off('SIGINT', onSigint); };
      process.on('SIGINT', onSigint);
      const run = await handle.done.finally(() => { process.off('SIGINT', onSigint); unsubscribe(); progress?.stop(); });
      if (values.json) {
        printJson(io, {
          run, nodes: backend.store.nodeRuns.listByRun(run.id, { latestOnly: true }), metrics: backend.store.metrics.summary([run.id]),
          flags: backend.store.flags.forRun(run.id), driftReports: backend.store.drift.forRun(run.id),
        });
      } else {
        io.out('');
        io.out(runTable(backend.store, run.id, plan.nodes.map((n) => n.id)));
        io.out('');
        const flags = flagLines(backend.store, backend.artifacts, run.id);
        if (flags.length) io.out(`${flags.join('\n')}\n`);
        const took = run.startedAt && run.finishedAt ? formatDuration(run.finishedAt - run.startedAt) : '-';
        io.out(`run ${run.id} ${run.status} in ${took}${run.error && run.status !== 'succeeded' ? ` — ${run.error}` : ''}`);
        io.out(`details: pipewright runs show ${run.id}    logs: pipewright logs ${run.id} NODE`);
      }
      return run.status === 'succeeded' ? EXIT.ok : run.status === 'cancelled' ? EXIT_CANCELLED : EXIT_RUN_FAILED;
    } finally {
      backend.close();
    }
  },
};
