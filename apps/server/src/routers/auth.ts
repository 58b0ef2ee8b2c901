import { z } from 'zod';
import { SESSION_TTL_MS } from '../auth/auth-service';
import { clearedSessionCookie, csrfTokenFor, sessionCookie } from '../auth/session-cookie';
import { authedProcedure, publicProcedure, router } from '../trpc/trpc';
import { id, label } from './inputs';

const DAY = 86_400_000;

export const authRouter = router({
  /** Trades a one-time sign-in token (from a sign-in URL) for a session token; one use only. */
  signIn: publicProcedure
    .input(z.object({ token: z.string().trim().min(1, 'must not be empty').max(200) }))
    .mutation(async ({ ctx, input }) => {
      const { secret, token, user } = await ctx.auth.signIn(input.token);
      ctx.logger.info({ userId: user.id, tokenId: token.id }, 'signed in');
      return { token: secret, expiresAt: token.expiresAt, user };
    }),

  /**
   * The browser's sign-in: the same trade, but the session's secret goes into an HttpOnly,
   * SameSite=Strict cookie (out of any script's reach) and only its CSRF token comes back, to send
   * as `X-CSRF-Token` with every request (and as `auth: { csrf }` on the socket).
   */
  signInWithCookie: publicProcedure
    .input(z.object({ token: z.string().trim().min(1, 'must not be empty').max(200) }))
    .mutation(async ({ ctx, input }) => {
      const { secret, token, user } = await ctx.auth.signIn(input.token);
      ctx.setCookie(sessionCookie(secret, SESSION_TTL_MS, { secure: ctx.https }));
      ctx.logger.info({ userId: user.id, tokenId: token.id }, 'signed in (cookie session)');
      return { csrfToken: csrfTokenFor(secret), expiresAt: token.expiresAt, user };
    }),

  me: authedProcedure.query(({ ctx }) => ({
    user: ctx.principal.user,
    token: ctx.principal.token,
  })),

  /** A token for scripts, shown once; it has the roles of its user. */
  createApiToken: authedProcedure
    .input(z.object({ label, expiresInDays: z.number().int().min(1).max(3650).optional() }))
    .mutation(async ({ ctx, input }) => {
      const ttl = input.expiresInDays === undefined ? undefined : input.expiresInDays * DAY;
      const issued = await ctx.auth.createApiToken(ctx.principal.user.id, input.label, ttl);
      return { token: issued.secret, record: issued.token };
    }),

  /** The caller's own tokens (never their secrets). */
  tokens: authedProcedure.query(({ ctx }) =>
    ctx.storage.tokens.list({ userId: ctx.principal.user.id }),
  ),

  /** Revokes one of the caller's tokens (an admin: anyone's). */
  revoke: authedProcedure
    .input(z.object({ tokenId: id }))
    .mutation(({ ctx, input }) => ctx.auth.revoke(ctx.principal, input.tokenId)),

  /** Revokes the token this request was made with; a cookie session's cookie is cleared too. */
  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.auth.signOut(ctx.principal);
    if (ctx.credential === 'cookie') ctx.setCookie(clearedSessionCookie({ secure: ctx.https }));
    return { signedOut: true as const };
  }),
});
