import type { RunEvent } from '@triggerflow/blueprint';
import { applyEvents, type RunView } from './run-state';

/** `runs.events` allows at most 1,000 events per call. */
export const EVENTS_PAGE = 1000;

export interface RunFeedOptions {
  view: RunView;
  /** `runs.events`: the events with `seq > afterSeq`, in order, at most `limit`. */
  fetchEvents: (afterSeq: number, limit: number) => Promise<RunEvent[]>;
  /** Every new view, after each applied batch. */
  onView: (view: RunView) => void;
  /** A failure while catching up (the feed goes on with the next batch). */
  onError: (error: unknown) => void;
}

/** The server could not fill a gap: its log ends before the events the socket sent. */
export class MissingEventsError extends Error {
  override readonly name = 'MissingEventsError';
  constructor(
    readonly afterSeq: number,
    readonly nextSeq: number,
  ) {
    super(`The server holds no events between ${afterSeq} and ${nextSeq} of this run.`);
  }
}

/**
 * Keeps a run's view exactly in step with its event log: batches from the socket are applied in
 * arrival order on one promise chain, and a batch that skips a seq first has the missing events
 * fetched from `runs.events` (page by page), so the view never holds a gap or a duplicate. No
 * sockets or React here: `useRunFeed` wires it to both.
 */
export class RunFeed {
  private current: RunView;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: RunFeedOptions) {
    this.current = options.view;
  }

  get view(): RunView {
    return this.current;
  }

  /** Applies a batch of this run's events after the ones before it; resolves once applied. */
  receive(events: readonly RunEvent[]): Promise<void> {
    return this.enqueue(() => this.ingest(events));
  }

  /** Fetches whatever the server holds after the view's last seq, up to `lastSeq` (or all). */
  catchUp(lastSeq = Number.POSITIVE_INFINITY): Promise<void> {
    return this.enqueue(async () => {
      if (this.current.lastSeq >= lastSeq) return;
      await this.ingest(await this.fetchRange(this.current.lastSeq, lastSeq));
    });
  }

  /** Stops applying (batches still queued are dropped). */
  close(): void {
    this.closed = true;
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step).catch((error: unknown) => {
      if (!this.closed) this.options.onError(error);
    });
    this.chain = next;
    return next;
  }

  private async ingest(events: readonly RunEvent[]): Promise<void> {
    if (this.closed) return;
    let result = applyEvents(this.current, events);
    this.publish(result.view);
    while (result.gap !== null) {
      const { afterSeq, nextSeq } = result.gap;
      const missing = await this.fetchRange(afterSeq, nextSeq - 1);
      if (this.closed) return;
      result = applyEvents(this.current, [...missing, ...result.pending]);
      this.publish(result.view);
      if (result.gap !== null && result.gap.afterSeq === afterSeq) {
        throw new MissingEventsError(afterSeq, nextSeq);
      }
    }
  }

  /** Events `afterSeq`+1 … `untilSeq` (or all there are), in pages of `EVENTS_PAGE`. */
  private async fetchRange(afterSeq: number, untilSeq: number): Promise<RunEvent[]> {
    const events: RunEvent[] = [];
    let last = afterSeq;
    while (last < untilSeq && !this.closed) {
      const page = await this.options.fetchEvents(last, EVENTS_PAGE);
      for (const event of page) {
        if (event.seq > last && event.seq <= untilSeq) events.push(event);
      }
      const end = page.at(-1)?.seq;
      if (page.length < EVENTS_PAGE || end === undefined || end <= last) break;
      last = end;
    }
    return events;
  }

  private publish(view: RunView): void {
    if (this.closed || view === this.current) return;
    this.current = view;
    this.options.onView(view);
  }
}
