import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, Store, BUSY_TIMEOUT_MS } from './db.js';
import { MigrationChangedError, SchemaTooNewError, StoreError } from './errors.js';
import { migrate, schemaVersion } from './migrate.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';
import { addPipeline, addRun, tempDbPath } from './testing/fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).reverse().forEach((f) => f()));

function tmp() {
  const t = tempDbPath();
  cleanups.push(t.cleanup);
  return t;
}

/** A migration newer than every released one (the tests' stand-in for a future schema change). */
const NEXT = MIGRATIONS.length + 1;
const m002: Migration = { version: NEXT, name: 'run-notes', sql: 'ALTER TABLE runs ADD COLUMN notes TEXT;' };

describe('openDatabase', () => {
  it('creates the parent directory and sets WAL, synchronous=NORMAL, foreign keys and a busy timeout', () => {
    const { file } = tmp();
    expect(existsSync(dirname(file))).toBe(false);
    const db = openDatabase(file);
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    } finally {
      closeDatabase(db);
    }
    closeDatabase(db); // second close is a no-op
  });

  it('applies each migration once: reopening keeps the records and the data', () => {
    const { file } = tmp();
    let store = Store.open(file);
    const run = addRun(store);
    const first = store.db.prepare('SELECT version, checksum, applied_at FROM schema_migrations').all();
    store.close();

    store = Store.open(file);
    try {
      expect(store.db.prepare('SELECT version, checksum, applied_at FROM schema_migrations').all()).toEqual(first);
      expect(migrate(store.db)).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length, applied: [] });
      expect(store.runs.get(run.id).id).toBe(run.id);
    } finally {
      store.close();
    }
  });

  it('applies a new migration to an existing database on reopen, keeping its data', () => {
    const { file } = tmp();
    const store = Store.open(file);
    const run = addRun(store);
    store.close();

    const db = openDatabase(file, { migrations: [...MIGRATIONS, m002] });
    try {
      expect(schemaVersion(db)).toBe(NEXT);
      db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run('baseline', run.id);
      expect(db.prepare('SELECT notes FROM runs WHERE id = ?').pluck().get(run.id)).toBe('baseline');
    } finally {
      closeDatabase(db);
    }
  });

  it('refuses a database written by a newer version with a clear error, leaving it untouched', () => {
    const { file } = tmp();
    closeDatabase(openDatabase(file, { migrations: [...MIGRATIONS, m002] }));

    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(new RegExp(`schema version ${NEXT}, but this Pipewright only knows up to version ${MIGRATIONS.length}`));
    const db = openDatabase(file, { migrations: [...MIGRATIONS, m002] });
    try {
      expect(schemaVersion(db)).toBe(NEXT);
    } finally {
      closeDatabase(db);
    }
  });

  it('detects an applied migration whose SQL was edited afterwards', () => {
    const { file } = tmp();
    closeDatabase(openDatabase(file));
    const edited = MIGRATIONS.map((m) => ({ ...m, sql: `${m.sql}\n-- edited` }));
    expect(() => openDatabase(file, { migrations: edited })).toThrow(MigrationChangedError);
  });

  it('rolls a failing migration back completely', () => {
    const { file } = tmp();
    closeDatabase(openDatabase(file));
    const bad: Migration = { version: NEXT, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;' };
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, bad] })).toThrow(new RegExp(`Migration ${NEXT} \\(broken\\) failed`));
    const db = openDatabase(file);
    try {
      expect(schemaVersion(db)).toBe(MIGRATIONS.length);
      expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0);
    } finally {
      closeDatabase(db);
    }
  });

  it('rejects a migration list with gaps', () => {
    const { file } = tmp();
    expect(() => openDatabase(file, { migrations: [...MIGRATIONS, { ...m002, version: NEXT + 1 }] })).toThrow(StoreError);
  });

  it('lists every numbered migration file, in order', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
    const files = readdirSync(dir).filter((f) => /^\d+-.*\.ts$/.test(f) && !f.endsWith('.test.ts')).sort();
    expect(files.map((f) => Number(f.split('-')[0]))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('enforces foreign keys', () => {
    const { file } = tmp();
    const store = Store.open(file);
    try {
      expect(() => store.runs.create({ pipelineId: 'nope', executor: 'local', specHash: 'x' })).toThrow(/FOREIGN KEY/);
      expect(() => store.nodeRuns.create({ runId: 'nope', nodeId: 'a' })).toThrow(/FOREIGN KEY/);
      const p = addPipeline(store);
      expect(() => store.runs.create({ pipelineId: p.id, executor: 'local', specHash: 'never-saved' })).toThrow(/FOREIGN KEY/);
      // A pipeline with runs cannot be deleted behind their back.
      addRun(store, p);
      expect(() => store.db.prepare('DELETE FROM pipelines WHERE id = ?').run(p.id)).toThrow(/FOREIGN KEY/);
    } finally {
      store.close();
    }
  });

  it('rejects statuses the code does not know, even from raw SQL', () => {
    const { file } = tmp();
    const store = Store.open(file);
    try {
      const run = addRun(store);
      expect(() => store.db.prepare("UPDATE runs SET status = 'paused' WHERE id = ?").run(run.id)).toThrow(/CHECK/);
    } finally {
      store.close();
    }
  });
});
