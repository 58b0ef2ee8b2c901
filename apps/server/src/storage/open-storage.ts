import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { approvalsRepository } from './approvals-repository';
import { openDatabase, type Dialect, type OpenDatabaseOptions } from './database';
import { flowsRepository } from './flows-repository';
import { leasesRepository } from './leases-repository';
import { migrateToLatest } from './migrations';
import { runsRepository } from './runs-repository';
import type { Database } from './schema';
import { timersRepository } from './timers-repository';
import { tokensRepository } from './tokens-repository';
import type { StorageContext } from './transaction';
import { usersRepository } from './users-repository';

export interface StorageOptions extends OpenDatabaseOptions {
  /** Epoch ms; injected by tests. */
  now?: () => number;
  /** Ids for new rows; injected by tests. */
  newId?: () => string;
}

export interface Repositories {
  flows: ReturnType<typeof flowsRepository>;
  users: ReturnType<typeof usersRepository>;
  tokens: ReturnType<typeof tokensRepository>;
  runs: ReturnType<typeof runsRepository>;
  approvals: ReturnType<typeof approvalsRepository>;
  timers: ReturnType<typeof timersRepository>;
  leases: ReturnType<typeof leasesRepository>;
}

export interface Storage extends Repositories {
  dialect: Dialect;
  /** The Kysely instance, for what no repository covers yet (health checks, tests). */
  db: Kysely<Database>;
  /** Runs `fn` with repositories bound to one transaction: all of it commits, or none. */
  transaction<T>(fn: (tx: Repositories) => Promise<T>): Promise<T>;
  close: () => Promise<void>;
}

function repositories(context: StorageContext): Repositories {
  return {
    flows: flowsRepository(context),
    users: usersRepository(context),
    tokens: tokensRepository(context),
    runs: runsRepository(context),
    approvals: approvalsRepository(context),
    timers: timersRepository(context),
    leases: leasesRepository(context),
  };
}

/** Opens the database at `url` (default `sqlite:./data/studio.db`) and migrates it to the latest schema. */
export async function openStorage(options: StorageOptions = {}): Promise<Storage> {
  const { db, dialect, close, sqlite } = openDatabase(options);
  try {
    await migrateToLatest(db, dialect);
  } catch (error) {
    await close();
    throw error;
  }
  const now = options.now ?? (() => Date.now());
  const newId = options.newId ?? (() => randomUUID());
  const bind = (executor: Kysely<Database>) => repositories({ db: executor, dialect, now, newId });
  return {
    ...repositories({ db, dialect, now, newId, sqlite }),
    dialect,
    db,
    transaction: (fn) => db.transaction().execute((trx) => fn(bind(trx))),
    close,
  };
}
