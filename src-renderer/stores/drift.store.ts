/**
 * The Drift view: which datasets to compare (a file or a run artifact on each side), per-column
 * overrides, the running check, the report on screen (with its sort and selected column), and the
 * history of checks with the PSI trend. Every back-end call goes through `invoke` from here.
 */
import { create } from 'zustand';
import type { Req, Res } from '../../shared/contract/api.js';
import type { DriftCheckSummary, DriftColumn, DriftMethodName, DriftReportData, DriftSource } from '../../shared/contract/drift.js';
import { invoke } from '../api/client.js';
import { reportError, toast } from '../app/toast.store.js';
import { useDesigner } from './designer.store.js';

export type DriftSources = Res<'drift.sources'>;
export type { DriftCheckSummary, DriftColumn, DriftMethodName, DriftReportData, DriftSource };

export type SortKey = 'name' | 'type' | 'method' | 'statistic' | 'threshold' | 'pValue' | 'drifted' | 'missing' | 'psi';
export interface SortState { key: SortKey; dir: 'asc' | 'desc' }
export type DriftColumnType = DriftColumn['type'];
/** What the user changed for one column: its type (numbers, categories, text by length), test and threshold. */
export interface ColumnOverride { type?: DriftColumnType; method?: DriftMethodName; threshold?: number }
export type DriftSide = 'reference' | 'current';

/** KS and Wasserstein need numbers: a categorical column cannot take them (the engine refuses). */
export function methodFitsType(method: DriftMethodName, type: DriftColumnType): boolean {
  return type !== 'categorical' || (method !== 'ks' && method !== 'wasserstein');
}

/** Same overrides (what the shown report was run with vs what is set now)? */
export function sameOverrides(a: Record<string, ColumnOverride>, b: Record<string, ColumnOverride>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => b[k] && a[k]!.type === b[k].type && a[k]!.method === b[k].method && a[k]!.threshold === b[k].threshold);
}

/** Which side a failed drift.run blames ("reference: …" / "current: …", see drift-app/handlers.ts). */
export function blamedSide(message: string): DriftSide | undefined {
  const m = /^(reference|current): /.exec(message);
  return m ? (m[1] as DriftSide) : undefined;
}

/** A source as the pickers store it: a stable string key, and the API value. */
export function sourceKey(s: DriftSource | undefined): string {
  if (!s) return '';
  return 'path' in s ? `file:${s.path}` : `run:${s.runId}/${s.nodeId}/${s.output}`;
}
export function parseSourceKey(key: string): DriftSource | undefined {
  if (key.startsWith('file:')) return { path: key.slice(5) };
  const m = /^run:([^/]+)\/([^/]+)\/(.+)$/.exec(key);
  return m ? { runId: m[1]!, nodeId: m[2]!, output: m[3]! } : undefined;
}

/** The PSI of a column: its statistic when tested with PSI, else the PSI computed as an extra. */
export function columnPsi(c: DriftColumn): number | null {
  if (c.method === 'psi') return c.statistic;
  return c.extra?.find((e) => e.method === 'psi')?.statistic ?? null;
}

export function psiLevel(psi: number | null): 'ok' | 'warning' | 'critical' | undefined {
  if (psi === null) return undefined;
  return psi > 0.2 ? 'critical' : psi >= 0.1 ? 'warning' : 'ok';
}

const missingShare = (c: DriftColumn) => Math.max(c.missingShareReference, c.missingShareCurrent);

function sortValue(c: DriftColumn, key: SortKey): number | string {
  switch (key) {
    case 'name': return c.name.toLowerCase();
    case 'type': return c.type;
    case 'method': return c.method;
    case 'statistic': return c.statistic;
    case 'threshold': return c.threshold;
    case 'pValue': return c.pValue ?? Number.POSITIVE_INFINITY;
    case 'drifted': return c.drifted ? 1 : 0;
    case 'missing': return missingShare(c);
    case 'psi': return columnPsi(c) ?? -1;
  }
}

/** The report's columns in the table's order (stable: ties keep the report's order). */
export function sortColumns(columns: readonly DriftColumn[], sort: SortState): DriftColumn[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  return columns.map((c, i) => ({ c, i })).sort((a, b) => {
    const x = sortValue(a.c, sort.key);
    const y = sortValue(b.c, sort.key);
    const cmp = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y)) : x - y;
    return cmp * sign || a.i - b.i;
  }).map((e) => e.c);
}

/** PSI per column across history entries, oldest first: the trend chart's series. */
export function psiTrend(checks: readonly DriftCheckSummary[]): { columns: string[]; points: { id: string; createdAt: number; psi: Record<string, number> }[] } {
  const ordered = [...checks].sort((a, b) => a.createdAt - b.createdAt);
  const names = new Set<string>();
  const points = ordered.map((c) => {
    const psi: Record<string, number> = {};
    for (const col of c.columns) if (col.psi !== null) { psi[col.name] = col.psi; names.add(col.name); }
    return { id: c.id, createdAt: c.createdAt, psi };
  }).filter((p) => Object.keys(p.psi).length > 0);
  return { columns: [...names], points };
}

interface DriftState {
  sources?: DriftSources;
  sourcesLoading: boolean;
  reference?: DriftSource;
  current?: DriftSource;
  overrides: Record<string, ColumnOverride>;
  /** The overrides the report on screen was run with (to tell whether a re-run would change anything). */
  reportOverrides: Record<string, ColumnOverride>;
  /** The last failed check's message, under the picker of the side it blames (cleared when that side changes). */
  sourceErrors: Partial<Record<DriftSide, string>>;
  /** Compute PSI for every column besides its test, so the trend has data. */
  alwaysPsi: boolean;
  driftShare: number;
  running: boolean;
  runStartedAt?: number;
  /** The running check's id (for drift.progress / drift.cancel) and its last reported progress. */
  requestId?: string;
  progress?: { fraction: number; message: string };
  reportId?: string;
  report?: DriftReportData;
  summary?: DriftCheckSummary;
  sort: SortState;
  selectedColumn?: string;
  history: DriftCheckSummary[];
  historyLoading: boolean;
  /** The pipeline file checks are filed under (the open document), if saved. */
  pipelineFile?: string;

  loadSources(): Promise<void>;
  setReference(s: DriftSource | undefined): void;
  setCurrent(s: DriftSource | undefined): void;
  setOverride(column: string, o: ColumnOverride): void;
  /** Desktop app: picks a CSV/Parquet file for one side in the native dialog. */
  browse(side: DriftSide): Promise<void>;
  /** Deletes a stored check (no undo) and drops it from the history and, if shown, from the screen. */
  deleteCheck(id: string): Promise<boolean>;
  clearOverrides(): void;
  setAlwaysPsi(v: boolean): void;
  setDriftShare(v: number): void;
  run(): Promise<void>;
  cancel(): Promise<void>;
  setSort(key: SortKey): void;
  selectColumn(name: string | undefined): void;
  loadHistory(): Promise<void>;
  openCheck(id: string): Promise<void>;
  exportHtml(): Promise<{ html: string; path?: string } | undefined>;
  exportJson(): Promise<string | undefined>;
}

/** The request for `drift.run` from the state (exported for tests). */
export function runRequest(s: Pick<DriftState, 'reference' | 'current' | 'overrides' | 'alwaysPsi' | 'driftShare' | 'pipelineFile'>): Req<'drift.run'> | undefined {
  if (!s.reference || !s.current) return undefined;
  const methods: Record<string, DriftMethodName> = {};
  const thresholds: Record<string, number> = {};
  const types: Record<DriftColumnType, string[]> = { numerical: [], categorical: [], text: [] };
  for (const [col, o] of Object.entries(s.overrides)) {
    if (o.type) types[o.type].push(col);
    if (o.method) methods[col] = o.method;
    if (o.threshold !== undefined && Number.isFinite(o.threshold)) thresholds[col] = o.threshold;
  }
  return {
    reference: s.reference, current: s.current,
    ...(Object.keys(methods).length ? { methods } : {}),
    ...(Object.keys(thresholds).length ? { thresholds } : {}),
    ...(types.numerical.length ? { numerical: types.numerical } : {}),
    ...(types.categorical.length ? { categorical: types.categorical } : {}),
    ...(types.text.length ? { text: types.text } : {}),
    ...(s.alwaysPsi ? { extraMethods: ['psi'] as DriftMethodName[] } : {}),
    driftShare: s.driftShare,
    ...(s.pipelineFile ? { pipelineFile: s.pipelineFile } : {}),
  };
}

export const useDrift = create<DriftState>()((set, get) => ({
  sourcesLoading: false,
  overrides: {},
  reportOverrides: {},
  sourceErrors: {},
  alwaysPsi: true,
  driftShare: 0.5,
  running: false,
  sort: { key: 'drifted', dir: 'desc' },
  history: [],
  historyLoading: false,

  loadSources: async () => {
    set({ sourcesLoading: true });
    try {
      const sources = await invoke('drift.sources', {});
      const patch: Partial<DriftState> = { sources };
      // First visit: preselect the demo pair, so one click on Run shows what the view does.
      if (!get().reference && !get().current) {
        const ref = sources.files.find((f) => f.group === 'demo' && /churn\.csv$/.test(f.path));
        const cur = sources.files.find((f) => f.group === 'demo' && /churn_current\.csv$/.test(f.path));
        if (ref && cur) { patch.reference = { path: ref.path }; patch.current = { path: cur.path }; }
      }
      set(patch);
    } catch (e) {
      reportError('Could not list datasets', e);
    } finally {
      set({ sourcesLoading: false });
    }
  },
  setReference: (reference) => set({ reference, sourceErrors: { ...get().sourceErrors, reference: undefined } }),
  setCurrent: (current) => set({ current, sourceErrors: { ...get().sourceErrors, current: undefined } }),
  setOverride: (column, o) => {
    const overrides = { ...get().overrides };
    const clean: ColumnOverride = {
      ...(o.type ? { type: o.type } : {}), ...(o.method ? { method: o.method } : {}), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}),
    };
    if (!Object.keys(clean).length) delete overrides[column];
    else overrides[column] = clean;
    set({ overrides });
  },
  browse: async (side) => {
    try {
      const { path } = await invoke('dialog.openFile', {
        title: side === 'reference' ? 'Reference dataset' : 'Current dataset',
        filters: [{ name: 'Datasets (CSV, Parquet)', extensions: ['csv', 'tsv', 'parquet', 'pq'] }],
      });
      if (path) (side === 'reference' ? get().setReference : get().setCurrent)({ path });
    } catch (e) {
      reportError('Could not open the file dialog', e);
    }
  },
  deleteCheck: async (id) => {
    try {
      const { deleted } = await invoke('drift.delete', { id });
      const patch: Partial<DriftState> = { history: get().history.filter((h) => h.id !== id) };
      // The report on screen was that check: its exports would now fail, so it goes too.
      if (get().reportId === id) Object.assign(patch, { reportId: undefined, report: undefined, summary: undefined, selectedColumn: undefined });
      set(patch);
      if (deleted) toast.success('Drift check deleted');
      else toast.info('That drift check was already deleted');
      return true;
    } catch (e) {
      reportError('Could not delete the drift check', e);
      return false;
    }
  },
  clearOverrides: () => set({ overrides: {} }),
  setAlwaysPsi: (alwaysPsi) => set({ alwaysPsi }),
  setDriftShare: (driftShare) => set({ driftShare }),

  run: async () => {
    const pipelineFile = useDesigner.getState().filePath;
    const req = runRequest({ ...get(), ...(pipelineFile ? { pipelineFile } : {}) });
    if (!req || get().running) return;
    const requestId = `drift-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    const overrides = get().overrides;
    set({ running: true, runStartedAt: Date.now(), requestId, progress: { fraction: 0, message: 'Starting' }, sourceErrors: {} });
    // Progress by polling: drift.run answers only when the check is done.
    const timer = setInterval(() => {
      invoke('drift.progress', { requestId }).then((p) => {
        if (p.running && get().requestId === requestId) set({ progress: { fraction: p.fraction, message: p.message } });
      }, () => undefined);
    }, 300);
    try {
      const res = await invoke('drift.run', { ...req, requestId });
      set({ reportId: res.id, report: res.report, summary: res.summary, reportOverrides: overrides, pipelineFile });
      void get().loadHistory();
    } catch (e) {
      if ((e as { code?: string }).code === 'conflict' && /cancelled/.test((e as Error).message)) toast.info('Drift check cancelled');
      else {
        const side = blamedSide(e instanceof Error ? e.message : String(e));
        if (side) set({ sourceErrors: { [side]: (e as Error).message.replace(/^(reference|current): /, '') } });
        reportError('Drift check failed', e);
      }
    } finally {
      clearInterval(timer);
      set({ running: false, runStartedAt: undefined, requestId: undefined, progress: undefined });
    }
  },
  cancel: async () => {
    const requestId = get().requestId;
    if (!requestId) return;
    try {
      await invoke('drift.cancel', { requestId });
    } catch (e) {
      reportError('Could not cancel the drift check', e);
    }
  },
  setSort: (key) => {
    const s = get().sort;
    set({ sort: s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: key === 'name' || key === 'type' || key === 'method' ? 'asc' : 'desc' } });
  },
  selectColumn: (name) => set({ selectedColumn: get().selectedColumn === name ? undefined : name }),

  loadHistory: async () => {
    const pipelineFile = useDesigner.getState().filePath;
    set({ historyLoading: true, pipelineFile });
    try {
      const { checks } = await invoke('drift.history', { ...(pipelineFile ? { pipelineFile } : {}), limit: 200 });
      set({ history: checks });
    } catch (e) {
      reportError('Could not load the drift history', e);
    } finally {
      set({ historyLoading: false });
    }
  },
  openCheck: async (id) => {
    try {
      const { report, summary, sources } = await invoke('drift.get', { id });
      // A stored check's overrides are not kept: treat the current ones as pending.
      set({ reportId: id, report, summary, selectedColumn: undefined, reportOverrides: {} });
      // A pipeline's check names the run artifacts it compared: pick them, so Run compares them again.
      if (sources) {
        get().setReference(sources.reference);
        get().setCurrent(sources.current);
        void get().loadSources(); // the run may be newer than the listed artifacts
      }
    } catch (e) {
      reportError('Could not open the drift report', e);
    }
  },
  exportHtml: async () => {
    const id = get().reportId;
    if (!id) return undefined;
    try {
      const res = await invoke('drift.exportHtml', { id, path: `drift-reports/drift-${id}.html` });
      if (res.path) toast.success('HTML report saved', res.path);
      return res;
    } catch (e) {
      reportError('Could not export the HTML report', e);
      return undefined;
    }
  },
  exportJson: async () => {
    const id = get().reportId;
    if (!id) return undefined;
    try {
      return (await invoke('drift.exportJson', { id })).json;
    } catch (e) {
      reportError('Could not export the JSON report', e);
      return undefined;
    }
  },
}));
