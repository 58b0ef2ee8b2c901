import type {
  PausePrompt,
  RunError,
  RunEvent,
  RunEventPayload,
  Vote,
} from '@triggerflow/blueprint';
import { AppendLog } from './append-log';
import { EMPTY_GRAPH, type RunGraph } from './run-graph';

/**
 * The run view model: what the run page shows, folded from a run's RunEvents by `applyEvents`
 * (run-state.ts). Every part is immutable; a batch of events yields a new view that shares what
 * did not change (untouched nodes keep their object, so memoised node views do not re-render).
 */

export type RunStatus = 'queued' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type NodeState = 'idle' | 'running' | 'done' | 'failed' | 'waiting' | 'skipped';
export type Scope = readonly (string | number)[];

export const ENDED_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled'];
export const isEnded = (status: RunStatus): boolean => ENDED_STATUSES.includes(status);

/** A fan-out's counts (forEach, batch, hitAll match) as its last `node.progress` gave them. */
export interface FanOutCounts {
  scope: Scope;
  total: number;
  done: number;
  running: number;
  failed: number;
  cap: number | null;
}

export type RunOutcome = 'done' | 'failed' | 'reused' | 'interrupted';

/** One finished run of a node (a forEach body runs once per item, each with its scope). */
export interface NodeRunRecord {
  scope: Scope;
  startedAt: number | null;
  finishedAt: number;
  outcome: RunOutcome;
}

/** How many finished runs a node keeps for the Node tab (the counts cover all of them). */
export const RECENT_RUNS = 20;

export interface NodeView {
  id: string;
  state: NodeState;
  firstStartedAt: number | null;
  lastFinishedAt: number | null;
  /** The input of its latest start (`undefined` before it started). */
  input: unknown;
  /** The output of its latest completion (`undefined` before it completed). */
  output: unknown;
  error: RunError | null;
  /** How many times it started (`node.started`); reused outputs are not runs. */
  runs: number;
  /** Completions, reused ones included. */
  completed: number;
  failures: number;
  /** Its output came from the earlier run (a re-run reused it). */
  reused: boolean;
  /** A kind the engine does not report on: its state was inferred from its neighbours. */
  inferred: boolean;
  /** Runs in flight, by scope key (`JSON.stringify(scope)`). */
  inFlight: ReadonlyMap<string, { scope: Scope; startedAt: number }>;
  /** The last `RECENT_RUNS` finished runs, oldest first. */
  recent: readonly NodeRunRecord[];
  progress: FanOutCounts | null;
  /** A match: the positions of the cases it took (over all its completions), ascending. */
  cases: readonly number[];
  /** A pause: how many times it timed out. */
  timeouts: number;
  /** It started at least once outside any fan-out: a run can be re-run from it. */
  topLevel: boolean;
}

export type PauseStatus = 'open' | 'answered' | 'timedOut' | 'cancelled';

export interface PauseView {
  prompt: PausePrompt;
  votes: readonly Vote[];
  status: PauseStatus;
  /** Who answered (for `answered`), else null. */
  closedBy: string | null;
  openedAt: number;
  closedAt: number | null;
}

export interface StreamEntry {
  seq: number;
  at: number;
  item: unknown;
}

export interface RunView {
  runId: string;
  graph: RunGraph;
  status: RunStatus;
  /** The seq of the last applied event (0 before any). */
  lastSeq: number;
  started: RunEventPayload<'run.started'> | null;
  startedAt: number | null;
  endedAt: number | null;
  /** Nodes with any activity; the others are idle (skipped once the run ended). */
  nodes: ReadonlyMap<string, NodeView>;
  firedEdges: ReadonlySet<string>;
  /** Every pause of the run by interrupt id, in the order they opened. */
  pauses: ReadonlyMap<string, PauseView>;
  /** Node id → the interrupt id of the open pause it waits on. */
  waiting: ReadonlyMap<string, string>;
  timeline: AppendLog<RunEvent>;
  stream: AppendLog<StreamEntry>;
  /** The close snapshot of a completed run. */
  snapshot: Record<string, unknown> | null;
  error: RunError | null;
  cancelled: RunEventPayload<'run.cancelled'> | null;
}

export function createRunView(runId: string, graph: RunGraph = EMPTY_GRAPH): RunView {
  return {
    runId,
    graph,
    status: 'queued',
    lastSeq: 0,
    started: null,
    startedAt: null,
    endedAt: null,
    nodes: new Map(),
    firedEdges: new Set(),
    pauses: new Map(),
    waiting: new Map(),
    timeline: AppendLog.empty(),
    stream: AppendLog.empty(),
    snapshot: null,
    error: null,
    cancelled: null,
  };
}

/** The state a node shows: its own, or idle / skipped when it never did anything. */
export function nodeStateOf(view: Pick<RunView, 'nodes' | 'status'>, nodeId: string): NodeState {
  return view.nodes.get(nodeId)?.state ?? (isEnded(view.status) ? 'skipped' : 'idle');
}

/** The pauses still waiting for an answer, oldest first. */
export function openPauses(view: Pick<RunView, 'pauses'>): PauseView[] {
  return [...view.pauses.values()].filter((pause) => pause.status === 'open');
}

export const scopeKey = (scope: Scope): string => JSON.stringify(scope);
