import type { Signal } from './signal';

/**
 * Work that was dispatched but has not finished, kept so that a saved execution can be continued
 * after a crash (those steps run again: at-least-once).
 */
export type PendingWork =
  /** A step whose handler started and has not handed its result on yet. */
  | { kind: 'run'; operatorId: string; signal: Signal }
  /** A background dispatch (`emitNowait`) that has not started yet. */
  | { kind: 'dispatch'; signal: Signal }
  /** A fan-out (forEach, batch) that has not launched every branch yet: `next` is the first left. */
  | { kind: 'fanOut'; operatorId: string; signal: Signal; next: number; count: number };

interface Entry {
  work: PendingWork;
  prev: Entry | undefined;
  next: Entry | undefined;
  removed: boolean;
}

/** Unfinished work in start order; a linked list, so adding and removing cost no hashing. */
export class WorkLedger {
  private head: Entry | undefined;
  private tail: Entry | undefined;

  /** Returns the ticket to `remove` (and `get`) it by. */
  add(work: PendingWork): Entry {
    const entry: Entry = { work, prev: this.tail, next: undefined, removed: false };
    if (this.tail) this.tail.next = entry;
    else this.head = entry;
    this.tail = entry;
    return entry;
  }

  /** Idempotent. */
  remove(ticket: Entry): void {
    if (ticket.removed) return;
    ticket.removed = true;
    if (ticket.prev) ticket.prev.next = ticket.next;
    else this.head = ticket.next;
    if (ticket.next) ticket.next.prev = ticket.prev;
    else this.tail = ticket.prev;
    ticket.prev = undefined;
    ticket.next = undefined;
  }

  get(ticket: Entry): PendingWork | undefined {
    return ticket.removed ? undefined : ticket.work;
  }

  list(): PendingWork[] {
    const out: PendingWork[] = [];
    for (let e = this.head; e; e = e.next) out.push({ ...e.work });
    return out;
  }

  clear(): void {
    this.head = undefined;
    this.tail = undefined;
  }
}

export type WorkTicket = Entry;
