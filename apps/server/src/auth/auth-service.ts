import { ApiError } from '../errors';
import type { Role, Storage, TokenKind, TokenRecord, UserRecord } from '../storage';
import { hasRole } from './roles';
import { hashSecret, newSecret } from './secrets';

const HOUR = 3_600_000;
/** How long a one-time sign-in link stays valid. */
export const SIGN_IN_TTL_MS = 24 * HOUR;
/** How long a session lasts after signing in. */
export const SESSION_TTL_MS = 30 * 24 * HOUR;

/** The caller of a request: the user and the token they presented. */
export interface Principal {
  user: UserRecord;
  token: TokenRecord;
}

/** A token as handed out: the secret (shown once, never stored) and its record. */
export interface IssuedToken {
  secret: string;
  token: TokenRecord;
}

export interface AuthServiceOptions {
  storage: Storage;
  now?: () => number;
}

/** Users, tokens and sign-in. Throws `ApiError`s and `StorageError`s for the API to map. */
export function createAuthService({ storage, now = () => Date.now() }: AuthServiceOptions) {
  const revokedListeners = new Set<(tokenId: string) => void>();
  const revoked = async (tokenId: string): Promise<TokenRecord> => {
    const record = await storage.tokens.revoke(tokenId);
    for (const listener of revokedListeners) listener(tokenId);
    return record;
  };

  async function issue(
    repos: Pick<Storage, 'tokens'>,
    input: { userId: string; kind: TokenKind; label?: string; ttlMs?: number },
  ): Promise<IssuedToken> {
    const secret = newSecret();
    const token = await repos.tokens.create({
      userId: input.userId,
      kind: input.kind,
      hash: hashSecret(secret),
      label: input.label ?? null,
      expiresAt: input.ttlMs === undefined ? null : now() + input.ttlMs,
    });
    return { secret, token };
  }

  return {
    /** The principal a bearer secret stands for; sign-in tokens are not bearer tokens. */
    async authenticate(secret: string): Promise<Principal | undefined> {
      const found = await storage.tokens.findActiveByHash(hashSecret(secret));
      if (found === undefined || found.token.kind === 'signin') return undefined;
      return found;
    },

    /** Trades a one-time sign-in token for a session; the second attempt is refused. */
    async signIn(secret: string): Promise<IssuedToken & { user: UserRecord }> {
      return storage.transaction(async (tx) => {
        const found = await tx.tokens.findActiveByHash(hashSecret(secret));
        if (found === undefined || found.token.kind !== 'signin') {
          throw new ApiError('UNAUTHORIZED', 'sign-in token is unknown, expired or already used', [
            'token',
          ]);
        }
        if (!(await tx.tokens.markUsed(found.token.id))) {
          throw new ApiError('UNAUTHORIZED', 'sign-in token was already used', ['token']);
        }
        const session = await issue(tx, {
          userId: found.user.id,
          kind: 'session',
          ttlMs: SESSION_TTL_MS,
        });
        return { ...session, user: found.user };
      });
    },

    /** A new one-time sign-in token for `userId`. */
    issueSignIn(userId: string): Promise<IssuedToken> {
      return issue(storage, { userId, kind: 'signin', ttlMs: SIGN_IN_TTL_MS });
    },

    createApiToken(userId: string, label: string, ttlMs?: number): Promise<IssuedToken> {
      return issue(storage, { userId, kind: 'api', label, ttlMs });
    },

    /** The caller's own tokens, or anyone's for an admin. */
    async revoke(caller: Principal, tokenId: string): Promise<TokenRecord> {
      const own = await storage.tokens.list({ userId: caller.user.id });
      if (!own.some((t) => t.id === tokenId) && !hasRole(caller.user.roles, 'admin')) {
        throw new ApiError('FORBIDDEN', `token "${tokenId}" is not yours to revoke`, ['tokenId']);
      }
      return revoked(tokenId);
    },

    /** Ends the caller's session (or API token): it is revoked. */
    async signOut(caller: Principal): Promise<TokenRecord> {
      return revoked(caller.token.id);
    },

    /**
     * Calls `listener` with the id of every token revoked through this service (at once, in this
     * process; other processes learn it from storage: see `storage.tokens.revokedSince`).
     */
    onRevoked(listener: (tokenId: string) => void): () => void {
      revokedListeners.add(listener);
      return () => revokedListeners.delete(listener);
    },

    /** Refuses to take `admin` away from the last admin (nobody could manage users any more). */
    async setRoles(userId: string, roles: Role[]): Promise<UserRecord> {
      return storage.transaction(async (tx) => {
        const user = await tx.users.get(userId);
        if (user.roles.includes('admin') && !roles.includes('admin')) {
          const admins = (await tx.users.list()).filter((u) => u.roles.includes('admin'));
          if (admins.length <= 1) {
            throw new ApiError(
              'CONFLICT',
              `${user.name} is the last admin: make someone else an admin first, or nobody could manage users`,
              ['roles'],
            );
          }
        }
        return tx.users.setRoles(userId, roles);
      });
    },

    /**
     * First start: with no users, creates the admin. Until anyone has signed in, every start
     * replaces the admin's unused sign-in tokens with a fresh one (so a lost link is not a
     * lock-out). Returns that token, or `undefined` once someone has signed in.
     */
    async bootstrap(): Promise<(IssuedToken & { user: UserRecord }) | undefined> {
      const users = await storage.users.list();
      const admin =
        users.find((u) => u.roles.includes('admin')) ??
        (users.length === 0
          ? await storage.users.create({ name: 'admin', roles: ['admin'] })
          : undefined);
      if (admin === undefined) return undefined;
      const tokens = await storage.tokens.list();
      if (tokens.some((t) => t.kind !== 'signin' || t.usedAt !== null)) return undefined;
      for (const t of tokens) if (t.userId === admin.id) await storage.tokens.revoke(t.id);
      return {
        ...(await issue(storage, { userId: admin.id, kind: 'signin', ttlMs: SIGN_IN_TTL_MS })),
        user: admin,
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
