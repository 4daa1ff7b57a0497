/**
 * The one place the canvas reads run progress from: the runs store's per-node status (the live run, or
 * the past run whose snapshot is on screen). Its objects change only for the node an event is about, so
 * each card re-renders only for its own progress.
 */
import type { NodeStatus } from '../../../shared/contract/events.js';
import { useRuns } from '../../stores/runs.store.js';

export interface NodeRunStatus {
  status: NodeStatus;
  startedAt?: number;
  attempt: number;
}

export function useNodeRunStatus(nodeId: string): NodeRunStatus | undefined {
  return useRuns((s) => s.nodeStatus[nodeId]);
}
