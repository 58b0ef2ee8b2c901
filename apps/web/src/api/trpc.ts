import { createTRPCContext } from '@trpc/tanstack-react-query';
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@triggerflow/server';
import type { inferRouterOutputs } from '@trpc/server';

export type { AppRouter };
export type ApiClient = TRPCClient<AppRouter>;

/** `TRPCProvider` (set up by `ApiProvider`), `useTRPC()` for query/mutation options. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export interface ApiClientOptions {
  /** The session token to send now, or null (then no Authorization header is sent). */
  getToken: () => string | null;
  /** Where the API lives; the page's own origin by default. */
  url?: string;
}

/** The tRPC client: batched HTTP to `/trpc`, with `Authorization: Bearer <token>` on each request. */
export function createApiClient({ getToken, url = '/trpc' }: ApiClientOptions): ApiClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url,
        headers() {
          const token = getToken();
          return token === null ? {} : { Authorization: `Bearer ${token}` };
        },
      }),
    ],
  });
}

/** What each procedure returns, e.g. `ApiOutputs['flows']['list']`. */
export type ApiOutputs = inferRouterOutputs<AppRouter>;
