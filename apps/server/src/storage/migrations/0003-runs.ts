import { sql } from 'kysely';
import type { MigrationFactory, SchemaDb } from './column-types';

const STATUSES = sql`status in ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled')`;

export const runs: MigrationFactory = ({ json }) => ({
  async up(db: SchemaDb) {
    await db.schema
      .createTable('runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('flow_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(STATUSES))
      .addColumn('input', json, (c) => c.notNull())
      .addColumn('started_by', 'text', (c) => c.notNull())
      .addColumn('error', json)
      .addColumn('last_seq', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addForeignKeyConstraint('runs_flow_version_fk', ['flow_id', 'version'], 'flow_versions', [
        'flow_id',
        'version',
      ])
      .execute();
    await db.schema
      .createIndex('runs_flow_created')
      .on('runs')
      .columns(['flow_id', 'created_at'])
      .execute();
    await db.schema.createIndex('runs_created').on('runs').columns(['created_at', 'id']).execute();
    await db.schema.createIndex('runs_status').on('runs').column('status').execute();
    await db.schema
      .createTable('run_events')
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('payload', json, (c) => c.notNull())
      .addPrimaryKeyConstraint('run_events_pk', ['run_id', 'seq'])
      .execute();
    await db.schema
      .createTable('checkpoints')
      .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('snapshot', json, (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('checkpoints').execute();
    await db.schema.dropTable('run_events').execute();
    await db.schema.dropTable('runs').execute();
  },
});
