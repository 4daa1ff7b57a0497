/**
 * Runs drift tasks on worker threads (parsing and per-column statistics are CPU-bound: two files
 * parse at once and columns spread over the cores), optionally with the calling thread taking tasks
 * too. A worker takes tasks only once it has started — starting one through tsx can take longer
 * than the whole comparison of a small file — so the calling thread is never left waiting on a
 * worker that is still booting.
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

const cancelled = (): DOMException => new DOMException('The drift run was cancelled', 'AbortError');

/**
 * `workers` threads, plus the calling thread when `useCallingThread` (it then blocks between its
 * awaits while it computes, so the app's main process should pass false). With no workers every
 * task runs on the calling thread. Aborting `signal` terminates the workers.
 */
export function createTaskRunner(workers: number, useCallingThread: boolean, signal?: AbortSignal): TaskRunner {
  const pool = new Pool(workers, useCallingThread || workers <= 0, signal);
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
  | { type: 'ready' }
  | { id: number; type: 'progress'; fraction: number }
  | { id: number; type: 'done'; value: Result }
  | { id: number; type: 'error'; error: SerializedError };

class Pool implements TaskRunner {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private closed = false;
  private callingThreadBusy = false;

  constructor(size: number, private readonly useCallingThread: boolean, private readonly signal?: AbortSignal) {
    for (let i = 0; i < size; i++) this.add();
  }

  run(task: DriftTask, onProgress?: (fraction: number) => void): Promise<Result> {
    if (this.closed) return Promise.reject(cancelled());
    return new Promise<Result>((resolve, reject) => {
      const p: Pending = { id: this.nextId++, task, resolve, reject };
      if (onProgress) p.onProgress = onProgress;
      this.queue.push(p);
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && this.idle.length > 0) {
      const w = this.idle.pop()!;
      const p = this.queue.shift()!;
      this.running.set(w, p);
      // The task's arrays move to the worker; the caller no longer needs them.
      w.postMessage({ id: p.id, task: p.task }, transferables(p.task));
    }
    if (this.queue.length > 0 && (this.useCallingThread || this.all.length === 0) && !this.callingThreadBusy) {
      const p = this.queue.shift()!;
      this.callingThreadBusy = true;
      // Via setImmediate so worker messages are handled between the calling thread's tasks.
      setImmediate(() => {
        if (this.closed || this.signal?.aborted) {
          this.callingThreadBusy = false;
          p.reject(cancelled());
          return;
        }
        runTask(p.task, p.onProgress, this.signal).then(p.resolve, p.reject).finally(() => {
          this.callingThreadBusy = false;
          if (!this.closed) this.pump();
        });
      });
    }
  }

  private add(): void {
    const w = spawnWorker();
    this.all.push(w);
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'ready') {
        this.idle.push(w);
        this.pump();
        return;
      }
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
  }

  /** A dead worker fails its task; the others (and the calling thread) carry on. */
  private fail(w: Worker, e: Error): void {
    const p = this.running.get(w);
    this.running.delete(w);
    for (const list of [this.all, this.idle]) {
      const i = list.indexOf(w);
      if (i >= 0) list.splice(i, 1);
    }
    p?.reject(e);
    if (!this.closed) this.pump();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(cancelled());
    for (const p of this.running.values()) p.reject(cancelled());
    this.running.clear();
    await Promise.all(this.all.map((w) => w.terminate()));
  }
}
