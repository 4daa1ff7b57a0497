import type { RunSummary } from '../../store/index.js';
import { EXIT, parseCommandArgs, UsageError, type CliIo, type Command } from '../command.js';
import { cliBackend, dataDirOption, formatDuration, formatTime } from '../backend-options.js';
import { printJson, table } from '../output.js';
import { flagLines, runTable } from '../run-summary.js';
import type { Backend } from '../../backend.js';

function counts(r: RunSummary): string {
  return Object.entries(r.nodeCounts).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s}`).join(', ');
}

/** A run by full id or by a unique prefix of it (ids are long). */
export function findRun(backend: Backend, idOrPrefix: string) {
  const exact = backend.store.runs.find(idOrPrefix);
  if (exact) return exact;
  const matches = backend.store.runs.list({ limit: 1000 }).filter((r) => r.id.startsWith(idOrPrefix.toUpperCase()));
  if (matches.length === 1) return matches[0]!;
  throw new UsageError(matches.length ? `'${idOrPrefix}' matches ${matches.length} runs; give more of the id` : `no run '${idOrPrefix}' (see: pipewright runs list)`);
}

function show(io: CliIo, backend: Backend, id: string, json: boolean): void {
  const run = findRun(backend, id);
  const { store } = backend;
  if (json) {
    printJson(io, {
      run, nodes: store.nodeRuns.listByRun(run.id), params: store.params.get(run.id), metrics: store.metrics.summary([run.id]),
      flags: store.flags.forRun(run.id), driftReports: store.drift.forRun(run.id),
    });
    return;
  }
  const pipeline = store.pipelines.find(run.pipelineId);
  io.out(`run       ${run.id}`);
  io.out(`pipeline  ${pipeline?.name ?? run.pipelineId}${pipeline?.filePath ? ` (${pipeline.filePath})` : ''}`);
  io.out(`status    ${run.status}${run.error ? ` — ${run.error}` : ''}`);
  io.out(`executor  ${run.executor}`);
  io.out(`started   ${formatTime(run.startedAt)}   took ${run.startedAt && run.finishedAt ? formatDuration(run.finishedAt - run.startedAt) : '-'}`);
  const params = store.params.get(run.id);
  if (params.length) io.out(`params    ${params.map((p) => `${p.name}=${JSON.stringify(p.value)}${p.source === 'override' ? '*' : ''}`).join('  ')}`);
  io.out('');
  io.out(runTable(store, run.id));
  const flags = flagLines(store, backend.artifacts, run.id);
  if (flags.length) io.out(`\n${flags.join('\n')}`);
  const repro = run.reproducibility;
  if (repro) {
    io.out('');
    io.out(`spec sha256   ${repro.specHash}`);
    for (const [k, v] of Object.entries(repro.inputs)) io.out(`input         ${k}  sha256:${v}`);
    for (const [k, v] of Object.entries(repro.images)) io.out(`image         ${k}  ${v}`);
    if (Object.keys(repro.seeds).length) io.out(`seeds         ${Object.entries(repro.seeds).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const libs = Object.values(repro.libraries)[0];
    if (libs) io.out(`libraries     ${Object.entries(libs).map(([k, v]) => `${k} ${v}`).join(', ')}`);
    io.out(`host          ${repro.host.platform} ${repro.host.release} ${repro.host.arch}, ${repro.host.cpus} cpus, gpu: ${String(repro.host.gpu ?? 'unknown')}`);
  }
}

export const runsCommand: Command = {
  name: 'runs',
  summary: 'List past runs, or show one run with its nodes, params, metrics and reproducibility record',
  usage: 'pipewright runs list [--limit N] [--json] | pipewright runs show RUN [--json]   [--data-dir DIR]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, limit: { type: 'string', default: '20' }, ...dataDirOption });
    const [verb, id] = positionals;
    if (verb !== 'list' && verb !== 'show') throw new UsageError("say 'runs list' or 'runs show RUN'");
    if (verb === 'show' && !id) throw new UsageError('name the run to show');
    const backend = await cliBackend(io, values['data-dir']);
    try {
      if (verb === 'show') { show(io, backend, id!, Boolean(values.json)); return EXIT.ok; }
      const runs = backend.store.runs.list({ limit: Number(values.limit) || 20 });
      if (values.json) { printJson(io, runs); return EXIT.ok; }
      if (!runs.length) { io.out('No runs yet. Start one with: pipewright run resources/examples/churn.yaml'); return EXIT.ok; }
      io.out(table(['run', 'pipeline', 'status', 'executor', 'started', 'took', 'nodes'], runs.map((r) => [
        r.id, r.pipelineName, r.status, r.executor, formatTime(r.startedAt),
        r.startedAt && r.finishedAt ? formatDuration(r.finishedAt - r.startedAt) : '-', counts(r),
      ])));
      return EXIT.ok;
    } finally {
      backend.close();
    }
  },
};
