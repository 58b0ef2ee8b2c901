import {
  RECENT_RUNS,
  scopeKey,
  type NodeRunRecord,
  type NodeState,
  type NodeView,
  type RunOutcome,
  type Scope,
} from './run-view';

/** A node's view while a batch changes it: the same fields, mutable, with mutable parts. */
export type DraftNode = Omit<
  { -readonly [K in keyof NodeView]: NodeView[K] },
  'inFlight' | 'recent' | 'cases'
> & {
  inFlight: Map<string, { scope: Scope; startedAt: number }>;
  recent: NodeRunRecord[];
  cases: number[];
};

export const blankNode = (id: string): DraftNode => ({
  id,
  state: 'idle',
  firstStartedAt: null,
  lastFinishedAt: null,
  input: undefined,
  output: undefined,
  error: null,
  runs: 0,
  completed: 0,
  failures: 0,
  reused: false,
  inferred: false,
  inFlight: new Map(),
  recent: [],
  progress: null,
  cases: [],
  timeouts: 0,
  topLevel: false,
});

/** A copy of a node's view that a batch may change without touching the original. */
export const draftOf = (node: NodeView): DraftNode => ({
  ...node,
  inFlight: new Map(node.inFlight),
  recent: node.recent.slice(),
  cases: node.cases.slice(),
});

/** What a node shows: waiting on a pause, running, failed once, done, or not run yet. */
export function stateOf(node: DraftNode, waits: boolean): NodeState {
  if (waits) return 'waiting';
  if (node.inFlight.size > 0) return 'running';
  if (node.failures > 0) return 'failed';
  if (node.completed > 0 || node.inferred) return 'done';
  return 'idle';
}

/** Closes the node's run in `scope` (a forEach item, say) and keeps it among the recent ones. */
export function finishRun(
  node: DraftNode,
  run: { scope: Scope; at: number; outcome: RunOutcome },
): void {
  const key = scopeKey(run.scope);
  const open = node.inFlight.get(key);
  node.inFlight.delete(key);
  node.recent.push({
    scope: run.scope,
    startedAt: open?.startedAt ?? null,
    finishedAt: run.at,
    outcome: run.outcome,
  });
  if (node.recent.length > RECENT_RUNS) node.recent.splice(0, node.recent.length - RECENT_RUNS);
  node.lastFinishedAt = run.at;
}

/** The case positions a match's `node.completed` output names (`{ cases: [0, 2] }`). */
export function casesOf(output: unknown): number[] {
  if (typeof output !== 'object' || output === null || !('cases' in output)) return [];
  const { cases } = output;
  return Array.isArray(cases) ? cases.filter((c): c is number => typeof c === 'number') : [];
}
