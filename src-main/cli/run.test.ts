/**
 * `run`, `runs`, `logs` in-process on small inline pipelines whose nodes are this Node binary, with their own
 * --data-dir: the summary table, exit codes, params, caching, --from, then the recorded runs and their logs.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { cli, jsNode, json, pipeline, ROOT, tempDir, writeSpec, type CliResult } from './testing/cli-harness.js';

/** Writes argv[2] to argv[1] and says so; logs a metric. */
const MAKE = `const fs = require('fs');
fs.writeFileSync(process.argv[1], process.argv[2]);
fs.appendFileSync(process.env.PIPEWRIGHT_METRICS, JSON.stringify({ name: 'length', value: process.argv[2].length }) + '\\n');
console.log('make wrote ' + process.argv[2]);
console.error('make: a note on stderr');`;
/** Upper-cases the file argv[1] into argv[2]. */
const SHOUT = `const fs = require('fs');
const text = fs.readFileSync(process.argv[1], 'utf8').toUpperCase();
fs.writeFileSync(process.argv[2], text);
console.log('shout says ' + text);`;
const REPORT = 'console.log("report read " + require("fs").readFileSync(process.argv[1], "utf8"))';

const SPEC = pipeline('tiny', [
  jsNode('make', MAKE, ['{{outputs.text}}', '{{inputs.greeting}}'], { inputs: { greeting: { param: 'greeting' } }, outputs: { text: { type: 'file' } } }),
  jsNode('shout', SHOUT, ['{{inputs.text}}', '{{outputs.loud}}'], { inputs: { text: { from: 'make.text' } }, outputs: { loud: { type: 'file' } } }),
  jsNode('report', REPORT, ['{{inputs.loud}}'], { inputs: { loud: { from: 'shout.loud' } } }),
], { greeting: { type: 'string', default: 'hello' }, times: { type: 'integer', default: 1 } });

const FAILING = pipeline('failing', [
  jsNode('ok', 'require("fs").writeFileSync(process.argv[1], "x")', ['{{outputs.out}}'], { outputs: { out: { type: 'file' } } }),
  jsNode('broken', 'console.error("boom: the table is empty"); process.exit(3)', ['{{inputs.x}}'], { inputs: { x: { from: 'ok.out' } }, outputs: { out: { type: 'file' } } }),
  jsNode('after', '0', ['{{inputs.x}}'], { inputs: { x: { from: 'broken.out' } } }),
]);

interface NodeRow { node: string; status: string; duration: string; tries: string; detail: string }

/** The summary table's rows, by node. */
function summary(out: string): Record<string, NodeRow> {
  const lines = out.split('\n');
  const head = lines.findIndex((l) => /^node\s+status\s+duration\s+tries\s+metrics \/ reason$/.test(l));
  expect(head, `no summary table in:\n${out}`).toBeGreaterThanOrEqual(0);
  const rows: Record<string, NodeRow> = {};
  for (const l of lines.slice(head + 2)) {
    if (!l.trim()) break;
    const [node, status, duration, tries, ...rest] = l.split(/\s{2,}/);
    rows[node!] = { node: node!, status: status!, duration: duration!, tries: tries!, detail: rest.join('  ') };
  }
  return rows;
}

const statuses = (out: string) => Object.fromEntries(Object.values(summary(out)).map((r) => [r.node, r.status]));
const runIdOf = (r: CliResult) => /^run (\w{26}) (succeeded|failed|cancelled) in /m.exec(r.out)?.[1] ?? '';

let tmp: ReturnType<typeof tempDir>;
let data: string;
let specFile: string;
let failingFile: string;
const ids: Record<string, string> = {};

beforeAll(() => {
  tmp = tempDir('pw-cli-run-');
  data = join(tmp.dir, 'data');
  specFile = writeSpec(tmp.dir, 'tiny.yaml', SPEC);
  failingFile = writeSpec(tmp.dir, 'failing.yaml', FAILING);
});
afterAll(() => tmp.cleanup());

const run = (...args: string[]) => cli(['run', ...args, '--data-dir', data], { cwd: tmp.dir });

describe('pipewright run', () => {
  it('runs every node, prints progress and a summary table, exit 0', async () => {
    const r = await run('tiny.yaml');
    expect(r.code, r.all).toBe(0);
    const id = runIdOf(r);
    expect(id).toMatch(/^[0-9A-Z]{26}$/);
    ids.first = id;
    expect(r.err).toContain(`run ${id}: tiny, 3 nodes on process`);
    // Progress, one line per change (stdout is not a terminal).
    for (const n of ['make', 'shout', 'report']) {
      expect(r.out).toContain(`▶ ${n} running`);
      expect(r.out).toContain(`✓ ${n} succeeded`);
    }
    const rows = summary(r.out);
    expect(Object.keys(rows)).toEqual(['make', 'shout', 'report']);
    for (const row of Object.values(rows)) {
      expect(row.status).toBe('succeeded');
      expect(row.tries).toBe('1');
      expect(row.duration).toMatch(/^\d+(ms|\.\ds)$/);
    }
    expect(rows.make!.detail).toBe('length=5');
    expect(r.out).toMatch(new RegExp(`^run ${id} succeeded in \\S+$`, 'm'));
    expect(r.out).toContain(`details: pipewright runs show ${id}    logs: pipewright logs ${id} NODE`);
  });

  it('an identical second run reuses every node (cached)', async () => {
    const r = await run('tiny.yaml');
    expect(r.code, r.all).toBe(0);
    ids.cached = runIdOf(r);
    expect(statuses(r.out)).toEqual({ make: 'cached', shout: 'cached', report: 'cached' });
    expect(r.out).toContain(`↺ make cached — reused outputs of run ${ids.first}`);
    // A cached node shows the metrics of the run it reused.
    expect(summary(r.out).make!.detail).toBe('length=5');
  });

  it('--param overrides a param: the nodes that depend on it run again with the new value', async () => {
    const r = await run('tiny.yaml', '--param', 'greeting=howdy');
    expect(r.code, r.all).toBe(0);
    ids.param = runIdOf(r);
    expect(statuses(r.out)).toEqual({ make: 'succeeded', shout: 'succeeded', report: 'succeeded' });
    expect(summary(r.out).make!.detail).toBe('length=5');
    const logs = await cli(['logs', ids.param, 'report', '--data-dir', data]);
    expect(logs.out).toBe('report read HOWDY\n');
  });

  it('--param errors exit 2 before anything runs: unknown name, wrong type', async () => {
    const unknown = await run('tiny.yaml', '--param', 'greting=hi');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("pipewright run: unknown param 'greting' (the pipeline has: greeting, times)");
    const typed = await run('tiny.yaml', '--param', 'times=often');
    expect(typed.code).toBe(2);
    expect(typed.err).toMatch(/param 'times' is an integer; 'often' is not/);
    expect(typed.out).not.toMatch(/running/);
  });

  it('--no-cache runs every node again', async () => {
    const r = await run('tiny.yaml', '--no-cache');
    expect(r.code, r.all).toBe(0);
    expect(statuses(r.out)).toEqual({ make: 'succeeded', shout: 'succeeded', report: 'succeeded' });
  });

  it('--from NODE re-runs that node and everything downstream and reuses what is upstream', async () => {
    const r = await run('tiny.yaml', '--from', 'shout');
    expect(r.code, r.all).toBe(0);
    ids.from = runIdOf(r);
    expect(statuses(r.out)).toEqual({ make: 'cached', shout: 'succeeded', report: 'succeeded' });
    const last = await run('tiny.yaml', '--from', 'report');
    expect(statuses(last.out)).toEqual({ make: 'cached', shout: 'cached', report: 'succeeded' });
  });

  it('--from an unknown node exits 2 naming it', async () => {
    const r = await run('tiny.yaml', '--from', 'nowhere');
    expect(r.code).toBe(2);
    expect(r.err).toContain("pipewright run: --from: the pipeline has no node 'nowhere'");
    expect(r.err).toContain('Usage: pipewright run FILE');
  });

  it('--executor nope exits 2', async () => {
    const r = await run('tiny.yaml', '--executor', 'nope');
    expect(r.code).toBe(2);
    expect(r.err).toContain('pipewright run: --executor must be process or docker');
  });

  it('an invalid spec exits 1 with its problems and starts no run', async () => {
    const r = await cli(['run', join(ROOT, 'shared/spec/fixtures/invalid/cycle.yaml'), '--data-dir', data]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cycle.yaml:15:18: error [node a]');
    expect(r.out).toBe('');
  });

  it('a failing node: exit 4, the failed node and its reason, downstream skipped', async () => {
    const r = await run(failingFile);
    expect(r.code, r.all).toBe(4);
    ids.failed = runIdOf(r);
    expect(r.out).toContain("✗ broken failed — node 'broken' exited with code 3");
    const rows = summary(r.out);
    expect(rows.ok!.status).toBe('succeeded');
    expect(rows.broken).toMatchObject({ status: 'failed', detail: "node 'broken' exited with code 3" });
    expect(rows.after).toMatchObject({ status: 'skipped', detail: "upstream node 'broken' failed" });
    expect(r.out).toMatch(new RegExp(`^run ${ids.failed} failed in \\S+ — failed: broken$`, 'm'));
    // What the node said on stderr is in its log.
    const logs = await cli(['logs', ids.failed, 'broken', '--data-dir', data]);
    expect(logs.code).toBe(0);
    expect(logs.err).toBe('boom: the table is empty\n');
  });

  it('--json prints the run, its nodes and metrics', async () => {
    const r = await run('tiny.yaml', '--json');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const j = json<{ run: { id: string; status: string }; nodes: { nodeId: string; status: string }[]; metrics: unknown[] }>(r.out);
    expect(j.run.status).toBe('succeeded');
    // Node runs come by node id.
    expect(j.nodes.map((n) => [n.nodeId, n.status])).toEqual([['make', 'cached'], ['report', 'cached'], ['shout', 'cached']]);
  });
});

describe('pipewright runs', () => {
  it('runs list shows the runs, newest first, with pipeline, status and node counts', async () => {
    const r = await cli(['runs', 'list', '--data-dir', data]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toMatch(/^run\s+pipeline\s+status\s+executor\s+started\s+took\s+nodes$/);
    const first = lines.find((l) => l.startsWith(ids.first!));
    expect(first).toMatch(new RegExp(`^${ids.first}\\s+tiny\\s+succeeded\\s+process\\s+\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+\\S+\\s+3 succeeded$`));
    expect(lines.find((l) => l.startsWith(ids.failed!))).toMatch(/\s+failing\s+failed\s+process\s.*1 succeeded, 1 failed, 1 skipped$/);
    expect(lines.find((l) => l.startsWith(ids.cached!))).toMatch(/\s3 cached$/);
    expect(lines.findIndex((l) => l.startsWith(ids.failed!))).toBeLessThan(lines.findIndex((l) => l.startsWith(ids.first!)));
  });

  it('runs list --json lists the same runs; --limit limits them', async () => {
    const r = await cli(['runs', 'list', '--json', '--data-dir', data]);
    const runs = json<{ id: string; status: string; pipelineName: string }[]>(r.out);
    expect(runs.map((x) => x.id)).toEqual(expect.arrayContaining(Object.values(ids)));
    expect(runs.find((x) => x.id === ids.failed)).toMatchObject({ status: 'failed', pipelineName: 'failing' });
    const one = json<unknown[]>((await cli(['runs', 'list', '--json', '--limit', '1', '--data-dir', data])).out);
    expect(one).toHaveLength(1);
  });

  it('runs list on an empty data folder says how to start', async () => {
    const r = await cli(['runs', 'list', '--data-dir', join(tmp.dir, 'empty')]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('No runs yet. Start one with: pipewright run');
  });

  it('runs show RUN: pipeline, status, params (overrides starred), node table and the spec sha256', async () => {
    const r = await cli(['runs', 'show', ids.param!, '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`run       ${ids.param}`);
    expect(r.out).toContain(`pipeline  tiny (${specFile})`);
    expect(r.out).toMatch(/^status {4}succeeded$/m);
    expect(r.out).toMatch(/^executor {2}process$/m);
    expect(r.out).toMatch(/^params {4}.*greeting="howdy"\*/m);
    expect(r.out).toMatch(/^params {4}.*times=1(\s|$)/m);
    expect(statuses(r.out)).toEqual({ make: 'succeeded', shout: 'succeeded', report: 'succeeded' });
    const sha = createHash('sha256').update(readFileSync(specFile, 'utf8')).digest('hex');
    expect(r.out).toMatch(new RegExp(`^spec sha256 {3}${sha}$`, 'm'));
    expect(r.out).toMatch(/^host {10}\S+ /m);
  });

  it('runs show takes a unique prefix of the id, in either case', async () => {
    const full = await cli(['runs', 'show', ids.failed!, '--data-dir', data]);
    for (const prefix of [ids.failed!.slice(0, 20), ids.failed!.slice(0, 20).toLowerCase()]) {
      const r = await cli(['runs', 'show', prefix, '--data-dir', data]);
      expect(r.code).toBe(0);
      expect(r.out).toBe(full.out);
    }
    expect(full.out).toMatch(/^status {4}failed — failed: broken$/m);
    expect(summary(full.out).broken).toMatchObject({ status: 'failed', detail: "node 'broken' exited with code 3" });
  });

  it('runs show with an ambiguous prefix or an unknown id exits 2', async () => {
    const common = Object.values(ids).reduce((a, b) => { let i = 0; while (i < a.length && a[i] === b[i]) i++; return a.slice(0, i); });
    const amb = await cli(['runs', 'show', common.slice(0, Math.max(1, Math.min(common.length, 5))), '--data-dir', data]);
    expect(amb.code).toBe(2);
    expect(amb.err).toMatch(/matches \d+ runs; give more of the id/);
    const none = await cli(['runs', 'show', 'ZZZZZZZZ', '--data-dir', data]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("pipewright runs: no run 'ZZZZZZZZ' (see: pipewright runs list)");
    const noVerb = await cli(['runs', 'frob', '--data-dir', data]);
    expect(noVerb.code).toBe(2);
    expect(noVerb.err).toContain("say 'runs list' or 'runs show RUN'");
  });

  it('runs show --json gives the run, every node run, params and metrics', async () => {
    const r = await cli(['runs', 'show', ids.first!, '--json', '--data-dir', data]);
    expect(r.code).toBe(0);
    const j = json<{ run: { id: string; reproducibility: { specHash: string } }; nodes: { nodeId: string; status: string }[]; params: { name: string; value: unknown; source: string }[]; metrics: { nodeId: string; name: string; last: number }[] }>(r.out);
    expect(j.run.id).toBe(ids.first);
    expect(j.run.reproducibility.specHash).toBe(createHash('sha256').update(readFileSync(specFile, 'utf8')).digest('hex'));
    expect(j.nodes.map((n) => n.nodeId)).toEqual(['make', 'report', 'shout']);
    expect(j.params).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'greeting', value: 'hello' })]));
    expect(j.metrics).toEqual([expect.objectContaining({ nodeId: 'make', name: 'length', last: 5 })]);
  });
});

describe('pipewright logs', () => {
  it('prints what the node printed: stdout to stdout, stderr to stderr', async () => {
    const r = await cli(['logs', ids.first!, 'make', '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('make wrote hello\n');
    expect(r.err).toBe('make: a note on stderr\n');
    const shout = await cli(['logs', ids.first!.toLowerCase().slice(0, 22), 'shout', '--data-dir', data]);
    expect(shout.out).toBe('shout says HELLO\n');
  });

  it('an unknown node exits 2 and lists the nodes of the run', async () => {
    const r = await cli(['logs', ids.first!, 'nosuchnode', '--data-dir', data]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`pipewright logs: run ${ids.first} has no node 'nosuchnode' (it has: make, report, shout)`);
    expect(r.err).toContain('Usage: pipewright logs RUN NODE');
    const unknownRun = await cli(['logs', 'ZZZZZZZZ', 'make', '--data-dir', data]);
    expect(unknownRun.code).toBe(2);
    expect(unknownRun.err).toContain("no run 'ZZZZZZZZ'");
    const missing = await cli(['logs', ids.first!, '--data-dir', data]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('name the run and the node');
  });

  it('--search finds the matching lines, highlighted, with their sequence number and stream', async () => {
    const r = await cli(['logs', ids.first!, 'make', '--search', 'note', '--data-dir', data]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^#\d+ stderr: make: a \[note\] on stderr\s*$/m);
    expect(r.out).not.toContain('make wrote');
    const none = await cli(['logs', ids.first!, 'make', '--search', 'zebra', '--data-dir', data]);
    expect(none.code).toBe(0);
    expect(none.out).toBe('');
  });

  it('prints a long log in full (more chunks than one read returns), partial lines included', async () => {
    const store = Store.open(join(data, 'pipewright.db'));
    try {
      const chunks = Array.from({ length: 2500 }, (_, i) => ({ runId: ids.first!, nodeId: 'report', stream: 'stdout' as const, text: i % 2 ? `${i}\n` : `line ${i}: ` }));
      store.logs.appendLogs([...chunks, { runId: ids.first!, nodeId: 'report', stream: 'stdout', text: 'no newline at the end' }]);
    } finally {
      store.close();
    }
    const r = await cli(['logs', ids.first!, 'report', '--data-dir', data]);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('report read HELLO');
    expect(lines[1]).toBe('line 0: 1');
    expect(lines[1250]).toBe('line 2498: 2499');
    expect(lines[1251]).toBe('no newline at the end');
    expect(lines).toHaveLength(1253);
  });
});
