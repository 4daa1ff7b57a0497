/**
 * Follows a node's PIPEWRIGHT_METRICS file while it runs: reads what was appended since the last look,
 * parses whole JSON lines and hands them over in batches. A bad line is reported, not fatal.
 */
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

export interface MetricPoint { name: string; value: number; step: number; time: number }

export interface MetricsTailOptions {
  onPoints(points: MetricPoint[]): void;
  onBadLine(line: string, why: string): void;
  intervalMs?: number;
}

export function parseMetricLine(line: string, now: number): MetricPoint | string {
  let v: unknown;
  try { v = JSON.parse(line); } catch { return 'not JSON'; }
  if (!v || typeof v !== 'object') return 'not a JSON object';
  const { name, value, step } = v as Record<string, unknown>;
  if (typeof name !== 'string' || !name) return 'missing "name"';
  if (typeof value !== 'number' || !Number.isFinite(value)) return `"value" of '${name}' is not a finite number`;
  if (step !== undefined && !Number.isInteger(step)) return `"step" of '${name}' is not a whole number`;
  return { name, value, step: (step as number | undefined) ?? 0, time: now };
}

export class MetricsTail {
  private offset = 0;
  private partial = '';
  private timer?: NodeJS.Timeout;
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly file: string, private readonly options: MetricsTailOptions) {}

  start(): void {
    this.timer = setInterval(() => { this.reading = this.reading.then(() => this.readNew()); }, this.options.intervalMs ?? 250);
  }

  /** Stops following and reads whatever the node wrote last, including a final line without a newline. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.reading;
    await this.readNew();
    if (this.partial.trim()) this.emit([this.partial]);
    this.partial = '';
  }

  private async readNew(): Promise<void> {
    // Most nodes log no metrics: a cheap check spares an open() on the thread pool.
    if (!existsSync(this.file)) return;
    let fh: FileHandle;
    try { fh = await open(this.file, 'r'); } catch { return; }
    try {
      const { size } = await fh.stat();
      if (size <= this.offset) return;
      const buf = Buffer.alloc(size - this.offset);
      const { bytesRead } = await fh.read(buf, 0, buf.length, this.offset);
      this.offset += bytesRead;
      const lines = (this.partial + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
      this.partial = lines.pop() ?? '';
      this.emit(lines);
    } finally {
      await fh.close();
    }
  }

  private emit(lines: string[]): void {
    const now = Date.now();
    const points: MetricPoint[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      const p = parseMetricLine(line, now);
      if (typeof p === 'string') this.options.onBadLine(line, p);
      else points.push(p);
    }
    if (points.length) this.options.onPoints(points);
  }
}
