/**
 * Live progress of a run in the terminal: one line per node (status, elapsed) under a bar for the run.
 * On a terminal the block is redrawn in place; otherwise each change is printed once, as a log.
 */
import type { NodeStatus, RunEvent } from '../../shared/contract/events.js';
import type { CliIo } from './command.js';
import { formatDuration } from './backend-options.js';

const DONE: NodeStatus[] = ['succeeded', 'cached', 'failed', 'skipped', 'cancelled'];
const MARK: Record<NodeStatus, string> = {
  queued: '·', running: '▶', succeeded: '✓', cached: '↺', failed: '✗', skipped: '–', cancelled: '■',
};

export class RunProgress {
  private readonly status = new Map<string, { s: NodeStatus; since: number; ended?: number; attempt: number; reason?: string }>();
  private drawn = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly io: CliIo, nodes: string[], private readonly write: (t: string) => void = (t) => process.stdout.write(t)) {
    const now = Date.now();
    for (const n of nodes) this.status.set(n, { s: 'queued', since: now, attempt: 1 });
    if (io.tty) this.timer = setInterval(() => this.draw(), 500);
  }

  on(e: RunEvent): void {
    if (e.type !== 'nodeStatusChanged') return;
    const prev = this.status.get(e.nodeId);
    const since = e.status === 'running' ? e.time : prev?.since ?? e.time;
    this.status.set(e.nodeId, { s: e.status, since, attempt: e.attempt, ...(DONE.includes(e.status) ? { ended: e.time } : {}), ...(e.reason ? { reason: e.reason } : {}) });
    if (this.io.tty) this.draw();
    else this.io.out(`${MARK[e.status]} ${e.nodeId} ${e.status}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}${e.reason ? ` — ${e.reason}` : ''}`);
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.io.tty) this.draw();
  }

  private draw(): void {
    const now = Date.now();
    const entries = [...this.status.entries()];
    const done = entries.filter(([, v]) => DONE.includes(v.s)).length;
    const width = 30;
    const filled = Math.round((done / Math.max(1, entries.length)) * width);
    const lines = [`[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${entries.length} nodes`];
    const nameWidth = Math.max(...entries.map(([id]) => id.length));
    for (const [id, v] of entries) {
      const elapsed = v.s === 'running' ? formatDuration(now - v.since) : v.ended && v.s !== 'cached' && v.s !== 'skipped' ? formatDuration(v.ended - v.since) : '';
      lines.push(`  ${MARK[v.s]} ${id.padEnd(nameWidth)}  ${v.s.padEnd(9)} ${elapsed}${v.attempt > 1 ? `  attempt ${v.attempt}` : ''}`);
    }
    const up = this.drawn ? `\x1b[${this.drawn}A` : '';
    this.write(`${up}${lines.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    this.drawn = lines.length;
  }
}
