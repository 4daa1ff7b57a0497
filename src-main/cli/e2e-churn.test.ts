/**
 * End to end through the real binary: the churn example runs its Python components on this machine, then an
 * identical second run reuses every node. HOME is a temp folder so the example's model registry
 * (~/.pipewright/registry) is the test's own.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bin, cli, json, tempDir } from './testing/cli-harness.js';

const NODES = ['load', 'validate', 'features', 'train', 'evaluate', 'deploy', 'load-current', 'drift'];
let tmp: ReturnType<typeof tempDir>;
let data: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  tmp = tempDir('pw-cli-e2e-');
  data = join(tmp.dir, 'data');
  env = { ...process.env, HOME: join(tmp.dir, 'home') };
  delete env.PIPEWRIGHT_HOME;
});
afterAll(() => tmp.cleanup());

type ShowJson = { run: { id: string; status: string; reproducibility: { specHash: string; inputs: Record<string, string> } }; nodes: { nodeId: string; status: string; cachedFrom: number | null }[] };

describe('pipewright run resources/examples/churn.yaml (real Python)', () => {
  it('succeeds, then an identical run is served entirely from the cache', async () => {
    const first = await bin(['run', 'resources/examples/churn.yaml', '--data-dir', data], { env, timeoutMs: 100_000 });
    expect(first.code, first.all).toBe(0);
    const firstId = /^run (\w{26}) succeeded in /m.exec(first.out)?.[1];
    expect(firstId, first.out).toBeDefined();
    expect(first.err).toContain(`run ${firstId}: churn, 8 nodes on process`);
    for (const n of NODES) expect(first.out).toMatch(new RegExp(`^${n}\\s+succeeded\\s`, 'm'));
    // The components log their metrics; the table shows a few per node.
    expect(first.out).toMatch(/^load\s+succeeded\s+\S+\s+1\s+columns=11 rows=5000$/m);
    expect(first.out).toMatch(/^train\s+succeeded\s+.*train_accuracy=0\.\d+/m);
    // The registry went to the temp HOME, not the user's.
    expect(existsSync(join(tmp.dir, 'home', '.pipewright', 'registry'))).toBe(true);

    const second = await bin(['run', 'resources/examples/churn.yaml', '--data-dir', data], { env, timeoutMs: 60_000 });
    expect(second.code, second.all).toBe(0);
    const secondId = /^run (\w{26}) succeeded in /m.exec(second.out)?.[1];
    expect(secondId).toBeDefined();
    expect(secondId).not.toBe(firstId);
    for (const n of NODES) expect(second.out).toMatch(new RegExp(`^${n}\\s+cached\\s`, 'm'));

    const show = await cli(['runs', 'show', secondId!, '--json', '--data-dir', data]);
    expect(show.code).toBe(0);
    const j = json<ShowJson>(show.out);
    expect(j.run.status).toBe('succeeded');
    expect(j.nodes.map((n) => n.nodeId).sort()).toEqual([...NODES].sort());
    for (const n of j.nodes) {
      expect(n.status, n.nodeId).toBe('cached');
      expect(n.cachedFrom).not.toBeNull();
    }
    const firstShow = json<ShowJson>((await cli(['runs', 'show', firstId!, '--json', '--data-dir', data])).out);
    expect(firstShow.nodes.every((n) => n.status === 'succeeded')).toBe(true);
    expect(j.run.reproducibility.specHash).toBe(firstShow.run.reproducibility.specHash);
    // The input CSVs were checksummed for the cache keys and the reproducibility record.
    expect(Object.values(firstShow.run.reproducibility.inputs).every((v) => /^[0-9a-f]{64}$/.test(v))).toBe(true);
    expect(Object.keys(firstShow.run.reproducibility.inputs).length).toBeGreaterThanOrEqual(2);

    const text = await cli(['runs', 'show', secondId!, '--data-dir', data]);
    expect(text.out).toMatch(/^spec sha256 {3}[0-9a-f]{64}$/m);
    expect(text.out).toMatch(/^input {9}\S+ {2}sha256:[0-9a-f]{64}$/m);
  }, 120_000);
});
