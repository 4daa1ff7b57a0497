/**
 * Engine benchmark, figures and ratios against baselines measured in the same run:
 *  1. a 200-step chain of a trivial command (cp) vs a shell script running the same 200 commands (goal <= 1.3x);
 *  2. the same 200 nodes re-run fully cached (goal <= 0.3 s wall);
 *  3. metric ingestion through the engine: a node appends 200k metric lines, timed until all are in SQLite
 *     (goal >= 200k points/s; bench/store.bench.ts measures the store alone).
 * Run: npx tsx bench/engine.bench.ts [--steps N]. Prints; asserts nothing.
 * The Docker executor's figure is in bench/engine-docker.bench.ts (needs dockerd).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compilePlan } from '../shared/compiler/plan.js';
import { libraryOf, type Pipeline, type PipelineNode } from '../shared/spec/schema.js';
import { ArtifactStore } from '../src-main/engine/artifact-store.js';
import { Engine } from '../src-main/engine/engine.js';
import { ProcessExecutor } from '../src-main/executors/process.executor.js';
import { Store } from '../src-main/store/index.js';

const { values } = parseArgs({ options: { steps: { type: 'string', default: '200' }, points: { type: 'string', default: '200000' } } });
const steps = Number(values.steps);
const points = Number(values.points);
const dir = mkdtempSync(join(tmpdir(), 'pw-bench-engine-'));
const seedFile = join(dir, 'seed.txt');
writeFileSync(seedFile, 'x');

// Baseline: one shell script running the same cp commands one after another.
const script = ['set -e', `cp ${seedFile} ${dir}/s0`, ...Array.from({ length: steps - 1 }, (_, i) => `cp ${dir}/s${i} ${dir}/s${i + 1}`)].join('\n');
writeFileSync(join(dir, 'chain.sh'), script);
let t = performance.now();
spawnSync('bash', [join(dir, 'chain.sh')], { stdio: 'inherit' });
const shellMs = performance.now() - t;

const nodes: PipelineNode[] = Array.from({ length: steps }, (_, i) => ({
  id: `s${i}`, kind: 'custom',
  container: { command: ['cp', i === 0 ? seedFile : '{{inputs.prev}}', '{{outputs.out}}'] },
  ...(i ? { inputs: { prev: { from: `s${i - 1}.out` } } } : {}),
  outputs: { out: { type: 'file' } },
}));
const spec: Pipeline = { apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'bench' }, nodes };
const store = Store.open(join(dir, 'pw.db'));
const executor = new ProcessExecutor();
const engine = new Engine({ store, artifacts: new ArtifactStore(join(dir, 'artifacts')), executors: { process: executor } });
const plan = compilePlan(spec, libraryOf([]));
// Every step copies the same bytes, so steps share a cache key: the timed first run must bypass the cache.
const run = async (noCache: boolean) => {
  const start = performance.now();
  const row = await engine.start({ plan, specText: 'bench', executor: 'process', specFile: join(dir, 'bench.yaml'), noCache }).done;
  if (row.status !== 'succeeded') throw new Error(`bench run ${row.status}: ${row.error}`);
  return performance.now() - start;
};
const engineMs = await run(true);
const cachedMs = await run(false);

// Metric ingestion: one node writes `points` lines; time from run start to all points stored.
const writer = `const fs=require("fs"); const n=${points}; let s=""; for (let i=0;i<n;i++) s+='{"name":"loss","value":'+(1/(i+1))+',"step":'+i+'}\\n'; fs.writeFileSync(process.env.PIPEWRIGHT_METRICS, s)`;
const mplan = compilePlan({ ...spec, nodes: [{ id: 'm', kind: 'custom', cache: false, container: { command: [process.execPath, '-e', writer] } }] }, libraryOf([]));
t = performance.now();
const mrun = await engine.start({ plan: mplan, specText: 'metrics', executor: 'process' }).done;
const metricsMs = performance.now() - t;
const stored = store.metrics.listByRun(mrun.id)[0]?.points.length ?? 0;

const row = (name: string, value: string, ratio: string, goal: string) => console.log(`${name.padEnd(38)} ${value.padStart(12)} ${ratio.padStart(10)}  ${goal}`);
console.log(`engine benchmark (${steps}-step chain, process executor, ${process.platform}, ${(await import('node:os')).availableParallelism()} cores)`);
row('measure', 'value', 'ratio', 'goal');
row('shell script, same commands (baseline)', `${shellMs.toFixed(0)} ms`, '1.00x', '');
row(`engine, ${steps}-step chain`, `${engineMs.toFixed(0)} ms`, `${(engineMs / shellMs).toFixed(2)}x`, `<= 1.3x ${engineMs / shellMs <= 1.3 ? 'met' : 'MISSED'}`);
row(`engine, ${steps} nodes fully cached`, `${cachedMs.toFixed(0)} ms`, `${(cachedMs / shellMs).toFixed(2)}x`, `<= 300 ms ${cachedMs <= 300 ? 'met' : 'MISSED'}`);
const rate = (stored / metricsMs) * 1000;
row(`metric ingestion (${stored} points, end to end)`, `${Math.round(rate)}/s`, '', `>= 200000/s ${rate >= 200_000 ? 'met' : 'MISSED'}`);
// Nodes start through the spawn helper once it is ready (the first few, while it starts, through Node).
console.log(`process spawn helper: ${executor.helperPid ? `in use (pid ${executor.helperPid})` : 'not in use (Node starts the processes)'}`);
store.close();
rmSync(dir, { recursive: true, force: true });
