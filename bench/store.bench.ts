/**
 * Metric ingestion throughput of the run store: 1M points appended in batches through
 * `MetricRepo.appendMetrics`, against a baseline of one INSERT per transaction on 10k points.
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
} finally {
  rmSync(dir, { recursive: true, force: true });
}
