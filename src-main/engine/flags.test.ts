/** Run flags ($PIPEWRIGHT_FLAGS) and what a failed node wrote: recorded, emitted, carried by the cache. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, jsNode, pipeline } from './testing/harness.js';

let h: ReturnType<typeof harness>;
afterEach(() => h?.cleanup());

/** Appends its argv lines to $PIPEWRIGHT_FLAGS, writes its output, and exits with the code in argv[1]. */
const FLAGGER = [
  'const fs = require("fs");',
  'const [code, out, ...lines] = process.argv.slice(1);',
  'fs.appendFileSync(process.env.PIPEWRIGHT_FLAGS, lines.map((l) => l + "\\n").join(""));',
  'fs.writeFileSync(out, "report");',
  'process.exit(Number(code));',
].join('\n');

const flagLine = (level: string, message: string) => JSON.stringify({ level, message });

describe('run flags', () => {
  it('records the flags a node writes, emits them, and logs the lines it could not read', async () => {
    h = harness();
    const spec = pipeline([jsNode('check', FLAGGER, ['0', '{{outputs.report}}', flagLine('critical', 'dataset drift'), '{"level":"info"}', 'oops'],
      { outputs: { report: { type: 'metrics' } } })]);
    const { runId, done } = h.run(spec);
    expect((await done).status).toBe('succeeded');
    expect(h.store.flags.forRun(runId).map((f) => [f.nodeId, f.level, f.message])).toEqual([['check', 'critical', 'dataset drift']]);
    expect(h.events.filter((e) => e.type === 'runFlagged')).toMatchObject([{ runId, nodeId: 'check', level: 'critical', message: 'dataset drift' }]);
    const stderr = h.store.logs.readLogs(runId, 'check').filter((c) => c.stream === 'stderr').map((c) => c.text).join('');
    expect(stderr).toContain('ignored flag line ("level" must be "warning" or "critical")');
    expect(stderr).toContain('ignored flag line (not JSON): oops');
    expect(h.store.flags.countsFor([runId]).get(runId)).toEqual({ warning: 0, critical: 1 });
  });

  it('reads only the first 64 kB of a runaway flags file and says so', async () => {
    h = harness();
    // 2,000 well-formed lines, about 160 kB.
    const script = 'require("fs").writeFileSync(process.env.PIPEWRIGHT_FLAGS, Array.from({ length: 2000 }, (_, i) => '
      + 'JSON.stringify({ level: "warning", message: "flag " + i + " " + "x".repeat(40) })).join("\\n"))';
    const { runId, done } = h.run(pipeline([jsNode('noisy', script)]));
    expect((await done).status).toBe('succeeded');
    expect(h.store.flags.forRun(runId)).toHaveLength(20);
    const stderr = h.store.logs.readLogs(runId, 'noisy').map((c) => c.text).join('');
    expect(stderr).toContain('more than 20 flags');
    expect(stderr).toContain('the flags file is over 64 kB; the rest was not read');
  });

  it('a cached node carries the flags of the run that computed it', async () => {
    h = harness();
    const spec = pipeline([jsNode('check', FLAGGER, ['0', '{{outputs.report}}', flagLine('warning', 'PSI 0.31 on income')],
      { outputs: { report: { type: 'metrics' } } })]);
    const first = h.run(spec);
    await first.done;
    const second = h.run(spec);
    await second.done;
    expect(h.nodeStatus(second.runId)).toEqual({ check: 'cached' });
    const [carried] = h.store.flags.forRun(second.runId);
    expect(carried).toMatchObject({ level: 'warning', message: 'PSI 0.31 on income' });
    expect(carried!.nodeRunId).toBe(h.store.flags.forRun(first.runId)[0]!.nodeRunId);
    // The carried copy is not carried again as if the second run had raised it.
    expect(h.store.flags.ofNodeRun(carried!.nodeRunId)).toHaveLength(1);
  });

  it('a failed node keeps the artifacts it wrote and its flags, and nothing of it is cached', async () => {
    h = harness();
    const spec = pipeline([
      jsNode('gate', FLAGGER, ['3', '{{outputs.report}}', flagLine('critical', 'dataset drift: stopping')],
        { outputs: { report: { type: 'metrics' }, drifted: { type: 'boolean' } } }),
      jsNode('deploy', 'console.log(1)', [], { inputs: { r: { from: 'gate.report' } } }),
    ]);
    const { runId, done } = h.run(spec);
    expect((await done).status).toBe('failed');
    expect(h.nodeStatus(runId)).toEqual({ gate: 'failed', deploy: 'skipped' });
    const [report] = h.store.outputs.forNode(runId, 'gate');
    expect(report).toMatchObject({ name: 'report', kind: 'artifact' });
    expect(readFileSync(h.artifacts.pathOf((report as { digest: string }).digest), 'utf8')).toBe('report');
    expect(h.store.flags.forRun(runId).map((f) => f.message)).toEqual(['dataset drift: stopping']);
    const again = h.run(spec);
    await again.done;
    expect(h.nodeStatus(again.runId).gate).toBe('failed');
  });
});
