import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive } from '../testing/process.js';
import { requestCancel } from './engine.js';
import { harness, jsNode, pipeline, WRITE } from './testing/harness.js';

let h: ReturnType<typeof harness>;

afterEach(() => h?.cleanup());

const chain = () => pipeline([
  jsNode('a', WRITE, ['{{outputs.data}}', 'rows'], { outputs: { data: { type: 'dataset' } } }),
  jsNode('b', 'const fs=require("fs"); fs.writeFileSync(process.argv[2], fs.readFileSync(process.argv[1],"utf8")+"+b"); console.log("b done")',
    ['{{inputs.src}}', '{{outputs.model}}'], { inputs: { src: { from: 'a.data' } }, outputs: { model: { type: 'model' } } }),
  jsNode('c', 'console.log(require("fs").readFileSync(process.argv[1],"utf8"))', ['{{inputs.m}}'], { inputs: { m: { from: 'b.model' } } }),
]);

describe('engine', () => {
  it('runs a chain, stores outputs by digest, records lineage and emits events in order', async () => {
    h = harness();
    const { runId, done } = h.run(chain());
    const run = await done;
    expect(run.status).toBe('succeeded');
    expect(h.nodeStatus(runId)).toEqual({ a: 'succeeded', b: 'succeeded', c: 'succeeded' });
    const [model] = h.store.outputs.forNode(runId, 'b');
    expect(model).toMatchObject({ name: 'model', kind: 'artifact' });
    expect(readFileSync(h.artifacts.pathOf((model as { digest: string }).digest), 'utf8')).toBe('rows+b');
    expect(h.store.lineage.forRun(runId).map((e) => `${e.producerNodeId}->${e.consumerNodeId}.${e.inputName}`).sort())
      .toEqual(['a->b.src', 'b->c.m']);
    expect(h.store.logs.readLogs(runId, 'c').map((l) => l.text).join('')).toContain('rows+b');
    const types = h.events.filter((e) => e.runId === runId).map((e) => e.type);
    expect(types[0]).toBe('runStarted');
    expect(types[types.length - 1]).toBe('runFinished');
    expect(h.store.runs.get(runId).reproducibility?.durations.total).toBeGreaterThan(0);
  });

  it('reuses every node on an identical second run, and --no-cache / --from re-run what they should', async () => {
    h = harness();
    await h.run(chain()).done;
    const second = h.run(chain());
    await second.done;
    expect(h.nodeStatus(second.runId)).toEqual({ a: 'cached', b: 'cached', c: 'cached' });
    const fresh = h.run(chain(), { noCache: true });
    await fresh.done;
    expect(h.nodeStatus(fresh.runId)).toEqual({ a: 'succeeded', b: 'succeeded', c: 'succeeded' });
    const from = h.run(chain(), { fromNode: 'b' });
    await from.done;
    expect(h.nodeStatus(from.runId)).toEqual({ a: 'cached', b: 'succeeded', c: 'succeeded' });
  });

  it('fails a node that exits non-zero and skips what depends on it, with the reason', async () => {
    h = harness();
    const spec = chain();
    spec.nodes[1] = jsNode('b', 'process.exit(3)', ['{{inputs.src}}', '{{outputs.model}}'], { inputs: { src: { from: 'a.data' } }, outputs: { model: { type: 'model' } } });
    const { runId, done } = h.run(spec);
    const run = await done;
    expect(run.status).toBe('failed');
    const nodes = h.store.nodeRuns.listByRun(runId, { latestOnly: true });
    expect(nodes.find((n) => n.nodeId === 'b')).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(nodes.find((n) => n.nodeId === 'c')).toMatchObject({ status: 'skipped', reason: "upstream node 'b' failed" });
    expect(run.error).toContain('b');
  });

  it('retries with backoff until the node succeeds', async () => {
    h = harness();
    const counter = join(h.dir, 'count');
    const flaky = 'const fs=require("fs"); const n=(fs.existsSync(process.argv[1])?+fs.readFileSync(process.argv[1],"utf8"):0)+1; fs.writeFileSync(process.argv[1], String(n)); process.exit(n<3?1:0)';
    const { runId, done } = h.run(pipeline([jsNode('flaky', flaky, [counter], { retries: { count: 3, backoff: { initial: 0.05 } }, cache: false })]));
    expect((await done).status).toBe('succeeded');
    const attempts = h.store.nodeRuns.listByRun(runId).map((n) => [n.attempt, n.status]);
    expect(attempts).toEqual([[1, 'failed'], [2, 'failed'], [3, 'succeeded']]);
  });

  it('stops a node at its timeout', async () => {
    h = harness();
    const { runId, done } = h.run(pipeline([jsNode('slow', 'setTimeout(()=>{}, 60000)', [], { timeout: 1 })]));
    const t = Date.now();
    expect((await done).status).toBe('failed');
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(h.store.nodeRuns.latest(runId, 'slow')?.error).toMatch(/timed out after 1 s/);
  });

  it('cancels a running node and its whole process tree', async () => {
    h = harness();
    const pidFile = join(h.dir, 'grandchild.pid');
    // The node starts a grandchild that would outlive a plain kill of the node.
    const script = `const c=require("child_process").spawn(process.execPath,["-e","setTimeout(()=>{},60000)"],{stdio:"ignore"}); require("fs").writeFileSync(process.argv[1], String(c.pid)); setTimeout(()=>{},60000)`;
    const { runId, done } = h.run(pipeline([jsNode('long', script, [pidFile], { cache: false }), jsNode('after', 'process.exit(0)', [], { inputs: {} })]));
    while (!existsSync(pidFile)) await new Promise((r) => setTimeout(r, 50));
    requestCancel(h.store, runId);
    const run = await done;
    expect(run.status).toBe('cancelled');
    expect(h.nodeStatus(runId).long).toBe('cancelled');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 1500));
    expect(alive(pid)).toBe(false);
  });

  it('reports a node killed by a signal', async () => {
    h = harness();
    const { runId, done } = h.run(pipeline([jsNode('victim', 'process.kill(process.pid, "SIGKILL")', [], { cache: false })]));
    expect((await done).status).toBe('failed');
    expect(h.store.nodeRuns.latest(runId, 'victim')?.error).toMatch(/killed by SIGKILL/);
  });

  it('passes parameter outputs downstream and checks declared outputs exist', async () => {
    h = harness();
    const spec = pipeline([
      jsNode('score', WRITE, ['{{outputs.auc}}', '0.91\n'], { outputs: { auc: { type: 'number' } } }),
      jsNode('use', 'console.log("auc=" + process.argv[1])', ['{{inputs.auc}}'], { inputs: { auc: { from: 'score.auc' } } }),
      jsNode('lazy', 'process.exit(0)', [], { outputs: { never: { type: 'model' } } }),
    ]);
    const { runId, done } = h.run(spec);
    await done;
    expect(h.store.outputs.forNode(runId, 'score')).toEqual([expect.objectContaining({ name: 'auc', kind: 'parameter', value: 0.91 })]);
    expect(h.store.logs.readLogs(runId, 'use').map((l) => l.text).join('')).toContain('auc=0.91');
    expect(h.store.nodeRuns.latest(runId, 'lazy')?.error).toMatch(/did not write its output 'never'/);
  });

  it('ingests metrics lines live and reports bad ones', async () => {
    h = harness();
    const script = 'const fs=require("fs"); for (let i=0;i<3;i++) fs.appendFileSync(process.env.PIPEWRIGHT_METRICS, JSON.stringify({name:"loss",value:1/(i+1),step:i})+"\\n"); fs.appendFileSync(process.env.PIPEWRIGHT_METRICS, "oops\\n")';
    const { runId, done } = h.run(pipeline([jsNode('m', script, [], { cache: false })]));
    await done;
    const [series] = h.store.metrics.listByRun(runId);
    expect(series?.points.map((p) => p.value)).toEqual([1, 0.5, 1 / 3]);
    expect(h.events.filter((e) => e.type === 'metricLogged')).toHaveLength(3);
    expect(h.store.logs.readLogs(runId, 'm').map((l) => l.text).join('')).toMatch(/ignored metrics line \(not JSON\)/);
  });

  it('gives a missing input file a clear message naming node, input and file', async () => {
    h = harness();
    const spec = pipeline([jsNode('load', 'process.exit(0)', ['{{inputs.path}}'], { inputs: { path: 'missing.csv' } })]);
    // Inline nodes have no `format: path`, so mark the input the way a component would.
    const { compilePlan } = await import('../../shared/compiler/plan.js');
    const { libraryOf } = await import('../../shared/spec/schema.js');
    const plan = compilePlan(spec, libraryOf([]));
    plan.nodes[0]!.inputs[0]!.format = 'path';
    const { runId, done } = h.engine.start({ plan, specText: 'x', executor: 'process', specFile: join(h.dir, 'p.yaml') });
    expect((await done).status).toBe('failed');
    expect(h.store.nodeRuns.latest(runId, 'load')?.error).toBe(`node 'load' input 'path': file 'missing.csv' does not exist (looked at ${join(h.dir, 'missing.csv')})`);
  });

  it('creates a writable host folder for a format: dir input and hands over its absolute path', async () => {
    h = harness();
    const spec = pipeline([jsNode('reg', 'require("fs").writeFileSync(process.argv[1] + "/entry", "v1")', ['{{inputs.registry}}'], { inputs: { registry: 'models/registry' }, cache: false })]);
    const { compilePlan } = await import('../../shared/compiler/plan.js');
    const { libraryOf } = await import('../../shared/spec/schema.js');
    const plan = compilePlan(spec, libraryOf([]));
    plan.nodes[0]!.inputs[0]!.format = 'dir';
    const { done } = h.engine.start({ plan, specText: 'x', executor: 'process', specFile: join(h.dir, 'p.yaml') });
    expect((await done).status).toBe('succeeded');
    expect(readFileSync(join(h.dir, 'models', 'registry', 'entry'), 'utf8')).toBe('v1');
  });

  it('resolves secrets from the environment and masks them in logs', async () => {
    h = harness({ env: { PIPEWRIGHT_SECRET_DB_PASSWORD: 'hunter2-secret' } });
    const spec = pipeline([jsNode('s', 'console.log("pw is " + process.env.PW)', [], { env: { PW: { secret: 'db', key: 'password' } }, cache: false })]);
    const { runId, done } = h.run(spec);
    expect((await done).status).toBe('succeeded');
    const text = h.store.logs.readLogs(runId, 's').map((l) => l.text).join('');
    expect(text).toContain('pw is ***');
    expect(text).not.toContain('hunter2');
  });

  it('gives every node empty output and working folders, though scratch folders are reused', async () => {
    h = harness({ parallelism: 1 });
    // Each node fails unless both its folders start empty, then leaves a file in each (cwd and output).
    const check = 'const fs=require("fs"); const o=process.env.PIPEWRIGHT_OUTPUT_DIR; const seen=[...fs.readdirSync("."), ...fs.readdirSync(o)];'
      + ' if (seen.length) { console.error("not empty: " + seen); process.exit(1); } fs.writeFileSync("scratch.tmp", "s"); fs.writeFileSync(process.argv[1], process.cwd() + "|" + o)';
    const nodes = Array.from({ length: 6 }, (_, i) => jsNode(`n${i}`, check, ['{{outputs.out}}'], {
      outputs: { out: { type: 'file' } }, cache: false, ...(i ? { inputs: { prev: { from: `n${i - 1}.out` } } } : {}),
    }));
    const { runId, done } = h.run(pipeline(nodes));
    const run = await done;
    expect(run.status, JSON.stringify(h.store.logs.readLogs(runId, 'n1'))).toBe('succeeded');
    const folders = nodes.map((n) => {
      const [out] = h.store.outputs.forNode(runId, n.id);
      return readFileSync(h.artifacts.pathOf((out as { digest: string }).digest), 'utf8');
    });
    // Every node had its own folders, named after it.
    expect(new Set(folders).size).toBe(6);
    folders.forEach((f, i) => expect(f).toContain(`n${i}.1.work|`));
  });

  it('fails the run, without leaving the node unwatched, when the store refuses to record a start', async () => {
    h = harness();
    const marker = join(h.dir, 'finished');
    const transition = h.store.nodeRuns.transition.bind(h.store.nodeRuns);
    h.store.nodeRuns.transition = (id, to, opts) => {
      if (to === 'running') throw new Error('database is locked');
      return transition(id, to, opts);
    };
    const { done } = h.run(pipeline([jsNode('w', 'setTimeout(() => require("fs").writeFileSync(process.argv[1], "done"), 300)', [marker], { cache: false })]));
    const run = await done;
    expect(run.status).toBe('failed');
    expect(run.error).toBe('engine error: database is locked');
    // The engine waited for the process it had started rather than abandoning it.
    expect(existsSync(marker)).toBe(true);
  });

  it('runs independent nodes in parallel up to the limit', async () => {
    h = harness({ parallelism: 2 });
    const sleep = 'setTimeout(()=>{}, 800)';
    const t = Date.now();
    await h.run(pipeline([jsNode('p1', sleep, [], { cache: false }), jsNode('p2', sleep, [], { cache: false })])).done;
    expect(Date.now() - t).toBeLessThan(1500);
  });
});
