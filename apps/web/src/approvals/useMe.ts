import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';

/** The signed-in user (`auth.me`, shared with the user menu's query), once loaded. */
export function useMe() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return me.data?.user;
}
