import { sql } from 'kysely';
import type { MigrationFactory, SchemaDb } from './column-types';

export const approvalsAndTimers: MigrationFactory = ({ json }) => ({
  async up(db: SchemaDb) {
    await db.schema
      .createTable('approvals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('interrupt_id', 'text', (c) => c.notNull())
      .addColumn('node_id', 'text')
      .addColumn('prompt', json, (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('pending', 'decided', 'timedOut', 'cancelled')`),
      )
      .addColumn('deadline_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('decided_at', 'bigint')
      .addUniqueConstraint('approvals_run_interrupt', ['run_id', 'interrupt_id'])
      .execute();
    await db.schema.createIndex('approvals_status').on('approvals').column('status').execute();
    await db.schema
      .createTable('decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('approval_id', 'text', (c) =>
        c.notNull().references('approvals.id').onDelete('cascade'),
      )
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) =>
        c.notNull().check(sql`outcome in ('approved', 'rejected')`),
      )
      .addColumn('response', json, (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('decisions_approval_key', ['approval_id', 'idempotency_key'])
      .execute();
    await db.schema
      .createTable('timers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
      .addColumn('interrupt_id', 'text', (c) => c.notNull())
      .addColumn('fire_at', 'bigint', (c) => c.notNull())
      .addColumn('fired_at', 'bigint')
      .addUniqueConstraint('timers_run_interrupt', ['run_id', 'interrupt_id'])
      .execute();
    await db.schema.createIndex('timers_fire_at').on('timers').column('fire_at').execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('timers').execute();
    await db.schema.dropTable('decisions').execute();
    await db.schema.dropTable('approvals').execute();
  },
});
