import type { RunRecord, Storage } from '../storage';

/** Default of `QUARANTINE_AFTER_CRASHES`: a run that took its process down this often stops. */
export const DEFAULT_QUARANTINE_AFTER = 2;

/** How many of the run's last events are searched for the steps that were running. */
const SEARCHED_EVENTS = 10_000;

/** Which process kind went down: the embedded server, or a queue worker. */
export type ProcessKind = 'server' | 'worker';

export interface RunningNode {
  id: string;
  label: string | undefined;
}

/**
 * A run that was running each time its process went down, `crashes` times: it is failed with
 * this instead of being restored again (it would take the next process down as well).
 */
export class RunQuarantined extends Error {
  override readonly name = 'RunQuarantined';
  readonly code = 'QUARANTINED';
  /** The first of the nodes that were running (the run page marks it). */
  readonly nodeId: string | undefined;

  constructor(
    readonly crashes: number,
    readonly nodes: readonly RunningNode[],
    where: ProcessKind,
  ) {
    super(quarantineMessage(crashes, nodes, where));
    this.nodeId = nodes[0]?.id;
  }
}

const nodeText = (node: RunningNode) =>
  node.label === undefined || node.label === node.id
    ? `"${node.id}"`
    : `"${node.label}" (${node.id})`;

/**
 * `quarantined: the server stopped 2 times while this run was running node "Prepare" (prepare)`;
 * in queue mode `a worker stopped or stalled 2 times` (a blocked worker loses its job to another).
 */
export function quarantineMessage(
  crashes: number,
  nodes: readonly RunningNode[],
  where: ProcessKind,
): string {
  const who = where === 'server' ? 'the server stopped' : 'a worker stopped or stalled';
  const times = crashes === 1 ? '1 time' : `${crashes} times`;
  const what =
    nodes.length === 0
      ? ''
      : ` node${nodes.length === 1 ? '' : 's'} ${nodes.map(nodeText).join(', ')}`;
  return `quarantined: ${who} ${times} while this run was running${what}`;
}

/**
 * The nodes whose steps had started and not finished when the run's last process went down: the
 * steps (per node and scope) whose last event is `node.started` (a step that ran again after an
 * earlier restore has an older `node.started` of its own: the last event decides), latest first,
 * each node once. A step that took the process down before its `node.started` was committed is
 * not known (suspect runs commit it first: see step-gate.ts).
 */
export async function runningNodes(
  storage: Storage,
  record: RunRecord,
  labels: ReadonlyMap<string, string>,
): Promise<RunningNode[]> {
  const events = await storage.runs.events(record.id, {
    afterSeq: Math.max(0, record.lastSeq - SEARCHED_EVENTS),
    limit: SEARCHED_EVENTS,
  });
  const last = new Map<string, { nodeId: string; seq: number; started: boolean }>();
  for (const event of events) {
    if (!event.type.startsWith('node.') || event.type === 'node.progress') continue;
    const payload = event.payload as { nodeId?: unknown; scope?: unknown };
    if (typeof payload.nodeId !== 'string') continue;
    last.set(`${payload.nodeId}\u0000${JSON.stringify(payload.scope ?? [])}`, {
      nodeId: payload.nodeId,
      seq: event.seq,
      started: event.type === 'node.started',
    });
  }
  const running = [...last.values()].filter((step) => step.started);
  running.sort((a, b) => b.seq - a.seq);
  const ids = [...new Set(running.map((step) => step.nodeId))];
  return ids.map((id) => ({ id, label: labels.get(id) }));
}
