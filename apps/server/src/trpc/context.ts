import type { NodeCatalog } from '@triggerflow/nodes';
import { TRPCError } from '@trpc/server';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { AuthService, Principal } from '../auth/auth-service';
import type { FlowService } from '../flows/flow-service';
import type { Limits } from '../limits/limits-config';
import { rateMessage, type RateLimiter } from '../limits/rate-limiter';
import { credentialOf, CSRF_HEADER, type Credential } from '../auth/session-cookie';
import type { Logger } from '../logger';
import type { RunService } from '../runs/run-service';
import type { Storage } from '../storage';

/** What every procedure can reach: built once by the composition root (http-server.ts). */
export interface Services {
  storage: Storage;
  catalog: NodeCatalog;
  logger: Logger;
  auth: AuthService;
  flows: FlowService;
  runs: RunService;
  /** Whether steps that ask a model reach one (`MODEL_BASE_URL`), or answer from offline rules. */
  model: 'remote' | 'offline';
  /** Sizes, nesting, batches and rates callers must keep to. */
  limits: Limits;
  /** The URL browsers use, for the sign-in links the API hands out. */
  publicUrl(): string;
  /** Stops runs (they continue from checkpoints later), queue connections and storage. */
  close(): Promise<void>;
}

export interface Context extends Services {
  /** The caller, when the request carried a valid bearer token or session cookie. */
  principal: Principal | null;
  /** What the request presented (to word the UNAUTHORIZED / FORBIDDEN error). */
  credential: Credential['via'];
  /** Adds a `Set-Cookie` to the answer (the browser's session: see auth/session-cookie.ts). */
  setCookie(cookie: string): void;
  /** Whether the browser reaches the server over https (cookies are then `Secure`). */
  https: boolean;
}

/**
 * Reads the caller once per HTTP request (a batch shares it): `Authorization: Bearer <token>`, or
 * the session cookie with its `X-CSRF-Token` header. Takes the request's calls from the caller's
 * rate limit: its token's, or its address's without a valid one. Past the limit the whole request
 * is a TOO_MANY_REQUESTS (429) with `Retry-After`.
 */
export function contextFactory(services: Services, rate?: RateLimiter) {
  return async ({
    req,
    res,
    info,
  }: Pick<CreateHTTPContextOptions, 'req' | 'res' | 'info'>): Promise<Context> => {
    const credential = credentialOf(req.headers, req.headers[CSRF_HEADER]);
    const principal =
      'secret' in credential ? await services.auth.authenticate(credential.secret) : undefined;
    if (rate) {
      const key = principal ? `token:${principal.token.id}` : `address:${req.socket.remoteAddress}`;
      const taken = rate.take(key, Math.max(1, info.calls.length));
      if (!taken.ok) {
        res.setHeader('retry-after', String(Math.ceil(taken.retryAfterMs / 1000)));
        const who = principal ? 'one token' : 'one address without a token';
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: rateMessage(
            `${who} (RATE_LIMIT_PER_SECOND, RATE_LIMIT_BURST)`,
            rate.limit,
            taken.retryAfterMs,
          ),
        });
      }
    }
    const cookies: string[] = [];
    return {
      ...services,
      principal: principal ?? null,
      credential: credential.via,
      https: services.publicUrl().startsWith('https:'),
      setCookie(cookie) {
        cookies.push(cookie);
        res.setHeader('set-cookie', cookies);
      },
    };
  };
}

export function signInUrl(services: Pick<Services, 'publicUrl'>, secret: string): string {
  return `${services.publicUrl()}/signin?token=${encodeURIComponent(secret)}`;
}
