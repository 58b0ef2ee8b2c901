import type { Selectable } from 'kysely';
import { notFound } from './errors';
import { fromJson, toJson } from './json';
import type { UsersTable } from './schema';
import type { StorageContext } from './transaction';

export const ROLES = ['viewer', 'editor', 'approver', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface UserRecord {
  id: string;
  name: string;
  roles: Role[];
  createdAt: number;
}

export interface NewUser {
  name: string;
  roles: Role[];
}

export function toUser(row: Selectable<UsersTable>): UserRecord {
  return {
    id: row.id,
    name: row.name,
    roles: fromJson<Role[]>(row.roles),
    createdAt: row.created_at,
  };
}

export function usersRepository({ db, now, newId }: StorageContext) {
  return {
    async create(input: NewUser): Promise<UserRecord> {
      const row = { id: newId(), name: input.name, roles: toJson(input.roles, 'user roles') };
      const inserted = await db
        .insertInto('users')
        .values({ ...row, created_at: now() })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(inserted);
    },

    async get(id: string): Promise<UserRecord> {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw notFound('user', id);
      return toUser(row);
    },

    async list(): Promise<UserRecord[]> {
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toUser);
    },

    async setRoles(id: string, roles: Role[]): Promise<UserRecord> {
      const row = await db
        .updateTable('users')
        .set({ roles: toJson(roles, 'user roles') })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw notFound('user', id);
      return toUser(row);
    },
  };
}

export type UsersRepository = ReturnType<typeof usersRepository>;
