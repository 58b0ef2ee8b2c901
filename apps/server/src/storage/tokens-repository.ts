import type { Selectable } from 'kysely';
import { mapConstraints, notFound } from './errors';
import type { TokensTable } from './schema';
import type { StorageContext } from './transaction';
import { toUser, type UserRecord } from './users-repository';

export type TokenKind = TokensTable['kind'];

/** A token without its hash: the hash is only ever looked up, never handed out. */
export interface TokenRecord {
  id: string;
  userId: string;
  kind: TokenKind;
  label: string | null;
  createdAt: number;
  expiresAt: number | null;
  usedAt: number | null;
  revokedAt: number | null;
}

export interface NewToken {
  userId: string;
  kind: TokenKind;
  /** The hash of the secret (the secret itself is never stored). */
  hash: string;
  label?: string | null;
  expiresAt?: number | null;
}

function toToken(row: Selectable<TokensTable>): TokenRecord {
  return {
    id: row.id,
    userId: row.user_id,
    kind: row.kind,
    label: row.label,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

export function tokensRepository({ db, now, newId }: StorageContext) {
  return {
    async create(input: NewToken): Promise<TokenRecord> {
      const id = newId();
      const row = await mapConstraints(
        () =>
          db
            .insertInto('tokens')
            .values({
              id,
              user_id: input.userId,
              kind: input.kind,
              hash: input.hash,
              label: input.label ?? null,
              created_at: now(),
              expires_at: input.expiresAt ?? null,
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        {
          unique: () => `token "${id}": another token has the same hash`,
          reference: () => `token "${id}" refers to user "${input.userId}", which does not exist`,
        },
      );
      return toToken(row);
    },

    /**
     * The token with this hash and its user, if it may be used now: not revoked, not expired,
     * and, for a one-time sign-in token, not used yet.
     */
    async findActiveByHash(
      hash: string,
    ): Promise<{ token: TokenRecord; user: UserRecord } | undefined> {
      const at = now();
      const row = await db
        .selectFrom('tokens')
        .innerJoin('users', 'users.id', 'tokens.user_id')
        .selectAll('tokens')
        .select(['users.name', 'users.roles', 'users.created_at as user_created_at'])
        .where('tokens.hash', '=', hash)
        .where('tokens.revoked_at', 'is', null)
        .where((eb) =>
          eb.or([eb('tokens.expires_at', 'is', null), eb('tokens.expires_at', '>', at)]),
        )
        .where((eb) => eb.or([eb('tokens.kind', '<>', 'signin'), eb('tokens.used_at', 'is', null)]))
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const user = toUser({
        id: row.user_id,
        name: row.name,
        roles: row.roles,
        created_at: row.user_created_at,
      });
      return { token: toToken(row), user };
    },

    /**
     * Records a use. A sign-in token can be used once: the second call returns false, also when
     * two arrive together. A revoked token is never marked.
     */
    async markUsed(id: string): Promise<boolean> {
      const result = await db
        .updateTable('tokens')
        .set({ used_at: now() })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .where((eb) => eb.or([eb('kind', '<>', 'signin'), eb('used_at', 'is', null)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async revoke(id: string): Promise<TokenRecord> {
      const row = await db
        .updateTable('tokens')
        .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now())) }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw notFound('token', id);
      return toToken(row);
    },

    /** Ids of the tokens revoked at `at` or later (open connections of theirs must end). */
    async revokedSince(at: number): Promise<string[]> {
      const rows = await db
        .selectFrom('tokens')
        .select('id')
        .where('revoked_at', '>=', at)
        .execute();
      return rows.map((row) => row.id);
    },

    async list(filter: { userId?: string } = {}): Promise<TokenRecord[]> {
      let query = db.selectFrom('tokens').selectAll();
      if (filter.userId !== undefined) query = query.where('user_id', '=', filter.userId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toToken);
    },
  };
}

export type TokensRepository = ReturnType<typeof tokensRepository>;
