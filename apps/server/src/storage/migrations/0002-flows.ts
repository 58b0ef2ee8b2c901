import type { MigrationFactory, SchemaDb } from './column-types';

export const flows: MigrationFactory = ({ json }) => ({
  async up(db: SchemaDb) {
    await db.schema
      .createTable('flows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('latest_version', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('deleted_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('flows_updated_at')
      .on('flows')
      .columns(['updated_at', 'id'])
      .execute();
    await db.schema
      .createTable('flow_versions')
      .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('blueprint', json, (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('flow_versions_pk', ['flow_id', 'version'])
      .execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('flow_versions').execute();
    await db.schema.dropTable('flows').execute();
  },
});
