import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../database';

/** The column types that differ between the dialects; everything else is spelled the same. */
export interface ColumnTypes {
  /** `jsonb` on PostgreSQL, `text` on SQLite (a `jsonb` column would get numeric affinity there). */
  json: 'jsonb' | 'text';
}

export function columnTypes(dialect: Dialect): ColumnTypes {
  return { json: dialect === 'postgres' ? 'jsonb' : 'text' };
}

/** Migrations only use the schema builder, which needs no table types. */
export type SchemaDb = Kysely<unknown>;

export type MigrationFactory = (types: ColumnTypes) => Migration;
