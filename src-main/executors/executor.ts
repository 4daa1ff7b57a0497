/**
 * One interface for every place a node can run (local processes, local Docker, Kubernetes). The engine
 * prepares host folders and values; each executor decides how the node sees them (host paths, or mounts
 * at /pipewright/...) and renders the node's command accordingly.
 */
import type { PlanNode } from '../../shared/compiler/plan.js';

export type LogStream = 'stdout' | 'stderr';

export interface ExecRequest {
  runId: string;
  node: PlanNode;
  attempt: number;
  /** Host path of each input artifact (file or folder), by input name. Read-only for the node. */
  inputPaths: Record<string, string>;
  /**
   * Host folders the node may write, by input name (inputs with `format: dir`, e.g. a model registry).
   * The input's value is the folder's absolute host path; executors that isolate the node mount it.
   */
  hostDirs: Record<string, string>;
  /** Values of parameter inputs produced by upstream nodes at run time, by input name. */
  runtimeParams: Record<string, string>;
  /** Host folder the node writes its outputs into: `<outputDir>/<output name>`. */
  outputDir: string;
  /** Host folder for scratch files and the metrics file; the node's working dir unless it sets one. */
  workDir: string;
  /** Environment for the node (secrets already resolved; never logged). */
  env: Record<string, string>;
  /** Host file the node appends metric JSON lines to (PIPEWRIGHT_METRICS). */
  metricsFile: string;
  /** Host file the node appends run flags to (PIPEWRIGHT_FLAGS): `{"level": "warning"|"critical", "message"}` lines. */
  flagsFile: string;
  timeoutSeconds?: number;
  signal: AbortSignal;
  onLog(stream: LogStream, text: string): void;
}

export interface ExecResult {
  /** Exit code, or null when the node was killed. */
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** Why the node could not run or failed, in a sentence that names the node. */
  error?: string;
  /** Image ID the node ran in (docker, kubernetes), for the reproducibility record. */
  imageId?: string;
}

export interface Executor {
  readonly name: 'process' | 'docker' | 'kubernetes';
  /** Checks what the run needs before any node starts (a daemon, images); resolves to problems, [] when ready. */
  preflight(nodes: PlanNode[]): Promise<string[]>;
  run(req: ExecRequest): Promise<ExecResult>;
  /** Cleans up what a killed earlier engine left behind (containers, pods) for these runs; returns what it did. */
  recover?(runIds: string[]): Promise<string[]>;
}

/** Environment every node gets, whatever runs it. */
export function contractEnv(req: ExecRequest, paths: { outputDir: string; metricsFile: string; flagsFile: string }): Record<string, string> {
  return {
    PIPEWRIGHT_RUN_ID: req.runId,
    PIPEWRIGHT_NODE_ID: req.node.id,
    PIPEWRIGHT_ATTEMPT: String(req.attempt),
    PIPEWRIGHT_OUTPUT_DIR: paths.outputDir,
    PIPEWRIGHT_METRICS: paths.metricsFile,
    PIPEWRIGHT_FLAGS: paths.flagsFile,
  };
}
