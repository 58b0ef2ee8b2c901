import type { Vote } from '@triggerflow/blueprint';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { useApprovalsFeed } from './ApprovalsFeedProvider';
import { closedStatusOf, type ClosedStatus } from './feed-state';
import { asPending, type PendingApproval } from './pending';
import { mergeVotes } from './votes';

export type PromptState =
  | { phase: 'loading' }
  | { phase: 'failed'; error: unknown; retry: () => void }
  /** Never seen pending: it closed before the dialog opened (or does not exist). */
  | { phase: 'gone'; status: ClosedStatus | null }
  | {
      phase: 'open' | 'closed';
      entry: PendingApproval;
      votes: Vote[];
      /** How it closed, when the feed saw it (`closed` only). */
      status: ClosedStatus | null;
    };

/**
 * A prompt's row is written just after its `run.paused` event is sent, so a dialog opened at
 * once from a run page may ask a moment too early: it asks again this many times, this often,
 * before saying the prompt is not waiting.
 */
const EARLY_RETRIES = 4;
const EARLY_RETRY_MS = 500;

/**
 * One prompt for a dialog: `approvals.pending({ runId, all: true })` (refetched whenever the
 * feed changes), the live votes merged in, and whether it still waits. A prompt closes when the
 * feed says so, or when a settled fetch no longer lists it; the last seen details stay shown.
 */
export function usePrompt(runId: string, interruptId: string, liveVotes?: readonly Vote[]) {
  const trpc = useTRPC();
  const { state: feed } = useApprovalsFeed();
  const feedStatus = closedStatusOf(feed, runId, interruptId);
  const [lastSeen, setLastSeen] = useState<PendingApproval | undefined>(undefined);
  const [misses, setMisses] = useState({ count: 0, at: 0 });
  const early = lastSeen === undefined && feedStatus === null && misses.count < EARLY_RETRIES;
  const query = useQuery({
    ...trpc.approvals.pending.queryOptions({ runId, all: true }),
    select: asPending,
    refetchInterval: early ? EARLY_RETRY_MS : false,
  });
  const listed = query.data?.find((p) => p.prompt.interruptId === interruptId);
  if (listed !== undefined && listed !== lastSeen) setLastSeen(listed);
  const entry = listed ?? lastSeen;
  const settled = query.isSuccess && !query.isFetching;
  if (settled && entry === undefined && query.dataUpdatedAt !== misses.at) {
    setMisses({ count: misses.count + 1, at: query.dataUpdatedAt });
  }
  const votes = useMemo(() => mergeVotes(entry?.votes ?? [], liveVotes), [entry, liveVotes]);

  let state: PromptState;
  if (entry === undefined) {
    if (feedStatus !== null) state = { phase: 'gone', status: feedStatus };
    else if (query.isError) {
      state = { phase: 'failed', error: query.error, retry: () => void query.refetch() };
    } else if (settled && !early) state = { phase: 'gone', status: null };
    else state = { phase: 'loading' };
  } else {
    const closed = feedStatus !== null || (settled && listed === undefined);
    state = { phase: closed ? 'closed' : 'open', entry, votes, status: feedStatus };
  }
  return state;
}
