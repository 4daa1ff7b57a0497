import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from './db.js';
import { wordsQuery } from './logs.repo.js';
import { addRun, tempStore } from './testing/fixtures.js';

let store: Store;
let cleanup: () => void;
beforeEach(() => ({ store, cleanup } = tempStore()));
afterEach(() => cleanup());

describe('logs', () => {
  it('number chunks per node across both streams so followers get them interleaved', () => {
    const run = addRun(store);
    const seqs = store.logs.appendLogs([
      { runId: run.id, nodeId: 'train', stream: 'stdout', text: 'epoch 1\n', time: 1 },
      { runId: run.id, nodeId: 'prep', stream: 'stdout', text: 'reading csv\n', time: 1 },
      { runId: run.id, nodeId: 'train', stream: 'stderr', text: 'warning: slow\n', time: 2 },
      { runId: run.id, nodeId: 'train', stream: 'stdout', text: '', time: 2 },
    ]);
    expect(seqs).toEqual([1, 1, 2, 0]);
    expect(store.logs.appendLogs([{ runId: run.id, nodeId: 'train', stream: 'stdout', text: 'epoch 2\n' }])).toEqual([3]);

    expect(store.logs.readLogs(run.id, 'train').map((c) => [c.seq, c.stream, c.text])).toEqual([
      [1, 'stdout', 'epoch 1\n'], [2, 'stderr', 'warning: slow\n'], [3, 'stdout', 'epoch 2\n'],
    ]);
    expect(store.logs.readLogs(run.id, 'train', { afterSeq: 2 }).map((c) => c.text)).toEqual(['epoch 2\n']);
    expect(store.logs.readLogs(run.id, 'train', { stream: 'stderr' }).map((c) => c.seq)).toEqual([2]);
    expect(store.logs.readLogs(run.id, 'train', { afterSeq: 3 })).toEqual([]);
  });

  it('find a word in a log chunk with full-text search, only in the asked run', () => {
    const run = addRun(store);
    const other = addRun(store);
    store.logs.appendLogs([
      { runId: run.id, nodeId: 'train', stream: 'stdout', text: 'loading data\nepoch 1 loss 0.5\n' },
      { runId: run.id, nodeId: 'train', stream: 'stderr', text: 'RuntimeError: CUDA out of memory. Tried to allocate 2 GiB\n' },
      { runId: other.id, nodeId: 'train', stream: 'stderr', text: 'CUDA out of memory too\n' },
    ]);
    const hits = store.logs.searchLogs(run.id, 'memory');
    expect(hits.map((h) => [h.runId, h.seq, h.stream])).toEqual([[run.id, 2, 'stderr']]);
    expect(hits[0]!.snippet).toContain('[memory]');
    expect(store.logs.searchLogs(run.id, 'cuda MEMORY').length).toBe(1); // all words, case-insensitive
    expect(store.logs.searchLogs(run.id, 'memory loading')).toEqual([]); // not in one chunk
    expect(store.logs.searchLogs(run.id, 'missing')).toEqual([]);
    expect(store.logs.searchLogs(run.id, 'allocat*', { syntax: 'fts' }).length).toBe(1);
    expect(store.logs.searchLogs(run.id, 'loss', { nodeId: 'prep' })).toEqual([]);
  });

  it('treat punctuation in a plain query literally instead of failing', () => {
    const run = addRun(store);
    store.logs.appendLogs([{ runId: run.id, nodeId: 'n', stream: 'stdout', text: 'status: "NOT-OK" (code 3)' }]);
    expect(wordsQuery('say "hi" -x')).toBe('"say" """hi""" "-x"');
    expect(store.logs.searchLogs(run.id, '"NOT-OK" (code').length).toBe(1);
    expect(store.logs.searchLogs(run.id, '   ')).toEqual([]);
    expect(() => store.logs.searchLogs(run.id, '"unbalanced', { syntax: 'fts' })).toThrow();
  });
});
