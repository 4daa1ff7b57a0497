/**
 * The one place the canvas reads run progress from. The runs store (`stores/runs.store.ts`) is written
 * separately; until it lands this adapter reports no status, and switching over is a change to this
 * file only: `useRuns((s) => s.nodeStatus[nodeId])`.
 */
import type { NodeStatus } from '../../../shared/contract/events.js';

export interface NodeRunStatus {
  status: NodeStatus;
  startedAt?: number;
  attempt: number;
}

export function useNodeRunStatus(_nodeId: string): NodeRunStatus | undefined {
  return undefined;
}
