import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../api/trpc';

/**
 * Refetches what a change to users makes stale: the admin list, the id → name directory other
 * pages use and, when the signed-in user changed, their own `auth.me` (roles in the top bar).
 */
export function useUserInvalidation(): (options?: { me?: boolean }) => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    async ({ me = false } = {}) => {
      await Promise.all([
        queryClient.invalidateQueries(trpc.users.list.queryFilter()),
        queryClient.invalidateQueries(trpc.users.directory.queryFilter()),
        me ? queryClient.invalidateQueries(trpc.auth.me.queryFilter()) : undefined,
      ]);
    },
    [queryClient, trpc],
  );
}
