/** Events the engine emits while runs progress; the CLI and the UI both consume exactly these. */

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted';
export type NodeStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cached' | 'cancelled';

/** A warning a node raised about its run (e.g. dataset drift from a drift-check that does not fail). */
export interface RunFlag {
  level: 'warning' | 'critical';
  message: string;
}

export type RunEvent =
  | { type: 'runStarted'; runId: string; pipeline: string; executor: string; nodes: string[]; time: number }
  | { type: 'nodeStatusChanged'; runId: string; nodeId: string; status: NodeStatus; attempt: number; reason?: string; time: number }
  | { type: 'logAppended'; runId: string; nodeId: string; stream: 'stdout' | 'stderr'; text: string; time: number }
  | { type: 'metricLogged'; runId: string; nodeId: string; name: string; value: number; step: number; time: number }
  | { type: 'runFlagged'; runId: string; nodeId: string; level: RunFlag['level']; message: string; time: number }
  | { type: 'runFinished'; runId: string; status: RunStatus; error?: string; time: number };

export type RunEventType = RunEvent['type'];

export function isTerminalNodeStatus(s: NodeStatus): boolean {
  return s === 'succeeded' || s === 'failed' || s === 'skipped' || s === 'cached' || s === 'cancelled';
}

/** What the desktop shell's native menu asks the UI to do (delivered through the same event channel). */
export type MenuCommand =
  | { command: 'file.new' | 'file.open' | 'file.save' | 'file.saveAs' | 'edit.undo' | 'edit.redo' | 'view.fit' | 'view.layout' | 'view.find' | 'run.start' }
  /** A file the user picked in a native dialog; the back end has allowed that path. */
  | { command: 'file.openPath' | 'file.saveAsPath'; path: string };

export type AppEvent = RunEvent | ({ type: 'menuCommand' } & MenuCommand);
