/**
 * Versioned migrations: each is applied once, inside its own transaction, and recorded in
 * `schema_migrations` with a checksum of its SQL.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { MigrationChangedError, SchemaTooNewError, StoreError } from './errors.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

/** What `migrate` did: the versions it applied now (empty when the database was up to date). */
export interface MigrationResult {
  from: number;
  to: number;
  applied: number[];
}

export function checksumOf(m: Migration): string {
  return createHash('sha256').update(m.sql).digest('hex');
}

/**
 * Bring `db` up to the newest migration in `migrations`.
 * @throws SchemaTooNewError when the database has a version the code does not know.
 * @throws MigrationChangedError when an applied migration's SQL differs from the code's.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): MigrationResult {
  checkSequence(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    checksum   TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const codeVersion = migrations.length;
  const readApplied = () => db.prepare<[], AppliedRow>('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all();

  const verify = (applied: AppliedRow[]) => {
    const dbVersion = applied.at(-1)?.version ?? 0;
    if (dbVersion > codeVersion) throw new SchemaTooNewError(db.name, dbVersion, codeVersion);
    for (const row of applied) {
      const m = migrations[row.version - 1];
      if (!m || checksumOf(m) !== row.checksum) throw new MigrationChangedError(row.version, row.name);
    }
    return dbVersion;
  };

  let from = verify(readApplied());
  if (from === codeVersion) return { from, to: from, applied: [] };

  // IMMEDIATE takes the write lock before reading, so two processes opening the same new database
  // cannot both decide to apply the same migration: the second waits (busy timeout), then sees it done.
  const applied: number[] = [];
  db.transaction(() => {
    from = verify(readApplied());
    const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
    for (const m of migrations.slice(from)) {
      // A savepoint per migration: if one fails, the error names it and nothing of this open is kept.
      db.transaction(() => {
        try {
          db.exec(m.sql);
        } catch (e) {
          throw new StoreError(`Migration ${m.version} (${m.name}) failed: ${(e as Error).message}`, { cause: e });
        }
        record.run(m.version, m.name, checksumOf(m), Date.now());
      })();
      applied.push(m.version);
    }
  }).immediate();
  return { from, to: codeVersion, applied };
}

/** The newest version recorded in the database (0 for a fresh one). */
export function schemaVersion(db: Database.Database): number {
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

function checkSequence(migrations: readonly Migration[]): void {
  migrations.forEach((m, k) => {
    if (m.version !== k + 1) throw new StoreError(`Migration list out of order: position ${k + 1} holds version ${m.version}`);
  });
}
