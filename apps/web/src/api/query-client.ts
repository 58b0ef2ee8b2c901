import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import type { SessionStore } from '../session/session-store';
import { isClientError, isUnauthorized } from './errors';

/**
 * The query client: no retries of refusals (4xx), and an UNAUTHORIZED answer anywhere ends the
 * session (the app then shows how to sign in) and drops every cached answer.
 */
export function createQueryClient(session: SessionStore): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error) => signOutOn(error) }),
    mutationCache: new MutationCache({ onError: (error) => signOutOn(error) }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) => !isClientError(error) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
  function signOutOn(error: unknown) {
    if (!isUnauthorized(error)) return;
    session.clear('expired');
    client.clear();
  }
  return client;
}
