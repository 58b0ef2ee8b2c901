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

export class WorkLedger {
  private seq = 0;
  private readonly entries = new Map<number, PendingWork>();

  add(work: PendingWork): number {
    this.seq += 1;
    this.entries.set(this.seq, work);
    return this.seq;
  }

  remove(ticket: number): void {
    this.entries.delete(ticket);
  }

  get(ticket: number): PendingWork | undefined {
    return this.entries.get(ticket);
  }

  list(): PendingWork[] {
    return [...this.entries.values()].map((w) => ({ ...w }));
  }

  clear(): void {
    this.entries.clear();
  }
}
