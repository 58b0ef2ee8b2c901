import { createTRPCContext } from '@trpc/tanstack-react-query';
import { createTRPCClient, httpBatchLink, splitLink, type TRPCClient } from '@trpc/client';
import type { AppRouter } from '@triggerflow/server';
import type { inferRouterOutputs } from '@trpc/server';

export type { AppRouter };
export type ApiClient = TRPCClient<AppRouter>;

/** `TRPCProvider` (set up by `ApiProvider`), `useTRPC()` for query/mutation options. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

export interface ApiClientOptions {
  /** The session's CSRF token to send now, or null (signed out: then none is sent). */
  getCsrfToken: () => string | null;
  /** Where the API lives; the page's own origin by default. */
  url?: string;
}

/** Queries whose input can be larger than a URL holds: sent as POST (the server allows it). */
const LARGE_INPUT_QUERIES: ReadonlySet<string> = new Set(['flows.validate']);

/** Calls in one request at most (the server refuses batches past its MAX_BATCH_CALLS, 100). */
const MAX_BATCH_ITEMS = 20;

/**
 * The tRPC client: batched HTTP to `/trpc`. The browser sends the session cookie by itself; each
 * request adds the session's `X-CSRF-Token`, without which the server ignores the cookie.
 * `flows.validate` goes as POST, so a blueprint of any size the API accepts can be checked.
 */
export function createApiClient({ getCsrfToken, url = '/trpc' }: ApiClientOptions): ApiClient {
  const headers = () => {
    const csrf = getCsrfToken();
    return csrf === null ? {} : { 'X-CSRF-Token': csrf };
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'query' && LARGE_INPUT_QUERIES.has(op.path),
        true: httpBatchLink({ url, headers, methodOverride: 'POST', maxItems: MAX_BATCH_ITEMS }),
        false: httpBatchLink({ url, headers, maxItems: MAX_BATCH_ITEMS }),
      }),
    ],
  });
}

/** What each procedure returns, e.g. `ApiOutputs['flows']['list']`. */
export type ApiOutputs = inferRouterOutputs<AppRouter>;
