/**
 * The drift-check component as a pipeline runs it: argv rendered from its YAML, started by the real
 * process executor (which maps the `pipewright` program to this checkout's CLI), on the demo data.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanInput, PlanNode } from '../../shared/compiler/plan.js';
import { isArtifactType, type Component } from '../../shared/spec/schema.js';
import { ProcessExecutor } from '../executors/process.executor.js';
import { loadLibrary, pipewrightCommand, resourcesDir } from './library.js';

const DEMO = path.join(resourcesDir(), 'demo');
let component: Component;
let work: string;
let counter = 0;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pw-drift-check-'));
  const { library } = await loadLibrary();
  component = library.get('drift-check', '2.0.0')!;
});
afterAll(() => rm(work, { recursive: true, force: true }));

interface Ran { exitCode: number | null; logs: string; out(name: string): string; flags(): Promise<{ level: string; message: string }[]> }

async function runDriftCheck(values: Record<string, unknown>): Promise<Ran> {
  const dir = path.join(work, String(++counter));
  const outputDir = path.join(dir, 'out');
  await mkdir(outputDir, { recursive: true });
  const inputs: PlanInput[] = [];
  const inputPaths: Record<string, string> = {};
  for (const decl of component.inputs) {
    const value = decl.name in values ? values[decl.name] : decl.default;
    if (value === undefined) continue;
    if (isArtifactType(decl.type)) {
      inputPaths[decl.name] = value as string;
      inputs.push({ name: decl.name, type: decl.type, source: { kind: 'artifact', node: 'load', output: 'dataset' } });
    } else {
      inputs.push({ name: decl.name, type: decl.type, source: { kind: 'value', value: value as never } });
    }
  }
  const container = component.implementation.container;
  const node = {
    id: 'drift', kind: 'monitor', inputs, outputs: component.outputs.map((o) => ({ name: o.name, type: o.type })),
    command: [...container.command ?? [], ...container.args ?? []], env: {}, dependsOn: [],
  } as unknown as PlanNode;
  const flagsFile = path.join(dir, 'flags.jsonl');
  let logs = '';
  const result = await new ProcessExecutor({ pipewright: pipewrightCommand() }).run({
    runId: 'test', node, attempt: 1, inputPaths, hostDirs: {}, runtimeParams: {}, outputDir, workDir: dir, env: {},
    metricsFile: path.join(dir, 'metrics.jsonl'), flagsFile, signal: new AbortController().signal,
    onLog: (_s, text) => { logs += text; },
  });
  return {
    exitCode: result.exitCode, logs,
    out: (name) => path.join(outputDir, name),
    flags: async () => existsSync(flagsFile)
      ? (await readFile(flagsFile, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { level: string; message: string })
      : [],
  };
}

const reference = path.join(DEMO, 'churn.csv');
const current = path.join(DEMO, 'churn_current.csv');

describe('drift-check component', () => {
  it('writes the report, the HTML page and the verdict, and flags critical PSI without failing', async () => {
    const r = await runDriftCheck({ reference, current, exclude: ['customer_id'] });
    expect(r.exitCode, r.logs).toBe(0);
    const report = JSON.parse(await readFile(r.out('report'), 'utf8')) as {
      datasetDrift: boolean; columns: { name: string; method: string; drifted: boolean; extra?: { method: string; psiLevel?: string }[] }[];
    };
    expect(report.datasetDrift).toBe(false);
    expect(report.columns.map((c) => c.name)).not.toContain('customer_id');
    expect(report.columns.filter((c) => c.drifted).map((c) => c.name)).toEqual(['monthly_charges', 'total_charges', 'payment_method']);
    // Evidently's choice for > 1,000 rows: Wasserstein for numbers, Jensen-Shannon for categories; PSI beside it.
    expect(report.columns.find((c) => c.name === 'tenure')?.method).toBe('wasserstein');
    expect(report.columns.find((c) => c.name === 'contract')?.method).toBe('jensenshannon');
    expect(report.columns.find((c) => c.name === 'monthly_charges')?.extra?.[0]).toMatchObject({ method: 'psi', psiLevel: 'critical' });
    expect(await readFile(r.out('drifted'), 'utf8')).toBe('false');
    expect(await readFile(r.out('html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(await r.flags()).toEqual([{ level: 'warning', message: expect.stringMatching(/^PSI above the critical level on monthly_charges \(0\.\d+\), payment_method/) }]);
    const metrics = (await readFile(path.join(work, String(counter), 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { name: string; value: number });
    expect(metrics.find((m) => m.name === 'psi.monthly_charges')?.value).toBeGreaterThan(0.2);
  });

  it('as a gate, fails the node on dataset drift but still leaves the report and a critical flag', async () => {
    const r = await runDriftCheck({ reference, current, exclude: ['customer_id'], drift_share: 0.1, on_drift: 'fail' });
    expect(r.exitCode).toBe(3);
    expect(r.logs).toContain('dataset drift: 3 of 10 columns drifted (30% ≥ 10%): monthly_charges, total_charges, payment_method');
    expect(JSON.parse(await readFile(r.out('report'), 'utf8'))).toMatchObject({ datasetDrift: true, driftedColumns: 3 });
    expect(await readFile(r.out('drifted'), 'utf8')).toBe('true');
    expect((await r.flags()).map((f) => f.level)).toEqual(['critical', 'warning']);
  });

  it('with pass, only reports; with one method and threshold, applies them to every column', async () => {
    const r = await runDriftCheck({
      reference, current, columns: ['tenure', 'monthly_charges', 'contract'], method: 'psi', threshold: 0.2, drift_share: 0.3, on_drift: 'pass',
    });
    expect(r.exitCode, r.logs).toBe(0);
    const report = JSON.parse(await readFile(r.out('report'), 'utf8')) as { datasetDrift: boolean; columns: { name: string; method: string; threshold: number; drifted: boolean }[] };
    expect(report.columns.map((c) => [c.name, c.method, c.threshold, c.drifted])).toEqual([
      ['tenure', 'psi', 0.2, false], ['monthly_charges', 'psi', 0.2, true], ['contract', 'psi', 0.2, false],
    ]);
    expect(report.datasetDrift).toBe(true);
    expect(await r.flags()).toEqual([]);
  });

  it('names the file when an input is missing', async () => {
    const r = await runDriftCheck({ reference, current: path.join(work, 'gone.csv') });
    expect(r.exitCode).toBe(1);
    expect(r.logs).toContain('gone.csv: file not found');
  });
});
