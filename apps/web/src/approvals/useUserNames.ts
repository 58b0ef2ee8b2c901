import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../api/trpc';
import type { NameOf } from './prompt-rights';
import { useMe } from './useMe';

/**
 * Names for user ids: `you` for the signed-in user, everyone else's name from the user
 * directory (their id until it has loaded, or for a user the directory does not know).
 */
export function useUserNames(): NameOf {
  const trpc = useTRPC();
  const me = useMe();
  const users = useQuery(trpc.users.directory.queryOptions(undefined, { staleTime: 60_000 }));
  const list = users.data;
  return useCallback(
    (userId: string) => {
      if (userId === me?.id) return 'you';
      return list?.find((user) => user.id === userId)?.name ?? userId;
    },
    [me?.id, list],
  );
}
