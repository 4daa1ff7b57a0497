/**
 * Row and input types of the run store. Rows are what the repositories return (camelCase, times as
 * epoch milliseconds, JSON columns already parsed); inputs are what callers pass in.
 */
import type { NodeStatus, RunStatus } from '../../shared/contract/events.js';
import type { ArtifactType } from '../../shared/spec/schema.js';

// Statuses are the ones of the engine's event contract, so what is stored is what the UI is told.
export type { RunStatus } from '../../shared/contract/events.js';
export type NodeRunStatus = NodeStatus;

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const satisfies readonly RunStatus[];
export const NODE_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'skipped', 'cached', 'cancelled'] as const satisfies readonly NodeStatus[];
// Compile-time check that the lists above (and the CHECK constraints in the migrations) are complete.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const _statusListsComplete: [Missing<RunStatus, (typeof RUN_STATUSES)[number]>, Missing<NodeStatus, (typeof NODE_RUN_STATUSES)[number]>] = [true, true];

/** A sha256 content digest: 64 lowercase hex digits, as `engine/artifact-store.ts` produces. */
export type Digest = string;

/** A stored artifact is one file or a folder tree (hashed as a whole). */
export type ArtifactKind = 'file' | 'dir';

export type LogStream = 'stdout' | 'stderr';

// ---------------------------------------------------------------- pipelines

export interface PipelineRow {
  id: string;
  name: string;
  /** Hash of the spec as last saved; every version ever run stays readable through `getSpec`. */
  specHash: string;
  specYaml: string;
  /** Where the spec file lives on the user's disk, if it came from one. */
  filePath: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface SavePipelineInput {
  /** Stable identity chosen by the caller (e.g. derived from the file); generated when omitted. */
  id?: string;
  name: string;
  specHash: string;
  specYaml: string;
  filePath?: string | null;
}

// ---------------------------------------------------------------- runs

/** Everything needed to explain or repeat a run. Written by the engine, read back verbatim. */
export interface ReproducibilityRecord {
  specHash: string;
  /** Parameter values after defaults and overrides were applied. */
  params: Record<string, unknown>;
  /** Component id → version actually resolved. */
  components: Record<string, string>;
  /** Image reference as written → image ID (digest) actually run. */
  images: Record<string, string>;
  /** Input dataset (path or name) → content checksum. */
  inputs: Record<string, string>;
  /** Seed name → value (global seed, per-node seeds). */
  seeds: Record<string, number>;
  host: { platform?: string; release?: string; arch?: string; cpus?: number; memoryBytes?: number; [k: string]: unknown };
  /** Node id → library → version, as reported by the node. */
  libraries: Record<string, Record<string, string>>;
  /** Node id → wall-clock duration in ms. */
  durations: Record<string, number>;
}

export interface RunRow {
  /** ULID: sorts by creation time. */
  id: string;
  pipelineId: string;
  status: RunStatus;
  executor: string;
  /** Parameter overrides as requested for this run (resolved values are in `reproducibility` and `params`). */
  params: Record<string, unknown>;
  specHash: string;
  reproducibility: ReproducibilityRecord | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  error: string | null;
  /** Process that executes the run; crash recovery only touches runs whose owner is gone. */
  ownerPid: number | null;
  ownerHost: string | null;
}

export interface CreateRunInput {
  id?: string;
  pipelineId: string;
  executor: string;
  params?: Record<string, unknown>;
  specHash: string;
  createdAt?: number;
  /** Defaults to this process; pass `null` for a run no live process owns. */
  ownerPid?: number | null;
}

export type NodeStatusCounts = Record<NodeRunStatus, number>;

export interface RunSummary extends RunRow {
  pipelineName: string;
  /** Counts over the latest attempt of each node. */
  nodeCounts: NodeStatusCounts;
}

export interface RunWithNodes {
  run: RunRow;
  /** Every attempt of every node, ordered by node id then attempt. */
  nodeRuns: NodeRunRow[];
}

export interface ListRunsOptions {
  pipelineId?: string;
  status?: RunStatus;
  /** Default 50. */
  limit?: number;
  /** Cursor: only runs older than this run id (newest-first paging). */
  before?: string;
}

// ---------------------------------------------------------------- node runs

export interface NodeRunRow {
  id: number;
  runId: string;
  nodeId: string;
  attempt: number;
  status: NodeRunStatus;
  exitCode: number | null;
  /** Why it failed. */
  error: string | null;
  /** Why it was skipped, cached or cancelled. */
  reason: string | null;
  cacheKey: string | null;
  /** For `cached`: the node run whose outputs were reused. */
  cachedFrom: number | null;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface CreateNodeRunInput {
  runId: string;
  nodeId: string;
  /** Default 1; use `NodeRunRepo.retry` for later attempts. */
  attempt?: number;
  cacheKey?: string | null;
  at?: number;
}

export interface TransitionOptions {
  at?: number;
  reason?: string | null;
  exitCode?: number | null;
  error?: string | null;
  cacheKey?: string | null;
  cachedFrom?: number | null;
}

export interface NodeRunTransitionRow {
  id: number;
  nodeRunId: number;
  /** null for the creation of the node run. */
  from: NodeRunStatus | null;
  to: NodeRunStatus;
  at: number;
  reason: string | null;
}

// ---------------------------------------------------------------- params

export type ParamSource = 'default' | 'override';

export interface ParamRow {
  runId: string;
  name: string;
  value: unknown;
  source: ParamSource;
}

// ---------------------------------------------------------------- metrics

export interface MetricPoint {
  runId: string;
  /** Omit (or null) for a run-level metric. */
  nodeId?: string | null;
  name: string;
  /** NaN is allowed (stored as NULL and read back as NaN); so are ±Infinity. */
  value: number;
  step?: number | null;
  /** Epoch ms; defaults to the time of the append. */
  time?: number;
}

export interface MetricSample {
  step: number | null;
  value: number;
  time: number;
}

export interface MetricSeries {
  runId: string;
  nodeId: string | null;
  name: string;
  /** In insertion order. */
  points: MetricSample[];
}

export interface MetricSummary {
  runId: string;
  nodeId: string | null;
  name: string;
  count: number;
  /** Value of the last point appended. */
  last: number;
  min: number | null;
  max: number | null;
}

// ---------------------------------------------------------------- logs

export interface LogChunkInput {
  runId: string;
  nodeId: string;
  stream: LogStream;
  text: string;
  time?: number;
}

export interface LogChunkRow {
  runId: string;
  nodeId: string;
  stream: LogStream;
  /** Per (run, node), starting at 1, shared by both streams so they interleave in order. */
  seq: number;
  text: string;
  time: number;
}

export interface LogHit extends LogChunkRow {
  /** The matching part of the chunk with matches wrapped in `[` `]`. */
  snippet: string;
}

// ---------------------------------------------------------------- artifacts, outputs, lineage, cache

export interface ArtifactRow {
  digest: Digest;
  /** The port type it was produced for (dataset, model…). */
  type: ArtifactType;
  kind: ArtifactKind;
  size: number;
  /** Relative to the artifact store root, `/`-separated. */
  path: string;
  createdAt: number;
}

/** `ArtifactStore.ingest`'s result plus the port type: `{ ...stored, type: 'model' }`. */
export interface PutArtifactInput {
  digest: Digest;
  type: ArtifactType;
  kind: ArtifactKind;
  size: number;
  path: string;
  createdAt?: number;
}

/** An output is either an artifact (by digest) or a parameter value. */
export type OutputValue = { kind: 'artifact'; digest: Digest } | { kind: 'parameter'; value: unknown };

export type NodeOutputRow = { nodeRunId: number; name: string } & OutputValue;

export interface LineageEdgeRow {
  id: number;
  /** null when the artifact came from outside the pipeline (an input dataset). */
  producerNodeRunId: number | null;
  producerRunId: string | null;
  producerNodeId: string | null;
  digest: Digest;
  consumerNodeRunId: number;
  consumerRunId: string;
  consumerNodeId: string;
  inputName: string;
}

export interface RecordInputInput {
  consumerNodeRunId: number;
  inputName: string;
  digest: Digest;
  producerNodeRunId?: number | null;
}

export interface CacheEntryRow {
  id: number;
  cacheKey: string;
  nodeRunId: number;
  runId: string;
  nodeId: string;
  createdAt: number;
  /** Outputs of the node run, to be reused instead of executing the node. */
  outputs: NodeOutputRow[];
}

// ---------------------------------------------------------------- events

export interface EventRow {
  runId: string;
  /** Per run, starting at 1. */
  seq: number;
  type: string;
  payload: unknown;
  time: number;
}

export interface EventInput {
  type: string;
  payload?: unknown;
  time?: number;
}

// ---------------------------------------------------------------- recovery

export interface RecoveryReport {
  runs: { id: string; from: RunStatus }[];
  nodeRuns: { id: number; runId: string; nodeId: string; from: NodeRunStatus }[];
}
