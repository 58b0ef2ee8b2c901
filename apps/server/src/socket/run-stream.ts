import type { RunEvent } from '@triggerflow/blueprint';
import type { RunBus } from '../runs/run-bus';
import type { RunEventRecord, Storage } from '../storage';

/** How many stored events one catch-up read takes. */
export const CATCH_UP_PAGE = 1000;

export interface RunStreamOptions {
  runId: string;
  /** The last seq the client has: the stream starts after it. */
  afterSeq: number;
  storage: Pick<Storage, 'runs'>;
  bus: RunBus;
  send: (event: RunEvent) => void;
  /** A failure while following live events (the stream goes on with the next event). */
  onError: (error: unknown) => void;
}

/** Storage holds what the engine emitted: its records are RunEvents. */
export const toRunEvent = (record: RunEventRecord): RunEvent =>
  ({
    runId: record.runId,
    seq: record.seq,
    at: record.at,
    type: record.type,
    payload: record.payload,
  }) as RunEvent;

/**
 * One client's view of one run: the stored events after `afterSeq`, then the live ones, each
 * sent once, in seq order, with no gap. It listens on the bus before reading storage, so nothing
 * committed meanwhile is missed; every step (the catch-up, each live event) runs on one promise
 * chain, so live events that arrive during a storage read wait for it. A live event with a
 * greater seq than the next one expected (published out of order, or from another process) first
 * has the gap read from storage; one already sent is dropped.
 */
export class RunStream {
  /** Resolves with the last seq sent once the stored events are sent (rejects if storage fails). */
  readonly caughtUp: Promise<number>;
  private lastSent: number;
  private closed = false;
  private chain: Promise<void>;
  private readonly stopListening: () => void;

  constructor(private readonly options: RunStreamOptions) {
    this.lastSent = options.afterSeq;
    this.stopListening = options.bus.onRunEvent(options.runId, (event) => {
      this.chain = this.chain.then(() => this.live(event)).catch(options.onError);
    });
    this.caughtUp = this.readStored(Number.POSITIVE_INFINITY).then(() => this.lastSent);
    this.chain = this.caughtUp.then(
      () => undefined,
      () => undefined, // Reported through `caughtUp`; the owner closes the stream.
    );
  }

  get lastSeq(): number {
    return this.lastSent;
  }

  /** Stops listening and sending; idempotent. */
  close(): void {
    this.closed = true;
    this.stopListening();
  }

  private async live(event: RunEvent): Promise<void> {
    if (this.closed || event.seq <= this.lastSent) return;
    if (event.seq > this.lastSent + 1) await this.readStored(event.seq);
    if (this.closed || event.seq <= this.lastSent) return;
    if (event.seq !== this.lastSent + 1) {
      throw new Error(
        `run "${this.options.runId}": event ${event.seq} was published, but storage holds ` +
          `events up to ${this.lastSent} only`,
      );
    }
    this.sendOne(event);
  }

  /** Sends stored events after `lastSent`, page by page, until storage has no more or `until`. */
  private async readStored(until: number): Promise<void> {
    const { storage, runId } = this.options;
    while (!this.closed && this.lastSent < until) {
      const page = await storage.runs.events(runId, {
        afterSeq: this.lastSent,
        limit: CATCH_UP_PAGE,
      });
      for (const record of page) {
        if (this.closed) return;
        // Stored seqs are gapless; anything else must not reach the client as if it were.
        if (record.seq !== this.lastSent + 1) {
          throw new Error(`run "${runId}": stored event ${record.seq} follows ${this.lastSent}`);
        }
        this.sendOne(toRunEvent(record));
      }
      if (page.length < CATCH_UP_PAGE) return;
    }
  }

  private sendOne(event: RunEvent): void {
    this.lastSent = event.seq;
    this.options.send(event);
  }
}
