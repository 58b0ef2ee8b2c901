import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTRPC } from '../api/trpc';

/** Marks every page of every flows.list search stale (after a create, duplicate or delete). */
export function useFlowListInvalidation(): () => Promise<void> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useCallback(
    () => queryClient.invalidateQueries(trpc.flows.list.pathFilter()),
    [queryClient, trpc],
  );
}
