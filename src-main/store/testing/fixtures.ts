/** Helpers for the store's tests: real database files in fresh temp directories. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../db.js';
import type { PipelineRow, RunRow } from '../types.js';

/** A fresh temp directory and a database path inside a not-yet-existing subdirectory of it. */
export function tempDbPath(): { dir: string; file: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pipewright-store-'));
  return { dir, file: join(dir, 'nested', 'runs.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A Store on a fresh temp file, and a cleanup that closes it and deletes the directory. */
export function tempStore(): { store: Store; file: string; cleanup: () => void } {
  const { file, cleanup } = tempDbPath();
  const store = Store.open(file);
  return { store, file, cleanup: () => { store.close(); cleanup(); } };
}

export const SPEC_HASH = 'spec-hash-1';

/** A pipeline with one saved spec. */
export function addPipeline(store: Store, name = 'train-mnist', specHash = SPEC_HASH): PipelineRow {
  return store.pipelines.save({ name, specHash, specYaml: `metadata:\n  name: ${name}\n`, filePath: `/home/u/${name}.yaml` });
}

/** A queued run of `pipeline` (or of a new pipeline). */
export function addRun(store: Store, pipeline?: PipelineRow, createdAt?: number): RunRow {
  const p = pipeline ?? addPipeline(store);
  return store.runs.create({ pipelineId: p.id, executor: 'local', specHash: p.specHash, params: { lr: 0.1 }, createdAt });
}

/** A digest made of one repeated hex character, readable in assertions. */
export function digestOf(ch: string): string {
  return ch.repeat(64);
}
