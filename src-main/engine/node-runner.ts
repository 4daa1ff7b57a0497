/**
 * Runs one node of a run: gathers its inputs, reuses a cached result when allowed, otherwise executes it
 * with retries, then moves its outputs into the artifact store and records everything.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { PlanInput, PlanNode } from '../../shared/compiler/plan.js';
import { cacheKeyMaterial, formatValue } from '../../shared/compiler/render.js';
import { isArtifactType, type ArtifactType } from '../../shared/spec/schema.js';
import type { NodeStatus } from '../../shared/contract/events.js';
import type { ExecResult, Executor } from '../executors/executor.js';
import type { NodeRunRow, OutputValue, PutArtifactInput, Store } from '../store/index.js';
import { hashPath, type ArtifactStore } from './artifact-store.js';
import { LogSink } from './log-sink.js';
import { MetricsTail } from './metrics-tail.js';
import { readFlags, type RunFlag } from './run-flags.js';
import { resolveEnv } from './secrets.js';

/** What a finished node hands to the nodes after it. */
export interface NodeResult {
  status: NodeStatus;
  artifacts: Record<string, string>;
  params: Record<string, unknown>;
  nodeRunId: number;
}

/** The parts of a run a node runner needs; the run execution provides them. */
export interface RunScope {
  runId: string;
  store: Store;
  artifacts: ArtifactStore;
  executor: Executor;
  signal: AbortSignal;
  /** Folder relative `path` inputs are resolved against (the spec file's folder). */
  baseDir: string;
  env: NodeJS.ProcessEnv;
  /** True when this node must not reuse a cached result (--no-cache, or at/after --from). */
  forceRun(nodeId: string): boolean;
  results: Map<string, NodeResult>;
  setStatus(nodeId: string, row: NodeRunRow, status: NodeStatus, reason?: string): void;
  /**
   * Stores a status change event inside the caller's transaction (so the row and its event share one
   * commit) and returns the function that tells listeners; call it after the commit.
   */
  recordStatus(nodeId: string, row: NodeRunRow, status: NodeStatus, reason?: string): () => void;
  log(nodeId: string, chunks: { stream: 'stdout' | 'stderr'; text: string }[]): void;
  metrics(nodeId: string, points: { name: string; value: number; step: number; time: number }[]): void;
  /** Records flags a node raised about the run (from $PIPEWRIGHT_FLAGS, or carried over by a cache hit). */
  flag(nodeId: string, nodeRunId: number, flags: RunFlag[]): void;
  /** Tells the engine's owner which outputs a node run recorded (the back end indexes drift reports). */
  outputsRecorded(node: PlanNode, nodeRunId: number, outputs: Record<string, OutputValue>): void;
  noteInput(name: string, digest: string): void;
  noteVersions(nodeId: string, versions: Record<string, string>): void;
  noteImage(image: string, id: string): void;
}

const MAX_PARAM_OUTPUT_BYTES = 1024 * 1024;
const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((done) => {
  const t = setTimeout(done, ms);
  signal.addEventListener('abort', () => { clearTimeout(t); done(); }, { once: true });
});

export class NodeFailure extends Error {}

export async function runNode(scope: RunScope, node: PlanNode, row: NodeRunRow): Promise<NodeResult> {
  const { store } = scope;
  const inputPaths: Record<string, string> = {};
  const hostDirs: Record<string, string> = {};
  const digests: Record<string, string> = {};
  const runtimeParams: Record<string, string> = {};
  const lineage: { inputName: string; digest: string; producerNodeRunId: number | null }[] = [];
  const effectiveInputs: PlanInput[] = [];
  try {
    for (const input of node.inputs) {
      const src = input.source;
      if (src.kind === 'artifact') {
        const up = scope.results.get(src.node)!;
        const digest = up.artifacts[src.output]!;
        digests[input.name] = digest;
        inputPaths[input.name] = scope.artifacts.pathOf(digest);
        lineage.push({ inputName: input.name, digest, producerNodeRunId: up.nodeRunId });
        effectiveInputs.push(input);
      } else if (src.kind === 'parameter') {
        runtimeParams[input.name] = formatValue(scope.results.get(src.node)!.params[src.output]);
        effectiveInputs.push(input);
      } else if (input.format === 'path' && typeof src.value === 'string' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(src.value)) {
        // A host file: checksum it for the cache key and the record, and hand it over like an artifact.
        const file = isAbsolute(src.value) ? src.value : resolve(scope.baseDir, src.value);
        try { await stat(file); } catch {
          throw new NodeFailure(`node '${node.id}' input '${input.name}': file '${src.value}' does not exist (looked at ${file})`);
        }
        const { digest } = await hashPath(file);
        digests[input.name] = digest;
        inputPaths[input.name] = file;
        scope.noteInput(src.value, digest);
        effectiveInputs.push({ ...input, source: { kind: 'artifact', node: '', output: input.name } });
      } else if (input.format === 'dir' && typeof src.value === 'string') {
        // A host folder the node writes (a model registry): absolute, ~ expanded, created if missing.
        const dir = src.value.startsWith('~/') || src.value === '~' ? join(homedir(), src.value.slice(1)) : resolve(scope.baseDir, src.value);
        mkdirSync(dir, { recursive: true });
        hostDirs[input.name] = dir;
        effectiveInputs.push({ ...input, source: { ...src, value: dir } });
      } else {
        effectiveInputs.push(input);
      }
    }
  } catch (e) {
    return fail(scope, row, node, (e as Error).message);
  }
  const runNodePlan: PlanNode = { ...node, inputs: effectiveInputs };
  const cacheKey = createHash('sha256').update(cacheKeyMaterial(runNodePlan, digests, runtimeParams)).digest('hex');

  if (node.cache && !scope.forceRun(node.id)) {
    const hit = await cachedResult(scope, cacheKey);
    if (hit) {
      const outputs = Object.fromEntries(hit.outputs.map(({ name, nodeRunId: _n, ...v }) => [name, v as OutputValue]));
      store.transaction(() => {
        store.outputs.record(row.id, outputs);
        if (lineage.length) store.lineage.recordInputs(lineage.map((l) => ({ consumerNodeRunId: row.id, ...l })));
        store.nodeRuns.transition(row.id, 'cached', { cacheKey, cachedFrom: hit.nodeRunId, reason: `reused outputs of run ${hit.runId}` });
        return scope.recordStatus(node.id, row, 'cached', `reused outputs of run ${hit.runId}`);
      })();
      // The reused result's warnings still hold for this run (the data drifted either way).
      const flags = store.flags.ofNodeRun(hit.nodeRunId);
      if (flags.length) scope.flag(node.id, hit.nodeRunId, flags);
      scope.outputsRecorded(node, row.id, outputs);
      return { status: 'cached', ...splitOutputs(hit.outputs), nodeRunId: row.id };
    }
  }

  let env: Record<string, string>;
  let secrets: string[];
  try {
    ({ env, secrets } = resolveEnv(node.id, node.env, scope.env));
  } catch (e) {
    return fail(scope, row, node, (e as Error).message);
  }
  let current = row;
  for (let attempt = 1; ; attempt++) {
    const outcome = await attemptOnce(scope, runNodePlan, current, { inputPaths, hostDirs, runtimeParams, env, secrets, cacheKey, lineage });
    if (outcome.ok) {
      if (outcome.flags.length) scope.flag(node.id, current.id, outcome.flags);
      return outcome.result;
    }
    const canRetry = attempt <= node.retries.count && !scope.signal.aborted && !outcome.final;
    if (!canRetry) {
      if (outcome.flags.length) scope.flag(node.id, current.id, outcome.flags);
      if (scope.signal.aborted) {
        store.transaction(() => {
          store.nodeRuns.transition(current.id, 'cancelled', { reason: 'run cancelled', error: outcome.error });
          return scope.recordStatus(node.id, current, 'cancelled', 'run cancelled');
        })();
        return { status: 'cancelled', artifacts: {}, params: {}, nodeRunId: current.id };
      }
      // What a failed node did write stays readable (a drift gate's report says why it stopped the run).
      const partial = await keepWrittenOutputs(scope, node, outcome.outputDir);
      const emit = store.transaction(() => {
        if (Object.keys(partial).length) store.outputs.record(current.id, partial);
        store.nodeRuns.transition(current.id, 'failed', { error: outcome.error, exitCode: outcome.exitCode ?? null });
        return scope.recordStatus(node.id, current, 'failed', outcome.error);
      });
      if (Object.keys(partial).length) scope.outputsRecorded(node, current.id, partial);
      emit();
      return { status: 'failed', artifacts: {}, params: {}, nodeRunId: current.id };
    }
    const r = node.retries;
    const wait = Math.min(r.initialSeconds * r.factor ** (attempt - 1), r.maxSeconds);
    const reason = `${outcome.error}; retry ${attempt} of ${r.count} in ${wait} s`;
    store.nodeRuns.transition(current.id, 'failed', { error: outcome.error, exitCode: outcome.exitCode ?? null, reason });
    current = store.nodeRuns.retry(current.id);
    scope.setStatus(node.id, current, 'queued', reason);
    await sleep(wait * 1000, scope.signal);
  }
}

function fail(scope: RunScope, row: NodeRunRow, node: PlanNode, error: string): NodeResult {
  scope.store.nodeRuns.transition(row.id, 'failed', { error });
  scope.log(node.id, [{ stream: 'stderr', text: `${error}\n` }]);
  scope.setStatus(node.id, row, 'failed', error);
  return { status: 'failed', artifacts: {}, params: {}, nodeRunId: row.id };
}

const runScratchDirs = new WeakMap<RunScope, Promise<string>>();
const spareDirs = new WeakMap<RunScope, string[]>();

/**
 * Creates a node's scratch folder, reusing (renaming) an output folder a finished node of the run left
 * empty when there is one: a rename allocates nothing, while a new folder costs an inode and a block,
 * which on a busy or full ext4 takes longer than a trivial node's whole process.
 */
function makeDir(scope: RunScope, path: string): void {
  const spare = spareDirs.get(scope)?.pop();
  if (spare !== undefined) {
    try { renameSync(spare, path); return; } catch { /* gone: make a new one */ }
  }
  mkdirSync(path);
}

/**
 * Offers a succeeded node's output folder for reuse once its outputs were moved out. Only output folders:
 * nodes reach them by path, which the rename takes away, whereas a process the node left behind may
 * still have its working folder as its current directory.
 */
function spareIfEmpty(scope: RunScope, dir: string): void {
  try {
    if (readdirSync(dir).length) return;
  } catch { return; }
  sparesOf(scope).push(dir);
}

function sparesOf(scope: RunScope): string[] {
  let spares = spareDirs.get(scope);
  if (!spares) spareDirs.set(scope, (spares = []));
  return spares;
}

let spareSeq = 0;

/**
 * While a node's process runs (the engine is idle then), makes a new folder on the thread pool so the
 * next node finds two spares (its output and working folders) instead of creating one on its critical
 * path. New folders are safe for either role; a run's leftovers go with its scratch.
 */
function stockSpares(scope: RunScope, runScratch: string): void {
  const spares = sparesOf(scope);
  if (spares.length >= 2) return;
  const dir = join(runScratch, `spare.${process.pid}.${++spareSeq}`);
  mkdir(dir).then(() => spares.push(dir), () => { /* the next node makes its own */ });
}

/** The run's scratch folder, created once per run rather than checked for every node. */
function runScratchOf(scope: RunScope): Promise<string> {
  let dir = runScratchDirs.get(scope);
  if (!dir) {
    dir = scope.artifacts.scratch(scope.runId);
    runScratchDirs.set(scope, dir);
    dir.catch(() => runScratchDirs.delete(scope));
  }
  return dir;
}

async function cachedResult(scope: RunScope, key: string) {
  const hit = scope.store.cache.latest(key);
  if (!hit) return undefined;
  for (const o of hit.outputs) {
    if (o.kind === 'artifact' && !(await scope.artifacts.has(o.digest))) {
      scope.store.cache.invalidateDigest(o.digest);
      return undefined;
    }
  }
  return hit;
}

function splitOutputs(outputs: readonly ({ name: string } & OutputValue)[]) {
  const artifacts: Record<string, string> = {};
  const params: Record<string, unknown> = {};
  for (const o of outputs) {
    if (o.kind === 'artifact') artifacts[o.name] = o.digest;
    else params[o.name] = o.value;
  }
  return { artifacts, params };
}

type Attempt = { flags: RunFlag[] } & (
  | { ok: true; result: NodeResult }
  | { ok: false; error: string; exitCode?: number | null; final?: boolean; outputDir: string });

interface AttemptInputs {
  inputPaths: Record<string, string>;
  hostDirs: Record<string, string>;
  runtimeParams: Record<string, string>;
  env: Record<string, string>;
  secrets: string[];
  cacheKey: string;
  lineage: { inputName: string; digest: string; producerNodeRunId: number | null }[];
}

async function attemptOnce(scope: RunScope, node: PlanNode, row: NodeRunRow, a: AttemptInputs): Promise<Attempt> {
  const { store } = scope;
  // The run's scratch folder goes as a whole when the run ends (removing folders one by one is slow).
  // Two sibling folders, not a tree: creating folders is a large part of a trivial node's cost.
  const runScratch = await runScratchOf(scope);
  const outputDir = join(runScratch, `${node.id}.${row.attempt}.out`);
  const workDir = join(runScratch, `${node.id}.${row.attempt}.work`);
  const metricsFile = join(workDir, 'metrics.jsonl');
  const flagsFile = join(workDir, 'flags.jsonl');
  makeDir(scope, outputDir);
  makeDir(scope, workDir);
  const sink = new LogSink({
    secrets: a.secrets,
    flush: (chunks) => scope.log(node.id, chunks),
    onVersions: (v) => scope.noteVersions(node.id, v),
  });
  const tail = new MetricsTail(metricsFile, {
    onPoints: (points) => scope.metrics(node.id, points),
    onBadLine: (line, why) => sink.write('stderr', `pipewright: ignored metrics line (${why}): ${line.slice(0, 200)}\n`),
  });
  tail.start();
  let result: ExecResult;
  let unrecorded: unknown;
  try {
    const execution = scope.executor.run({
      runId: scope.runId, node, attempt: row.attempt, inputPaths: a.inputPaths, hostDirs: a.hostDirs, runtimeParams: a.runtimeParams,
      outputDir, workDir, env: a.env, metricsFile, flagsFile, timeoutSeconds: node.timeoutSeconds, signal: scope.signal,
      onLog: (stream, text) => sink.write(stream, text),
    });
    // Recorded once the executor has the node on its way (in the same tick, so before any of its output
    // or its end is handled): the commit overlaps the process start instead of delaying it.
    try {
      store.transaction(() => {
        store.nodeRuns.transition(row.id, 'running', { cacheKey: a.cacheKey });
        return scope.recordStatus(node.id, row, 'running');
      })();
    } catch (e) {
      // The process is on its way: let the executor see it to its end (or the run's cancel), then fail.
      unrecorded = e;
    }
    stockSpares(scope, runScratch);
    result = await execution;
  } catch (e) {
    result = { exitCode: null, timedOut: false, cancelled: false, error: `node '${node.id}': ${(e as Error).message}` };
  } finally {
    await tail.stop();
    sink.flush();
  }
  // As before the start was recorded after it: a store that refuses the write is the engine's error.
  if (unrecorded) throw unrecorded;
  if (result.imageId && node.image) scope.noteImage(node.image, result.imageId);
  const flags = await readFlags(flagsFile, (line, why) => sink.write('stderr', `pipewright: ignored flag line (${why}): ${line.slice(0, 200)}\n`));
  sink.flush();
  if (result.error || result.exitCode !== 0) {
    return { ok: false, error: result.error ?? `node '${node.id}' failed`, exitCode: result.exitCode, final: result.cancelled, outputDir, flags };
  }
  try {
    const { outputs, artifacts } = await collectOutputs(scope, node, outputDir);
    // Everything a success records, its event included, in one commit.
    const emit = store.transaction(() => {
      for (const art of artifacts) store.artifacts.put(art);
      store.outputs.record(row.id, outputs);
      if (a.lineage.length) store.lineage.recordInputs(a.lineage.map((l) => ({ consumerNodeRunId: row.id, ...l })));
      store.nodeRuns.transition(row.id, 'succeeded', { exitCode: 0 });
      if (node.cache) store.cache.put(a.cacheKey, row.id);
      return scope.recordStatus(node.id, row, 'succeeded');
    });
    emit();
    spareIfEmpty(scope, outputDir);
    scope.outputsRecorded(node, row.id, outputs);
    return { ok: true, flags, result: { status: 'succeeded', ...splitOutputs(Object.entries(outputs).map(([name, v]) => ({ name, ...v }))), nodeRunId: row.id } };
  } catch (e) {
    return { ok: false, error: (e as Error).message, exitCode: 0, final: true, outputDir, flags };
  }
}

/** The artifact outputs a failed node did write, moved into the store; nothing when it wrote none. */
async function keepWrittenOutputs(scope: RunScope, node: PlanNode, outputDir: string): Promise<Record<string, OutputValue>> {
  const kept: Record<string, OutputValue> = {};
  for (const o of node.outputs) {
    const path = join(outputDir, o.name);
    if (!isArtifactType(o.type) || !existsSync(path)) continue;
    try {
      const stored = await scope.artifacts.ingest(path);
      scope.store.artifacts.put({ ...stored, type: o.type as ArtifactType });
      kept[o.name] = { kind: 'artifact', digest: stored.digest };
    } catch { /* a half-written output is not worth keeping */ }
  }
  return kept;
}

/**
 * Moves artifact outputs into the artifact store and reads parameter outputs; every declared output must
 * exist. Returns the artifact rows for the caller to record in its transaction.
 */
async function collectOutputs(scope: RunScope, node: PlanNode, outputDir: string):
  Promise<{ outputs: Record<string, OutputValue>; artifacts: PutArtifactInput[] }> {
  const outputs: Record<string, OutputValue> = {};
  const artifacts: PutArtifactInput[] = [];
  for (const o of node.outputs) {
    const path = join(outputDir, o.name);
    let size: number;
    try { size = statSync(path).size; } catch {
      throw new NodeFailure(`node '${node.id}' finished but did not write its output '${o.name}' (${o.type})`);
    }
    if (isArtifactType(o.type)) {
      const stored = await scope.artifacts.ingest(path);
      artifacts.push({ ...stored, type: o.type as ArtifactType });
      outputs[o.name] = { kind: 'artifact', digest: stored.digest };
    } else {
      if (size > MAX_PARAM_OUTPUT_BYTES) throw new NodeFailure(`node '${node.id}' output '${o.name}' is ${size} bytes; parameter outputs are limited to 1 MB`);
      outputs[o.name] = { kind: 'parameter', value: readParameter(node.id, o.name, o.type, readFileSync(path, 'utf8')) };
    }
  }
  return { outputs, artifacts };
}

function readParameter(nodeId: string, name: string, type: string, text: string): unknown {
  const t = text.replace(/\r?\n$/, '');
  const bad = () => new NodeFailure(`node '${nodeId}' output '${name}' should be a ${type}, but the node wrote '${t.slice(0, 80)}'`);
  switch (type) {
    case 'number': case 'integer': {
      const n = Number(t.trim());
      if (t.trim() === '' || !Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) throw bad();
      return n;
    }
    case 'boolean': {
      const v = t.trim().toLowerCase();
      if (v !== 'true' && v !== 'false') throw bad();
      return v === 'true';
    }
    case 'json': try { return JSON.parse(t); } catch { throw bad(); }
    default: return t;
  }
}
