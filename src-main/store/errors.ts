/** Errors the store throws on purpose, so callers can tell them from SQLite failures. */

export class StoreError extends Error {
  override name = 'StoreError';
}

/** The database was written by a newer Pipewright than this one. */
export class SchemaTooNewError extends StoreError {
  override name = 'SchemaTooNewError';
  constructor(readonly file: string, readonly dbVersion: number, readonly codeVersion: number) {
    super(
      `The run database ${file} has schema version ${dbVersion}, but this Pipewright only knows up to ` +
        `version ${codeVersion}. It was written by a newer Pipewright: upgrade, or point this one at another database.`,
    );
  }
}

/** A migration that was already applied to this database has different SQL now. */
export class MigrationChangedError extends StoreError {
  override name = 'MigrationChangedError';
  constructor(readonly version: number, readonly migrationName: string) {
    super(
      `Migration ${version} (${migrationName}) was changed after it was applied to this database. ` +
        'Applied migrations must never be edited: add a new migration instead.',
    );
  }
}

export class NotFoundError extends StoreError {
  override name = 'NotFoundError';
  constructor(what: string, id: string | number) {
    super(`${what} ${id} does not exist`);
  }
}

/** A status change that the state machine does not allow, or that lost a race with another writer. */
export class InvalidTransitionError extends StoreError {
  override name = 'InvalidTransitionError';
  constructor(what: string, id: string | number, from: string, to: string) {
    super(`${what} ${id} cannot go from ${from} to ${to}`);
  }
}
