import type { NodeCatalog } from '@triggerflow/nodes';
import { TRPCError } from '@trpc/server';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { AuthService, Principal } from '../auth/auth-service';
import type { FlowService } from '../flows/flow-service';
import type { Limits } from '../limits/limits-config';
import { rateMessage, type RateLimiter } from '../limits/rate-limiter';
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
  /** Sizes, nesting, batches and rates callers must keep to. */
  limits: Limits;
  /** The URL browsers use, for the sign-in links the API hands out. */
  publicUrl(): string;
  /** Stops runs (they continue from checkpoints later), queue connections and storage. */
  close(): Promise<void>;
}

export interface Context extends Services {
  /** The caller, when the request carried a valid bearer token. */
  principal: Principal | null;
  /** Whether a bearer token was sent at all (to word the UNAUTHORIZED error). */
  sentToken: boolean;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Reads `Authorization: Bearer <token>` once per HTTP request (a batch shares it), and takes the
 * request's calls from the caller's rate limit: its token's, or its address's without a valid
 * one. Past the limit the whole request is a TOO_MANY_REQUESTS (429) with `Retry-After`.
 */
export function contextFactory(services: Services, rate?: RateLimiter) {
  return async ({
    req,
    res,
    info,
  }: Pick<CreateHTTPContextOptions, 'req' | 'res' | 'info'>): Promise<Context> => {
    const header = req.headers.authorization;
    const secret = header === undefined ? undefined : BEARER.exec(header)?.[1];
    const principal = secret === undefined ? undefined : await services.auth.authenticate(secret);
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
    return { ...services, principal: principal ?? null, sentToken: header !== undefined };
  };
}

export function signInUrl(services: Pick<Services, 'publicUrl'>, secret: string): string {
  return `${services.publicUrl()}/signin?token=${encodeURIComponent(secret)}`;
}
