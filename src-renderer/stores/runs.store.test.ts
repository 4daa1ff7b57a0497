import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunEvent } from '../../shared/contract/events.js';

const listeners: ((e: RunEvent) => void)[] = [];
const invoke = vi.fn();
vi.mock('../api/client.js', () => ({ invoke: (...a: unknown[]) => invoke(...a), onEvent: (l: (e: RunEvent) => void) => { listeners.push(l); return () => undefined; } }));
const toasts: string[] = [];
vi.mock('../app/toast.store.js', () => ({ reportError: (what: string) => toasts.push(what) }));

const { useRuns } = await import('./runs.store.js');
const emit = (e: RunEvent) => listeners.forEach((l) => l(e));
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('runs store', () => {
  beforeEach(() => { invoke.mockReset(); toasts.length = 0; });

  it('adopts its run even when events arrive before runs.start answers, and follows node statuses', async () => {
    invoke.mockImplementation(async (method: string) => {
      if (method === 'app.info') return { executors: ['process', 'docker', 'kubernetes'] };
      if (method === 'runs.start') {
        // The engine announces the run before the HTTP answer comes back.
        emit({ type: 'runStarted', runId: 'r1', pipeline: 'p', executor: 'process', nodes: ['a', 'b'], time: 1000 });
        emit({ type: 'nodeStatusChanged', runId: 'r1', nodeId: 'a', status: 'running', attempt: 1, time: 1001 });
        return { runId: 'r1' };
      }
      return {};
    });
    useRuns.getState().init();
    await tick();
    expect(useRuns.getState().executors).toEqual(['process', 'docker']);
    expect(await useRuns.getState().start({ executor: 'process' })).toBe('r1');
    let s = useRuns.getState();
    expect(s.activeRun).toMatchObject({ id: 'r1', status: 'running', nodes: ['a', 'b'] });
    expect(s.nodeStatus.a).toMatchObject({ status: 'running', attempt: 1, startedAt: 1001 });
    expect(s.nodeStatus.b).toMatchObject({ status: 'queued' });
    expect(s.selectedNodeId).toBe('a');

    emit({ type: 'nodeStatusChanged', runId: 'r1', nodeId: 'a', status: 'succeeded', attempt: 1, time: 1500 });
    emit({ type: 'nodeStatusChanged', runId: 'other', nodeId: 'b', status: 'failed', attempt: 1, time: 1500 });
    emit({ type: 'runFinished', runId: 'r1', status: 'succeeded', time: 2000 });
    s = useRuns.getState();
    expect(s.nodeStatus.a?.status).toBe('succeeded');
    expect(s.nodeStatus.b?.status).toBe('queued');
    expect(s.activeRun).toMatchObject({ status: 'succeeded', finishedAt: 2000 });
  });

  it('reads logs after the last seq on every logAppended, so nothing shows twice', async () => {
    const stored = [{ nodeId: 'a', stream: 'stdout', seq: 1, text: 'one\n', time: 1 }];
    invoke.mockImplementation(async (method: string, input: { afterSeq?: number }) => {
      if (method === 'runs.logs') return { chunks: stored.filter((c) => c.seq > (input.afterSeq ?? 0)) };
      return {};
    });
    useRuns.getState().selectNode('a');
    await useRuns.getState().loadLog();
    expect(useRuns.getState().log?.chunks.map((c) => c.text)).toEqual(['one\n']);
    stored.push({ nodeId: 'a', stream: 'stderr', seq: 2, text: 'two\n', time: 2 });
    emit({ type: 'logAppended', runId: 'r1', nodeId: 'a', stream: 'stderr', text: 'two\n', time: 2 });
    await tick(); await tick();
    expect(useRuns.getState().log?.chunks.map((c) => `${c.seq}:${c.stream}`)).toEqual(['1:stdout', '2:stderr']);
  });

  it('turns a refused start into a toast', async () => {
    invoke.mockRejectedValue(new Error('the pipeline has 1 problem(s)'));
    expect(await useRuns.getState().rerunFrom('b')).toBeUndefined();
    expect(toasts).toEqual(['Could not re-run from b']);
    expect(useRuns.getState().starting).toBe(false);
  });
});
