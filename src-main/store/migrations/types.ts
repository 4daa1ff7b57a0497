/** One schema change. Once released, a migration is never edited: its SQL is checksummed on apply. */
export interface Migration {
  /** 1, 2, 3… with no gaps; the file name starts with the same number. */
  version: number;
  name: string;
  /**
   * SQL run inside the migration's transaction. It cannot change `PRAGMA foreign_keys` (SQLite ignores
   * that inside a transaction); a table rebuild should use `PRAGMA defer_foreign_keys = ON` instead.
   */
  sql: string;
}
