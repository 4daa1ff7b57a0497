/** Events the engine emits while runs progress; the CLI and the UI both consume exactly these. */

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export type NodeStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cached' | 'cancelled';

export type RunEvent =
  | { type: 'runStarted'; runId: string; pipeline: string; executor: string; nodes: string[]; time: number }
  | { type: 'nodeStatusChanged'; runId: string; nodeId: string; status: NodeStatus; attempt: number; reason?: string; time: number }
  | { type: 'logAppended'; runId: string; nodeId: string; stream: 'stdout' | 'stderr'; text: string; time: number }
  | { type: 'metricLogged'; runId: string; nodeId: string; name: string; value: number; step: number; time: number }
  | { type: 'runFinished'; runId: string; status: RunStatus; error?: string; time: number };

export type RunEventType = RunEvent['type'];

export function isTerminalNodeStatus(s: NodeStatus): boolean {
  return s === 'succeeded' || s === 'failed' || s === 'skipped' || s === 'cached' || s === 'cancelled';
}
