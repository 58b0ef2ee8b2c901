import type { NodeCatalog } from '@triggerflow/nodes';
import type { CreateHTTPContextOptions } from '@trpc/server/adapters/standalone';
import type { AuthService, Principal } from '../auth/auth-service';
import type { FlowService } from '../flows/flow-service';
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

/** Reads `Authorization: Bearer <token>` once per HTTP request (a batch shares it). */
export function contextFactory(services: Services) {
  return async ({ req }: Pick<CreateHTTPContextOptions, 'req'>): Promise<Context> => {
    const header = req.headers.authorization;
    const secret = header === undefined ? undefined : BEARER.exec(header)?.[1];
    const principal = secret === undefined ? undefined : await services.auth.authenticate(secret);
    return { ...services, principal: principal ?? null, sentToken: header !== undefined };
  };
}

export function signInUrl(services: Pick<Services, 'publicUrl'>, secret: string): string {
  return `${services.publicUrl()}/signin?token=${encodeURIComponent(secret)}`;
}
