/**
 * Child process for the crash-recovery test: opens the database, starts a run with a running and a
 * queued node, then writes metrics, logs and events in transactions forever until it is SIGKILLed.
 * Usage: node --import tsx crash-child.ts <db-file>
 */
import { Store } from '../db.js';

export const BATCH = 1000;

const file = process.argv[2];
if (!file) throw new Error('usage: crash-child.ts <db-file>');

const store = Store.open(file);
const pipeline = store.pipelines.save({ name: 'crash', specHash: 'crash-spec', specYaml: 'metadata: {name: crash}' });
const run = store.runs.create({ pipelineId: pipeline.id, executor: 'local', specHash: pipeline.specHash });
store.runs.start(run.id);
const train = store.nodeRuns.create({ runId: run.id, nodeId: 'train' });
store.nodeRuns.transition(train.id, 'running');
store.nodeRuns.create({ runId: run.id, nodeId: 'evaluate' });

let batches = 0;
function tick(): void {
  store.transaction(() => {
    const points = Array.from({ length: BATCH }, (_, k) => ({ runId: run.id, nodeId: 'train', name: 'loss', value: Math.random(), step: batches * BATCH + k }));
    store.metrics.appendMetrics(points);
    store.logs.appendLogs([{ runId: run.id, nodeId: 'train', stream: 'stdout', text: `batch ${batches} done\n`.repeat(20) }]);
    store.events.append(run.id, [{ type: 'progress', payload: { batches } }]);
  });
  batches += 1;
  if (batches % 10 === 0) process.send?.({ runId: run.id, batches });
  // setImmediate, not a loop: lets the IPC messages out between batches.
  setImmediate(tick);
}
tick();
