import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './db.js';
import { InvalidTransitionError, NotFoundError } from './errors.js';
import { idTime, newId } from './ids.js';
import { addPipeline, addRun, tempStore } from './testing/fixtures.js';
import type { ReproducibilityRecord } from './types.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => ({ store, cleanup } = tempStore()));
afterEach(() => cleanup());

describe('ids', () => {
  it('are ULIDs that sort in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(idTime(ids[0]!)).toBe(1_700_000_000_000);
    expect(newId(1_700_000_000_001) > ids.at(-1)!).toBe(true);
  });
});

describe('pipelines', () => {
  it('updates the current spec but keeps every version by hash', () => {
    const p = addPipeline(store, 'churn', 'h1');
    const p2 = store.pipelines.save({ id: p.id, name: 'churn', specHash: 'h2', specYaml: 'v2', filePath: null }, p.createdAt + 5);
    expect(p2).toMatchObject({ id: p.id, specHash: 'h2', specYaml: 'v2', filePath: null, createdAt: p.createdAt, updatedAt: p.createdAt + 5 });
    expect(store.pipelines.getSpec('h1')).toBe(p.specYaml);
    expect(store.pipelines.list().map((x) => x.id)).toEqual([p.id]);
    expect(store.pipelines.findByName('churn')).toHaveLength(1);
    expect(() => store.pipelines.get('missing')).toThrow(NotFoundError);
  });
});

describe('runs', () => {
  it('go queued → running → succeeded with timestamps, and refuse other moves', () => {
    const run = addRun(store);
    expect(run).toMatchObject({ status: 'queued', executor: 'local', params: { lr: 0.1 }, startedAt: null, ownerPid: process.pid });
    expect(store.runs.start(run.id, 100)).toMatchObject({ status: 'running', startedAt: 100 });
    expect(() => store.runs.start(run.id)).toThrow(InvalidTransitionError);
    expect(store.runs.finish(run.id, 'succeeded', { at: 200 })).toMatchObject({ status: 'succeeded', finishedAt: 200, error: null });
    expect(() => store.runs.finish(run.id, 'failed')).toThrow(/cannot go from succeeded to failed/);
  });

  it('record the error of a failed run and the reproducibility record', () => {
    const run = addRun(store);
    const record: ReproducibilityRecord = {
      specHash: run.specHash, params: { lr: 0.1, epochs: 3 }, components: { 'train-sklearn': '1.0.0' },
      images: { 'python:3.12': 'sha256:abc' }, inputs: { 'data/train.csv': 'sha256:def' }, seeds: { global: 42 },
      host: { platform: 'linux', cpus: 8 }, libraries: { train: { torch: '2.5.0' } }, durations: { train: 1234 },
    };
    store.runs.setReproducibility(run.id, record);
    store.runs.start(run.id);
    store.runs.finish(run.id, 'failed', { error: 'train exited with 1' });
    expect(store.runs.get(run.id)).toMatchObject({ status: 'failed', error: 'train exited with 1', reproducibility: record });
    expect(() => store.runs.setReproducibility('missing', record)).toThrow(NotFoundError);
  });

  it('list newest first, by pipeline, with node counts over the latest attempt, and page with a cursor', () => {
    const a = addPipeline(store, 'a');
    const b = addPipeline(store, 'b');
    const r1 = addRun(store, a, 1000);
    const r2 = addRun(store, b, 2000);
    const r3 = addRun(store, a, 3000);

    const train = store.nodeRuns.create({ runId: r3.id, nodeId: 'train' });
    store.nodeRuns.transition(train.id, 'running');
    store.nodeRuns.transition(train.id, 'failed', { exitCode: 1, error: 'OOM' });
    const retry = store.nodeRuns.retry(train.id);
    store.nodeRuns.transition(retry.id, 'running');
    const prep = store.nodeRuns.create({ runId: r3.id, nodeId: 'prep' });
    store.nodeRuns.transition(prep.id, 'cached', { reason: 'cache hit' });
    store.nodeRuns.create({ runId: r3.id, nodeId: 'eval' });

    expect(store.runs.list().map((r) => r.id)).toEqual([r3.id, r2.id, r1.id]);
    const [top] = store.runs.list({ pipelineId: a.id });
    expect(top).toMatchObject({ id: r3.id, pipelineName: 'a' });
    // The failed first attempt of `train` is superseded by the running retry.
    expect(top!.nodeCounts).toEqual({ queued: 1, running: 1, succeeded: 0, failed: 0, skipped: 0, cached: 1, cancelled: 0 });
    expect(store.runs.list({ pipelineId: a.id }).map((r) => r.id)).toEqual([r3.id, r1.id]);
    expect(store.runs.list({ limit: 1, before: r3.id }).map((r) => r.id)).toEqual([r2.id]);
    expect(store.runs.list({ status: 'running' })).toEqual([]);
  });

  it('get with all node runs; delete cascades to everything about the run', () => {
    const run = addRun(store);
    const n = store.nodeRuns.create({ runId: run.id, nodeId: 'train' });
    store.metrics.appendMetrics([{ runId: run.id, nodeId: 'train', name: 'loss', value: 1 }]);
    store.logs.appendLogs([{ runId: run.id, nodeId: 'train', stream: 'stdout', text: 'epoch 1' }]);
    store.events.append(run.id, [{ type: 'run.started' }]);
    store.params.set(run.id, { lr: 0.1 });

    expect(store.runs.getWithNodes(run.id).nodeRuns.map((x) => x.id)).toEqual([n.id]);
    expect(store.runs.delete(run.id)).toBe(true);
    expect(store.runs.find(run.id)).toBeUndefined();
    for (const table of ['node_runs', 'node_run_transitions', 'metric_series', 'metrics', 'log_chunks', 'events', 'run_params']) {
      expect(store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect(store.logs.searchLogs(run.id, 'epoch')).toEqual([]);
  });
});

describe('node runs', () => {
  it('follow the state machine and record every transition with its reason', () => {
    const run = addRun(store);
    const n = store.nodeRuns.create({ runId: run.id, nodeId: 'train', cacheKey: 'k1', at: 10 });
    store.nodeRuns.transition(n.id, 'running', { at: 20 });
    const done = store.nodeRuns.transition(n.id, 'succeeded', { at: 30, exitCode: 0 });
    expect(done).toMatchObject({ status: 'succeeded', exitCode: 0, cacheKey: 'k1', startedAt: 20, finishedAt: 30, attempt: 1 });
    expect(done).toEqual(store.nodeRuns.get(n.id));
    expect(() => store.nodeRuns.transition(n.id, 'running')).toThrow(InvalidTransitionError);
    expect(() => store.nodeRuns.transition(12345, 'running')).toThrow(NotFoundError);
    expect(store.nodeRuns.transitions(n.id).map((t) => [t.from, t.to, t.at])).toEqual([[null, 'queued', 10], ['queued', 'running', 20], ['running', 'succeeded', 30]]);

    const skipped = store.nodeRuns.create({ runId: run.id, nodeId: 'deploy' });
    expect(() => store.nodeRuns.transition(skipped.id, 'succeeded')).toThrow(InvalidTransitionError); // must run first
    store.nodeRuns.transition(skipped.id, 'skipped', { reason: 'upstream train failed' });
    expect(store.nodeRuns.get(skipped.id).reason).toBe('upstream train failed');
    expect(store.nodeRuns.transitions(skipped.id).at(-1)).toMatchObject({ from: 'queued', to: 'skipped', reason: 'upstream train failed' });
  });

  it('retry only failed attempts, as a new row', () => {
    const run = addRun(store);
    const n = store.nodeRuns.create({ runId: run.id, nodeId: 'train' });
    expect(() => store.nodeRuns.retry(n.id)).toThrow(InvalidTransitionError);
    store.nodeRuns.transition(n.id, 'failed', { error: 'image pull failed' });
    const second = store.nodeRuns.retry(n.id);
    expect(second).toMatchObject({ attempt: 2, status: 'queued', nodeId: 'train' });
    expect(store.nodeRuns.latest(run.id, 'train')?.id).toBe(second.id);
    expect(store.nodeRuns.listByRun(run.id).map((x) => x.attempt)).toEqual([1, 2]);
    expect(store.nodeRuns.listByRun(run.id, { latestOnly: true }).map((x) => x.id)).toEqual([second.id]);
    expect(() => store.nodeRuns.create({ runId: run.id, nodeId: 'train', attempt: 2 })).toThrow(/UNIQUE/);
  });
});

describe('params and events', () => {
  it('store resolved params per run and compare them across runs', () => {
    const r1 = addRun(store);
    const r2 = addRun(store);
    store.params.set(r1.id, { lr: 0.1, layers: [64, 32] }, ['lr']);
    store.params.set(r2.id, { lr: 0.01 });
    store.params.set(r2.id, { lr: 0.02 }); // replaces
    expect(store.params.get(r1.id)).toEqual([
      { runId: r1.id, name: 'layers', value: [64, 32], source: 'default' },
      { runId: r1.id, name: 'lr', value: 0.1, source: 'override' },
    ]);
    expect(store.params.compare([r1.id, r2.id])).toEqual(new Map([[r1.id, { lr: 0.1, layers: [64, 32] }], [r2.id, { lr: 0.02 }]]));
  });

  it('number events per run and follow them with afterSeq', () => {
    const run = addRun(store);
    const other = addRun(store);
    store.events.append(run.id, [{ type: 'run.started', payload: { executor: 'local' }, time: 5 }, { type: 'node.queued' }]);
    store.events.append(other.id, [{ type: 'run.started' }]);
    const [third] = store.events.append(run.id, [{ type: 'node.started', payload: { node: 'train' } }]);
    expect(third!.seq).toBe(3);
    expect(store.events.list(run.id).map((e) => [e.seq, e.type])).toEqual([[1, 'run.started'], [2, 'node.queued'], [3, 'node.started']]);
    expect(store.events.list(run.id)[0]).toMatchObject({ payload: { executor: 'local' }, time: 5 });
    expect(store.events.list(run.id, { afterSeq: 2 }).map((e) => e.payload)).toEqual([{ node: 'train' }]);
    expect(() => store.events.append(run.id, [{ type: 'bad', payload: () => 1 }])).toThrow(/not JSON-serialisable/);
  });

  it('return appended events as list returns them, the payload as stored', () => {
    const run = addRun(store);
    const appended = store.events.append(run.id, [{ type: 'node.note', payload: { at: new Date(0) }, time: 7 }, { type: 'node.queued' }]);
    expect(appended).toEqual(store.events.list(run.id));
    expect(appended[0]!.payload).toEqual({ at: '1970-01-01T00:00:00.000Z' }); // the JSON stored, not the object given
    appended[1]!.payload = 'replaced';
    expect(appended[1]).toEqual({ runId: run.id, seq: 2, type: 'node.queued', payload: 'replaced', time: appended[1]!.time });
  });
});
