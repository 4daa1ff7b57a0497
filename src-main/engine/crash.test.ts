import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openBackend } from '../backend.js';

const here = dirname(fileURLToPath(import.meta.url));

describe('kill -9 of the engine in the middle of a run', () => {
  it('leaves no run running, a sound database, no half-written artifact and no orphan process', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pw-crash-'));
    const child = fork(join(here, 'testing', 'crash-child.ts'), [dataDir], {
      execArgv: ['--import', 'tsx'], cwd: resolve(here, '..', '..'), stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    });
    const runId = await new Promise<string>((ok, fail) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => { out += b.toString(); if (out.includes('\n')) ok(out.trim()); });
      child.on('exit', (code) => fail(new Error(`child exited early with ${code}`)));
    });
    expect(existsSync(join(dataDir, 'artifacts', '.tmp', runId))).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const backend = await openBackend({ dataDir });
    try {
      expect(backend.recovered.runs.map((r) => r.id)).toEqual([runId]);
      expect(backend.cleanup.some((c) => c.includes(runId))).toBe(true);
      const run = backend.store.runs.get(runId);
      expect(run.status).toBe('interrupted');
      const statuses = Object.fromEntries(backend.store.nodeRuns.listByRun(runId, { latestOnly: true }).map((n) => [n.nodeId, n.status]));
      expect(statuses).toEqual({ first: 'succeeded', hang: 'cancelled' });
      expect(backend.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      // Only the finished output of `first` is in the store; the half-written one is gone with the scratch.
      expect(existsSync(join(dataDir, 'artifacts', '.tmp', runId))).toBe(false);
      const stored = readdirSync(join(dataDir, 'artifacts', 'sha256'), { recursive: true }).filter((p) => String(p).length > 3);
      expect(stored).toHaveLength(1);
    } finally {
      backend.close();
    }
  });
});

describe('start-up recovery', () => {
  it('opens even when an executor cannot clean up (its daemon is down), saying so', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pw-recover-'));
    const first = await openBackend({ dataDir });
    first.store.pipelines.save({ id: 'p', name: 'p', specHash: 'h', specYaml: 'x' });
    const run = first.store.runs.create({ pipelineId: 'p', executor: 'docker', specHash: 'h', ownerPid: 2 ** 22 + 7 });
    first.store.runs.start(run.id);
    first.close();
    const down = {
      name: 'docker' as const, preflight: async () => [], run: async () => ({ exitCode: null, timedOut: false, cancelled: false }),
      recover: async () => { throw new Error('Docker engine unreachable'); },
    };
    const backend = await openBackend({ dataDir, executors: { docker: down } });
    try {
      expect(backend.store.runs.get(run.id).status).toBe('interrupted');
      expect(backend.cleanup).toEqual([`could not clean up after docker for runs ${run.id}: Docker engine unreachable`]);
    } finally {
      backend.close();
    }
  });
});
