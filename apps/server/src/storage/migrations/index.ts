import { Migrator, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database';
import type { Database } from '../schema';
import { usersAndTokens } from './0001-users-and-tokens';
import { flows } from './0002-flows';
import { runs } from './0003-runs';
import { approvalsAndTimers } from './0004-approvals-and-timers';
import { runLeases } from './0005-run-leases';
import { runExecutions } from './0006-run-executions';
import { columnTypes } from './column-types';

/** Every migration, in order. Names are stored in `kysely_migration`: never rename one. */
export function migrations(dialect: Dialect): Record<string, Migration> {
  const types = columnTypes(dialect);
  return {
    '0001-users-and-tokens': usersAndTokens(types),
    '0002-flows': flows(types),
    '0003-runs': runs(types),
    '0004-approvals-and-timers': approvalsAndTimers(types),
    '0005-run-leases': runLeases(types),
    '0006-run-executions': runExecutions(types),
  };
}

/**
 * Brings the schema up to date; returns the names of the migrations it ran (none when current).
 * On PostgreSQL the bookkeeping tables go to `current_schema()`, so a database URL whose
 * `search_path` names another schema keeps everything there.
 */
export async function migrateToLatest(db: Kysely<Database>, dialect: Dialect): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(dialect)) },
    migrationTableSchema: dialect === 'postgres' ? await currentSchema(db) : undefined,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) {
    throw error instanceof Error ? error : new Error('migration failed', { cause: error });
  }
  return results.map((result) => result.migrationName);
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check the search_path');
  return schema;
}
