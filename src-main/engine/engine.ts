/**
 * The run engine: schedules a compiled plan on an executor with bounded parallelism, skips what follows a
 * failure, honours cancel (in this process or requested by another through the store), and emits the
 * typed run events the CLI and the UI consume. Electron-free; the CLI and the app share it.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { dirname, resolve } from 'node:path';
import { downstreamOf, type Plan, type PlanNode } from '../../shared/compiler/plan.js';
import type { NodeStatus, RunEvent } from '../../shared/contract/events.js';
import type { Executor } from '../executors/executor.js';
import type { OutputValue, ReproducibilityRecord, RunRow, Store } from '../store/index.js';
import type { ArtifactStore } from './artifact-store.js';
import { runNode, type NodeResult, type RunScope } from './node-runner.js';
import { componentsOf, hostInfo, seedsOf } from './repro.js';

export type ExecutorName = Executor['name'];

export interface EngineDeps {
  store: Store;
  artifacts: ArtifactStore;
  executors: Partial<Record<ExecutorName, Executor>>;
  /** Nodes running at once; default: the machine's cores. */
  parallelism?: number;
  /** Where secrets (PIPEWRIGHT_SECRET_*) are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** How often to look for a cancel requested by another process. */
  cancelPollMs?: number;
  /** Called after a node run recorded outputs (succeeded, cached, or failed having written some). */
  onOutputs?(e: NodeOutputsEvent): void;
}

export interface NodeOutputsEvent {
  runId: string;
  /** The pipeline's spec file, when the run has one. */
  specFile?: string;
  node: PlanNode;
  nodeRunId: number;
  outputs: Record<string, OutputValue>;
}

export interface RunRequest {
  plan: Plan;
  specText: string;
  /** The spec's file: names the pipeline in the store and anchors relative paths. */
  specFile?: string;
  executor: ExecutorName;
  /** Param overrides as the user gave them (the plan already holds the resolved values). */
  params?: Record<string, unknown>;
  noCache?: boolean;
  /** Re-run this node and everything downstream; reuse upstream results. */
  fromNode?: string;
}

export interface RunHandle {
  runId: string;
  done: Promise<RunRow>;
}

export const CANCEL_REQUESTED = 'cancelRequested';

/** Upstream statuses that skip a node, and those that let it start. */
const STOPPED: ReadonlySet<NodeStatus> = new Set(['failed', 'skipped', 'cancelled']);
const DONE: ReadonlySet<NodeStatus> = new Set(['succeeded', 'cached']);

/** Asks whichever process runs `runId` to cancel it (the CLI's `cancel RUN`). */
export function requestCancel(store: Store, runId: string): void {
  store.events.append(runId, [{ type: CANCEL_REQUESTED, payload: { by: process.pid } }]);
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export class Engine {
  private readonly emitter = new EventEmitter();
  private readonly active = new Map<string, AbortController>();

  constructor(private readonly deps: EngineDeps) {
    this.emitter.setMaxListeners(100);
  }

  /** Subscribes to every run event; returns the unsubscribe function. */
  onEvent(listener: (e: RunEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Starts a run and returns at once; `done` settles with the finished run row. */
  start(req: RunRequest): RunHandle {
    const executor = this.deps.executors[req.executor];
    if (!executor) throw new Error(`the ${req.executor} executor is not available here`);
    if (req.fromNode && !req.plan.nodes.some((n) => n.id === req.fromNode)) {
      throw new Error(`--from: the pipeline has no node '${req.fromNode}'`);
    }
    const { store } = this.deps;
    const specHash = sha256(req.specText);
    const pipelineId = req.specFile ? `file-${sha256(resolve(req.specFile)).slice(0, 16)}` : `name-${req.plan.name}`;
    store.pipelines.save({ id: pipelineId, name: req.plan.name, specHash, specYaml: req.specText, filePath: req.specFile ? resolve(req.specFile) : null });
    const run = store.runs.create({ pipelineId, executor: req.executor, specHash, params: req.params ?? {} });
    const controller = new AbortController();
    this.active.set(run.id, controller);
    const done = this.execute(run.id, req, executor, specHash, controller).finally(() => this.active.delete(run.id));
    return { runId: run.id, done };
  }

  /** Cancels a run this engine is executing; false when it is not running here. */
  cancel(runId: string): boolean {
    const c = this.active.get(runId);
    c?.abort();
    return Boolean(c);
  }

  private emit(e: RunEvent): void {
    this.emitter.emit('event', e);
  }

  private async execute(runId: string, req: RunRequest, executor: Executor, specHash: string, controller: AbortController): Promise<RunRow> {
    const { store, artifacts } = this.deps;
    const { plan } = req;
    const started = Date.now();
    const record: ReproducibilityRecord = {
      specHash, params: Object.fromEntries(Object.entries(plan.params).map(([k, p]) => [k, p.value])),
      components: componentsOf(plan), images: {}, inputs: {}, seeds: seedsOf(plan), host: hostInfo(), libraries: {}, durations: {},
    };
    store.params.set(runId, record.params, Object.keys(req.params ?? {}));
    store.runs.start(runId);
    // One commit for all node rows, not one per node.
    const rows = store.transaction(() => new Map(plan.nodes.map((n) => [n.id, store.nodeRuns.create({ runId, nodeId: n.id })])));
    const status = new Map<string, NodeStatus>(plan.nodes.map((n) => [n.id, 'queued']));
    const nodeStart = new Map<string, number>();
    // Stores the event (inside the caller's transaction, when there is one) and returns the emit, which
    // the caller runs after its commit: listeners never hear of a change that was rolled back.
    const recordStatus = (nodeId: string, s: NodeStatus, attempt: number, reason?: string) => {
      status.set(nodeId, s);
      if (s === 'running') nodeStart.set(nodeId, Date.now());
      if ((s === 'succeeded' || s === 'failed') && nodeStart.has(nodeId)) record.durations[nodeId] = Date.now() - nodeStart.get(nodeId)!;
      const e: RunEvent = { type: 'nodeStatusChanged', runId, nodeId, status: s, attempt, ...(reason ? { reason } : {}), time: Date.now() };
      store.events.append(runId, [{ type: e.type, payload: e, time: e.time }]);
      return () => this.emit(e);
    };
    const statusEvent = (nodeId: string, s: NodeStatus, attempt: number, reason?: string) => recordStatus(nodeId, s, attempt, reason)();
    /** Moves a node run that never started to a final status, row and event in one commit. */
    const settle = (nodeId: string, s: 'skipped' | 'cancelled', reason: string) => store.transaction(() => {
      store.nodeRuns.transition(rows.get(nodeId)!.id, s, { reason });
      return recordStatus(nodeId, s, 1, reason);
    })();
    this.emit({ type: 'runStarted', runId, pipeline: plan.name, executor: executor.name, nodes: plan.nodes.map((n) => n.id), time: started });

    const forced = req.fromNode ? new Set([req.fromNode, ...downstreamOf(plan, req.fromNode)]) : new Set<string>();
    const scope: RunScope = {
      runId, store, artifacts, executor, signal: controller.signal,
      baseDir: req.specFile ? dirname(resolve(req.specFile)) : process.cwd(),
      env: this.deps.env ?? process.env,
      forceRun: (id) => forced.has(id) || (Boolean(req.noCache) && !req.fromNode),
      results: new Map<string, NodeResult>(),
      setStatus: (nodeId, row, s, reason) => statusEvent(nodeId, s, row.attempt, reason),
      recordStatus: (nodeId, row, s, reason) => recordStatus(nodeId, s, row.attempt, reason),
      log: (nodeId, chunks) => {
        const time = Date.now();
        store.logs.appendLogs(chunks.map((c) => ({ runId, nodeId, ...c, time })));
        for (const c of chunks) this.emit({ type: 'logAppended', runId, nodeId, stream: c.stream, text: c.text, time });
      },
      metrics: (nodeId, points) => {
        store.metrics.appendMetrics(points.map((p) => ({ runId, nodeId, ...p })));
        for (const p of points) this.emit({ type: 'metricLogged', runId, nodeId, ...p });
      },
      noteInput: (name, digest) => { record.inputs[name] = digest; },
      noteVersions: (nodeId, v) => { record.libraries[nodeId] = { ...record.libraries[nodeId], ...v }; },
      noteImage: (image, id) => { record.images[image] = id; },
      flag: (nodeId, nodeRunId, flags) => {
        const time = Date.now();
        store.flags.add(runId, nodeId, nodeRunId, flags, time);
        for (const f of flags) this.emit({ type: 'runFlagged', runId, nodeId, level: f.level, message: f.message, time });
      },
      outputsRecorded: (node, nodeRunId, outputs) => {
        try {
          this.deps.onOutputs?.({ runId, ...(req.specFile ? { specFile: resolve(req.specFile) } : {}), node, nodeRunId, outputs });
        } catch (e) {
          scope.log(node.id, [{ stream: 'stderr', text: `pipewright: could not index the outputs (${(e as Error).message})\n` }]);
        }
      },
    };

    const stopPolling = this.pollCancel(runId, controller);
    let runError: string | undefined;
    try {
      const problems = await executor.preflight(plan.nodes);
      if (problems.length) {
        runError = problems.join('; ');
        for (const n of plan.nodes) settle(n.id, 'skipped', 'the run could not start');
      } else {
        await this.schedule(plan, scope, rows, status, settle);
      }
    } catch (e) {
      runError = `engine error: ${(e as Error).message}`;
    } finally {
      stopPolling();
    }
    const statuses = [...status.values()];
    const final = controller.signal.aborted ? 'cancelled'
      : runError || statuses.some((s) => s === 'failed' || s === 'skipped' || s === 'queued') ? 'failed' : 'succeeded';
    const failedNodes = plan.nodes.filter((n) => status.get(n.id) === 'failed').map((n) => n.id);
    const error = runError ?? (final === 'failed' ? `failed: ${failedNodes.join(', ')}` : final === 'cancelled' ? 'cancelled by the user' : undefined);
    record.durations.total = Date.now() - started;
    store.runs.setReproducibility(runId, record);
    const row = store.runs.finish(runId, final, { ...(error ? { error } : {}) });
    // Scratch goes in the background: the run's result does not wait on slow folder removal. A process
    // that exits first leaves it to the next start-up's sweep (openBackend).
    void artifacts.clearScratch([runId]).catch(() => undefined);
    this.emit({ type: 'runFinished', runId, status: final, ...(error ? { error } : {}), time: Date.now() });
    return row;
  }

  /**
   * Starts every node whose upstream succeeded, at most `parallelism` at once; skips what follows a failure.
   * Each pass looks only at the nodes still pending, in plan order, with set lookups: a long chain makes
   * as many passes as it has nodes.
   */
  private async schedule(plan: Plan, scope: RunScope, rows: Map<string, ReturnType<Store['nodeRuns']['create']>>,
    status: Map<string, NodeStatus>, settle: (id: string, s: 'skipped' | 'cancelled', reason: string) => void): Promise<void> {
    const limit = Math.max(1, this.deps.parallelism ?? os.availableParallelism());
    let pending = plan.nodes;
    const running = new Map<string, Promise<void>>();
    while (pending.length || running.size) {
      const aborted = scope.signal.aborted;
      const still: PlanNode[] = [];
      for (const node of pending) {
        if (aborted) {
          settle(node.id, 'cancelled', 'run cancelled before the node started');
          continue;
        }
        const blocked = node.dependsOn.find((d) => STOPPED.has(status.get(d)!));
        if (blocked) {
          settle(node.id, 'skipped', `upstream node '${blocked}' ${status.get(blocked)}`);
          continue;
        }
        if (running.size >= limit || !node.dependsOn.every((d) => DONE.has(status.get(d)!))) { still.push(node); continue; }
        running.set(node.id, runNode(scope, node, rows.get(node.id)!).then((result) => {
          scope.results.set(node.id, result);
          running.delete(node.id);
        }));
      }
      pending = still;
      if (running.size) await Promise.race(running.values());
      else if (pending.length) throw new Error(`nodes ${pending.map((n) => n.id).join(', ')} can never start`);
    }
  }

  /** Watches the store for a cancel another process requested. */
  private pollCancel(runId: string, controller: AbortController): () => void {
    let seen = 0;
    const timer = setInterval(() => {
      for (const e of this.deps.store.events.list(runId, { afterSeq: seen })) {
        seen = e.seq;
        if (e.type === CANCEL_REQUESTED) controller.abort();
      }
    }, this.deps.cancelPollMs ?? 500);
    return () => clearInterval(timer);
  }
}
