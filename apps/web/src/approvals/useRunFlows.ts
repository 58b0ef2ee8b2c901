import { useQueries } from '@tanstack/react-query';
import type { Blueprint } from '@triggerflow/blueprint';
import { useMemo } from 'react';
import { useTRPC } from '../api/trpc';

export interface RunFlow {
  flowId: string;
  /** Null until loaded (or when the flow could not be read). */
  flowName: string | null;
  /** When the run started (ms since the epoch). */
  startedAt: number;
  /** A step of the run's version by its label (its kind's name for an unlabelled step). */
  stepName: (nodeId: string) => string | null;
}

/** What the inbox calls a step: its label, or for an unlabelled step nothing (the title says). */
function stepNames(blueprint: Blueprint | undefined): (nodeId: string) => string | null {
  const labels = new Map(blueprint?.nodes.map((n) => [n.id, n.label ?? null]) ?? []);
  return (nodeId) => labels.get(nodeId) ?? null;
}

/**
 * The flow of each run, with its name and its steps' labels, for inbox rows (prompts name their
 * run and node by id only). Runs never change flows and versions never change, so these are
 * fetched once per run, per flow and per version.
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
  const versionKeys = [
    ...new Set(runs.flatMap((run) => (run.data ? [`${run.data.flowId}@${run.data.version}`] : []))),
  ];
  const versions = useQueries({
    queries: versionKeys.map((key) => {
      const [id = '', version = '1'] = key.split('@');
      return {
        ...trpc.flows.getVersion.queryOptions({ id, version: Number(version) }),
        staleTime: Infinity,
      };
    }),
  });
  const names = new Map<string, string>();
  for (const flow of flows) if (flow.data) names.set(flow.data.flow.id, flow.data.flow.name);
  const blueprints = new Map<string, Blueprint>();
  versions.forEach((v, i) => {
    if (v.data) blueprints.set(versionKeys[i] ?? '', v.data.blueprint as Blueprint);
  });
  const result = new Map<string, RunFlow>();
  for (const run of runs) {
    if (!run.data) continue;
    result.set(run.data.id, {
      flowId: run.data.flowId,
      flowName: names.get(run.data.flowId) ?? null,
      startedAt: run.data.createdAt,
      stepName: stepNames(blueprints.get(`${run.data.flowId}@${run.data.version}`)),
    });
  }
  return result;
}
