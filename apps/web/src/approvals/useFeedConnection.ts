import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer, useState } from 'react';
import type { StudioSocket } from '../api/SocketProvider';
import { useTRPC } from '../api/trpc';
import { parseChange, parseSnapshot } from './feed-messages';
import { feedReducer, initialFeedState, type FeedState } from './feed-state';

export interface FeedConnection {
  state: FeedState;
  /** Why the feed is not live (a refused subscription, a payload of another protocol). */
  problem: string | null;
}

/**
 * Follows the signed-in user's approvals on the shared socket: `approvals:subscribe` on every
 * (re)connect, the snapshot and changes into `feedReducer`. Every change also marks the
 * `approvals.pending` queries stale, so inbox rows and open dialogs refetch their details.
 */
export function useFeedConnection(socket: StudioSocket | null): FeedConnection {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(feedReducer, initialFeedState);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (socket === null) return;
    const refetchDetails = () =>
      void queryClient.invalidateQueries(trpc.approvals.pending.pathFilter());
    const subscribe = () => {
      socket.emit('approvals:subscribe', {}, (ack) => {
        if (ack.ok) return;
        setProblem(`The approvals feed was refused: ${ack.error.message}`);
      });
    };
    const onSnapshot = (raw: unknown) => {
      const parsed = parseSnapshot(raw);
      if (!parsed.ok) return setProblem(`The server sent an unreadable inbox (${parsed.problem})`);
      setProblem(null);
      dispatch({ type: 'snapshot', prompts: parsed.value });
      refetchDetails();
    };
    const onChanged = (raw: unknown) => {
      const parsed = parseChange(raw);
      if (!parsed.ok) return setProblem(`The server sent an unreadable change (${parsed.problem})`);
      dispatch({ type: 'changed', change: parsed.value });
      refetchDetails();
    };
    const onDisconnect = () => dispatch({ type: 'disconnected' });
    socket.on('connect', subscribe);
    socket.on('disconnect', onDisconnect);
    socket.on('approvals:snapshot', onSnapshot);
    socket.on('approvals:changed', onChanged);
    if (socket.connected) subscribe();
    return () => {
      socket.off('connect', subscribe);
      socket.off('disconnect', onDisconnect);
      socket.off('approvals:snapshot', onSnapshot);
      socket.off('approvals:changed', onChanged);
    };
  }, [socket, queryClient, trpc]);

  return { state, problem };
}
