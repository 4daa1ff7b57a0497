/**
 * Run store benchmarks:
 *  1. metric ingestion throughput: 1M points appended in batches through `MetricRepo.appendMetrics`,
 *     against a baseline of one INSERT per transaction on 10k points;
 *  2. the store calls the engine makes per node (start, success, cached reuse), in the engine's
 *     transactions, without any process: the store's share of a trivial node's cost.
 * Run with `npx tsx bench/store.bench.ts [points] [batchSize]`. Timings are printed, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src-main/store/db.js';
import type { MetricPoint } from '../src-main/store/types.js';

const GOAL = 200_000;
const TOTAL = Number(process.argv[2] ?? 1_000_000);
const BATCH = Number(process.argv[3] ?? 1000);
const BASELINE = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'pipewright-bench-'));
try {
  const store = Store.open(join(dir, 'runs.db'));
  const pipeline = store.pipelines.save({ name: 'bench', specHash: 'bench', specYaml: 'metadata: {name: bench}' });
  const run = store.runs.create({ pipelineId: pipeline.id, executor: 'local', specHash: pipeline.specHash });

  // A realistic mix: a few nodes each reporting a few series, steps increasing.
  const names = ['loss', 'val_loss', 'accuracy', 'lr'];
  const point = (k: number): MetricPoint => ({
    runId: run.id, nodeId: `train-${k % 3}`, name: names[k % names.length]!, value: Math.random(), step: k >> 2, time: 1_700_000_000_000 + k,
  });

  // Baseline: the same API called with one point at a time, so every point is its own transaction (commit).
  const baselineRun = store.runs.create({ pipelineId: pipeline.id, executor: 'local', specHash: pipeline.specHash });
  let t0 = process.hrtime.bigint();
  for (let k = 0; k < BASELINE; k++) store.metrics.appendMetrics([{ ...point(k), runId: baselineRun.id }]);
  const baselineRate = BASELINE / (Number(process.hrtime.bigint() - t0) / 1e9);

  // The store's API, with points built inside the timed loop as a real caller would.
  t0 = process.hrtime.bigint();
  for (let start = 0; start < TOTAL; start += BATCH) {
    const n = Math.min(BATCH, TOTAL - start);
    const batch = new Array<MetricPoint>(n);
    for (let k = 0; k < n; k++) batch[k] = point(start + k);
    store.metrics.appendMetrics(batch);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = TOTAL / seconds;

  const stored = store.db.prepare('SELECT COUNT(*) FROM metrics').pluck().get() as number;
  if (stored !== TOTAL + BASELINE) throw new Error(`expected ${TOTAL + BASELINE} stored points, found ${stored}`);
  store.close();

  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(`appendMetrics: ${fmt(TOTAL)} points in batches of ${fmt(BATCH)}: ${seconds.toFixed(2)} s = ${fmt(rate)} points/s`);
  console.log(`  vs goal ${fmt(GOAL)}/s: ${(rate / GOAL).toFixed(2)}x ${rate >= GOAL ? '(met)' : '(MISSED)'}`);
  console.log(`  vs one insert per transaction (${fmt(BASELINE)} points, ${fmt(baselineRate)} points/s): ${(rate / baselineRate).toFixed(1)}x`);
  perNodeStoreCalls(join(dir, 'per-node.db'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The engine's store calls for one node of a chain, in its transactions (see engine/node-runner.ts):
 * a start (row + event), a success (artifact, outputs, lineage, row, cache entry, event) and, for the
 * fully cached re-run, a reuse (cache lookup, outputs, lineage, row, event, carried-over flags).
 * Returns microseconds per node for each path, best of `rounds`.
 */
function perNodeStoreCalls(file: string, nodes = 200, rounds = 5): void {
  const store = Store.open(file);
  const pipeline = store.pipelines.save({ name: 'per-node', specHash: 'per-node', specYaml: 'metadata: {name: per-node}' });
  const event = (runId: string, nodeId: string, status: string) => {
    const e = { type: 'nodeStatusChanged', runId, nodeId, status, attempt: 1, time: Date.now() };
    store.events.append(runId, [{ type: e.type, payload: e, time: e.time }]);
  };
  const digest = (i: number) => i.toString(16).padStart(64, '0');
  const best = { run: Infinity, cached: Infinity };
  for (let round = 0; round < rounds; round++) {
    const run = store.runs.create({ pipelineId: pipeline.id, executor: 'process', specHash: pipeline.specHash });
    const rows = store.transaction(() => Array.from({ length: nodes }, (_, i) => store.nodeRuns.create({ runId: run.id, nodeId: `s${i}` })));
    let t0 = performance.now();
    for (let i = 0; i < nodes; i++) {
      const id = rows[i]!.id;
      const key = `key-${round}-${i}`;
      store.transaction(() => {
        store.nodeRuns.transition(id, 'running', { cacheKey: key });
        event(run.id, `s${i}`, 'running');
      });
      store.transaction(() => {
        store.artifacts.put({ digest: digest(round * nodes + i + 1), size: 1, kind: 'file', path: `sha256/${i}`, type: 'file' });
        store.outputs.record(id, { out: { kind: 'artifact', digest: digest(round * nodes + i + 1) } });
        if (i) store.lineage.recordInputs([{ consumerNodeRunId: id, inputName: 'prev', digest: digest(round * nodes + i), producerNodeRunId: rows[i - 1]!.id }]);
        store.nodeRuns.transition(id, 'succeeded', { exitCode: 0 });
        store.cache.put(key, id);
        event(run.id, `s${i}`, 'succeeded');
      });
    }
    best.run = Math.min(best.run, (performance.now() - t0) / nodes);

    const again = store.runs.create({ pipelineId: pipeline.id, executor: 'process', specHash: pipeline.specHash });
    const rows2 = store.transaction(() => Array.from({ length: nodes }, (_, i) => store.nodeRuns.create({ runId: again.id, nodeId: `s${i}` })));
    t0 = performance.now();
    for (let i = 0; i < nodes; i++) {
      const id = rows2[i]!.id;
      const hit = store.cache.latest(`key-${round}-${i}`)!;
      const outputs = Object.fromEntries(hit.outputs.map(({ name, nodeRunId: _n, ...v }) => [name, v]));
      store.transaction(() => {
        store.outputs.record(id, outputs as never);
        if (i) store.lineage.recordInputs([{ consumerNodeRunId: id, inputName: 'prev', digest: digest(round * nodes + i), producerNodeRunId: rows2[i - 1]!.id }]);
        store.nodeRuns.transition(id, 'cached', { cacheKey: `key-${round}-${i}`, cachedFrom: hit.nodeRunId, reason: `reused outputs of run ${hit.runId}` });
        event(again.id, `s${i}`, 'cached');
      });
      store.flags.ofNodeRun(hit.nodeRunId);
    }
    best.cached = Math.min(best.cached, (performance.now() - t0) / nodes);
  }
  store.close();
  console.log(`engine store calls per node (${nodes}-node chain, best of ${rounds}): run ${(best.run * 1000).toFixed(0)} us, cached reuse ${(best.cached * 1000).toFixed(0)} us`);
}
