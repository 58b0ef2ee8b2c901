import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../api/trpc';

export interface RunFlow {
  flowId: string;
  /** Null until loaded (or when the flow could not be read). */
  flowName: string | null;
}

/**
 * The flow of each run, with its name, for inbox rows (prompts name their run only). Runs never
 * change flows, so these are fetched once per run and per flow.
 */
export function useRunFlows(runIds: readonly string[]): ReadonlyMap<string, RunFlow> {
  const trpc = useTRPC();
  const distinct = useMemo(() => [...new Set(runIds)], [runIds]);
  const runs = useQueries({
    queries: distinct.map((id) => ({
      ...trpc.runs.get.queryOptions({ id }),
      staleTime: Infinity,
    })),
  });
  const flowIds = [...new Set(runs.flatMap((run) => (run.data ? [run.data.flowId] : [])))];
  const flows = useQueries({
    queries: flowIds.map((id) => ({ ...trpc.flows.get.queryOptions({ id }), staleTime: 60_000 })),
  });
  const names = new Map<string, string>();
  for (const flow of flows) if (flow.data) names.set(flow.data.flow.id, flow.data.flow.name);
  const result = new Map<string, RunFlow>();
  for (const run of runs) {
    if (!run.data) continue;
    result.set(run.data.id, {
      flowId: run.data.flowId,
      flowName: names.get(run.data.flowId) ?? null,
    });
  }
  return result;
}
