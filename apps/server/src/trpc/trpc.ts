import { initTRPC, TRPCError } from '@trpc/server';
import { hasRole } from '../auth/roles';
import { ApiError } from '../errors';
import { jsonProblems } from '../limits/json-guard';
import type { Role } from '../storage';
import type { Context } from './context';
import { INTERNAL_MESSAGE, issuesOf, toTRPCError, type ApiIssue } from './errors';

const t = initTRPC.context<Context>().create({
  isDev: false,
  /** `data` is `{ code, httpStatus, path, issues? }`; internal messages never leave the server. */
  errorFormatter({ shape, error, path }) {
    const internal = error.code === 'INTERNAL_SERVER_ERROR';
    const issues: ApiIssue[] | undefined = internal ? undefined : issuesOf(error.cause);
    return {
      ...shape,
      message: internal ? INTERNAL_MESSAGE : messageOf(error.code, shape.message),
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: path ?? null,
        ...(issues !== undefined && { issues }),
      },
    };
  },
});

/** tRPC's own refusals say only their code; these say what to change. */
function messageOf(code: TRPCError['code'], message: string): string {
  if (code === 'PAYLOAD_TOO_LARGE' && message === code) {
    return 'the request body is over the server’s limit (MAX_BODY_BYTES)';
  }
  return message;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Runs the procedure and sends whatever it throws (input errors too) through `toTRPCError`. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

/**
 * Refuses, before the input schema reads it, an input nested past `limits.maxJsonDepth`, holding a
 * number JSON cannot (Infinity from `1e999`) or a U+0000 character: a 400 naming each path.
 */
const guardInput = t.middleware(async ({ ctx, getRawInput, next }) => {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch {
    // Not JSON: the input schema says so, and a procedure without one never reads it.
    return next();
  }
  const problems = jsonProblems(raw, { maxDepth: ctx.limits.maxJsonDepth });
  if (problems.length > 0) {
    const message = problems.map((p) => p.message).join('; ');
    throw new ApiError('BAD_REQUEST', message, [], problems);
  }
  return next();
});

/** Anyone, signed in or not. */
export const publicProcedure = t.procedure.use(mapErrors).use(guardInput);

/**
 * A valid bearer token (session or API), or the session cookie with its CSRF token;
 * `ctx.principal` is set.
 */
export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (ctx.principal === null) {
    if (ctx.credential === 'cookie-without-csrf') {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message:
          'a request signed in by the session cookie must carry its X-CSRF-Token header (auth.signInWithCookie gave it)',
      });
    }
    const message =
      ctx.credential === 'bearer'
        ? 'the bearer token is unknown, expired or revoked'
        : ctx.credential === 'cookie'
          ? 'the session is unknown, expired or revoked: sign in again'
          : 'sign in: send Authorization: Bearer <token>';
    throw new TRPCError({ code: 'UNAUTHORIZED', message });
  }
  return next({ ctx: { principal: ctx.principal } });
});

/** A signed-in user holding `role` or a role that includes it (see auth/roles.ts). */
export function requireRole(role: Role) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.principal.user.roles, role)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `this needs the ${role} role; ${ctx.principal.user.name} has ${ctx.principal.user.roles.join(', ')}`,
      });
    }
    return next();
  });
}
