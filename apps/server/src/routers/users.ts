import { z } from 'zod';
import { signInUrl } from '../trpc/context';
import { requireRole, router } from '../trpc/trpc';
import { id, name, roles } from './inputs';

const admin = requireRole('admin');
const viewer = requireRole('viewer');

export const usersRouter = router({
  list: admin.query(({ ctx }) => ctx.storage.users.list()),

  /** Every user's id and name (no roles): what run pages and approval prompts show for ids. */
  directory: viewer.query(async ({ ctx }) =>
    (await ctx.storage.users.list()).map(({ id, name }) => ({ id, name })),
  ),

  /** Creates the user and a one-time sign-in URL to hand them (valid 24 h). */
  create: admin.input(z.object({ name, roles })).mutation(async ({ ctx, input }) => {
    const user = await ctx.storage.users.create(input);
    const issued = await ctx.auth.issueSignIn(user.id);
    return { user, signInUrl: signInUrl(ctx, issued.secret), expiresAt: issued.token.expiresAt };
  }),

  /** Replaces the user's roles; the last admin keeps `admin`. */
  setRoles: admin
    .input(z.object({ userId: id, roles }))
    .mutation(({ ctx, input }) => ctx.auth.setRoles(input.userId, input.roles)),

  /** A fresh one-time sign-in URL for an existing user (a lost link, a new device). */
  signInLink: admin.input(z.object({ userId: id })).mutation(async ({ ctx, input }) => {
    const user = await ctx.storage.users.get(input.userId);
    const issued = await ctx.auth.issueSignIn(user.id);
    return { user, signInUrl: signInUrl(ctx, issued.secret), expiresAt: issued.token.expiresAt };
  }),
});
