/**
 * The process executor's own guarantees, through the spawn helper and without it: argv untouched, env
 * isolated, live output, exit codes, process-group kill on cancel and timeout, recovery by run id, and
 * what happens when the helper dies or cannot start.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PlanNode } from '../../shared/compiler/plan.js';
import { alive } from '../testing/process.js';
import type { ExecResult } from './executor.js';
import { ProcessExecutor, type ProcessExecutorOptions } from './process.executor.js';

const linux = process.platform === 'linux';
let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'pw-process-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `script` with this Node binary as node `id`; resolves with the result and everything it logged. */
function start(ex: ProcessExecutor, script: string, args: string[] = [], opts: { id?: string; timeoutSeconds?: number; signal?: AbortSignal; env?: Record<string, string> } = {}) {
  const id = opts.id ?? 'n';
  const node = { id, kind: 'custom', command: [process.execPath, '-e', script, ...args], inputs: [], outputs: [], env: {}, dependsOn: [] } as unknown as PlanNode;
  const workDir = join(dir, `${id}.work`);
  const outputDir = join(dir, `${id}.out`);
  mkdirSync(workDir, { recursive: true });
  mkdirSync(outputDir, { recursive: true });
  const logs = { stdout: '', stderr: '' };
  const result: Promise<ExecResult> = ex.run({
    runId: 'run-1', node, attempt: 1, inputPaths: {}, hostDirs: {}, runtimeParams: {}, outputDir, workDir, env: opts.env ?? {},
    metricsFile: join(workDir, 'metrics.jsonl'), flagsFile: join(workDir, 'flags.jsonl'),
    ...(opts.timeoutSeconds ? { timeoutSeconds: opts.timeoutSeconds } : {}),
    signal: opts.signal ?? new AbortController().signal,
    onLog: (stream, text) => { logs[stream] += text; },
  });
  return { result, logs };
}

/** A node that starts a grandchild in its process group, writes the grandchild's pid to `pidFile`, and waits. */
const withGrandchild = `const c=require("child_process").spawn(process.execPath,["-e","setTimeout(()=>{},60000)"],{stdio:"ignore"}); require("fs").writeFileSync(process.argv[1], String(c.pid)); console.log("up"); setTimeout(()=>{},60000)`;

async function waitFor(file: string): Promise<number> {
  while (!existsSync(file) || !readFileSync(file, 'utf8')) await new Promise((r) => setTimeout(r, 20));
  return Number(readFileSync(file, 'utf8'));
}

async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  return !alive(pid);
}

const kinds: [string, ProcessExecutorOptions][] = [['through the spawn helper', { spawnHelper: true }], ['started by Node', { spawnHelper: false }]];

describe.each(kinds)('process executor, nodes %s', (_kind, options) => {
  const executor = async () => {
    const ex = new ProcessExecutor({ killGraceSeconds: 1, ...options });
    if (options.spawnHelper) expect(await ex.helperReady()).toBe(linux);
    return ex;
  };

  it('passes argv untouched, isolates the env, streams output and reports the exit code', async () => {
    const ex = await executor();
    process.env.PW_TEST_MUST_NOT_LEAK = 'leak';
    try {
      const script = 'console.log(JSON.stringify({ argv: process.argv.slice(1), ppid: process.ppid, cwd: process.cwd(), env: process.env })); console.error("to stderr"); process.exit(3)';
      const tricky = ['two words', '$(touch pwned)', 'a;b', '*', "quote'd", 'ünïcode'];
      const { result, logs } = start(ex, script, tricky, { env: { NODE_VAR: 'v' } });
      const r = await result;
      expect(r).toMatchObject({ exitCode: 3, error: "node 'n' exited with code 3" });
      const seen = JSON.parse(logs.stdout) as { argv: string[]; ppid: number; cwd: string; env: Record<string, string> };
      expect(seen.argv).toEqual(tricky);
      expect(existsSync(join(dir, 'n.work', 'pwned'))).toBe(false);
      expect(seen.cwd).toBe(join(dir, 'n.work'));
      expect(seen.ppid).toBe(options.spawnHelper && linux ? ex.helperPid : process.pid);
      expect(seen.env).toMatchObject({ NODE_VAR: 'v', PIPEWRIGHT_RUN_ID: 'run-1', PIPEWRIGHT_NODE_ID: 'n', PYTHONUNBUFFERED: '1' });
      expect(seen.env.PW_TEST_MUST_NOT_LEAK).toBeUndefined();
      expect(logs.stderr).toBe('to stderr\n');
    } finally {
      delete process.env.PW_TEST_MUST_NOT_LEAK;
    }
  });

  it('reports a node killed by a signal, and a program that does not exist', async () => {
    const ex = await executor();
    expect(await start(ex, 'process.kill(process.pid, "SIGKILL")').result).toMatchObject({ exitCode: null, error: "node 'n' was killed by SIGKILL" });
    const node = { id: 'm', kind: 'custom', command: ['pw-no-such-program'], inputs: [], outputs: [], env: {}, dependsOn: [] } as unknown as PlanNode;
    const r = await ex.run({
      runId: 'run-1', node, attempt: 1, inputPaths: {}, hostDirs: {}, runtimeParams: {}, outputDir: dir, workDir: dir, env: {},
      metricsFile: join(dir, 'm'), flagsFile: join(dir, 'f'), signal: new AbortController().signal, onLog: () => {},
    });
    expect(r.error).toBe("node 'm': program 'pw-no-such-program' was not found on this machine");
  });

  it('cancel kills the whole process group, grandchildren included', async () => {
    const ex = await executor();
    const cancel = new AbortController();
    const pidFile = join(dir, 'gc.pid');
    const { result } = start(ex, withGrandchild, [pidFile], { signal: cancel.signal });
    const grandchild = await waitFor(pidFile);
    cancel.abort();
    expect(await result).toMatchObject({ cancelled: true, error: "node 'n' was cancelled" });
    expect(await gone(grandchild)).toBe(true);
  });

  it('a timeout kills the whole process group', async () => {
    const ex = await executor();
    const pidFile = join(dir, 'gc.pid');
    const { result } = start(ex, withGrandchild, [pidFile], { timeoutSeconds: 1 });
    const grandchild = await waitFor(pidFile);
    expect(await result).toMatchObject({ timedOut: true, error: "node 'n' timed out after 1 s and was stopped" });
    expect(await gone(grandchild)).toBe(true);
  });

  it.skipIf(!linux)('recover() finds a node process by its run id and kills it', async () => {
    const ex = await executor();
    const pidFile = join(dir, 'gc.pid');
    const { result } = start(ex, withGrandchild, [pidFile]);
    const grandchild = await waitFor(pidFile);
    const done = await ex.recover(['run-1']);
    // The node and its grandchild both carry the run id; once the node dies the executor may kill the
    // rest of its group before recover() reaches the grandchild, so at least the node is counted.
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.every((d) => d.endsWith('left over from run run-1'))).toBe(true);
    expect((await result).exitCode).toBeNull();
    expect(await gone(grandchild)).toBe(true);
  });
});

describe.skipIf(!linux)('spawn helper failures', () => {
  it('a helper killed mid-node fails that node saying so, stops its processes, and is replaced for the next node', async () => {
    const ex = new ProcessExecutor({ killGraceSeconds: 1, spawnHelper: true });
    expect(await ex.helperReady()).toBe(true);
    const first = ex.helperPid!;
    const pidFile = join(dir, 'gc.pid');
    const { result, logs } = start(ex, withGrandchild, [pidFile]);
    const grandchild = await waitFor(pidFile);
    process.kill(first, 'SIGKILL');
    const r = await result;
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/^node 'n': the process helper stopped \(killed by SIGKILL\) while the node ran; its processes were stopped$/);
    expect(logs.stderr).toContain('the process helper stopped (killed by SIGKILL)');
    expect(await gone(grandchild)).toBe(true);

    // The next node says the helper was replaced; it runs (started by Node while the new helper starts).
    const next = start(ex, 'console.log("ok")', [], { id: 'next' });
    expect((await next.result).exitCode).toBe(0);
    expect(next.logs.stdout).toBe('ok\n');
    expect(next.logs.stderr).toMatch(/the process helper stopped \(killed by SIGKILL\); started a new one/);
    expect(await ex.helperReady()).toBe(true);
    expect(ex.helperPid).not.toBe(first);
    const after = start(ex, 'console.log(process.ppid)', [], { id: 'after' });
    expect((await after.result).exitCode).toBe(0);
    expect(Number(after.logs.stdout)).toBe(ex.helperPid);
  });

  it('gives up on a helper that keeps dying, and then starts processes itself', async () => {
    const ex = new ProcessExecutor({ spawnHelper: true });
    for (let i = 0; i <= 3; i++) {
      expect(await ex.helperReady()).toBe(true);
      process.kill(ex.helperPid!, 'SIGKILL');
      while (ex.helperPid !== undefined) await new Promise((r) => setTimeout(r, 10));
      const { result } = start(ex, 'process.exit(0)', [], { id: `n${i}` });
      expect((await result).exitCode).toBe(0);
    }
    expect(await ex.helperReady()).toBe(false);
    const { result, logs } = start(ex, 'console.log(process.ppid)', [], { id: 'last' });
    expect((await result).exitCode).toBe(0);
    expect(Number(logs.stdout)).toBe(process.pid);
  });

  it('falls back to starting processes itself when the helper cannot start, and says so once', async () => {
    const ex = new ProcessExecutor({ spawnHelper: true, helperPython: join(dir, 'no-python3') });
    expect(await ex.helperReady()).toBe(false);
    const a = start(ex, 'console.log(process.ppid)', [], { id: 'a' });
    expect((await a.result).exitCode).toBe(0);
    expect(Number(a.logs.stdout)).toBe(process.pid);
    expect(a.logs.stderr).toMatch(/the process helper could not start \(.*no-python3.*\); node processes are started directly from now on/);
    const b = start(ex, 'process.exit(0)', [], { id: 'b' });
    expect((await b.result).exitCode).toBe(0);
    expect(b.logs.stderr).toBe('');
  });
});
