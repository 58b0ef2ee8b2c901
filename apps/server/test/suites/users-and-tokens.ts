import { describe, expect, it } from 'vitest';
import { expectStorageError } from '../fixtures';
import type { SuiteContext } from './context';

export function usersAndTokensSuite(ctx: SuiteContext): void {
  describe('users and tokens', () => {
    it('finds an active token by hash with its user; expiry, revocation and one-time use end it', async () => {
      const storage = ctx.storage();
      const user = await storage.users.create({ name: 'Grace', roles: ['editor', 'approver'] });
      expect(await storage.users.get(user.id)).toEqual(user);
      expect(await storage.users.setRoles(user.id, ['viewer'])).toMatchObject({
        roles: ['viewer'],
      });
      const api = await storage.tokens.create({
        userId: user.id,
        kind: 'api',
        hash: 'h-api',
        label: 'CI',
      });
      const session = await storage.tokens.create({
        userId: user.id,
        kind: 'session',
        hash: 'h-session',
        expiresAt: ctx.clock.peek() + 1000,
      });
      const signin = await storage.tokens.create({
        userId: user.id,
        kind: 'signin',
        hash: 'h-signin',
      });

      const found = await storage.tokens.findActiveByHash('h-api');
      expect(found).toEqual({ token: api, user: { ...user, roles: ['viewer'] } });
      expect(found?.token).not.toHaveProperty('hash');
      expect(await storage.tokens.findActiveByHash('h-unknown')).toBeUndefined();

      expect(await storage.tokens.markUsed(signin.id)).toBe(true);
      expect(await storage.tokens.markUsed(signin.id)).toBe(false);
      expect(await storage.tokens.findActiveByHash('h-signin')).toBeUndefined();
      expect(await storage.tokens.markUsed(api.id)).toBe(true);
      expect(await storage.tokens.markUsed(api.id)).toBe(true);

      expect((await storage.tokens.findActiveByHash('h-session'))?.token.id).toBe(session.id);
      ctx.clock.advance(2000);
      expect(await storage.tokens.findActiveByHash('h-session')).toBeUndefined();

      const revoked = await storage.tokens.revoke(api.id);
      expect(revoked.revokedAt).toBeGreaterThan(0);
      expect((await storage.tokens.revoke(api.id)).revokedAt).toBe(revoked.revokedAt);
      expect(await storage.tokens.findActiveByHash('h-api')).toBeUndefined();
      expect(await storage.tokens.markUsed(api.id)).toBe(false);

      const listed = await storage.tokens.list({ userId: user.id });
      expect(listed.map((token) => token.kind)).toEqual(['api', 'session', 'signin']);
      expect(listed[2]?.usedAt).toBeGreaterThan(0);
      await expectStorageError(
        storage.tokens.create({ userId: user.id, kind: 'api', hash: 'h-api' }),
        'CONFLICT',
        'same hash',
      );
      await expectStorageError(
        storage.tokens.revoke('no-such-token'),
        'NOT_FOUND',
        'no-such-token',
      );
    });
  });
}
