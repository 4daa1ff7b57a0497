/**
 * Shared pieces of the real-Docker (@docker) tests: a client on the machine's engine, a check that it
 * answers (failing loudly, never skipping), local images built on demand, plan nodes and run requests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import type { PlanNode } from '../../../shared/compiler/plan.js';
import type { ExecRequest, ExecResult, Executor } from '../executor.js';

export const BUSYBOX = 'pipewright/busybox:1';
export const RUNTIME = 'pipewright/runtime:1';
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A client on DOCKER_HOST or /var/run/docker.sock, as the app would make. */
export function localDocker(): Docker {
  return new Docker();
}

/** Throws a message saying how to start the engine when it does not answer within 2 s. */
export async function requireDaemon(docker: Docker): Promise<void> {
  try {
    await Promise.race([docker.ping(), new Promise((_, no) => setTimeout(() => no(new Error('no answer in 2 s')), 2000).unref())]);
  } catch (e) {
    throw new Error(`The Docker engine does not answer (${(e as Error).message}). These @docker tests need one: `
      + 'start it with `bash ../shared/scripts/start-dockerd.sh` (CI starts it before the tests).');
  }
}

/** Builds a local image with scripts/build-images.sh when it is missing (the script itself is cached too). */
export async function ensureImage(docker: Docker, image: typeof BUSYBOX | typeof RUNTIME): Promise<void> {
  if (await docker.getImage(image).inspect().then(() => true, () => false)) return;
  const only = image === BUSYBOX ? 'busybox' : 'runtime';
  const r = spawnSync('bash', [join(root, 'scripts', 'build-images.sh'), '--only', only], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`scripts/build-images.sh --only ${only} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

/** A plan node with nothing but what a test sets. */
export function planNode(id: string, command: string[], extra: Partial<PlanNode> = {}): PlanNode {
  return {
    id, kind: 'custom', image: BUSYBOX, command, env: {}, dependsOn: [], inputs: [], outputs: [], resources: {},
    retries: { count: 0, initialSeconds: 1, factor: 2, maxSeconds: 300 }, cache: false, ...extra,
  };
}

export interface Ran { result: ExecResult; stdout: string; stderr: string; ms: number; req: ExecRequest }

/** Temp folders of one test run; removed by `cleanup`. */
export class Scratch {
  readonly dirs: string[] = [];
  dir(): string {
    const d = mkdtempSync(join(tmpdir(), 'pw-docker-test-'));
    this.dirs.push(d);
    return d;
  }
  cleanup(): void {
    for (const d of this.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
}

let runCounter = 0;

/** A fresh run id, unique across test files running at the same time. */
export function newRunId(): string {
  return `test-${process.pid}-${Date.now().toString(36)}-${++runCounter}`;
}

/** Runs one node with fresh output and work folders, collecting its logs. */
export async function runNode(executor: Executor, scratch: Scratch, node: PlanNode, over: Partial<ExecRequest> = {}): Promise<Ran> {
  const workDir = scratch.dir();
  const out = { stdout: '', stderr: '' };
  const req: ExecRequest = {
    runId: newRunId(), node, attempt: 1, inputPaths: {}, hostDirs: {}, runtimeParams: {}, outputDir: scratch.dir(), workDir, env: {},
    metricsFile: join(workDir, 'metrics.jsonl'), flagsFile: join(workDir, 'flags.jsonl'), signal: new AbortController().signal,
    onLog: (stream, text) => { out[stream] += text; },
    ...over,
  };
  const t = performance.now();
  const result = await executor.run(req);
  return { result, ...out, ms: performance.now() - t, req };
}

/** Containers (running or not) labelled with this run. */
export async function containersOf(docker: Docker, runId: string): Promise<Docker.ContainerInfo[]> {
  return docker.listContainers({ all: true, filters: { label: [`pipewright.run=${runId}`] } });
}
