import type { RunEvent } from '@triggerflow/blueprint';
import { RunDraft } from './run-draft';
import type { RunView } from './run-view';

export * from './run-view';

/** Events are missing between what the view holds and what arrived: fetch `afterSeq`+1 … `nextSeq`-1. */
export interface EventGap {
  /** The view's last seq: fetch the events after it. */
  afterSeq: number;
  /** The first event that arrived after the gap. */
  nextSeq: number;
}

export interface ApplyResult {
  view: RunView;
  /** How many events were applied. */
  applied: number;
  /** Events the view already held (`seq <= lastSeq`): ignored. */
  duplicates: number;
  /** Events of another run: ignored. */
  foreign: number;
  /** Set when an event skipped a seq: nothing from there on was applied. */
  gap: EventGap | null;
  /** The events after the gap, in seq order, to apply once the gap is filled. */
  pending: RunEvent[];
}

const inOrder = (events: readonly RunEvent[]): boolean => {
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as RunEvent).seq < (events[i - 1] as RunEvent).seq) return false;
  }
  return true;
};

/**
 * Folds a batch of a run's events into its view, in seq order: an event the view already holds
 * is a no-op, and an event that skips a seq stops the batch (`gap` says what to fetch; `pending`
 * holds the rest). The view is never changed out of order. One batch copies each changed part
 * once, so applying thousands of events costs about as much as applying them one by one in place.
 */
export function applyEvents(view: RunView, events: readonly RunEvent[]): ApplyResult {
  const sorted = inOrder(events) ? events : [...events].sort((a, b) => a.seq - b.seq);
  const draft = new RunDraft(view);
  let applied = 0;
  let duplicates = 0;
  let foreign = 0;
  let index = 0;
  for (; index < sorted.length; index++) {
    const event = sorted[index] as RunEvent;
    if (event.runId !== view.runId) {
      foreign += 1;
      continue;
    }
    if (event.seq <= draft.lastSeq) {
      duplicates += 1;
      continue;
    }
    if (event.seq > draft.lastSeq + 1) break;
    draft.apply(event);
    applied += 1;
  }
  const rest = sorted.slice(index).filter((event) => event.runId === view.runId);
  foreign += sorted.length - index - rest.length;
  const next = applied === 0 ? view : draft.finish();
  const first = rest[0];
  return {
    view: next,
    applied,
    duplicates,
    foreign,
    gap: first === undefined ? null : { afterSeq: next.lastSeq, nextSeq: first.seq },
    pending: rest,
  };
}
