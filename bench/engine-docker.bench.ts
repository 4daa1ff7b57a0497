/**
 * Docker executor overhead: a trivial busybox container run N times through DockerExecutor beside
 * `docker run --rm --network none pipewright/busybox:1 true` through the docker CLI (spawned with argv,
 * no shell) the same N times, interleaved in the same run so both see the same engine load.
 * Run: npx tsx bench/engine-docker.bench.ts [--runs N]. Prints figures; asserts nothing. Goal: ratio ≤ 1.1.
 * Needs a running engine and the image (bash scripts/build-images.sh --only busybox).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Docker from 'dockerode';
import type { PlanNode } from '../shared/compiler/plan.js';
import { DockerExecutor } from '../src-main/executors/docker.executor.js';
import type { ExecRequest } from '../src-main/executors/executor.js';

const IMAGE = 'pipewright/busybox:1';
const GOAL = 1.1;
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
const runs = Number(values.runs);

const docker = new Docker();
try {
  await docker.getImage(IMAGE).inspect();
} catch (e) {
  console.error(`${IMAGE} is not available (${(e as Error).message.trim()}); start Docker and run: bash scripts/build-images.sh --only busybox`);
  process.exit(1);
}

const node: PlanNode = {
  id: 'bench', kind: 'custom', image: IMAGE, command: ['true'], env: {}, dependsOn: [], inputs: [], outputs: [], resources: {},
  retries: { count: 0, initialSeconds: 1, factor: 2, maxSeconds: 300 }, cache: false,
};
const root = mkdtempSync(join(tmpdir(), 'pw-bench-docker-'));
let n = 0;

/** Wall time of one node run through `executor`; folders are made beforehand, as the engine would. */
async function viaExecutor(executor: DockerExecutor): Promise<number> {
  const dir = join(root, String(++n));
  const outputDir = join(dir, 'out');
  const workDir = join(dir, 'work');
  for (const d of [outputDir, workDir]) mkdirSync(d, { recursive: true });
  const req: ExecRequest = {
    runId: `bench-${process.pid}`, node, attempt: n, inputPaths: {}, hostDirs: {}, runtimeParams: {}, outputDir,
    workDir, env: {}, metricsFile: join(workDir, 'metrics.jsonl'), flagsFile: join(workDir, 'flags.jsonl'), signal: new AbortController().signal, onLog: () => undefined,
  };
  const t = performance.now();
  const r = await executor.run(req);
  const ms = performance.now() - t;
  if (r.exitCode !== 0) throw new Error(`executor run failed: ${r.error}`);
  return ms;
}

/** Wall time of `docker run --rm` through the CLI. */
function viaCli(): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['run', '--rm', '--network', 'none', IMAGE, 'true'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (b: Buffer) => { err += b; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t) : reject(new Error(`docker run exited ${code}: ${err}`))));
  });
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, median: sorted[Math.floor(sorted.length / 2)]!, min: sorted[0]!, max: sorted.at(-1)! };
};
const fmt = (s: ReturnType<typeof stats>) =>
  `mean ${s.mean.toFixed(0).padStart(4)} ms  median ${s.median.toFixed(0).padStart(4)} ms  (min ${s.min.toFixed(0)}, max ${s.max.toFixed(0)})`;

const executors = {
  'DockerExecutor (docker-init)': new DockerExecutor(docker),
  'DockerExecutor (init: false)': new DockerExecutor(docker, { init: false }),
};
const samples: Record<string, number[]> = { 'docker run --rm (CLI)': [], ...Object.fromEntries(Object.keys(executors).map((k) => [k, []])) };

try {
  // One warm-up each: the first run pays for the user lookup, page cache and connection set-up.
  await viaCli();
  for (const e of Object.values(executors)) await viaExecutor(e);
  // Interleaved, so drift in the engine's speed falls on every variant alike.
  for (let i = 0; i < runs; i++) {
    samples['docker run --rm (CLI)']!.push(await viaCli());
    for (const [name, e] of Object.entries(executors)) samples[name]!.push(await viaExecutor(e));
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

const cli = stats(samples['docker run --rm (CLI)']!);
console.log(`Docker executor vs docker CLI, ${IMAGE} running 'true', ${runs} runs each (interleaved)`);
for (const [name, xs] of Object.entries(samples)) {
  const s = stats(xs);
  const ratio = name.startsWith('docker run') ? '' : `  ratio ${(s.mean / cli.mean).toFixed(2)}× (goal ≤ ${GOAL}×)`;
  console.log(`  ${name.padEnd(30)} ${fmt(s)}${ratio}`);
}
