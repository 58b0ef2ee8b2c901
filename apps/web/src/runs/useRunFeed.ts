import { useEffect } from 'react';
import type { RunEvent } from '@triggerflow/blueprint';
import { useSocket } from '../api/SocketProvider';
import { describeError } from '../api/errors';
import { useTRPCClient } from '../api/trpc';
import { RunFeed } from './run-feed';
import { parseRunEvents } from './run-events-io';
import { followRun, unfollowRun } from './run-subscriptions';
import type { RunStore } from './run-store';

/**
 * Follows one run on the shared socket: `run:subscribe { runId, afterSeq: lastSeq }` on every
 * (re)connect, this run's `run:events` into a `RunFeed` (which fills any gap from `runs.events`
 * before applying later events), `run:unsubscribe` on unmount (unless the run is followed again
 * at once: see run-subscriptions.ts). The store gets every new view and whether it is live.
 */
export function useRunFeed(runId: string, store: RunStore): void {
  const socket = useSocket();
  const client = useTRPCClient();

  useEffect(() => {
    if (socket === null) return;
    const { actions } = store.getState();
    const fail = (error: unknown) => actions.setFeedError(describeError(error).message);
    const feed = new RunFeed({
      view: store.getState().view,
      fetchEvents: async (afterSeq, limit): Promise<RunEvent[]> =>
        parseRunEvents(
          await client.runs.events.query({ id: runId, afterSeq, limit }),
          runId,
          'runs.events',
        ),
      onView: (view) => {
        actions.setView(view);
        actions.setFeedError(null);
      },
      onError: fail,
    });

    const subscribe = () => {
      socket.emit('run:subscribe', { runId, afterSeq: feed.view.lastSeq }, (ack) => {
        if (!ack.ok) {
          actions.setSubscribed(false);
          actions.setFeedError(`Could not follow the run: ${ack.error.message}`);
          return;
        }
        actions.setSubscribed(true);
        // The server sends what was missed before its ack; anything still short is fetched.
        void feed.catchUp(ack.lastSeq);
      });
    };
    const onEvents = (raw: RunEvent[]) => {
      try {
        const events = parseRunEvents(raw, runId, 'run:events');
        if (events.length > 0) void feed.receive(events);
      } catch (error) {
        fail(error);
      }
    };
    // The shared socket reconnects by itself, also after a server shutdown (`connectSocket`).
    const onDisconnect = () => actions.setSubscribed(false);

    followRun(socket, runId);
    socket.on('run:events', onEvents);
    socket.on('connect', subscribe);
    socket.on('disconnect', onDisconnect);
    if (socket.connected) subscribe();
    return () => {
      feed.close();
      socket.off('run:events', onEvents);
      socket.off('connect', subscribe);
      socket.off('disconnect', onDisconnect);
      unfollowRun(socket, runId);
      actions.setSubscribed(false);
    };
  }, [socket, client, runId, store]);
}
