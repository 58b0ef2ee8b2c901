import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import { pino } from 'pino';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createServer, loadConfig, type AppRouter, type Role, type RunningServer } from '../src';
import { sqliteTarget } from './targets';

export type Client = ReturnType<typeof apiClient>;

/** The real tRPC client, batching, with `Authorization: Bearer <token>` when given one. */
export function apiClient(baseUrl: string, token?: string) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/trpc`,
        // The server's MAX_BATCH_CALLS default: more calls in one tick go in several requests.
        maxItems: 100,
        headers: () => (token === undefined ? {} : { authorization: `Bearer ${token}` }),
      }),
    ],
  });
}

export interface Api {
  server: RunningServer;
  /** The first admin's session (signed in through the bootstrap sign-in token). */
  admin: Client;
  adminToken: string;
  anonymous: Client;
  client(token?: string): Client;
  /** A new user with `roles`, signed in: their client and session token. */
  userWith(roles: Role[], name?: string): Promise<{ client: Client; token: string; id: string }>;
  close(): Promise<void>;
}

export const silentLogger = () => pino({ level: 'silent' });

export interface StartApiOptions {
  /** The database; default: a temp SQLite file. */
  url?: string;
  /** More settings (`RATE_LIMIT_PER_SECOND`, `WEB_DIST`, …), as the environment would give them. */
  env?: Record<string, string>;
}

/**
 * A real server on port 0 against a fresh database. It serves no web studio (`WEB_DIST` is a
 * folder without a build) unless `env.WEB_DIST` says otherwise, so what the API answers does not
 * depend on whether `apps/web` was built in this checkout.
 */
export async function startApi(options: StartApiOptions | string = {}): Promise<Api> {
  const { url: given, env = {} } = typeof options === 'string' ? { url: options } : options;
  const target = await sqliteTarget();
  const url = given ?? (await target.newUrl());
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: url,
    LOG_LEVEL: 'silent',
    WEB_DIST: join(target.dir, 'no-web-build'),
    ...env,
  });
  const server = await createServer({ config, logger: silentLogger() });
  const client = (token?: string) => apiClient(server.url, token);
  const anonymous = client();
  if (server.signIn === undefined) throw new Error('a fresh database must print a sign-in URL');
  const session = await anonymous.auth.signIn.mutate({ token: server.signIn.token });
  const admin = client(session.token);
  let count = 0;
  return {
    server,
    admin,
    adminToken: session.token,
    anonymous,
    client,
    async userWith(roles, name = `${roles.join('+')}-${++count}`) {
      const created = await admin.users.create.mutate({ name, roles });
      const token = new URL(created.signInUrl).searchParams.get('token') ?? '';
      const signedIn = await anonymous.auth.signIn.mutate({ token });
      return { client: client(signedIn.token), token: signedIn.token, id: created.user.id };
    },
    async close() {
      await server.close();
      await target.cleanup();
    },
  };
}

/** The TRPCClientError `promise` rejects with, checked for `code`. */
export async function expectApiError(promise: Promise<unknown>, code: string, text?: string) {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TRPCClientError);
  const clientError = error as TRPCClientError<AppRouter>;
  expect(clientError.data?.code).toBe(code);
  if (text !== undefined) expect(clientError.message).toContain(text);
  return clientError;
}

/** A blueprint with no issues against the built-in catalog: start → transform → end. */
export function cleanBlueprint(name = 'Doubler', expression = 'input * 2') {
  return {
    schema: 'triggerflow.blueprint/v1' as const,
    name,
    nodes: [
      { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
      {
        id: 'double',
        kind: 'chunk' as const,
        position: { x: 200, y: 0 },
        handler: { ref: 'transform', config: { expression } },
      },
      { id: 'end', kind: 'end' as const, position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'double' },
      { id: 'e2', source: 'double', target: 'end' },
    ],
  };
}
