import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../api/trpc';

/**
 * Flow names by id for the runs list (a run names its flow by id only): one `flows.get` per
 * distinct flow, cached a minute. A flow that cannot be read (deleted) keeps its id.
 */
export function useFlowNames(flowIds: readonly string[]): (flowId: string) => string | null {
  const trpc = useTRPC();
  const distinct = useMemo(() => [...new Set(flowIds)].sort(), [flowIds]);
  const flows = useQueries({
    queries: distinct.map((id) => ({ ...trpc.flows.get.queryOptions({ id }), staleTime: 60_000 })),
  });
  const names = new Map<string, string>();
  for (const flow of flows) if (flow.data) names.set(flow.data.flow.id, flow.data.flow.name);
  const key = [...names.entries()].map(([id, name]) => `${id}\u0000${name}`).join('\u0001');
  // `key` stands for the names' content: the function changes only when a name does.
  return useMemo(() => (flowId: string) => names.get(flowId) ?? null, [key]);
}
