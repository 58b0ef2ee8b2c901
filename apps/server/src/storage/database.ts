import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Pool, types } from 'pg';
import { StorageError } from './errors';
import { startWalCheckpointer } from './wal-checkpointer';
import type { Database } from './schema';

export type Dialect = 'sqlite' | 'postgres';

/** The embedded default: one SQLite file under `./data`, relative to the working directory. */
export const DEFAULT_DATABASE_URL = 'sqlite:./data/studio.db';

export interface OpenDatabaseOptions {
  /** `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…` / `postgresql://…`. */
  url?: string;
  /**
   * Errors of idle PostgreSQL connections (the pool drops such a connection and reconnects), and
   * of SQLite's background WAL checkpoints.
   */
  onPoolError?: (error: Error) => void;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  close: () => Promise<void>;
  /** SQLite only: the connection itself, for the run log's synchronous hot path (run-log.ts). */
  sqlite?: SQLite.Database;
}

const SQLITE_PREFIX = 'sqlite:';

type TypeId = Parameters<typeof types.getTypeParser>[0];

export function openDatabase(options: OpenDatabaseOptions = {}): OpenedDatabase {
  const url = options.url ?? DEFAULT_DATABASE_URL;
  if (url.startsWith(SQLITE_PREFIX)) {
    const path = url.slice(SQLITE_PREFIX.length);
    const { db, sqlite } = openSqlite(path);
    if (path === ':memory:') return { ...wrap(db, 'sqlite'), sqlite };
    const checkpointer = startWalCheckpointer(path, (message) =>
      options.onPoolError?.(new Error(`WAL checkpoint failed: ${message}`)),
    );
    return {
      db,
      dialect: 'sqlite',
      sqlite,
      close: async () => {
        await checkpointer.stop();
        await db.destroy();
      },
    };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return wrap(openPostgres(url, options.onPoolError), 'postgres');
  }
  throw new StorageError(
    'INVALID',
    `database URL "${redact(url)}" is neither sqlite:<path> nor postgres://…`,
  );
}

function wrap(db: Kysely<Database>, dialect: Dialect): OpenedDatabase {
  return { db, dialect, close: () => db.destroy() };
}

function openSqlite(path: string): { db: Kysely<Database>; sqlite: SQLite.Database } {
  if (path === '') throw new StorageError('INVALID', 'sqlite: URL without a file path');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const database = new SQLite(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Checkpoints run in a worker thread (wal-checkpointer.ts), not on this connection's commits.
  if (path !== ':memory:') database.pragma('wal_autocheckpoint = 0');
  // Kysely serialises everything, transactions included, over this one connection.
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  return { db, sqlite: database };
}

const STATEMENT_CACHE = 500;

/**
 * Kysely prepares every query it runs; preparing costs about as much as running a small one.
 * Statements are cached by SQL text (least recently used out), which is safe because Kysely runs
 * one statement at a time on this connection and never iterates two at once.
 */
function withStatementCache(database: SQLite.Database) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(sql: string): SQLite.Statement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql);
      } else {
        statement = database.prepare(sql);
        if (cache.size >= STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}

/** int8 as a JS number (epoch ms fit); json/jsonb as text, parsed by `fromJson` like on SQLite. */
function getTypeParser(id: TypeId, format?: 'text' | 'binary'): unknown {
  if (id === types.builtins.INT8) return (value: string) => Number(value);
  if (id === types.builtins.JSON || id === types.builtins.JSONB) return (value: string) => value;
  return types.getTypeParser(id, format);
}

function openPostgres(url: string, onPoolError?: (error: Error) => void): Kysely<Database> {
  const pool = new Pool({ connectionString: url, types: { getTypeParser } });
  pool.on('error', (error) => onPoolError?.(error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}
