import type { RunEventPayload } from '@triggerflow/blueprint';
import type { TriggerFlow, TriggerFlowExecution } from '@triggerflow/engine';
import { ApiError } from '../errors';
import type { RunEventRecord, RunRecord, Storage } from '../storage';

type Completed = RunEventPayload<'node.completed'>;

export interface RerunPlan {
  /** Steps of the earlier run that completed before the node started: reported as reused. */
  reused: Completed[];
  /** Starts the new execution at the node, with its recorded input and the earlier state. */
  start(execution: TriggerFlowExecution<false>): Promise<void>;
}

const PAGE = 1000;

async function allEvents(storage: Storage, runId: string): Promise<RunEventRecord[]> {
  const events: RunEventRecord[] = [];
  for (;;) {
    const page = await storage.runs.events(runId, {
      afterSeq: events.at(-1)?.seq ?? 0,
      limit: PAGE,
    });
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

/**
 * What a re-run from `nodeId` reuses from `source`: the input the node got there (its first run
 * outside any fan-out), the outputs of the steps that completed before it, and the state the
 * earlier run last recorded (its close snapshot, else its latest checkpoint).
 */
export async function planRerun(options: {
  storage: Storage;
  source: RunRecord;
  nodeId: string;
  flow: TriggerFlow;
}): Promise<RerunPlan> {
  const { storage, source, nodeId, flow } = options;
  const probe = flow.createExecution({ autoClose: false });
  if (!probe.hasNode(nodeId)) {
    throw new ApiError('BAD_REQUEST', `the flow version to run has no node "${nodeId}"`, [
      'nodeId',
    ]);
  }
  const events = await allEvents(storage, source.id);
  const started = events.find(
    (e) =>
      e.type === 'node.started' &&
      (e.payload as { nodeId: string }).nodeId === nodeId &&
      (e.payload as { scope: unknown[] }).scope.length === 0,
  );
  if (!started) {
    const inside = events.some(
      (e) => e.type === 'node.started' && (e.payload as { nodeId: string }).nodeId === nodeId,
    );
    throw new ApiError(
      'BAD_REQUEST',
      inside
        ? `node "${nodeId}" ran only inside a forEach, batch or match branch of run "${source.id}"; re-run from the group or match node instead`
        : `node "${nodeId}" did not run in run "${source.id}"; pick a node that ran`,
      ['nodeId'],
    );
  }
  const reused = events
    .filter((e) => e.seq < started.seq && e.type === 'node.completed')
    .map((e) => e.payload as Completed)
    .filter((p) => p.scope.length === 0 && !p.reused)
    .map(({ nodeId: id, scope, output }) => ({ nodeId: id, scope, output }));
  const completed = [...events].reverse().find((e) => e.type === 'run.completed');
  let state: Record<string, unknown> | undefined;
  if (completed) state = (completed.payload as RunEventPayload<'run.completed'>).snapshot;
  else state = (await storage.runs.latestCheckpoint(source.id))?.snapshot.state;
  const input = (started.payload as RunEventPayload<'node.started'>).input;
  return {
    reused,
    start: (execution) => execution.startAt(nodeId, input, state ? { state } : {}),
  };
}
