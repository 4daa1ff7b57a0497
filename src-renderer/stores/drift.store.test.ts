import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { DriftCheckSummary, DriftColumn } from '../../shared/contract/drift.js';

const invoke = vi.fn();
vi.mock('../api/client.js', () => ({ invoke: (...a: unknown[]) => invoke(...a), onEvent: () => () => undefined }));
const errors: string[] = [];
vi.mock('../app/toast.store.js', () => ({ reportError: (what: string) => errors.push(what), toast: { success: () => undefined, info: (m: string) => errors.push(`info: ${m}`) } }));
vi.mock('./designer.store.js', () => ({ useDesigner: { getState: () => ({ filePath: '/ws/churn.yaml' }) } }));

const { useDrift, sortColumns, psiTrend, runRequest, parseSourceKey, sourceKey, columnPsi, psiLevel, methodFitsType, blamedSide } = await import('./drift.store.js');

const col = (name: string, over: Partial<DriftColumn> = {}): DriftColumn => ({
  name, type: 'numerical', method: 'ks', statistic: 0.1, pValue: 0.5, threshold: 0.05, drifted: false,
  missingReference: 0, missingCurrent: 0, rowsReference: 10, rowsCurrent: 10, missingShareReference: 0, missingShareCurrent: 0,
  distinctValues: 5, histogram: { kind: 'bins', edges: [0, 1], reference: [10], current: [10] }, notes: [], ...over,
});

describe('drift store helpers', () => {
  it('sorts by any header, stable on ties, p-values missing last', () => {
    const cols = [col('b', { statistic: 0.3, drifted: true }), col('a', { statistic: 0.1, pValue: null, method: 'psi' }), col('c', { statistic: 0.3 })];
    expect(sortColumns(cols, { key: 'name', dir: 'asc' }).map((c) => c.name)).toEqual(['a', 'b', 'c']);
    expect(sortColumns(cols, { key: 'statistic', dir: 'desc' }).map((c) => c.name)).toEqual(['b', 'c', 'a']);
    expect(sortColumns(cols, { key: 'drifted', dir: 'desc' }).map((c) => c.name)).toEqual(['b', 'a', 'c']);
    expect(sortColumns(cols, { key: 'pValue', dir: 'asc' }).map((c) => c.name)).toEqual(['b', 'c', 'a']);
    expect(sortColumns(cols, { key: 'psi', dir: 'desc' }).map((c) => c.name)).toEqual(['a', 'b', 'c']);
  });

  it('reads PSI from the test or the extras, with levels at 0.1 and 0.2', () => {
    expect(columnPsi(col('x', { method: 'psi', statistic: 0.25 }))).toBe(0.25);
    expect(columnPsi(col('x', { extra: [{ method: 'psi', statistic: 0.12, pValue: null, threshold: 0.1, drifted: true }] }))).toBe(0.12);
    expect(columnPsi(col('x'))).toBeNull();
    expect([psiLevel(0.05), psiLevel(0.1), psiLevel(0.2), psiLevel(0.21), psiLevel(null)]).toEqual(['ok', 'warning', 'warning', 'critical', undefined]);
  });

  it('builds the PSI trend oldest first and round-trips source keys', () => {
    const check = (id: string, createdAt: number, psi: number | null): DriftCheckSummary => ({
      id, createdAt, pipelineFile: null, referenceLabel: 'r', currentLabel: 'c', datasetDrift: false, driftShare: 0, runId: null, nodeId: null,
      columns: [{ name: 'm', method: 'ks', statistic: 0, drifted: false, psi }],
    });
    const t = psiTrend([check('2', 20, 0.3), check('1', 10, 0.05), check('3', 30, null)]);
    expect(t.columns).toEqual(['m']);
    expect(t.points.map((p) => [p.id, p.psi.m])).toEqual([['1', 0.05], ['2', 0.3]]);
    for (const s of [{ path: '/a/b c.csv' }, { runId: 'R1', nodeId: 'n', output: 'data/x' }]) expect(parseSourceKey(sourceKey(s))).toEqual(s);
  });

  it('turns overrides into methods and thresholds', () => {
    expect(runRequest({ reference: undefined, current: { path: 'x' }, overrides: {}, alwaysPsi: true, driftShare: 0.5 })).toBeUndefined();
    expect(runRequest({
      reference: { path: 'a' }, current: { path: 'b' }, alwaysPsi: true, driftShare: 0.4,
      overrides: { x: { method: 'psi' }, y: { threshold: 0.2 }, z: { method: 'kl', threshold: 0.3 } },
    })).toEqual({
      reference: { path: 'a' }, current: { path: 'b' }, methods: { x: 'psi', z: 'kl' }, thresholds: { y: 0.2, z: 0.3 },
      extraMethods: ['psi'], driftShare: 0.4,
    });
  });
});

describe('drift store overrides', () => {
  it('sends type overrides as numerical, categorical and text lists, and knows which tests need numbers', () => {
    expect(runRequest({
      reference: { path: 'a' }, current: { path: 'b' }, alwaysPsi: false, driftShare: 0.5,
      overrides: { x: { type: 'categorical', method: 'psi' }, y: { type: 'text' }, z: { type: 'numerical' }, w: { type: 'text' } },
    })).toEqual({
      reference: { path: 'a' }, current: { path: 'b' }, methods: { x: 'psi' }, numerical: ['z'], categorical: ['x'], text: ['y', 'w'], driftShare: 0.5,
    });
    expect([methodFitsType('ks', 'categorical'), methodFitsType('wasserstein', 'categorical'), methodFitsType('psi', 'categorical'), methodFitsType('ks', 'text')])
      .toEqual([false, false, true, true]);
    expect([blamedSide('current: /x is outside'), blamedSide('reference: y'), blamedSide("no column 'x'")]).toEqual(['current', 'reference', undefined]);
  });

  it('drops an override once nothing is left in it', () => {
    useDrift.getState().setOverride('c', { type: 'text', method: undefined });
    expect(useDrift.getState().overrides).toEqual({ c: { type: 'text' } });
    useDrift.getState().setOverride('c', { type: undefined });
    expect(useDrift.getState().overrides).toEqual({});
  });
});

describe('drift store actions', () => {
  beforeEach(() => { invoke.mockReset(); errors.length = 0; });

  it('preselects the demo pair, runs a check filed under the open pipeline and reloads the history', async () => {
    const report = { columns: [col('m')] };
    invoke.mockImplementation(async (method: string) => {
      if (method === 'drift.sources') return { files: [{ path: '/d/churn.csv', label: 'churn.csv', group: 'demo', size: 1 }, { path: '/d/churn_current.csv', label: 'churn_current.csv', group: 'demo', size: 1 }], artifacts: [] };
      if (method === 'drift.run') return { id: 'D1', report, summary: { id: 'D1' } };
      if (method === 'drift.history') return { checks: [{ id: 'D1' }] };
      return {};
    });
    await useDrift.getState().loadSources();
    expect(useDrift.getState()).toMatchObject({ reference: { path: '/d/churn.csv' }, current: { path: '/d/churn_current.csv' } });
    await useDrift.getState().run();
    expect(invoke).toHaveBeenCalledWith('drift.run', expect.objectContaining({ pipelineFile: '/ws/churn.yaml', extraMethods: ['psi'], requestId: expect.any(String) }));
    await new Promise((r) => setTimeout(r, 0));
    expect(useDrift.getState()).toMatchObject({ reportId: 'D1', running: false, history: [{ id: 'D1' }] });
  });

  it('shows a typed path the back end refused under the picker of its side, until that side changes', async () => {
    useDrift.setState({ reference: { path: '/d/churn.csv' }, current: { path: '/etc/passwd' } });
    invoke.mockRejectedValue(Object.assign(new Error('current: /etc/passwd is outside the workspace and the examples'), { code: 'bad-input' }));
    await useDrift.getState().run();
    expect(useDrift.getState().sourceErrors).toEqual({ current: '/etc/passwd is outside the workspace and the examples' });
    expect(errors).toEqual(['Drift check failed']);
    useDrift.getState().setCurrent({ path: '/d/churn_current.csv' });
    expect(useDrift.getState().sourceErrors.current).toBeUndefined();
  });

  it('deletes a check: gone from the history, and from the screen if shown', async () => {
    useDrift.setState({ history: [{ id: 'A' }, { id: 'B' }] as DriftCheckSummary[], reportId: 'A', report: { columns: [] } as never });
    invoke.mockResolvedValue({ deleted: true });
    expect(await useDrift.getState().deleteCheck('A')).toBe(true);
    expect(invoke).toHaveBeenCalledWith('drift.delete', { id: 'A' });
    expect(useDrift.getState()).toMatchObject({ history: [{ id: 'B' }], reportId: undefined, report: undefined });
    invoke.mockRejectedValue(new Error('db locked'));
    expect(await useDrift.getState().deleteCheck('B')).toBe(false);
    expect(errors).toEqual(['Could not delete the drift check']);
    expect(useDrift.getState().history).toEqual([{ id: 'B' }]);
  });

  it('reports a failed check and stays idle', async () => {
    invoke.mockRejectedValue(new Error("no column 'x'"));
    await useDrift.getState().run();
    expect(errors).toEqual(['Drift check failed']);
    expect(useDrift.getState().running).toBe(false);
  });

  it('cancels the running check by its request id and says so without an error toast', async () => {
    let reject: (e: unknown) => void = () => undefined;
    invoke.mockImplementation((method: string) => {
      if (method === 'drift.run') return new Promise((_ok, fail) => { reject = fail; });
      if (method === 'drift.cancel') { reject(Object.assign(new Error('the drift check was cancelled'), { code: 'conflict' })); return Promise.resolve({ cancelled: true }); }
      return Promise.resolve({ running: true, fraction: 0.5, message: 'x' });
    });
    const run = useDrift.getState().run();
    const requestId = useDrift.getState().requestId;
    expect(requestId).toBeTruthy();
    await useDrift.getState().cancel();
    await run;
    expect(invoke).toHaveBeenCalledWith('drift.cancel', { requestId });
    expect(errors).toEqual(['info: Drift check cancelled']);
    expect(useDrift.getState()).toMatchObject({ running: false, requestId: undefined });
  });
});
