import { fork } from 'node:child_process';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Store } from './db.js';
import { PROCESS_TOKEN } from './ids.js';
import { isOwnerAlive } from './recovery.repo.js';
import { addPipeline, tempDbPath, tempStore } from './testing/fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((f) => f()));

function activeRuns(store: Store): number {
  return store.db.prepare("SELECT COUNT(*) FROM runs WHERE status IN ('queued', 'running')").pluck().get() as number;
}

describe('isOwnerAlive', () => {
  it('tells this process from a dead one that had the same pid, and ignores other hosts', () => {
    const me = { pid: process.pid, host: hostname() };
    expect(isOwnerAlive({ ...me, token: PROCESS_TOKEN })).toBe(true);
    expect(isOwnerAlive({ ...me, token: 'an-earlier-process' })).toBe(false);
    expect(isOwnerAlive({ ...me, token: null, host: 'another-machine' })).toBe(false);
    expect(isOwnerAlive({ pid: null, host: null, token: null })).toBe(false);
    expect(isOwnerAlive({ pid: process.ppid, host: hostname(), token: null })).toBe(true); // our parent is alive
  });
});

describe('recoverInterrupted', () => {
  it('interrupts runs of dead owners and cancels their unfinished nodes, leaving live owners alone', () => {
    const { store, cleanup } = tempStore();
    cleanups.push(cleanup);
    const p = addPipeline(store);
    const orphan = store.runs.create({ pipelineId: p.id, executor: 'local', specHash: p.specHash, ownerPid: null });
    store.runs.start(orphan.id);
    const running = store.nodeRuns.create({ runId: orphan.id, nodeId: 'train' });
    store.nodeRuns.transition(running.id, 'running');
    const done = store.nodeRuns.create({ runId: orphan.id, nodeId: 'prep' });
    store.nodeRuns.transition(done.id, 'skipped');
    const queuedOrphan = store.runs.create({ pipelineId: p.id, executor: 'local', specHash: p.specHash, ownerPid: null });
    const live = store.runs.create({ pipelineId: p.id, executor: 'local', specHash: p.specHash }); // owned by this process
    const liveNode = store.nodeRuns.create({ runId: live.id, nodeId: 'train' });
    // An engine that ended its run but died before cancelling a node.
    const ended = store.runs.create({ pipelineId: p.id, executor: 'local', specHash: p.specHash });
    const stuck = store.nodeRuns.create({ runId: ended.id, nodeId: 'eval' });
    store.runs.finish(ended.id, 'failed', { error: 'boom' });

    const report = store.recoverInterrupted(5000);
    expect(report.runs).toEqual([{ id: orphan.id, from: 'running' }, { id: queuedOrphan.id, from: 'queued' }]);
    expect(report.nodeRuns.map((n) => [n.id, n.from])).toEqual([[running.id, 'running'], [stuck.id, 'queued']]);

    expect(store.runs.get(orphan.id)).toMatchObject({ status: 'interrupted', finishedAt: 5000, error: expect.stringMatching(/no live process/) });
    expect(store.runs.get(ended.id)).toMatchObject({ status: 'failed', error: 'boom' });
    expect(store.nodeRuns.get(running.id)).toMatchObject({ status: 'cancelled', finishedAt: 5000, reason: expect.stringMatching(/crash recovery/) });
    expect(store.nodeRuns.transitions(running.id).at(-1)).toMatchObject({ from: 'running', to: 'cancelled', at: 5000 });
    expect(store.nodeRuns.get(done.id).status).toBe('skipped');
    expect(store.runs.get(live.id).status).toBe('queued');
    expect(store.nodeRuns.get(liveNode.id).status).toBe('queued');

    expect(store.recoverInterrupted(6000)).toEqual({ runs: [], nodeRuns: [] }); // idempotent
    expect(store.recoverInterrupted(7000, { isOwnerAlive: () => false }).runs).toEqual([{ id: live.id, from: 'queued' }]);
    expect(activeRuns(store)).toBe(0);
  });

  it('recovers a database whose writer was SIGKILLed mid-write', async () => {
    const { file, cleanup } = tempDbPath();
    cleanups.push(cleanup);
    const child = fork(join(here, 'testing', 'crash-child.ts'), [file], {
      execArgv: ['--import', 'tsx'],
      cwd: resolve(here, '..', '..'), // so `--import tsx` resolves from the project's node_modules
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<NodeJS.Signals | null>((res) => child.on('exit', (_code, signal) => res(signal)));

    // Kill it once it has committed a few batches and is busy writing more.
    const runId = await new Promise<string>((res, rej) => {
      child.on('message', (m: { runId: string; batches: number }) => {
        if (m.batches >= 30) {
          child.kill('SIGKILL');
          res(m.runId);
        }
      });
      child.on('exit', (code) => rej(new Error(`child exited early (${code}): ${stderr}`)));
    });
    expect(await exited).toBe('SIGKILL');

    const store = Store.open(file);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.db.pragma('foreign_key_check')).toEqual([]);
      expect(store.runs.get(runId).status).toBe('running'); // what the dead process left behind
      expect(store.runs.get(runId).ownerPid).toBe(child.pid);
      // Whole transactions survived, none half: the point count is a multiple of the batch size.
      const points = store.db.prepare('SELECT COUNT(*) FROM metrics').pluck().get() as number;
      expect(points).toBeGreaterThanOrEqual(30 * 1000);
      expect(points % 1000).toBe(0);
      expect(store.events.list(runId, { limit: 1e6 }).length).toBe(points / 1000);

      const report = store.recoverInterrupted(); // default liveness check: the child's pid is gone
      expect(report.runs).toEqual([{ id: runId, from: 'running' }]);
      expect(report.nodeRuns.map((n) => [n.nodeId, n.from]).sort()).toEqual([['evaluate', 'queued'], ['train', 'running']]);
      expect(activeRuns(store)).toBe(0);
      expect(store.runs.get(runId).error).toMatch(new RegExp(`process ${child.pid} on .* stopped while the run was running`));
    } finally {
      store.close();
    }
  });
});
