import type { PausePrompt, RunEvent } from '@triggerflow/blueprint';

/** A pending prompt opened or closed (decided, timed out, cancelled): for approval inboxes. */
export type ApprovalChange =
  | { type: 'opened'; prompt: PausePrompt }
  | {
      type: 'closed';
      runId: string;
      interruptId: string;
      status: 'decided' | 'timedOut' | 'cancelled';
    }
  /** A vote was recorded on a prompt that stays open (quorum not reached yet). */
  | { type: 'voted'; prompt: PausePrompt; votes: number };

type Listener<T> = (value: T) => void;

/** Where published changes go instead of straight to local listeners (queue mode: Redis). */
export interface BusTransport {
  sendRunEvents(events: readonly RunEvent[]): void;
  sendApprovalChange(change: ApprovalChange): void;
}

/**
 * In-process fan-out of what has been committed to storage: run events (in `seq` order per run)
 * and approval changes. The Socket.IO gateway listens here; in queue mode the bus is fed from
 * Redis, so the gateway does not care which process ran the step.
 */
export class RunBus {
  /** Set in queue mode: publishing sends through it, and it delivers back to every process. */
  transport: BusTransport | undefined;
  private readonly runs = new Map<string, Set<Listener<RunEvent>>>();
  private readonly approvals = new Set<Listener<ApprovalChange>>();
  private readonly everything = new Set<Listener<RunEvent>>();

  /** Events of one run, as they are committed. Returns the unsubscribe function. */
  onRunEvent(runId: string, listener: Listener<RunEvent>): () => void {
    let set = this.runs.get(runId);
    if (!set) this.runs.set(runId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.runs.get(runId) === set) this.runs.delete(runId);
    };
  }

  /** Every run's events (tests, metrics). */
  onAnyRunEvent(listener: Listener<RunEvent>): () => void {
    this.everything.add(listener);
    return () => this.everything.delete(listener);
  }

  onApprovalChange(listener: Listener<ApprovalChange>): () => void {
    this.approvals.add(listener);
    return () => this.approvals.delete(listener);
  }

  publishRunEvents(events: readonly RunEvent[]): void {
    if (events.length === 0) return;
    if (this.transport) this.transport.sendRunEvents(events);
    else this.deliverRunEvents(events);
  }

  publishApprovalChange(change: ApprovalChange): void {
    if (this.transport) this.transport.sendApprovalChange(change);
    else this.deliverApprovalChange(change);
  }

  /** Hands committed events to this process's listeners. */
  deliverRunEvents(events: readonly RunEvent[]): void {
    for (const event of events) {
      const set = this.runs.get(event.runId);
      if (set) for (const listener of [...set]) safely(listener, event);
      for (const listener of this.everything) safely(listener, event);
    }
  }

  deliverApprovalChange(change: ApprovalChange): void {
    for (const listener of [...this.approvals]) safely(listener, change);
  }
}

function safely<T>(listener: Listener<T>, value: T): void {
  try {
    listener(value);
  } catch {
    // A listener's failure is its own (each one logs what it needs); the others still hear.
  }
}
