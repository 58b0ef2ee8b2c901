import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../api/trpc';
import type { NameOf } from './prompt-rights';
import { useMe } from './useMe';

/**
 * Names for user ids: `you` for the signed-in user; other people's names where this user may
 * list users (admins); anyone else stays their id (the API has no name lookup for others).
 */
export function useUserNames(): NameOf {
  const trpc = useTRPC();
  const me = useMe();
  const admin = me?.roles.includes('admin') ?? false;
  const users = useQuery({
    ...trpc.users.list.queryOptions(undefined, { staleTime: 60_000 }),
    enabled: admin,
  });
  const list = users.data;
  return useCallback(
    (userId: string) => {
      if (userId === me?.id) return 'you';
      return list?.find((user) => user.id === userId)?.name ?? userId;
    },
    [me?.id, list],
  );
}
