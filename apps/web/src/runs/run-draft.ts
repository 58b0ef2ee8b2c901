import type { RunError, RunEvent } from '@triggerflow/blueprint';
import { blankNode, casesOf, draftOf, finishRun, stateOf, type DraftNode } from './node-draft';
import { emitted, firedInto, firedOutOf, type Lookup } from './run-edges';
import { isSilent, type RunGraph } from './run-graph';
import {
  scopeKey,
  type NodeView,
  type PauseView,
  type RunView,
  type Scope,
  type StreamEntry,
} from './run-view';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * One batch of events applied to a view: the parts a batch changes are copied once (the node
 * map, each touched node, the edge set, the pauses), then mutated in place for the rest of the
 * batch; `finish` freezes them into the next view. Callers apply events in seq order only.
 */
export class RunDraft {
  private view: RunView;
  private readonly graph: RunGraph;
  private nodes: Map<string, NodeView> | null = null;
  private readonly touched = new Set<string>();
  private fired: Set<string> | null = null;
  private pauses: Map<string, PauseView> | null = null;
  private waiting: Map<string, string> | null = null;
  private readonly timeline: RunEvent[] = [];
  private readonly streamed: StreamEntry[] = [];

  constructor(view: RunView) {
    this.view = { ...view };
    this.graph = view.graph;
  }

  get lastSeq(): number {
    return this.view.lastSeq;
  }

  finish(): RunView {
    const view = this.view;
    return {
      ...view,
      nodes: this.nodes ?? view.nodes,
      firedEdges: this.fired ?? view.firedEdges,
      pauses: this.pauses ?? view.pauses,
      waiting: this.waiting ?? view.waiting,
      timeline: view.timeline.append(this.timeline),
      stream: view.stream.append(this.streamed),
    };
  }

  apply(event: RunEvent): void {
    this.view.lastSeq = event.seq;
    this.timeline.push(event);
    const { at } = event;
    switch (event.type) {
      case 'run.started':
        this.view.status = 'running';
        this.view.started = event.payload;
        this.view.startedAt = at;
        for (const node of this.graph.nodes.values()) {
          if (node.kind === 'start') this.markInferred(node.id, at);
        }
        return;
      case 'node.started':
        return this.started(event.payload.nodeId, event.payload.scope, event.payload.input, at);
      case 'node.completed': {
        const { nodeId, scope, output, reused } = event.payload;
        return this.completed({ nodeId, scope, output, reused: reused === true, at });
      }
      case 'node.failed':
        return this.failed(event.payload.nodeId, event.payload.scope, event.payload.error, at);
      case 'node.progress': {
        const { nodeId, scope, total, done, running, failed, cap } = event.payload;
        this.node(nodeId).progress = { scope, total, done, running, failed, cap };
        return;
      }
      case 'stream.item':
        this.streamed.push({ seq: event.seq, at, item: event.payload.item });
        return;
      case 'run.paused':
        return this.paused(event.payload.prompt, at);
      case 'approval.voted': {
        const pause = this.pause(event.payload.interruptId);
        if (pause) pause.votes = [...pause.votes, event.payload.vote];
        return;
      }
      case 'run.resumed':
        return this.resumed(event.payload, at);
      case 'run.completed':
        this.view.snapshot = event.payload.snapshot;
        return this.ended('completed', at);
      case 'run.failed':
        this.view.error = event.payload.error;
        return this.ended('failed', at);
      case 'run.cancelled':
        this.view.cancelled = event.payload;
        return this.ended('cancelled', at);
    }
  }

  // Nodes ---------------------------------------------------------------------------------------

  /** The node, copied once per batch, ready to mutate. */
  private node(id: string): DraftNode {
    this.nodes ??= new Map(this.view.nodes);
    const current = this.nodes.get(id);
    if (this.touched.has(id) && current) return current as DraftNode;
    const copy = current ? draftOf(current) : blankNode(id);
    this.nodes.set(id, copy);
    this.touched.add(id);
    return copy;
  }

  /** The node as it stands in this batch (read only). */
  private readonly peek: Lookup = (id) => (this.nodes ?? this.view.nodes).get(id);

  private settle(node: DraftNode): void {
    node.state = stateOf(node, (this.waiting ?? this.view.waiting).has(node.id));
  }

  private started(nodeId: string, scope: Scope, input: unknown, at: number): void {
    this.inferPredecessors(nodeId, at);
    const node = this.node(nodeId);
    node.runs += 1;
    node.input = input;
    node.firstStartedAt ??= at;
    if (scope.length === 0) node.topLevel = true;
    node.inFlight.set(scopeKey(scope), { scope, startedAt: at });
    this.settle(node);
    this.checkIncoming(nodeId);
  }

  private completed(done: {
    nodeId: string;
    scope: Scope;
    output: unknown;
    reused: boolean;
    at: number;
  }): void {
    const node = this.node(done.nodeId);
    node.completed += 1;
    node.output = done.output;
    if (done.reused) node.reused = true;
    if (this.graph.nodes.get(done.nodeId)?.kind === 'match') {
      for (const index of casesOf(done.output)) {
        if (!node.cases.includes(index)) node.cases.push(index);
      }
      node.cases.sort((a, b) => a - b);
    }
    finishRun(node, { scope: done.scope, at: done.at, outcome: done.reused ? 'reused' : 'done' });
    this.settle(node);
    this.checkOutgoing(done.nodeId);
  }

  private failed(nodeId: string, scope: Scope, error: RunError, at: number): void {
    const node = this.node(nodeId);
    node.failures += 1;
    node.error = error;
    finishRun(node, { scope, at, outcome: 'failed' });
    this.settle(node);
  }

  /** A node the engine does not report on is done: it passed something on (or is the start). */
  private markInferred(nodeId: string, at: number): void {
    const node = this.node(nodeId);
    node.inferred = true;
    node.firstStartedAt ??= at;
    node.lastFinishedAt = at;
    this.settle(node);
  }

  /**
   * When a node starts and none of its reporting predecessors passed anything on, its silent
   * predecessors (a join, the end of a match, …) must have: they are done, and so on upstream.
   */
  private inferPredecessors(nodeId: string, at: number): void {
    const stack = [nodeId];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id !== nodeId) this.checkIncoming(id);
      const edges = this.graph.incoming.get(id) ?? [];
      const fedByReporter = edges.some(
        (e) => !isSilent(this.graph, e.source) && emitted(this.graph, this.peek, e),
      );
      if (fedByReporter) continue;
      for (const edge of edges) {
        const source = edge.source;
        if (!isSilent(this.graph, source) || seen.has(source)) continue;
        seen.add(source);
        if (this.peek(source)?.state !== 'done') this.markInferred(source, at);
        stack.push(source);
      }
    }
  }

  // Edges ---------------------------------------------------------------------------------------

  private fire(edgeIds: readonly string[]): void {
    for (const edgeId of edgeIds) {
      if ((this.fired ?? this.view.firedEdges).has(edgeId)) continue;
      this.fired ??= new Set(this.view.firedEdges);
      this.fired.add(edgeId);
    }
  }

  private checkIncoming(nodeId: string): void {
    this.fire(firedInto(this.graph, this.peek, nodeId));
  }

  private checkOutgoing(nodeId: string): void {
    this.fire(firedOutOf(this.graph, this.peek, nodeId));
  }

  // Pauses and the run's end --------------------------------------------------------------------

  private pause(interruptId: string): Mutable<PauseView> | undefined {
    this.pauses ??= new Map(this.view.pauses);
    const current = this.pauses.get(interruptId);
    if (current === undefined) return undefined;
    const copy = { ...current };
    this.pauses.set(interruptId, copy);
    return copy;
  }

  private paused(prompt: PauseView['prompt'], at: number): void {
    this.pauses ??= new Map(this.view.pauses);
    const earlier = this.pauses.get(prompt.interruptId);
    this.pauses.set(prompt.interruptId, {
      prompt,
      votes: earlier?.votes ?? [],
      status: 'open',
      closedBy: null,
      openedAt: earlier?.openedAt ?? at,
      closedAt: null,
    });
    this.view.status = 'paused';
    if (prompt.nodeId !== null) {
      this.waiting ??= new Map(this.view.waiting);
      this.waiting.set(prompt.nodeId, prompt.interruptId);
      this.settle(this.node(prompt.nodeId));
    }
  }

  private resumed(
    payload: Extract<RunEvent, { type: 'run.resumed' }>['payload'],
    at: number,
  ): void {
    const pause = this.pause(payload.interruptId);
    if (pause) {
      pause.status = payload.how;
      pause.closedBy = payload.how === 'answered' ? payload.actor : null;
      pause.closedAt = at;
    }
    const nodeId = payload.nodeId ?? pause?.prompt.nodeId ?? null;
    if (nodeId !== null) {
      this.waiting ??= new Map(this.view.waiting);
      if (this.waiting.get(nodeId) === payload.interruptId) this.waiting.delete(nodeId);
      const node = this.node(nodeId);
      if (payload.how === 'timedOut') node.timeouts += 1;
      this.settle(node);
    }
    const stillOpen = [...(this.pauses ?? this.view.pauses).values()].some(
      (p) => p.status === 'open',
    );
    this.view.status = stillOpen ? 'paused' : 'running';
  }

  private ended(status: 'completed' | 'failed' | 'cancelled', at: number): void {
    this.view.status = status;
    this.view.endedAt = at;
    for (const [id, pause] of this.pauses ?? this.view.pauses) {
      if (pause.status !== 'open') continue;
      const closed = this.pause(id);
      if (closed) Object.assign(closed, { status: 'cancelled', closedAt: at });
    }
    if ((this.waiting ?? this.view.waiting).size > 0) this.waiting = new Map();
    // Steps still in flight never finished: they stopped with the run.
    const open = [...(this.nodes ?? this.view.nodes).values()].filter((n) => n.inFlight.size > 0);
    for (const { id } of open) {
      const node = this.node(id);
      for (const { scope } of [...node.inFlight.values()]) {
        finishRun(node, { scope, at, outcome: 'interrupted' });
      }
      node.failures += 1;
      node.error ??= {
        name: 'Interrupted',
        message: `${ENDED_TEXT[status]} before this step finished`,
      };
      this.settle(node);
    }
  }
}

const ENDED_TEXT = {
  completed: 'the run ended',
  failed: 'the run failed',
  cancelled: 'the run was cancelled',
} as const;
