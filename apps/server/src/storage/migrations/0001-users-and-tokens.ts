import { sql } from 'kysely';
import type { MigrationFactory, SchemaDb } from './column-types';

export const usersAndTokens: MigrationFactory = ({ json }) => ({
  async up(db: SchemaDb) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('roles', json, (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) =>
        c.notNull().check(sql`kind in ('signin', 'session', 'api')`),
      )
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .addColumn('label', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema.createIndex('tokens_user_id').on('tokens').column('user_id').execute();
  },
  async down(db: SchemaDb) {
    await db.schema.dropTable('tokens').execute();
    await db.schema.dropTable('users').execute();
  },
});
