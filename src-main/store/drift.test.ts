import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from './db.js';
import { tempStore } from './testing/fixtures.js';
import type { DriftCheckSummaryJson } from './drift.repo.js';

let store: Store;
let file: string;
let cleanup: () => void;
beforeEach(() => ({ store, file, cleanup } = tempStore()));
afterEach(() => cleanup());

const summary = (psi: number): DriftCheckSummaryJson => ({
  datasetDrift: psi > 0.2, driftShare: psi > 0.2 ? 0.5 : 0,
  columns: [{ name: 'monthly_charges', method: 'ks', statistic: 0.3, drifted: psi > 0.2, psi }],
});

describe('drift reports', () => {
  it('stores checks and lists them newest first, per pipeline or all, surviving a reopen', () => {
    const a = store.drift.add({ pipelineFile: '/ws/churn.yaml', referenceLabel: 'churn.csv', currentLabel: 'jan.csv', summary: summary(0.05), reportJson: '{"a":1}', createdAt: 1000 });
    const b = store.drift.add({ pipelineFile: '/ws/churn.yaml', referenceLabel: 'churn.csv', currentLabel: 'feb.csv', summary: summary(0.25), reportJson: '{"b":2}', createdAt: 2000 });
    const c = store.drift.add({ referenceLabel: 'x.csv', currentLabel: 'y.csv', summary: summary(0.01), reportJson: '{}', createdAt: 3000 });

    expect(store.drift.list().map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(store.drift.list({ pipelineFile: '/ws/churn.yaml' }).map((r) => r.currentLabel)).toEqual(['feb.csv', 'jan.csv']);
    expect(store.drift.list({ pipelineFile: null }).map((r) => r.id)).toEqual([c.id]);
    expect(store.drift.list({ limit: 1 }).map((r) => r.id)).toEqual([c.id]);

    store.close();
    store = Store.open(file);
    const found = store.drift.find(b.id)!;
    expect(found.reportJson).toBe('{"b":2}');
    expect(found.summary.columns[0]!.psi).toBe(0.25);
    expect(found).toMatchObject({ createdAt: 2000, pipelineFile: '/ws/churn.yaml', referenceLabel: 'churn.csv' });
    expect(store.drift.find('nope')).toBeUndefined();
    expect(store.drift.delete(a.id)).toBe(true);
    expect(store.drift.list().length).toBe(2);
  });
});
