import { QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { SessionStore } from '../session/session-store';
import { createQueryClient } from './query-client';
import { createApiClient, TRPCProvider } from './trpc';

/** TanStack Query and the tRPC client, reading the CSRF token from `session` at each request. */
export function ApiProvider({ session, children }: { session: SessionStore; children: ReactNode }) {
  const [queryClient] = useState(() => createQueryClient(session));
  const [trpcClient] = useState(() => createApiClient({ getCsrfToken: () => session.csrfToken() }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
