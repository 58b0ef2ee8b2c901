import type { InterruptRecord, ResumeTo, TimeoutPolicy } from '@triggerflow/blueprint';

/** What `data.pauseFor` returns: return it from the step (the branch stops here until resumed). */
export class PauseSignal {
  constructor(readonly interrupt: InterruptRecord) {}
}

export interface PauseOptions {
  /** What kind of answer is awaited ('approval', 'input', …); default 'pause'. */
  readonly type?: string;
  readonly payload?: unknown;
  /** 'next' (default): the step's successor gets the answer; 'self': the step runs again; or an event. */
  readonly resumeTo?: ResumeTo;
  readonly interruptId?: string;
  /** How often a 'self' resume may pause again (default 1). */
  readonly maxResumes?: number;
  /**
   * What `execution.expireInterrupt(id)` does (the server calls it when `afterMs` has passed):
   * continue with `value`, take the `PauseTimeout[<step>]` branch, or fail the execution.
   */
  readonly timeout?: TimeoutPolicy;
}

export interface ContinueOptions {
  /** Idempotency key: the same key with an equal value is answered once. */
  readonly resumeRequestId?: string;
  /** Who decided, recorded on the interrupt and in the ledger. */
  readonly actor?: string;
}

export interface LedgerEntry {
  value?: unknown;
  actor: string | null;
  at: number;
}

/** interrupt id → resume request id → what was applied. */
export type ResumeLedger = Record<string, Record<string, LedgerEntry>>;

/** The execution's interrupts, the resume ledger, and an index of waiting resume events. */
export class InterruptBook {
  private readonly records = new Map<string, InterruptRecord>();
  private waitingCount = 0;
  ledger: ResumeLedger = {};
  /** Told about every change except a restore (the execution's observer). */
  onChange: ((record: InterruptRecord, previous: InterruptRecord | undefined) => void) | undefined;

  get hasWaiting(): boolean {
    return this.waitingCount > 0;
  }

  get(id: string): InterruptRecord | undefined {
    return this.records.get(id);
  }

  all(): InterruptRecord[] {
    return [...this.records.values()];
  }

  waiting(): InterruptRecord[] {
    return this.all().filter((r) => r.status === 'waiting');
  }

  /** Adds a new waiting interrupt, or re-arms an existing one (a 'self' resume pausing again). */
  put(record: InterruptRecord): void {
    const previous = this.store(record);
    this.onChange?.(record, previous);
  }

  private store(record: InterruptRecord): InterruptRecord | undefined {
    const previous = this.records.get(record.id);
    if (previous?.status === 'waiting') this.waitingCount -= 1;
    this.records.set(record.id, record);
    if (record.status === 'waiting') this.waitingCount += 1;
    return previous;
  }

  resolve(id: string, update: Partial<InterruptRecord>): InterruptRecord {
    const record = this.records.get(id) as InterruptRecord;
    const next = { ...record, ...update };
    this.put(next);
    return next;
  }

  /** Waiting interrupts whose resume target is `{ event }`. */
  waitingOn(event: string): InterruptRecord[] {
    if (this.waitingCount === 0) return [];
    return this.waiting().filter(
      (r) => typeof r.resumeTo === 'object' && r.resumeTo.event === event,
    );
  }

  record(id: string, requestId: string, entry: LedgerEntry): void {
    (this.ledger[id] ??= {})[requestId] = entry;
  }

  restore(records: readonly InterruptRecord[], ledger: ResumeLedger): void {
    this.records.clear();
    this.waitingCount = 0;
    for (const record of records) this.store(record);
    this.ledger = ledger;
  }
}
