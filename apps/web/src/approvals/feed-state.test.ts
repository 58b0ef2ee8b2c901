import { describe, expect, it } from 'vitest';
import {
  closedStatusOf,
  feedReducer,
  initialFeedState,
  MAX_CLOSED,
  type FeedAction,
  type FeedState,
} from './feed-state';
import { promptFixture } from './prompt-fixture.test-support';

const a = promptFixture({ runId: 'r1', interruptId: 'i1', createdAt: 10 });
const b = promptFixture({ runId: 'r2', interruptId: 'i1', createdAt: 20 });
const c = promptFixture({ runId: 'r1', interruptId: 'i2', createdAt: 15 });

const run = (actions: FeedAction[], from: FeedState = initialFeedState) =>
  actions.reduce(feedReducer, from);
const keys = (state: FeedState) =>
  state.prompts.map((p) => `${p.prompt.runId}/${p.prompt.interruptId}`);

describe('feedReducer', () => {
  it('starts unsynced and empty; a snapshot replaces the set, oldest first', () => {
    expect(initialFeedState).toEqual({ synced: false, prompts: [], closed: [] });
    const state = run([{ type: 'snapshot', prompts: [b, a, c] }]);
    expect(state.synced).toBe(true);
    expect(keys(state)).toEqual(['r1/i1', 'r1/i2', 'r2/i1']);
    expect(state.prompts.map((p) => p.votes)).toEqual([null, null, null]);
    const replaced = run([{ type: 'snapshot', prompts: [c] }], state);
    expect(keys(replaced)).toEqual(['r1/i2']);
  });

  it('upserts opened and voted, keeping the order by age', () => {
    const state = run([
      { type: 'snapshot', prompts: [b] },
      { type: 'changed', change: { type: 'opened', prompt: a } },
      { type: 'changed', change: { type: 'voted', prompt: b, votes: 1 } },
      // The feed may repeat what the snapshot holds: an upsert, not a second row.
      { type: 'changed', change: { type: 'opened', prompt: b } },
    ]);
    expect(state.prompts).toEqual([
      { prompt: a, votes: null },
      { prompt: b, votes: 1 },
    ]);
  });

  it('removes a closed prompt and remembers how it closed', () => {
    const state = run([
      { type: 'snapshot', prompts: [a, b] },
      {
        type: 'changed',
        change: { type: 'closed', runId: 'r1', interruptId: 'i1', status: 'timedOut' },
      },
    ]);
    expect(keys(state)).toEqual(['r2/i1']);
    expect(state.closed).toEqual([{ runId: 'r1', interruptId: 'i1', status: 'timedOut' }]);
    expect(closedStatusOf(state, 'r1', 'i1')).toBe('timedOut');
    expect(closedStatusOf(state, 'r2', 'i1')).toBeNull();
  });

  it('records closes of prompts it never held (a watcher’s dialog asks about them)', () => {
    const state = run([
      { type: 'snapshot', prompts: [] },
      {
        type: 'changed',
        change: { type: 'closed', runId: 'rx', interruptId: 'ix', status: 'cancelled' },
      },
    ]);
    expect(state.prompts).toEqual([]);
    expect(closedStatusOf(state, 'rx', 'ix')).toBe('cancelled');
  });

  it('ignores a vote that trails its prompt’s close (a vote racing the timeout)', () => {
    const closedFirst = run([
      { type: 'snapshot', prompts: [a] },
      {
        type: 'changed',
        change: { type: 'closed', runId: 'r1', interruptId: 'i1', status: 'timedOut' },
      },
      { type: 'changed', change: { type: 'voted', prompt: a, votes: 1 } },
      { type: 'changed', change: { type: 'opened', prompt: a } },
    ]);
    expect(closedFirst.prompts).toEqual([]);
  });

  it('trusts a snapshot over an earlier close and keeps known vote counts', () => {
    const state = run([
      { type: 'snapshot', prompts: [a, b] },
      { type: 'changed', change: { type: 'voted', prompt: b, votes: 1 } },
      {
        type: 'changed',
        change: { type: 'closed', runId: 'r1', interruptId: 'i1', status: 'decided' },
      },
      { type: 'disconnected' },
      { type: 'snapshot', prompts: [a, b] },
    ]);
    expect(state.prompts).toEqual([
      { prompt: a, votes: null },
      { prompt: b, votes: 1 },
    ]);
    expect(state.closed).toEqual([]);
  });

  it('marks the feed unsynced on a drop and keeps what it knew', () => {
    const live = run([{ type: 'snapshot', prompts: [a] }]);
    const dropped = run([{ type: 'disconnected' }], live);
    expect(dropped).toEqual({ ...live, synced: false });
    expect(run([{ type: 'disconnected' }])).toBe(initialFeedState);
  });

  it(`remembers the last ${MAX_CLOSED} closes, newest first, once each`, () => {
    const actions: FeedAction[] = Array.from({ length: MAX_CLOSED + 5 }, (_, i) => ({
      type: 'changed',
      change: { type: 'closed', runId: 'r', interruptId: `i${i}`, status: 'decided' },
    }));
    actions.push({
      type: 'changed',
      change: { type: 'closed', runId: 'r', interruptId: `i${MAX_CLOSED + 4}`, status: 'decided' },
    });
    const state = run(actions);
    expect(state.closed).toHaveLength(MAX_CLOSED);
    expect(state.closed[0]?.interruptId).toBe(`i${MAX_CLOSED + 4}`);
    expect(state.closed.at(-1)?.interruptId).toBe('i5');
  });
});
