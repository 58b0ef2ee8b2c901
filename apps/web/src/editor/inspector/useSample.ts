import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../../api/trpc';
import { parseRunEvents } from '../../runs/run-events-io';
import { settingsOf } from '../store/editor-store';
import { useEditor } from '../store/context';
import type { PreviewSample } from './inspector-context';

/**
 * What a node's expressions are previewed on, best first: the input it had in the latest dry
 * run, in the latest real run of the flow, or the flow's sample input (exact for the steps right
 * after Start; said so for the others).
 */
export function useSample(nodeId: string): PreviewSample | null {
  const trpc = useTRPC();
  const flowId = useEditor((s) => s.flowId);
  const dry = useEditor((s) => s.lastDryRun);
  const sampleInput = useEditor((s) => settingsOf(s).meta?.['sampleInput']);
  const afterStart = useEditor((s) => {
    const { nodes, edges } = s.history.present.doc;
    const starts = new Set(nodes.filter((n) => n.data.kind === 'start').map((n) => n.id));
    const into = edges.filter((e) => e.target === nodeId);
    return into.length > 0 && into.every((e) => starts.has(e.source));
  });
  const runs = useQuery({
    ...trpc.runs.list.queryOptions({ flowId, limit: 1 }),
    staleTime: 30_000,
  });
  const lastRun = runs.data?.items[0];
  const events = useQuery({
    ...trpc.runs.events.queryOptions({ id: lastRun?.id ?? '', limit: 1000 }),
    enabled: lastRun !== undefined,
    staleTime: 30_000,
  });
  return useMemo(() => {
    const dryStep = dry?.steps.find((s) => s.type === 'started' && s.nodeId === nodeId);
    if (dry && dryStep) {
      return {
        input: dryStep.value,
        state: dry.final ?? {},
        source: 'the input of the last dry run',
      };
    }
    const log = lastRun && events.data ? readable(events.data, lastRun.id) : [];
    const started = log.find((e) => e.type === 'node.started' && e.payload.nodeId === nodeId);
    if (started && started.type === 'node.started') {
      const done = log.find((e) => e.type === 'run.completed');
      return {
        input: started.payload.input,
        state: done?.type === 'run.completed' ? done.payload.snapshot : {},
        source: 'the input of the last run',
      };
    }
    if (sampleInput !== undefined) {
      return {
        input: sampleInput,
        state: {},
        source: afterStart ? 'the sample input' : 'the sample input (this step may get another)',
      };
    }
    return null;
  }, [dry, nodeId, lastRun, events.data, sampleInput, afterStart]);
}

/** The run's events, or none when the server sent something this page cannot read. */
function readable(raw: unknown, runId: string) {
  try {
    return parseRunEvents(raw, runId, 'runs.events');
  } catch {
    return [];
  }
}
