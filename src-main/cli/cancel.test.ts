/**
 * `pipewright cancel` across processes: a run of a long node started by the real binary in a child process is
 * cancelled from this process; the node process stops and the child exits 130.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cli, jsNode, json, pipeline, spawnBin, tempDir, writeSpec } from './testing/cli-harness.js';
import { alive } from '../testing/process.js';

let tmp: ReturnType<typeof tempDir>;
let data: string;
let specFile: string;
let pidFile: string;
const started: ReturnType<typeof spawnBin>[] = [];


async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

beforeAll(() => {
  tmp = tempDir('pw-cli-cancel-');
  data = join(tmp.dir, 'data');
  pidFile = join(tmp.dir, 'sleeper.pid');
  // The node records its pid (so the test can check it is gone), says so and sleeps for a minute.
  specFile = writeSpec(tmp.dir, 'long.yaml', pipeline('long', [
    jsNode('sleeper', 'require("fs").writeFileSync(process.argv[1], String(process.pid)); console.log("sleeping for a minute"); setTimeout(() => {}, 60000)', [pidFile]),
  ]));
});

afterAll(() => {
  for (const s of started) if (s.child.exitCode === null && s.child.pid) s.child.kill('SIGKILL');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  }
  tmp.cleanup();
});

describe('pipewright cancel', () => {
  it('cancels a run that another process is executing: exit 0 "cancelled", the run process exits 130', async () => {
    const child = spawnBin(['run', specFile, '--data-dir', data]);
    started.push(child);

    type RunJson = { id: string; status: string; nodeCounts: Record<string, number> };
    const run = await until('the run to show as running', async () => {
      const r = await cli(['runs', 'list', '--json', '--data-dir', data]);
      expect(r.code).toBe(0);
      const runs = json<RunJson[]>(r.out);
      return runs.find((x) => x.status === 'running' && x.nodeCounts.running === 1 && existsSync(pidFile)) ?? undefined;
    });
    const nodePid = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(nodePid)).toBe(true);

    // The live node's log can be read from here (through the real binary) while it runs; it is stored in batches.
    await until('the node log to be stored', async () => ((await cli(['logs', run.id, 'sleeper', '--data-dir', data])).out ? true : undefined));
    const logs = await bin(['logs', run.id, 'sleeper', '--data-dir', data]);
    expect(logs.code).toBe(0);
    expect(logs.out).toBe('sleeping for a minute\n');

    const t0 = Date.now();
    const c = await cli(['cancel', run.id, '--data-dir', data]);
    expect(c.code, c.all).toBe(0);
    expect(c.out).toBe(`run ${run.id} cancelled\n`);
    expect(Date.now() - t0).toBeLessThan(15_000);

    expect(await child.exited).toBe(130);
    expect(child.output()).toMatch(/■ sleeper cancelled/);
    expect(child.output()).toMatch(new RegExp(`^run ${run.id} cancelled in \\S+ — cancelled by the user$`, 'm'));
    await until('the node process to stop', async () => (alive(nodePid) ? undefined : true), 5_000);

    const show = await cli(['runs', 'show', run.id, '--json', '--data-dir', data]);
    const j = json<{ run: { status: string }; nodes: { nodeId: string; status: string }[] }>(show.out);
    expect(j.run.status).toBe('cancelled');
    expect(j.nodes).toEqual([expect.objectContaining({ nodeId: 'sleeper', status: 'cancelled' })]);

    // Cancelling again is not an error.
    const again = await cli(['cancel', run.id.slice(0, 20), '--data-dir', data]);
    expect(again.code).toBe(0);
    expect(again.out).toBe(`run ${run.id} already cancelled\n`);
  }, 60_000);

  it('an unknown run or no run exits 2', async () => {
    const r = await cli(['cancel', 'ZZZZZZZZ', '--data-dir', data]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("pipewright cancel: no run 'ZZZZZZZZ' (see: pipewright runs list)");
    const u = await cli(['cancel', '--data-dir', data]);
    expect(u.code).toBe(2);
    expect(u.err).toContain('pipewright cancel: name the run to cancel');
    expect(u.err).toContain('Usage: pipewright cancel RUN');
  });
});
