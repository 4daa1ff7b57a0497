/**
 * Opening the run database and composing the repositories over one connection.
 * Plain Node: no Electron, so the CLI, the desktop app and tests share it.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ArtifactRepo } from './artifacts.repo.js';
import { DriftRepo } from './drift.repo.js';
import { CacheRepo } from './cache.repo.js';
import { StoreError } from './errors.js';
import { EventRepo } from './events.repo.js';
import { FlagRepo } from './flags.repo.js';
import { LineageRepo } from './lineage.repo.js';
import { LogRepo } from './logs.repo.js';
import { MetricRepo } from './metrics.repo.js';
import { migrate } from './migrate.js';
import type { Migration } from './migrations/index.js';
import { NodeRunRepo } from './node-runs.repo.js';
import { OutputRepo } from './outputs.repo.js';
import { ParamRepo } from './params.repo.js';
import { PipelineRepo } from './pipelines.repo.js';
import { RecoveryRepo, type RecoveryOptions } from './recovery.repo.js';
import { RunRepo } from './runs.repo.js';
import type { RecoveryReport } from './types.js';

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/** How long a writer waits for another process's write lock before failing with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

export interface OpenOptions {
  /** For tests of the migration runner; defaults to every migration the code knows. */
  migrations?: readonly Migration[];
  /**
   * better-sqlite3's compiled addon to load instead of the one in node_modules: the desktop app passes a
   * build for Electron's ABI, so the same checkout keeps serving the Node CLI and tests.
   */
  nativeBinding?: string;
}

/**
 * Open (creating if needed, with its parent directory) the database at `file`, set the pragmas and
 * apply pending migrations.
 * @throws SchemaTooNewError if a newer Pipewright wrote the database; the file is left untouched.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  try {
    // WAL: readers (the UI) never block the writer (the engine) and a crash cannot corrupt the file.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreError(`SQLite refused WAL mode for ${file} (got ${String(mode)}); is it on a network drive?`);
    // NORMAL is durable against application crashes in WAL mode; only a power loss may drop the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    migrate(db, opts.migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Let SQLite refresh its query statistics, then close. Safe to call twice. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('optimize');
  } finally {
    db.close();
  }
}

/** Every repository of the run store over one connection. */
export class Store {
  readonly pipelines: PipelineRepo;
  readonly runs: RunRepo;
  readonly nodeRuns: NodeRunRepo;
  readonly params: ParamRepo;
  readonly metrics: MetricRepo;
  readonly logs: LogRepo;
  readonly artifacts: ArtifactRepo;
  readonly outputs: OutputRepo;
  readonly lineage: LineageRepo;
  readonly cache: CacheRepo;
  readonly events: EventRepo;
  readonly drift: DriftRepo;
  readonly flags: FlagRepo;
  private readonly recovery: RecoveryRepo;

  constructor(readonly db: Db) {
    this.pipelines = new PipelineRepo(db);
    this.runs = new RunRepo(db);
    this.nodeRuns = new NodeRunRepo(db);
    this.params = new ParamRepo(db);
    this.metrics = new MetricRepo(db);
    this.logs = new LogRepo(db);
    this.artifacts = new ArtifactRepo(db);
    this.outputs = new OutputRepo(db);
    this.lineage = new LineageRepo(db);
    this.cache = new CacheRepo(db);
    this.events = new EventRepo(db);
    this.drift = new DriftRepo(db);
    this.flags = new FlagRepo(db);
    this.recovery = new RecoveryRepo(db);
  }

  /** `openDatabase(file)` wrapped in a Store. */
  static open(file: string, opts: OpenOptions = {}): Store {
    return new Store(openDatabase(file, opts));
  }

  /**
   * Run `fn` in one write transaction (e.g. finish a node run, record its outputs and its cache entry
   * together). Repository calls inside nest as savepoints. If `fn` throws, nothing is kept.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** See `RecoveryRepo.recoverInterrupted`: call once at start-up, before starting new runs. */
  recoverInterrupted(now: number = Date.now(), opts: RecoveryOptions = {}): RecoveryReport {
    return this.recovery.recoverInterrupted(now, opts);
  }

  /** Close the connection (see `closeDatabase`). */
  close(): void {
    closeDatabase(this.db);
  }
}
