import type { MigrationFactory, SchemaDb } from './column-types';

/**
 * Poison runs: `runs.in_flight` counts the processes that began executing a run since it was last
 * at rest (paused with nothing running, or left by a clean stop). A run found open at boot with
 * `in_flight = k` went down with k processes; at the configured limit it is quarantined.
 */
export const runExecutions: MigrationFactory = () => ({
  async up(db: SchemaDb) {
    await db.schema
      .alterTable('runs')
      .addColumn('in_flight', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: SchemaDb) {
    await db.schema.alterTable('runs').dropColumn('in_flight').execute();
  },
});
