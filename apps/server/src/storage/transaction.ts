import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Dialect } from './database';
import type { Database } from './schema';

/** What every repository is built from: the connection (or transaction), the dialect, time and ids. */
export interface StorageContext {
  db: Kysely<Database>;
  dialect: Dialect;
  now: () => number;
  newId: () => string;
  /**
   * SQLite only, outside `storage.transaction`: the raw connection, for hot paths that run
   * synchronously under Kysely's connection lock (see run-log.ts).
   */
  sqlite?: SQLiteConnection | undefined;
}

/**
 * Runs `fn` in a transaction, or inside the caller's when `db` already is one (Kysely has no
 * nested transactions), so a repository method stays atomic when used from `storage.transaction`.
 */
export function inTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export type SQLiteConnection = SQLite.Database;
