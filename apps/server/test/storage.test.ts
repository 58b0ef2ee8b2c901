import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StorageError, openDatabase, openStorage, type Storage } from '../src';
import { steppingClock } from './fixtures';
import { approvalsAndTimersSuite } from './suites/approvals-and-timers';
import type { SuiteContext } from './suites/context';
import { flowsSuite } from './suites/flows';
import { integritySuite } from './suites/integrity';
import { executionsSuite } from './suites/executions';
import { leasesSuite } from './suites/leases';
import { runsSuite } from './suites/runs';
import { usersAndTokensSuite } from './suites/users-and-tokens';
import { postgresTarget, sqliteTarget, type Target } from './targets';

const targets = { sqlite: sqliteTarget, postgres: postgresTarget };

// The same suites, on a real SQLite file and on the machine's PostgreSQL.
describe.each(['sqlite', 'postgres'] as const)('storage on %s', (dialect) => {
  let target: Target | undefined;
  let shared: Storage | undefined;
  const opened: Storage[] = [];

  const ctx: SuiteContext = {
    dialect,
    clock: steppingClock(),
    storage() {
      if (!shared) throw new Error('the suite has no storage');
      return shared;
    },
    async newUrl() {
      if (!target) throw new Error('the suite has no database');
      return target.newUrl();
    },
    async fresh() {
      return ctx.track(await openStorage({ url: await ctx.newUrl(), now: ctx.clock.now }));
    },
    track(storage) {
      opened.push(storage);
      return storage;
    },
  };

  // A database that does not answer fails every test of the suite (a failing beforeAll would
  // only mark them skipped): PostgreSQL is part of the machine, `.ci/run` starts it when down.
  let setupError: Error | undefined;
  beforeAll(async () => {
    try {
      target = await targets[dialect]();
      shared = await ctx.fresh();
    } catch (error) {
      setupError = error instanceof Error ? error : new Error('set-up failed', { cause: error });
    }
  });
  beforeEach(() => {
    if (setupError !== undefined) throw setupError;
  });
  afterAll(async () => {
    for (const storage of opened) await storage.close();
    await target?.cleanup();
  });

  it('opens the dialect it was asked for', () => {
    expect(ctx.storage().dialect).toBe(dialect);
  });

  integritySuite(ctx);
  flowsSuite(ctx);
  usersAndTokensSuite(ctx);
  runsSuite(ctx);
  approvalsAndTimersSuite(ctx);
  leasesSuite(ctx);
  executionsSuite(ctx);
});

describe('openDatabase', () => {
  it('refuses a URL of another kind, without echoing a password', () => {
    expect(() => openDatabase({ url: 'mysql://root:secret@db/x' })).toThrow(StorageError);
    expect(() => openDatabase({ url: 'mysql://root:secret@db/x' })).toThrow(
      'database URL "mysql://root:***@db/x" is neither sqlite:<path> nor postgres://…',
    );
  });

  it('creates the SQLite folder and turns on WAL and foreign keys', async () => {
    const target = await sqliteTarget();
    const { db, close } = openDatabase({ url: await target.newUrl() });
    try {
      const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
      const keys = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db);
      const busy = await sql<{ timeout: number }>`pragma busy_timeout`.execute(db);
      expect([
        mode.rows[0]?.journal_mode,
        keys.rows[0]?.foreign_keys,
        busy.rows[0]?.timeout,
      ]).toEqual(['wal', 1, 5000]);
    } finally {
      await close();
      await target.cleanup();
    }
  });
});
