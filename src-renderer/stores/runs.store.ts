/**
 * Runs: starting and cancelling them, the live status of every node (the canvas colours nodes from
 * `nodeStatus`), the log view of one node, the run history of the open pipeline, a read-only snapshot of a
 * past run, and its metrics. One subscription to run events (made by `init`) patches this store; logs are
 * re-read after the last seen `seq` whenever a `logAppended` event arrives, so nothing is shown twice.
 */
import { create } from 'zustand';
import type { Res } from '../../shared/contract/api.js';
import { isTerminalNodeStatus, type NodeStatus, type RunEvent, type RunStatus } from '../../shared/contract/events.js';
import { specToGraph, type CanvasGraph } from '../../shared/compiler/graph.js';
import { parseSpecText } from '../../shared/spec/parse.js';
import type { Pipeline } from '../../shared/spec/schema.js';
import { invoke, onEvent } from '../api/client.js';
import { reportError } from '../app/toast.store.js';
import { useDesigner } from './designer.store.js';

export type RunSummary = Res<'runs.list'>['runs'][number];
export type NodeRun = Res<'runs.get'>['nodes'][number];
export type LogChunk = Res<'runs.logs'>['chunks'][number];
export type MetricSeries = Res<'runs.metrics'>['series'][number];
export type RunFlagView = Res<'runs.get'>['flags'][number];
/** What nodes of the run on screen raised (flags) and wrote (drift reports: node id → stored check id). */
export interface RunExtras { runId: string; flags: RunFlagView[]; driftReports: Record<string, string> }
export type Executor = 'process' | 'docker';
export type { NodeStatus, RunStatus };

export interface NodeState { status: NodeStatus; startedAt?: number; finishedAt?: number; attempt: number; reason?: string }
export interface ActiveRun {
  id: string; pipeline: string; executor: string; nodes: string[]; status: RunStatus; startedAt: number; finishedAt?: number; error?: string;
}
export interface RunOptions { executor: Executor; params: Record<string, unknown>; noCache: boolean; gpu: boolean }
export interface Snapshot {
  runId: string; run: RunSummary; specYaml: string; params: Record<string, unknown>; nodes: NodeRun[];
  /** The DAG as it ran; undefined when the stored spec can no longer be read. */
  graph?: CanvasGraph;
}
export interface LogView {
  runId: string; nodeId: string; chunks: LogChunk[]; lastSeq: number; loading: boolean;
  /** Chunks dropped from the front to keep the view fast. */
  dropped: number;
  /** Search results (chunks matching every word), when a search is active. */
  hits?: LogChunk[];
}

const MAX_CHUNKS = 5000;
const PAGE = 1000;

export interface RunsState {
  executors: Executor[];
  /** Status per node of what is on screen: the live run, or the snapshot being viewed. */
  nodeStatus: Record<string, NodeState>;
  liveStatus: Record<string, NodeState>;
  activeRunId?: string;
  activeRun?: ActiveRun;
  starting: boolean;
  lastOptions: RunOptions;
  /** Node whose logs the log panel shows. */
  selectedNodeId?: string;
  follow: boolean;
  search: string;
  log?: LogView;
  runs: RunSummary[];
  runsLoading: boolean;
  snapshot?: Snapshot;
  metrics?: { runId: string; series: MetricSeries[] };
  extras?: RunExtras;

  /** Subscribes to run events and reads the executors; safe to call many times. */
  init(): void;
  start(opts?: Partial<RunOptions> & { fromNode?: string }): Promise<string | undefined>;
  /** Runs the open pipeline again from `nodeId`: it and everything downstream run, the rest comes from the cache. */
  rerunFrom(nodeId: string): Promise<string | undefined>;
  cancel(): Promise<void>;
  /** Hides a finished run's bar and statuses. */
  dismissRun(): void;
  selectNode(nodeId: string | undefined): void;
  setFollow(follow: boolean): void;
  setSearch(q: string): void;
  /** (Re)loads the log view for the selected node of the shown run. */
  loadLog(): Promise<void>;
  loadRuns(): Promise<void>;
  openSnapshot(runId: string): Promise<void>;
  closeSnapshot(): void;
  loadMetrics(runId: string): Promise<void>;
  /** (Re)reads the flags and drift reports of a run, if it is still the one on screen. */
  loadExtras(runId: string): Promise<void>;
}

/** The run whose logs and metrics are shown: the snapshot being viewed, else the live one. */
export const shownRunId = (s: Pick<RunsState, 'snapshot' | 'activeRunId'>) => s.snapshot?.runId ?? s.activeRunId;

/** Status per node from a run's node rows (the latest attempt wins). */
export function statusFromNodeRuns(nodes: NodeRun[]): Record<string, NodeState> {
  const out: Record<string, NodeState> = {};
  for (const n of [...nodes].sort((a, b) => a.attempt - b.attempt)) {
    out[n.nodeId] = {
      status: n.status, attempt: n.attempt, ...(n.startedAt ? { startedAt: n.startedAt } : {}),
      ...(n.finishedAt ? { finishedAt: n.finishedAt } : {}), ...(n.reason ?? n.error ? { reason: (n.reason ?? n.error)! } : {}),
    };
  }
  return out;
}

let subscribed = false;
let pendingStarts = 0;
const buffered: RunEvent[] = [];
let logPull: { busy: boolean; again: boolean } = { busy: false, again: false };
let runsTimer: ReturnType<typeof setTimeout> | undefined;
let metricsTimer: ReturnType<typeof setTimeout> | undefined;
let extrasTimer: ReturnType<typeof setTimeout> | undefined;
let autoNode = true;

export const useRuns = create<RunsState>()((set, get) => {
  const shown = (patch: Partial<RunsState>) => {
    const s = { ...get(), ...patch };
    const snap = s.snapshot && s.snapshot.runId !== s.activeRunId ? s.snapshot : undefined;
    set({ ...patch, nodeStatus: snap ? statusFromNodeRuns(snap.nodes) : s.liveStatus });
  };
  // Failed calls become toasts: `what` says what the user was doing.
  const fail = (what: string) => (e: unknown) => reportError(what, e);
  const reloadRunsSoon = () => { clearTimeout(runsTimer); runsTimer = setTimeout(() => void get().loadRuns(), 300); };
  const reloadExtrasSoon = (runId: string) => { clearTimeout(extrasTimer); extrasTimer = setTimeout(() => void get().loadExtras(runId), 300); };
  const extrasFrom = (runId: string, got: Pick<Res<'runs.get'>, 'flags' | 'driftReports'>): RunExtras => ({
    runId, flags: got.flags, driftReports: Object.fromEntries(got.driftReports.map((r) => [r.nodeId, r.checkId])),
  });

  const pullLog = async () => {
    if (logPull.busy) { logPull.again = true; return; }
    logPull = { busy: true, again: false };
    try {
      for (;;) {
        const log = get().log;
        if (!log || log.loading) return;
        const { chunks } = await invoke('runs.logs', { runId: log.runId, nodeId: log.nodeId, afterSeq: log.lastSeq });
        const now = get().log;
        if (now?.runId !== log.runId || now.nodeId !== log.nodeId) return;
        if (chunks.length) set({ log: appendChunks(now, chunks) });
        if (chunks.length < PAGE && !logPull.again) return;
        logPull.again = false;
      }
    } catch (e) { fail('Could not read the logs')(e); } finally { logPull.busy = false; }
  };

  const apply = (e: RunEvent) => {
    const s = get();
    if (e.runId !== s.activeRunId) {
      if (pendingStarts > 0) buffered.push(e);
      if (e.type === 'runStarted' || e.type === 'runFinished') reloadRunsSoon();
      return;
    }
    switch (e.type) {
      case 'runStarted':
        shown({
          activeRun: { id: e.runId, pipeline: e.pipeline, executor: e.executor, nodes: e.nodes, status: 'running', startedAt: e.time },
          liveStatus: Object.fromEntries(e.nodes.map((n) => [n, s.liveStatus[n] ?? { status: 'queued' as const, attempt: 0 }])),
        });
        reloadRunsSoon();
        break;
      case 'nodeStatusChanged': {
        const prev = s.liveStatus[e.nodeId];
        const next: NodeState = {
          status: e.status, attempt: e.attempt, ...(e.reason ? { reason: e.reason } : {}),
          ...(e.status === 'running' ? { startedAt: e.time } : prev?.startedAt ? { startedAt: prev.startedAt } : {}),
          ...(isTerminalNodeStatus(e.status) ? { finishedAt: e.time } : {}),
        };
        shown({ liveStatus: { ...s.liveStatus, [e.nodeId]: next } });
        // Until the user picks a node, the log panel follows whichever node started last.
        if (e.status === 'running' && autoNode && s.follow) set({ selectedNodeId: e.nodeId });
        // A finished node may have written a drift report the run view links to.
        if (isTerminalNodeStatus(e.status) && !s.snapshot) reloadExtrasSoon(e.runId);
        break;
      }
      case 'runFlagged': {
        const flag = { nodeId: e.nodeId, level: e.level, message: e.message, time: e.time };
        const extras = s.extras?.runId === e.runId ? s.extras : { runId: e.runId, flags: [], driftReports: {} };
        if (!s.snapshot) set({ extras: { ...extras, flags: [...extras.flags, flag] } });
        break;
      }
      case 'logAppended':
        if (s.log?.runId === e.runId && s.log.nodeId === e.nodeId && !s.search) void pullLog();
        break;
      case 'metricLogged':
        if (s.metrics?.runId === e.runId) { clearTimeout(metricsTimer); metricsTimer = setTimeout(() => void get().loadMetrics(e.runId), 500); }
        break;
      case 'runFinished':
        if (s.activeRun) set({ activeRun: { ...s.activeRun, status: e.status, finishedAt: e.time, ...(e.error ? { error: e.error } : {}) } });
        if (s.metrics?.runId === e.runId) void get().loadMetrics(e.runId);
        void pullLog();
        reloadRunsSoon();
        break;
    }
  };

  /** Makes `runId` the live run, replaying the events that arrived before `runs.start` answered. */
  const adopt = (runId: string, base?: Partial<RunsState>) => {
    if (get().activeRunId === runId) return;
    const nodes = useDesigner.getState().graph.nodes.map((n) => n.id);
    shown({
      activeRunId: runId, liveStatus: {}, extras: { runId, flags: [], driftReports: {} }, ...base,
      activeRun: { id: runId, pipeline: '', executor: get().lastOptions.executor, nodes, status: 'queued', startedAt: Date.now() },
    });
    for (const e of buffered.filter((x) => x.runId === runId)) apply(e);
  };

  return {
    executors: ['process'],
    nodeStatus: {},
    liveStatus: {},
    starting: false,
    lastOptions: { executor: 'process', params: {}, noCache: false, gpu: false },
    follow: true,
    search: '',
    runs: [],
    runsLoading: false,

    init: () => {
      if (subscribed) return;
      subscribed = true;
      onEvent(apply);
      invoke('app.info', {}).then((info) => {
        const executors = info.executors.filter((x): x is Executor => x === 'process' || x === 'docker');
        set({ executors: executors.length ? executors : ['process'] });
      }, fail('Could not read which executors the back end offers'));
    },

    start: async (opts = {}) => {
      const { fromNode, ...rest } = opts;
      const o: RunOptions = { ...get().lastOptions, ...rest };
      const d = useDesigner.getState();
      set({ starting: true, lastOptions: o });
      get().init();
      pendingStarts++;
      try {
        const { runId } = await invoke('runs.start', {
          specText: d.yaml(), ...(d.filePath ? { specFile: d.filePath } : {}), executor: o.executor,
          params: o.params, noCache: o.noCache, gpu: o.executor === 'docker' && o.gpu, ...(fromNode ? { fromNode } : {}),
        });
        adopt(runId, { snapshot: undefined });
        return runId;
      } catch (e) {
        fail(fromNode ? `Could not re-run from ${fromNode}` : 'Could not start the run')(e);
        return undefined;
      } finally {
        pendingStarts--;
        if (pendingStarts === 0) buffered.length = 0;
        set({ starting: false });
      }
    },

    rerunFrom: (nodeId) => get().start({ fromNode: nodeId }),

    cancel: async () => {
      const id = get().activeRunId;
      if (!id) return;
      try { await invoke('runs.cancel', { runId: id }); } catch (e) { fail('Could not cancel the run')(e); }
    },

    dismissRun: () => shown({ activeRunId: undefined, activeRun: undefined, liveStatus: {}, ...(get().snapshot ? {} : { extras: undefined }) }),

    selectNode: (nodeId) => { autoNode = false; set({ selectedNodeId: nodeId }); },
    setFollow: (follow) => set({ follow }),

    setSearch: (q) => {
      set({ search: q });
      const log = get().log;
      if (!log) return;
      if (!q.trim()) { set({ log: { ...log, hits: undefined } }); void pullLog(); return; }
      invoke('runs.logs', { runId: log.runId, nodeId: log.nodeId, search: q.slice(0, 200) }).then(({ chunks }) => {
        const now = get().log;
        if (get().search === q && now?.runId === log.runId && now.nodeId === log.nodeId) set({ log: { ...now, hits: chunks } });
      }, fail('Could not search the logs'));
    },

    loadLog: async () => {
      const s = get();
      const runId = shownRunId(s);
      const nodeId = s.selectedNodeId;
      if (!runId || !nodeId) { set({ log: undefined }); return; }
      if (s.log?.runId === runId && s.log.nodeId === nodeId) return;
      set({ log: { runId, nodeId, chunks: [], lastSeq: 0, loading: true, dropped: 0 } });
      try {
        let log: LogView = { runId, nodeId, chunks: [], lastSeq: 0, loading: false, dropped: 0 };
        for (;;) {
          const { chunks } = await invoke('runs.logs', { runId, nodeId, afterSeq: log.lastSeq });
          log = appendChunks(log, chunks);
          if (chunks.length < PAGE) break;
        }
        const now = get().log;
        if (now?.runId !== runId || now.nodeId !== nodeId) return;
        set({ log });
        if (get().search) get().setSearch(get().search);
        else void pullLog();
      } catch (e) {
        fail(`Could not read the logs of ${nodeId}`)(e);
        set({ log: { runId, nodeId, chunks: [], lastSeq: 0, loading: false, dropped: 0 } });
      }
    },

    loadRuns: async () => {
      const specFile = useDesigner.getState().filePath;
      set({ runsLoading: true });
      try {
        const { runs } = await invoke('runs.list', { ...(specFile ? { specFile } : {}), limit: 50 });
        set({ runs });
        // A run of this file still going (the page was reloaded, or another window started it) is shown live.
        const live = specFile ? runs.find((r) => r.status === 'running' || r.status === 'queued') : undefined;
        if (live && !get().activeRunId) {
          const got = await invoke('runs.get', { runId: live.id });
          adopt(live.id, { liveStatus: statusFromNodeRuns(got.nodes) });
          const run = get().activeRun;
          if (run) set({ activeRun: { ...run, pipeline: live.pipelineName, executor: live.executor, startedAt: live.startedAt ?? live.createdAt } });
        }
      } catch (e) { fail('Could not list the runs')(e); } finally { set({ runsLoading: false }); }
    },

    openSnapshot: async (runId) => {
      try {
        const got = await invoke('runs.get', { runId });
        const parsed = parseSpecText(got.specYaml).value as Pipeline | undefined;
        const graph = parsed && Array.isArray(parsed.nodes) ? specToGraph(parsed) : undefined;
        shown({
          snapshot: { runId, run: got.run, specYaml: got.specYaml, params: got.params, nodes: got.nodes, ...(graph ? { graph } : {}) },
          extras: extrasFrom(runId, got),
        });
        void get().loadMetrics(runId);
      } catch (e) { fail('Could not open the run')(e); }
    },

    closeSnapshot: () => {
      const live = get().activeRunId;
      shown({ snapshot: undefined, extras: undefined });
      if (live) void get().loadExtras(live);
    },

    loadExtras: async (runId) => {
      try {
        const got = await invoke('runs.get', { runId });
        if (shownRunId(get()) === runId) set({ extras: extrasFrom(runId, got) });
      } catch (e) { fail('Could not read the run')(e); }
    },


    loadMetrics: async (runId) => {
      try {
        const { series } = await invoke('runs.metrics', { runId });
        set({ metrics: { runId, series } });
      } catch (e) { fail('Could not read the metrics')(e); }
    },
  };
});

function appendChunks(log: LogView, chunks: LogChunk[]): LogView {
  const fresh = chunks.filter((c) => c.seq > log.lastSeq);
  if (!fresh.length) return log;
  let all = [...log.chunks, ...fresh];
  let dropped = log.dropped;
  if (all.length > MAX_CHUNKS) { dropped += all.length - MAX_CHUNKS; all = all.slice(-MAX_CHUNKS); }
  return { ...log, chunks: all, lastSeq: fresh[fresh.length - 1]!.seq, dropped };
}
