import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './db.js';
import { StoreError } from './errors.js';
import { storeRelativePath } from './artifacts.repo.js';
import { addRun, digestOf, tempStore } from './testing/fixtures.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => ({ store, cleanup } = tempStore()));
afterEach(() => cleanup());

/** A run with a succeeded node run `nodeId` that produced artifact `digest` as output `model`. */
function producedBy(nodeId: string, digest: string, cacheKey = 'key-1') {
  const run = addRun(store);
  const n = store.nodeRuns.create({ runId: run.id, nodeId, cacheKey });
  store.nodeRuns.transition(n.id, 'running');
  store.nodeRuns.transition(n.id, 'succeeded', { exitCode: 0 });
  store.artifacts.put({ digest, type: 'model', kind: 'file', size: 10, path: `sha256/${digest.slice(0, 2)}/${digest}` });
  store.outputs.record(n.id, { model: { kind: 'artifact', digest }, accuracy: { kind: 'parameter', value: 0.93 } });
  return { run, nodeRun: n };
}

describe('artifacts', () => {
  it('are content-addressed: recording a digest twice is a no-op, with a different size an error', () => {
    const a = store.artifacts.put({ digest: digestOf('a'), type: 'dataset', kind: 'dir', size: 5, path: 'objects/aa/a', createdAt: 1 });
    expect(a).toEqual(store.artifacts.get(digestOf('a'))); // what was written, as a read returns it
    expect(store.artifacts.put({ digest: digestOf('a'), type: 'dataset', kind: 'dir', size: 5, path: 'elsewhere', createdAt: 2 })).toEqual(a);
    expect(() => store.artifacts.put({ digest: digestOf('a'), type: 'dataset', kind: 'dir', size: 6, path: 'x' })).toThrow(/corrupt/);
    for (const bad of ['XYZ', `sha256:${digestOf('a')}`, 'A'.repeat(64)]) {
      expect(() => store.artifacts.put({ digest: bad, type: 'file', kind: 'file', size: 1, path: 'x' }), bad).toThrow(StoreError);
    }
    expect(() => store.db.prepare("INSERT INTO artifacts VALUES (?, 'file', 'file', 1, 'x', 0)").run('g'.repeat(64))).toThrow(/CHECK/);
  });

  it('only keep paths relative to the store root', () => {
    expect(storeRelativePath('objects\\ab\\./cd')).toBe('objects/ab/cd');
    for (const bad of ['/etc/passwd', 'C:\\data\\x', '\\\\server\\share', '../outside', 'a/../../b', '', '.']) {
      expect(() => storeRelativePath(bad), bad).toThrow(StoreError);
    }
    expect(() => store.artifacts.put({ digest: digestOf('b'), type: 'file', kind: 'file', size: 1, path: '/abs/path' })).toThrow(StoreError);
    // SQLite refuses absolute paths from any other writer too.
    expect(() => store.db.prepare("INSERT INTO artifacts VALUES (?, 'file', 'file', 1, '/abs', 0)").run(digestOf('c'))).toThrow(/CHECK/);
  });

  it('cannot be forgotten while an output refers to them; unreferenced ones are listed for GC', () => {
    producedBy('train', digestOf('a'));
    store.artifacts.put({ digest: digestOf('b'), type: 'file', kind: 'file', size: 1, path: 'objects/b' });
    expect(store.artifacts.unreferenced().map((a) => a.digest)).toEqual([digestOf('b')]);
    expect(() => store.artifacts.delete(digestOf('a'))).toThrow(/FOREIGN KEY/);
    expect(store.artifacts.delete(digestOf('b'))).toBe(true);
  });
});

describe('outputs', () => {
  it('map output names to artifact digests or parameter values', () => {
    const { run, nodeRun } = producedBy('train', digestOf('a'));
    expect(store.outputs.list(nodeRun.id)).toEqual([
      { nodeRunId: nodeRun.id, name: 'accuracy', kind: 'parameter', value: 0.93 },
      { nodeRunId: nodeRun.id, name: 'model', kind: 'artifact', digest: digestOf('a') },
    ]);
    expect(store.outputs.forNode(run.id, 'train')).toEqual(store.outputs.list(nodeRun.id));
    expect(store.outputs.producersOf(digestOf('a'))).toEqual([{ nodeRunId: nodeRun.id, name: 'model' }]);
    expect(() => store.outputs.record(nodeRun.id, { other: { kind: 'artifact', digest: digestOf('f') } })).toThrow(/FOREIGN KEY/);
  });
});

describe('lineage', () => {
  it('connects producers, artifacts and consumers, upstream through cached node runs', () => {
    const raw = digestOf('d');
    store.artifacts.put({ digest: raw, type: 'dataset', kind: 'dir', size: 100, path: 'objects/raw' });
    const { run, nodeRun: train } = producedBy('train', digestOf('a'));
    store.lineage.recordInputs([{ consumerNodeRunId: train.id, inputName: 'data', digest: raw }]);
    const evaluate = store.nodeRuns.create({ runId: run.id, nodeId: 'evaluate' });
    const edge = { consumerNodeRunId: evaluate.id, inputName: 'model', digest: digestOf('a'), producerNodeRunId: train.id };
    store.lineage.recordInputs([edge, edge]); // idempotent

    expect(store.lineage.forRun(run.id).map((e) => [e.producerNodeId, e.digest, e.consumerNodeId, e.inputName])).toEqual([
      [null, raw, 'train', 'data'], ['train', digestOf('a'), 'evaluate', 'model'],
    ]);
    expect(store.lineage.consumersOf(digestOf('a')).map((e) => e.consumerNodeRunId)).toEqual([evaluate.id]);

    // A later run reuses train from the cache and evaluates again: its lineage reaches the raw data.
    const run2 = addRun(store);
    const cached = store.nodeRuns.create({ runId: run2.id, nodeId: 'train' });
    store.nodeRuns.transition(cached.id, 'cached', { cachedFrom: train.id, reason: 'cache hit' });
    const eval2 = store.nodeRuns.create({ runId: run2.id, nodeId: 'evaluate' });
    store.lineage.recordInputs([{ consumerNodeRunId: eval2.id, inputName: 'model', digest: digestOf('a'), producerNodeRunId: cached.id }]);
    expect(store.lineage.upstream(eval2.id).map((e) => `${e.consumerNodeId}.${e.inputName}<-${e.digest.slice(0, 1)}`)).toEqual([
      'train.data<-d', 'evaluate.model<-a',
    ]);
  });
});

describe('cache', () => {
  it('returns the latest succeeded node run for a key with its outputs', () => {
    expect(store.cache.latest('key-1')).toBeUndefined();
    const first = producedBy('train', digestOf('a'));
    const put = store.cache.put('key-1', first.nodeRun.id, 100);
    expect(put).toEqual(store.cache.latest('key-1'));
    expect(store.cache.put('key-1', first.nodeRun.id, 150)).toEqual(put); // already offered: the first entry stands
    const second = producedBy('train', digestOf('b'));
    store.cache.put('key-1', second.nodeRun.id, 200);

    const hit = store.cache.latest('key-1');
    expect(hit).toMatchObject({ cacheKey: 'key-1', nodeRunId: second.nodeRun.id, runId: second.run.id, nodeId: 'train', createdAt: 200 });
    expect(hit!.outputs.find((o) => o.name === 'model')).toMatchObject({ kind: 'artifact', digest: digestOf('b') });
    expect(store.cache.latest('key-2')).toBeUndefined();

    // The artifact of the newest entry went missing: drop entries using it, fall back to the older one.
    expect(store.cache.invalidateDigest(digestOf('b'))).toBe(1);
    expect(store.cache.latest('key-1')?.nodeRunId).toBe(first.nodeRun.id);
    store.runs.delete(first.run.id);
    expect(store.cache.latest('key-1')).toBeUndefined();
  });

  it('refuses node runs that did not succeed', () => {
    const run = addRun(store);
    const n = store.nodeRuns.create({ runId: run.id, nodeId: 'train' });
    store.nodeRuns.transition(n.id, 'failed', { error: 'boom' });
    expect(() => store.cache.put('k', n.id)).toThrow(/only succeeded node runs/);
    expect(() => store.cache.put('k', 12345)).toThrow(/missing/);
  });
});
