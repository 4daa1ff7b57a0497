/**
 * A pipeline's drift-check through the real back end: the engine runs the component (Pipewright's CLI),
 * the report lands in the drift history under the pipeline file, the run is flagged, and the run's node
 * leads back to the report, also when the node came from the cache or the history entry was deleted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compilePlan } from '../../shared/compiler/plan.js';
import type { Pipeline } from '../../shared/spec/schema.js';
import { openBackend, type Backend } from '../backend.js';
import { resourcesDir } from '../library/library.js';
import { pipelineReportHandlers, sourcesOf } from './pipeline-reports.js';

const demo = join(resourcesDir(), 'demo');
let dir: string;
let backend: Backend;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pw-pipeline-drift-'));
  backend = await openBackend({ dataDir: join(dir, 'data') });
});
afterEach(() => { backend.close(); rmSync(dir, { recursive: true, force: true }); });

/** Two inline nodes copy the demo CSVs into dataset artifacts; drift-check compares them. */
function spec(onDrift: 'flag' | 'fail', driftShare: number): Pipeline {
  const copy = (id: string, file: string) => ({
    id, kind: 'data' as const,
    container: { command: [process.execPath, '-e', 'require("fs").copyFileSync(process.argv[1], process.argv[2])', join(demo, file), '{{outputs.dataset}}'] },
    outputs: { dataset: { type: 'dataset' as const } },
  });
  return {
    apiVersion: 'pipewright.dev/v1', kind: 'Pipeline', metadata: { name: 'monitor' }, params: {},
    nodes: [
      copy('reference', 'churn.csv'), copy('current', 'churn_current.csv'),
      {
        id: 'drift', kind: 'monitor', uses: 'drift-check@2.0.0',
        inputs: {
          reference: { from: 'reference.dataset' }, current: { from: 'current.dataset' }, exclude: { value: ['customer_id'] },
          drift_share: driftShare, on_drift: onDrift,
        },
      },
    ],
  };
}

async function run(s: Pipeline) {
  const specFile = join(dir, 'monitor.yaml');
  writeFileSync(specFile, stringify(s));
  const plan = compilePlan(s, backend.library, {});
  const { runId, done } = backend.engine.start({ plan, specText: stringify(s), specFile, executor: 'process' });
  return { runId, specFile, row: await done };
}

describe('drift-check in a pipeline', () => {
  it('stores the report in the drift history, flags the run, and links the node to the report', async () => {
    const { runId, specFile, row } = await run(spec('flag', 0.2));
    expect(row.status).toBe('succeeded');
    expect(backend.store.flags.forRun(runId).map((f) => [f.nodeId, f.level])).toEqual([['drift', 'critical'], ['drift', 'warning']]);
    const [check] = backend.store.drift.list({ pipelineFile: specFile });
    expect(check).toMatchObject({ runId, nodeId: 'drift', summary: { datasetDrift: true } });
    expect(check!.referenceLabel).toMatch(/^run \w+ · reference\.dataset$/);
    expect(check!.currentLabel).toBe('current.dataset');
    expect(check!.summary.columns.find((c) => c.name === 'monthly_charges')?.psi).toBeGreaterThan(0.2);
    expect(backend.store.drift.forRun(runId)).toEqual([{ nodeId: 'drift', checkId: check!.id }]);

    // The compared artifacts, found through lineage, so the Drift view can compare them again.
    expect(sourcesOf(backend.store, runId, 'drift')).toEqual({
      reference: { runId, nodeId: 'reference', output: 'dataset' }, current: { runId, nodeId: 'current', output: 'dataset' },
    });
    expect(sourcesOf(backend.store, runId, 'reference')).toBeUndefined();

    const handlers = pipelineReportHandlers(backend);
    const opened = await handlers['drift.forNode']({ runId, nodeId: 'drift' });
    expect(opened.id).toBe(check!.id);
    expect(opened.report.columns.map((c) => c.name)).not.toContain('customer_id');
    await expect(handlers['drift.forNode']({ runId, nodeId: 'reference' })).rejects.toThrow("node 'reference' of run");

    // A cached re-run links the same check; the history does not count the same data twice.
    const again = await run(spec('flag', 0.2));
    expect(backend.store.nodeRuns.listByRun(again.runId, { latestOnly: true }).find((n) => n.nodeId === 'drift')?.status).toBe('cached');
    expect(backend.store.drift.forRun(again.runId)).toEqual([{ nodeId: 'drift', checkId: check!.id }]);
    expect(backend.store.flags.forRun(again.runId)).toHaveLength(2);
    expect(backend.store.drift.list({ pipelineFile: specFile })).toHaveLength(1);
    expect(sourcesOf(backend.store, again.runId, 'drift')?.current).toEqual({ runId: again.runId, nodeId: 'current', output: 'dataset' });

    // Deleted from the history: opening it from the run indexes the artifact again.
    backend.store.drift.delete(check!.id);
    const reopened = await handlers['drift.forNode']({ runId, nodeId: 'drift' });
    expect(reopened.summary).toMatchObject({ runId, nodeId: 'drift', datasetDrift: true });
  }, 60_000);

  it('as a gate, fails the run and still keeps the report that says why', async () => {
    const { runId, row } = await run(spec('fail', 0.2));
    expect(row.status).toBe('failed');
    expect(row.error).toBe('failed: drift');
    const drift = backend.store.nodeRuns.listByRun(runId).find((n) => n.nodeId === 'drift');
    expect(drift).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(backend.store.logs.readLogs(runId, 'drift').map((c) => c.text).join('')).toContain('dataset drift: 3 of 10 columns drifted');
    expect(backend.store.drift.forRun(runId)).toHaveLength(1);
    expect(backend.store.flags.forRun(runId)[0]).toMatchObject({ level: 'critical' });
  }, 60_000);
});
