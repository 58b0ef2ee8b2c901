import type { PausePrompt } from '@triggerflow/blueprint';
import type { ApprovalChange } from '@triggerflow/server';

/** How a prompt stopped waiting (`approvals:changed` `closed`). */
export type ClosedStatus = Extract<ApprovalChange, { type: 'closed' }>['status'];

/** A prompt the signed-in user may decide, as the live feed knows it. */
export interface FeedPrompt {
  prompt: PausePrompt;
  /** Votes cast so far, from the last `voted` change; null when only the snapshot told of it. */
  votes: number | null;
}

export interface ClosedPrompt {
  runId: string;
  interruptId: string;
  status: ClosedStatus;
}

export interface FeedState {
  /** True once a snapshot arrived on the current connection (false again after a drop). */
  synced: boolean;
  /** The prompts the user may decide, oldest first. */
  prompts: readonly FeedPrompt[];
  /** Prompts that closed while the page was open (any prompt, decidable or not), newest first. */
  closed: readonly ClosedPrompt[];
}

export type FeedAction =
  | { type: 'snapshot'; prompts: readonly PausePrompt[] }
  | { type: 'changed'; change: ApprovalChange }
  | { type: 'disconnected' };

/** How many closed prompts are remembered (dialogs ask about the ones they show). */
export const MAX_CLOSED = 200;

export const initialFeedState: FeedState = { synced: false, prompts: [], closed: [] };

/** One key per prompt: a run's interrupt. */
export const promptKey = (runId: string, interruptId: string) => `${runId}\u0000${interruptId}`;
const keyOf = (p: { runId: string; interruptId: string }) => promptKey(p.runId, p.interruptId);

const byAge = (a: FeedPrompt, b: FeedPrompt) =>
  a.prompt.createdAt - b.prompt.createdAt ||
  (a.prompt.runId < b.prompt.runId ? -1 : a.prompt.runId > b.prompt.runId ? 1 : 0) ||
  (a.prompt.interruptId < b.prompt.interruptId ? -1 : 1);

function upsert(state: FeedState, prompt: PausePrompt, votes: number | null): FeedState {
  const key = keyOf(prompt);
  // A change can trail its prompt's `closed` (a vote racing the timeout): closed stays closed.
  if (state.closed.some((c) => keyOf(c) === key)) return state;
  const index = state.prompts.findIndex((p) => keyOf(p.prompt) === key);
  if (index === -1) {
    return { ...state, prompts: [...state.prompts, { prompt, votes }].sort(byAge) };
  }
  const prompts = state.prompts.map((known, at) =>
    at === index ? { prompt, votes: votes ?? known.votes } : known,
  );
  return { ...state, prompts };
}

function close(state: FeedState, closed: ClosedPrompt): FeedState {
  const key = keyOf(closed);
  const prompts = state.prompts.filter((p) => keyOf(p.prompt) !== key);
  const others = state.closed.filter((c) => keyOf(c) !== key);
  return { ...state, prompts, closed: [closed, ...others].slice(0, MAX_CLOSED) };
}

/**
 * The live approvals feed: a snapshot replaces the prompts, `opened`/`voted` upsert one, `closed`
 * removes it (and remembers how it closed). Pure, so every ordering is unit-tested.
 */
export function feedReducer(state: FeedState, action: FeedAction): FeedState {
  switch (action.type) {
    case 'snapshot': {
      const listed = new Set(action.prompts.map(keyOf));
      const counts = new Map(state.prompts.map((p) => [keyOf(p.prompt), p.votes]));
      return {
        synced: true,
        // Vote counts only grow while a prompt waits: a count known before a reconnect stays
        // a true lower bound, better than none.
        prompts: action.prompts
          .map((prompt) => ({ prompt, votes: counts.get(keyOf(prompt)) ?? null }))
          .sort(byAge),
        // The server's snapshot is the truth: a prompt it lists is not closed.
        closed: state.closed.filter((c) => !listed.has(keyOf(c))),
      };
    }
    case 'changed':
      return applyChange(state, action.change);
    case 'disconnected':
      return state.synced ? { ...state, synced: false } : state;
  }
}

function applyChange(state: FeedState, change: ApprovalChange): FeedState {
  switch (change.type) {
    case 'opened':
      return upsert(state, change.prompt, null);
    case 'voted':
      return upsert(state, change.prompt, change.votes);
    case 'closed':
      return close(state, {
        runId: change.runId,
        interruptId: change.interruptId,
        status: change.status,
      });
  }
}

/** How a prompt closed, if the feed saw it close. */
export function closedStatusOf(
  state: FeedState,
  runId: string,
  interruptId: string,
): ClosedStatus | null {
  const key = promptKey(runId, interruptId);
  return state.closed.find((c) => keyOf(c) === key)?.status ?? null;
}
