import type { MigrationFactory, SchemaDb } from './column-types';

/** Queue mode: which worker drives a run, until when (see leases-repository.ts). */
export const runLeases: MigrationFactory = () => ({
  async up(db: SchemaDb) {
    await db.schema
      .createTable('run_leases')
      .addColumn('run_id', 'text', (c) => c.primaryKey().references('runs.id').onDelete('cascade'))
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('run_leases').execute();
  },
});
