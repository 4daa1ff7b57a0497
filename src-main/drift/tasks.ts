/**
 * The two units of work the engine hands out (load a file's columns, analyse one column), run the
 * same way on the calling thread or in a worker.
 */
import { analyzeColumn, type ColumnOutcome, type ColumnSpec } from './column-analysis.js';
import type { ColumnData, LoadedDataset } from './column-data.js';
import { loadColumns, type LoadRequest } from './sources.js';
import { DriftInputError, DriftOptionError } from './types.js';

export type DriftTask =
  | { kind: 'load'; request: LoadRequest }
  | { kind: 'analyze'; name: string; reference: ColumnData; current: ColumnData; spec: ColumnSpec };

export type TaskResult<T extends DriftTask> = T extends { kind: 'load' } ? LoadedDataset : ColumnOutcome;

/** Runs a task; `onProgress` gets the fraction done (loads only). */
export async function runTask(task: DriftTask, onProgress?: (fraction: number) => void, signal?: AbortSignal): Promise<LoadedDataset | ColumnOutcome> {
  if (task.kind === 'load') return loadColumns(task.request, onProgress, signal);
  return analyzeColumn(task.name, task.reference, task.current, task.spec);
}

/** The typed-array buffers inside a value, so they move between threads instead of being copied. */
export function transferables(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer) out.add(v.buffer);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) if (x && typeof x === 'object') visit(x);
      return;
    }
    for (const x of Object.values(v)) visit(x);
  };
  visit(value);
  return [...out];
}

export interface SerializedError {
  name: string;
  message: string;
  file?: string;
  column?: string;
}

export function serializeError(e: unknown): SerializedError {
  const err = e instanceof Error ? e : new Error(String(e));
  const out: SerializedError = { name: err.name, message: err.message };
  if (err instanceof DriftInputError) {
    if (err.file !== undefined) out.file = err.file;
    if (err.column !== undefined) out.column = err.column;
  }
  return out;
}

/** Rebuilds an error from a worker with its class, so callers can tell bad input from bugs. */
export function deserializeError(e: SerializedError): Error {
  if (e.name === 'DriftOptionError') return new DriftOptionError(e.message, e.file, e.column);
  if (e.name === 'DriftInputError') return new DriftInputError(e.message, e.file, e.column);
  if (e.name === 'AbortError') return new DOMException(e.message, 'AbortError');
  const err = new Error(e.message);
  err.name = e.name;
  return err;
}
