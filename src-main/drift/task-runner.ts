/**
 * Runs drift tasks on worker threads (parsing and per-column statistics are CPU-bound, so two
 * files parse at once and columns spread over the cores), or inline when workers are 0.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ColumnOutcome } from './column-analysis.js';
import type { LoadedDataset } from './column-data.js';
import { deserializeError, runTask, transferables, type DriftTask, type SerializedError } from './tasks.js';

type Result = LoadedDataset | ColumnOutcome;

export interface TaskRunner {
  run(task: DriftTask, onProgress?: (fraction: number) => void): Promise<Result>;
  close(): Promise<void>;
}

/**
 * A runner with `workers` threads, or one that runs tasks on the calling thread when 0. Aborting
 * `signal` terminates the workers; inline, the reader checks it between chunks.
 */
export function createTaskRunner(workers: number, signal?: AbortSignal): TaskRunner {
  if (workers <= 0) {
    return {
      run: async (task, onProgress) => {
        // Let the event loop breathe between columns (the app's main process stays responsive).
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (signal?.aborted) throw new DOMException('The drift run was cancelled', 'AbortError');
        return runTask(task, onProgress, signal);
      },
      close: async () => {},
    };
  }
  const pool = new WorkerPool(workers);
  signal?.addEventListener('abort', () => void pool.close(), { once: true });
  return pool;
}

/**
 * From TypeScript sources (the CLI runs through tsx, so do tests and the benchmark) the worker
 * registers tsx first; a compiled build loads worker.js directly.
 */
function spawnWorker(): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts')) return new Worker(new URL('./worker.js', self));
  const cjs = createRequire(self).resolve('tsx/esm/api');
  const mjs = cjs.replace(/\.cjs$/, '.mjs');
  const api = pathToFileURL(existsSync(mjs) ? mjs : cjs).href;
  const entry = new URL('./worker.ts', self).href;
  const code = `import { register } from ${JSON.stringify(api)};\nregister();\nawait import(${JSON.stringify(entry)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
}

interface Pending {
  id: number;
  task: DriftTask;
  onProgress?: (fraction: number) => void;
  resolve: (r: Result) => void;
  reject: (e: Error) => void;
}

type WorkerMessage =
  | { id: number; type: 'progress'; fraction: number }
  | { id: number; type: 'done'; value: Result }
  | { id: number; type: 'error'; error: SerializedError };

class WorkerPool implements TaskRunner {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly size: number) {}

  run(task: DriftTask, onProgress?: (fraction: number) => void): Promise<Result> {
    if (this.closed) return Promise.reject(new Error('task runner is closed'));
    return new Promise<Result>((resolve, reject) => {
      const p: Pending = { id: this.nextId++, task, resolve, reject };
      if (onProgress) p.onProgress = onProgress;
      this.queue.push(p);
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let w = this.idle.pop();
      if (!w && this.all.length < this.size) w = this.add();
      if (!w) return;
      const p = this.queue.shift()!;
      this.running.set(w, p);
      // The task's arrays move to the worker; the caller no longer needs them.
      w.postMessage({ id: p.id, task: p.task }, transferables(p.task));
    }
  }

  private add(): Worker {
    const w = spawnWorker();
    this.all.push(w);
    w.on('message', (m: WorkerMessage) => {
      const p = this.running.get(w);
      if (!p || p.id !== m.id) return;
      if (m.type === 'progress') {
        p.onProgress?.(m.fraction);
        return;
      }
      this.running.delete(w);
      this.idle.push(w);
      if (m.type === 'done') p.resolve(m.value);
      else p.reject(deserializeError(m.error));
      this.pump();
    });
    w.on('error', (e) => this.fail(w, e));
    w.on('exit', (code) => {
      if (!this.closed) this.fail(w, new Error(`drift worker exited with code ${code}`));
    });
    return w;
  }

  private fail(w: Worker, e: Error): void {
    const p = this.running.get(w);
    this.running.delete(w);
    const i = this.all.indexOf(w);
    if (i >= 0) this.all.splice(i, 1);
    const j = this.idle.indexOf(w);
    if (j >= 0) this.idle.splice(j, 1);
    p?.reject(e);
    if (!this.closed) this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    const cancelled = (): DOMException => new DOMException('The drift run was cancelled', 'AbortError');
    for (const p of this.queue.splice(0)) p.reject(cancelled());
    for (const p of this.running.values()) p.reject(cancelled());
    this.running.clear();
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
