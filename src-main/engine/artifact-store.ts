/**
 * Content-addressed artifact store: every output a node writes is hashed (sha256) and moved into
 * `<root>/sha256/<first two hex>/<digest>` with one rename, so a reader sees a whole artifact or none.
 * Outputs are files or folders; symlinks and special files are refused so nothing can point outside.
 */
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface StoredArtifact {
  digest: string;
  size: number;
  kind: 'file' | 'dir';
  /** Path relative to the store root. */
  path: string;
}

const DIGEST = /^[0-9a-f]{64}$/;

export class ArtifactEscapeError extends Error {}

/** Below this, a file is read in one call: a stream's thread-pool round trips cost more than the read. */
const SMALL_FILE = 4 * 1024 * 1024;

/** sha256 of a file's bytes; large files are streamed so the event loop stays free. */
export async function hashFile(file: string, size?: number): Promise<string> {
  if ((size ?? lstatSync(file).size) < SMALL_FILE) return createHash('sha256').update(readFileSync(file)).digest('hex');
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Digest and size of a file or folder. A folder's digest covers each entry's relative path, kind and
 * content digest in sorted order, so equal trees hash equal wherever they sit.
 */
export async function hashPath(path: string): Promise<{ digest: string; size: number; kind: 'file' | 'dir' }> {
  const st = lstatSync(path);
  if (st.isFile()) return { digest: await hashFile(path, st.size), size: st.size, kind: 'file' };
  if (!st.isDirectory()) throw new ArtifactEscapeError(`'${path}' is neither a file nor a folder (links are refused)`);
  const lines: string[] = [];
  let size = 0;
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const full = join(dir, e.name);
      const rel = relative(path, full).split(sep).join('/');
      if (e.isDirectory()) { lines.push(`d ${rel}`); await walk(full); }
      else if (e.isFile()) { const s = await stat(full); size += s.size; lines.push(`f ${rel} ${s.size} ${await hashFile(full, s.size)}`); }
      else throw new ArtifactEscapeError(`'${rel}' in an output is a link or special file; outputs may hold only files and folders`);
    }
  };
  await walk(path);
  return { digest: createHash('sha256').update(lines.join('\n')).digest('hex'), size, kind: 'dir' };
}

export class ArtifactStore {
  constructor(readonly root: string) {}

  /** A scratch folder on the store's filesystem, so finished outputs move in with a rename. */
  async scratch(...parts: string[]): Promise<string> {
    for (const p of parts) if (!p || p === '.' || p === '..' || /[\\/]/.test(p)) throw new ArtifactEscapeError(`invalid scratch name '${p}'`);
    const dir = join(this.root, '.tmp', ...parts);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Absolute path of a stored artifact; refuses anything that is not a digest. */
  pathOf(digest: string): string {
    if (!DIGEST.test(digest)) throw new ArtifactEscapeError(`'${digest}' is not an artifact digest`);
    return join(this.root, 'sha256', digest.slice(0, 2), digest);
  }

  async has(digest: string): Promise<boolean> {
    try { lstatSync(this.pathOf(digest)); return true; } catch { return false; }
  }

  /** Hashes a finished output and moves it into the store (or drops it when the store has it already). */
  async ingest(tempPath: string): Promise<StoredArtifact> {
    const { digest, size, kind } = await hashPath(tempPath);
    const dest = this.pathOf(digest);
    const path = relative(this.root, dest).split(sep).join('/');
    // Bookkeeping on one small entry: synchronous calls skip the thread pool's round trips.
    if (await this.has(digest)) {
      rmSync(tempPath, { recursive: true, force: true });
      return { digest, size, kind, path };
    }
    mkdirSync(join(dest, '..'), { recursive: true });
    if (kind === 'file') chmodSync(tempPath, 0o444);
    try {
      renameSync(tempPath, dest);
    } catch (e) {
      // Another run stored the same content between our check and the rename.
      if (!(await this.has(digest))) throw e;
      rmSync(tempPath, { recursive: true, force: true });
    }
    return { digest, size, kind, path };
  }

  /** Run ids that have a scratch folder. */
  scratchRuns(): string[] {
    try { return readdirSync(join(this.root, '.tmp')); } catch { return []; }
  }

  /**
   * Removes the scratch folders of finished runs, or of runs a killed engine left behind; nothing in them
   * was ever visible as an artifact.
   */
  async clearScratch(runIds: readonly string[]): Promise<void> {
    for (const id of runIds) {
      if (/^[0-9A-Za-z-]+$/.test(id)) await rm(join(this.root, '.tmp', id), { recursive: true, force: true });
    }
  }
}
