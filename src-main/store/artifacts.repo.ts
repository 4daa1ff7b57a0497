/**
 * Artifacts by content digest. Paths are relative to the artifact store root so the store can be
 * moved or synced; absolute paths and `..` are rejected here (and absolute ones again by SQLite).
 */
import type Database from 'better-sqlite3';
import type { ArtifactType } from '../../shared/spec/schema.js';
import { NotFoundError, StoreError } from './errors.js';
import type { ArtifactKind, ArtifactRow, Digest, PutArtifactInput } from './types.js';

interface RawArtifact {
  digest: Digest;
  type: ArtifactType;
  kind: ArtifactKind;
  size: number;
  path: string;
  created_at: number;
}

const DIGEST = /^[0-9a-f]{64}$/;

/** Whether `s` is a sha256 digest in the store's form (64 lowercase hex digits). */
export function isDigest(s: string): s is Digest {
  return DIGEST.test(s);
}

/**
 * `path` as a `/`-separated path inside the store root.
 * @throws StoreError for an absolute path, a Windows drive or UNC path, or one that climbs out with `..`.
 */
export function storeRelativePath(path: string): string {
  const p = path.replaceAll('\\', '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) throw new StoreError(`artifact path must be relative to the store root: ${path}`);
  const parts = p.split('/').filter((s) => s !== '' && s !== '.');
  if (parts.length === 0 || parts.includes('..')) throw new StoreError(`artifact path must stay inside the store root: ${path}`);
  return parts.join('/');
}

export class ArtifactRepo {
  private readonly insert;
  private readonly byDigest;
  private readonly remove;

  constructor(private readonly db: Database.Database) {
    this.insert = db.prepare('INSERT OR IGNORE INTO artifacts (digest, type, kind, size, path, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.byDigest = db.prepare<[string], RawArtifact>('SELECT digest, type, kind, size, path, created_at FROM artifacts WHERE digest = ?');
    this.remove = db.prepare<[string]>('DELETE FROM artifacts WHERE digest = ?');
  }

  /**
   * Record an artifact; recording the same digest again is a no-op that returns the first record.
   * @throws StoreError for a malformed digest or path, or a known digest with a different size (corruption).
   */
  put(input: PutArtifactInput): ArtifactRow {
    if (!isDigest(input.digest)) throw new StoreError(`not a sha256 digest (64 lowercase hex digits): ${input.digest}`);
    if (!Number.isSafeInteger(input.size) || input.size < 0) throw new StoreError(`bad artifact size: ${input.size}`);
    const path = storeRelativePath(input.path);
    const createdAt = input.createdAt ?? Date.now();
    return this.db.transaction(() => {
      // A new row is exactly what was just written; only a digest recorded before is read back.
      if (this.insert.run(input.digest, input.type, input.kind, input.size, path, createdAt).changes === 1) {
        return { digest: input.digest, type: input.type, kind: input.kind, size: input.size, path, createdAt };
      }
      const row = this.get(input.digest);
      if (row.size !== input.size) {
        throw new StoreError(`artifact ${input.digest} is recorded with size ${row.size}, not ${input.size}: the store may be corrupt`);
      }
      return row;
    })();
  }

  /** @throws NotFoundError */
  get(digest: string): ArtifactRow {
    const row = this.find(digest);
    if (!row) throw new NotFoundError('Artifact', digest);
    return row;
  }

  /** The artifact, or undefined. */
  find(digest: string): ArtifactRow | undefined {
    const r = this.byDigest.get(digest);
    return r && { digest: r.digest, type: r.type, kind: r.kind, size: r.size, path: r.path, createdAt: r.created_at };
  }

  /** Artifacts no node output or lineage edge refers to any more: candidates for garbage collection. */
  unreferenced(): ArtifactRow[] {
    return this.db.prepare<[], RawArtifact>(
      `SELECT digest, type, kind, size, path, created_at FROM artifacts a
       WHERE NOT EXISTS (SELECT 1 FROM node_outputs o WHERE o.artifact_digest = a.digest)
         AND NOT EXISTS (SELECT 1 FROM lineage_edges l WHERE l.artifact_digest = a.digest)
       ORDER BY created_at`).all()
      .map((r) => ({ digest: r.digest, type: r.type, kind: r.kind, size: r.size, path: r.path, createdAt: r.created_at }));
  }

  /** Forget an artifact. @throws SqliteError (FOREIGN KEY) while outputs or lineage still refer to it. */
  delete(digest: string): boolean {
    return this.remove.run(digest).changes > 0;
  }
}
