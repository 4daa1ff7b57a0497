import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Handlers } from '../../shared/contract/api.js';
import { ArtifactStore } from '../engine/artifact-store.js';
import { FilesService } from '../files/files.service.js';
import { resourcesDir } from '../library/library.js';
import type { Store } from '../store/index.js';
import { addRun, tempStore } from '../store/testing/fixtures.js';
import { dispatch } from '../transport/dispatch.js';
import { driftHandlers } from './handlers.js';

const demoDir = join(resourcesDir(), 'demo');
const REF = join(demoDir, 'churn.csv');
const CUR = join(demoDir, 'churn_current.csv');

let dir: string;
let store: Store;
let closeStore: () => void;
let artifacts: ArtifactStore;
let handlers: Handlers;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pw-drift-app-'));
  ({ store, cleanup: closeStore } = tempStore());
  artifacts = new ArtifactStore(join(dir, 'artifacts'));
  const files = new FilesService(join(dir, 'ws'), join(dir, 'data'), [demoDir]);
  // Only the drift methods are called; the others are never reached.
  handlers = driftHandlers({ store, artifacts, files, demoDir, workers: 0 }) as unknown as Handlers;
});
afterEach(() => { closeStore(); rmSync(dir, { recursive: true, force: true }); });

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await dispatch(handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(r.error.message), { code: r.error.code });
  return r.value as T;
}

interface RunResult { id: string; report: { datasetDrift: boolean; columns: { name: string; method: string; statistic: number; extra?: { method: string; statistic: number }[] }[] }; summary: { columns: { name: string; psi: number | null }[] } }

describe('drift handlers', () => {
  it('compares the demo files, stores the check, lists, gets and exports it', async () => {
    const res = await call<RunResult>('drift.run', {
      reference: { path: REF }, current: { path: CUR }, extraMethods: ['psi'], pipelineFile: 'churn.yaml',
    });
    const psi = Object.fromEntries(res.summary.columns.map((c) => [c.name, c.psi]));
    expect(psi.payment_method).toBeGreaterThan(0.2);
    expect(psi.payment_method).toBeLessThan(0.3);
    expect(psi.monthly_charges).toBeGreaterThan(0.2);
    expect(psi.monthly_charges).toBeLessThan(0.3);
    expect(psi.tenure).toBeLessThan(0.1);

    const history = await call<{ checks: { id: string; referenceLabel: string; currentLabel: string; pipelineFile: string }[] }>(
      'drift.history', { pipelineFile: 'churn.yaml' });
    expect(history.checks).toHaveLength(1);
    expect(history.checks[0]).toMatchObject({ id: res.id, referenceLabel: 'churn.csv', currentLabel: 'churn_current.csv', pipelineFile: join(dir, 'ws', 'churn.yaml') });
    expect((await call<{ checks: unknown[] }>('drift.history', { pipelineFile: 'other.yaml' })).checks).toHaveLength(0);

    const got = await call<{ report: RunResult['report'] }>('drift.get', { id: res.id });
    expect(got.report.columns.map((c) => c.name)).toEqual(res.report.columns.map((c) => c.name));

    const exported = await call<{ html: string; path: string }>('drift.exportHtml', { id: res.id, path: 'reports/drift.html' });
    expect(exported.path).toBe(join(dir, 'ws', 'reports', 'drift.html'));
    expect(readFileSync(exported.path, 'utf8')).toBe(exported.html);
    expect(exported.html).toContain('payment_method');
    const json = JSON.parse((await call<{ json: string }>('drift.exportJson', { id: res.id })).json) as RunResult['report'];
    expect(json.columns).toHaveLength(res.report.columns.length);

    await expect(call('drift.exportHtml', { id: res.id, path: join(dir, 'outside.html') })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(call('drift.get', { id: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('reports progress while a check runs and cancels it on request', async () => {
    const running = call<RunResult>('drift.run', { reference: { path: REF }, current: { path: CUR }, requestId: 'req-1' });
    const during = await call<{ running: boolean; fraction: number }>('drift.progress', { requestId: 'req-1' });
    expect(during.running).toBe(true);
    expect(during.fraction).toBeGreaterThanOrEqual(0);
    await running;
    expect(await call('drift.progress', { requestId: 'req-1' })).toEqual({ running: false, fraction: 1, message: '' });

    const cancelled = call('drift.run', { reference: { path: REF }, current: { path: CUR }, requestId: 'req-2' });
    expect(await call('drift.cancel', { requestId: 'req-2' })).toEqual({ cancelled: true });
    await expect(cancelled).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('cancelled') });
    expect(await call('drift.cancel', { requestId: 'req-2' })).toEqual({ cancelled: false });
    expect((await call<{ checks: unknown[] }>('drift.history', {})).checks).toHaveLength(1);
  });

  it('applies per-column methods and thresholds', async () => {
    const res = await call<RunResult>('drift.run', {
      reference: { path: REF }, current: { path: CUR }, methods: { monthly_charges: 'wasserstein' }, thresholds: { monthly_charges: 5 },
    });
    const col = res.report.columns.find((c) => c.name === 'monthly_charges')!;
    expect(col.method).toBe('wasserstein');
    expect(res.summary.columns.find((c) => c.name === 'monthly_charges')!.psi).toBeNull();
  });

  it('reports bad columns, bad files and paths outside the allowed folders as bad-input', async () => {
    await expect(call('drift.run', { reference: { path: REF }, current: { path: CUR }, methods: { no_such_col: 'psi' } }))
      .rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('no_such_col') });
    mkdirSync(join(dir, 'ws'), { recursive: true });
    writeFileSync(join(dir, 'ws', 'empty.csv'), '');
    await expect(call('drift.run', { reference: { path: 'empty.csv' }, current: { path: CUR } })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(call('drift.run', { reference: { path: 'missing.csv' }, current: { path: CUR } })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(call('drift.run', { reference: { path: '/etc/passwd' }, current: { path: CUR } }))
      .rejects.toMatchObject({ code: 'bad-input', message: expect.stringContaining('outside the workspace') });
  });

  it('deletes a stored check: gone from the history and from drift.get, a second delete reports false', async () => {
    const first = await call<RunResult>('drift.run', { reference: { path: REF }, current: { path: CUR } });
    const second = await call<RunResult>('drift.run', { reference: { path: CUR }, current: { path: REF } });
    expect(await call('drift.delete', { id: first.id })).toEqual({ deleted: true });
    const { checks } = await call<{ checks: { id: string }[] }>('drift.history', {});
    expect(checks.map((c) => c.id)).toEqual([second.id]);
    await expect(call('drift.get', { id: first.id })).rejects.toMatchObject({ code: 'not-found' });
    expect(await call('drift.delete', { id: first.id })).toEqual({ deleted: false });
    await expect(call('drift.delete', { id: '' })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('takes typed paths relative to the workspace and names the side of a bad one', async () => {
    mkdirSync(join(dir, 'ws', 'data'), { recursive: true });
    copyFileSync(CUR, join(dir, 'ws', 'data', 'current.csv'));
    const res = await call<RunResult>('drift.run', { reference: { path: REF }, current: { path: 'data/current.csv' } });
    expect(res.report.columns.length).toBeGreaterThan(0);
    await expect(call('drift.run', { reference: { path: REF }, current: { path: 'data/nope.csv' } }))
      .rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/^current: .*nope\.csv: file not found$/) });
    await expect(call('drift.run', { reference: { path: 'data' }, current: { path: CUR } }))
      .rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/^reference: .* is a folder/) });
    await expect(call('drift.run', { reference: { path: REF }, current: { path: '/etc/hostname' } }))
      .rejects.toMatchObject({ code: 'bad-input', message: expect.stringMatching(/^current: .*outside the workspace/) });
  });

  it('applies type overrides, text included', async () => {
    const res = await call<RunResult & { report: { columns: { name: string; type: string; basis?: string }[] } }>('drift.run', {
      reference: { path: REF }, current: { path: CUR }, categorical: ['tenure'], text: ['payment_method'],
    });
    const byName = Object.fromEntries(res.report.columns.map((c) => [c.name, c]));
    expect(byName.tenure).toMatchObject({ type: 'categorical' });
    expect(byName.payment_method).toMatchObject({ type: 'text', basis: 'text length' });
  });

  it('compares run artifacts and lists them and the data files as sources', async () => {
    const run = addRun(store);
    const node = store.nodeRuns.create({ runId: run.id, nodeId: 'ingest' });
    const tmp = join(dir, 'out.csv');
    copyFileSync(CUR, tmp);
    const stored = await artifacts.ingest(tmp);
    store.artifacts.put({ ...stored, type: 'dataset' });
    store.outputs.record(node.id, { data: { kind: 'artifact', digest: stored.digest }, rows: { kind: 'parameter', value: 5 } });

    const sources = await call<{ files: { label: string; group: string }[]; artifacts: { runId: string; nodeId: string; output: string }[] }>('drift.sources', {});
    expect(sources.files.filter((f) => f.group === 'demo').map((f) => f.label).sort()).toEqual(['churn.csv', 'churn_current.csv']);
    expect(sources.artifacts).toEqual([expect.objectContaining({ runId: run.id, nodeId: 'ingest', output: 'data' })]);

    const res = await call<RunResult>('drift.run', { reference: { path: REF }, current: { runId: run.id, nodeId: 'ingest', output: 'data' }, extraMethods: ['psi'] });
    expect(res.summary.columns.find((c) => c.name === 'payment_method')!.psi).toBeGreaterThan(0.2);
    const [check] = (await call<{ checks: { currentLabel: string }[] }>('drift.history', {})).checks;
    expect(check!.currentLabel).toContain('ingest.data');
    await expect(call('drift.run', { reference: { path: REF }, current: { runId: run.id, nodeId: 'ingest', output: 'rows' } })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(call('drift.run', { reference: { path: REF }, current: { runId: run.id, nodeId: 'ingest', output: 'x' } })).rejects.toMatchObject({ code: 'not-found' });
    expect(existsSync(artifacts.pathOf(stored.digest))).toBe(true);
  });
});
