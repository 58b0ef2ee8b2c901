import type { RunEvent } from '@triggerflow/blueprint';
import { describe, expect, it } from 'vitest';
import { EVENTS_PAGE, MissingEventsError, RunFeed } from './run-feed';
import { EventLog, RUN } from './run-events.test-support';
import { createRunView, type RunView } from './run-state';

/** A run's stored log and a `runs.events` over it that records each call. */
function server(count: number) {
  const log = new EventLog().started(null);
  for (let i = 1; log.events.length < count; i++) log.step(`n${i}`, i);
  const events = log.events.slice(0, count);
  const calls: [number, number][] = [];
  const fetchEvents = (afterSeq: number, limit: number): Promise<RunEvent[]> => {
    calls.push([afterSeq, limit]);
    return Promise.resolve(events.filter((e) => e.seq > afterSeq).slice(0, limit));
  };
  return { events, calls, fetchEvents };
}

function follow(fetchEvents: (afterSeq: number, limit: number) => Promise<RunEvent[]>) {
  const views: RunView[] = [];
  const errors: unknown[] = [];
  const feed = new RunFeed({
    view: createRunView(RUN),
    fetchEvents,
    onView: (view) => views.push(view),
    onError: (error) => errors.push(error),
  });
  return { feed, views, errors };
}

const seqs = (view: RunView) => view.timeline.map((e) => e.seq);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, k) => from + k);

describe('RunFeed', () => {
  it('applies batches in order and publishes each new view', async () => {
    const { events, calls, fetchEvents } = server(9);
    const { feed, views, errors } = follow(fetchEvents);
    await feed.receive(events.slice(0, 4));
    await feed.receive(events.slice(4));
    expect(views.map((v) => v.lastSeq)).toEqual([4, 9]);
    expect(seqs(feed.view)).toEqual(range(1, 9));
    expect([calls, errors]).toEqual([[], []]);
  });

  it('fills a gap from runs.events, a page of 1,000 at a time, before the later events', async () => {
    const { events, calls, fetchEvents } = server(2_600);
    const { feed, errors } = follow(fetchEvents);
    await feed.receive(events.slice(0, 10));
    await feed.receive(events.slice(2_500, 2_510));
    expect(calls).toEqual([
      [10, EVENTS_PAGE],
      [1_010, EVENTS_PAGE],
      [2_010, EVENTS_PAGE],
    ]);
    expect(seqs(feed.view)).toEqual(range(1, 2_510));
    expect(errors).toEqual([]);
  });

  it('ignores what a re-subscription replays', async () => {
    const { events, fetchEvents } = server(8);
    const { feed, views } = follow(fetchEvents);
    await feed.receive(events.slice(0, 6));
    await feed.receive(events.slice(3));
    expect(views.map((v) => v.lastSeq)).toEqual([6, 8]);
    expect(seqs(feed.view)).toEqual(range(1, 8));
  });

  it('applies batches that arrive during a fetch after it, in arrival order', async () => {
    const { events, fetchEvents } = server(12);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { feed, views } = follow(async (afterSeq, limit) => {
      await gate;
      return fetchEvents(afterSeq, limit);
    });
    const first = feed.receive([events[0] as RunEvent, ...events.slice(4, 6)]);
    const second = feed.receive(events.slice(6, 9));
    const third = feed.receive(events.slice(5, 12));
    release();
    await Promise.all([first, second, third]);
    expect(views.map((v) => v.lastSeq)).toEqual([1, 6, 9, 12]);
    expect(seqs(feed.view)).toEqual(range(1, 12));
  });

  it('reports a gap the server cannot fill and goes on with later batches', async () => {
    const { events } = server(10);
    const stored = events.filter((e) => e.seq !== 3);
    const { feed, errors } = follow((afterSeq, limit) =>
      Promise.resolve(stored.filter((e) => e.seq > afterSeq).slice(0, limit)),
    );
    await feed.receive([events[0] as RunEvent, events[1] as RunEvent, events[4] as RunEvent]);
    expect(errors).toEqual([new MissingEventsError(2, 5)]);
    expect(feed.view.lastSeq).toBe(2);
    await feed.receive(events.slice(2));
    expect(seqs(feed.view)).toEqual(range(1, 10));
  });

  it('reports a failing fetch', async () => {
    const { events } = server(5);
    const { feed, errors } = follow(() => Promise.reject(new Error('offline')));
    await feed.receive(events.slice(3));
    expect(errors).toEqual([new Error('offline')]);
    expect(feed.view.lastSeq).toBe(0);
  });

  it('catches up to a seq the server announced, or to the end', async () => {
    const { events, calls, fetchEvents } = server(30);
    const { feed } = follow(fetchEvents);
    await feed.receive(events.slice(0, 5));
    await feed.catchUp(5);
    expect(calls).toEqual([]);
    await feed.catchUp(20);
    expect(feed.view.lastSeq).toBe(20);
    await feed.catchUp();
    expect(seqs(feed.view)).toEqual(range(1, 30));
    expect(calls).toEqual([
      [5, EVENTS_PAGE],
      [20, EVENTS_PAGE],
    ]);
  });

  it('applies nothing once closed', async () => {
    const { events, fetchEvents } = server(5);
    const { feed, views } = follow(fetchEvents);
    feed.close();
    await feed.receive(events);
    expect(views).toEqual([]);
    expect(feed.view.lastSeq).toBe(0);
  });
});
