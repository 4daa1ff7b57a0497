/** The run store: SQLite persistence of pipelines, runs and everything they produce. */
export { openDatabase, closeDatabase, Store, BUSY_TIMEOUT_MS, type Db, type OpenOptions } from './db.js';
export { migrate, schemaVersion, type MigrationResult } from './migrate.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
export { StoreError, SchemaTooNewError, MigrationChangedError, NotFoundError, InvalidTransitionError } from './errors.js';
export { newId, idTime } from './ids.js';
export { PipelineRepo } from './pipelines.repo.js';
export { RunRepo, type FinalRunStatus } from './runs.repo.js';
export { NodeRunRepo, canTransition } from './node-runs.repo.js';
export { ParamRepo } from './params.repo.js';
export { MetricRepo } from './metrics.repo.js';
export { LogRepo, wordsQuery, type ReadLogsOptions, type SearchLogsOptions } from './logs.repo.js';
export { ArtifactRepo, isDigest, storeRelativePath } from './artifacts.repo.js';
export { OutputRepo } from './outputs.repo.js';
export { LineageRepo } from './lineage.repo.js';
export { CacheRepo } from './cache.repo.js';
export { EventRepo } from './events.repo.js';
export { RecoveryRepo, isOwnerAlive, type RecoveryOptions, type RunOwner } from './recovery.repo.js';
export * from './types.js';
