import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from './db.js';
import { addRun, tempStore } from './testing/fixtures.js';
import type { MetricPoint } from './types.js';

let store: Store;
let file: string;
let cleanup: () => void;
beforeEach(() => ({ store, file, cleanup } = tempStore()));
afterEach(() => cleanup());

describe('metrics', () => {
  it('append a batch across runs and nodes and read series back in order', () => {
    const r1 = addRun(store);
    const r2 = addRun(store);
    const points: MetricPoint[] = [];
    for (let step = 0; step < 5; step++) {
      points.push({ runId: r1.id, nodeId: 'train', name: 'loss', value: 1 / (step + 1), step, time: 100 + step });
      points.push({ runId: r2.id, nodeId: 'train', name: 'loss', value: 2 / (step + 1), step, time: 100 + step });
    }
    points.push({ runId: r1.id, name: 'accuracy', value: 0.9 }); // run-level, default time
    store.metrics.appendMetrics(points, 999);

    const series = store.metrics.listByRun(r1.id);
    expect(series.map((s) => [s.nodeId, s.name, s.points.length])).toEqual([[null, 'accuracy', 1], ['train', 'loss', 5]]);
    expect(series[0]!.points[0]).toEqual({ step: null, value: 0.9, time: 999 });
    expect(series[1]!.points.map((p) => p.step)).toEqual([0, 1, 2, 3, 4]);
    expect(store.metrics.listByRun(r1.id, { nodeId: 'train' }).map((s) => s.name)).toEqual(['loss']);
    expect(store.metrics.listByRun(r1.id, { nodeId: null }).map((s) => s.name)).toEqual(['accuracy']);
    expect(store.metrics.names(r1.id)).toEqual([{ nodeId: null, name: 'accuracy' }, { nodeId: 'train', name: 'loss' }]);

    const cmp = store.metrics.compare('loss', [r2.id, r1.id]);
    expect(cmp.map((s) => s.runId)).toEqual([r2.id, r1.id]);
    expect(cmp[0]!.points.at(-1)!.value).toBeCloseTo(0.4);
  });

  it('keep NaN and infinities, and summarise series', () => {
    const run = addRun(store);
    store.metrics.appendMetrics([1, NaN, Infinity, -3, 2].map((value, step) => ({ runId: run.id, nodeId: 'train', name: 'loss', value, step })));
    expect(store.metrics.listByRun(run.id)[0]!.points.map((p) => p.value)).toEqual([1, NaN, Infinity, -3, 2]);
    expect(store.metrics.summary([run.id])).toEqual([{ runId: run.id, nodeId: 'train', name: 'loss', count: 5, last: 2, min: -3, max: Infinity }]);
  });

  it('append batches atomically: a bad point keeps none of the batch', () => {
    const run = addRun(store);
    const bad = [{ runId: run.id, name: 'loss', value: 1 }, { runId: run.id, name: 'loss', value: 'x' as unknown as number }];
    expect(() => store.metrics.appendMetrics(bad)).toThrow(TypeError);
    expect(() => store.metrics.appendMetrics([{ runId: 'no-such-run', name: 'loss', value: 1 }])).toThrow(/FOREIGN KEY/);
    expect(store.db.prepare('SELECT COUNT(*) FROM metrics').pluck().get()).toBe(0);
  });

  it('never attach points to the wrong series after a rolled-back batch created one', () => {
    const r1 = addRun(store);
    const r2 = addRun(store);
    // The series for r1/loss is created, then the batch fails and rolls back: its id is free again.
    expect(() => store.metrics.appendMetrics([{ runId: r1.id, name: 'loss', value: 1 }, { runId: 'missing', name: 'x', value: 1 }])).toThrow();
    // Same inside a caller's transaction that rolls back after appendMetrics returned.
    expect(() => store.transaction(() => {
      store.metrics.appendMetrics([{ runId: r1.id, name: 'acc', value: 1 }]);
      throw new Error('caller gives up');
    })).toThrow('caller gives up');
    // SQLite now hands those ids to other series; r1's points must still land in r1's series.
    store.metrics.appendMetrics([{ runId: r2.id, name: 'other', value: 7 }, { runId: r2.id, name: 'other2', value: 8 }]);
    store.metrics.appendMetrics([{ runId: r1.id, name: 'loss', value: 2 }, { runId: r1.id, name: 'acc', value: 3 }]);
    expect(store.metrics.listByRun(r2.id).map((s) => [s.name, s.points.map((p) => p.value)])).toEqual([['other', [7]], ['other2', [8]]]);
    expect(store.metrics.listByRun(r1.id).map((s) => [s.name, s.points.map((p) => p.value)])).toEqual([['acc', [3]], ['loss', [2]]]);
  });

  it('reuse series across calls and across connections', () => {
    const run = addRun(store);
    store.metrics.appendMetrics([{ runId: run.id, nodeId: 'a', name: 'loss', value: 1, step: 1 }]);
    store.metrics.appendMetrics([{ runId: run.id, nodeId: 'a', name: 'loss', value: 2, step: 2 }]);
    const second = Store.open(file); // e.g. the CLI appending while the app has the database open
    try {
      second.metrics.appendMetrics([{ runId: run.id, nodeId: 'a', name: 'loss', value: 3, step: 3 }]);
    } finally {
      second.close();
    }
    expect(store.db.prepare('SELECT COUNT(*) FROM metric_series').pluck().get()).toBe(1);
    expect(store.metrics.listByRun(run.id)[0]!.points.map((p) => p.value)).toEqual([1, 2, 3]);
  });
});
