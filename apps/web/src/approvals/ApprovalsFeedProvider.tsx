import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useSocket } from '../api/SocketProvider';
import type { FeedConnection } from './useFeedConnection';
import { useFeedConnection } from './useFeedConnection';

const FeedContext = createContext<FeedConnection | null>(null);

/** Follows the approvals feed once for the whole studio (the badge, the inbox, every dialog). */
export function ApprovalsFeedProvider({ children }: { children: ReactNode }) {
  const { state, problem } = useFeedConnection(useSocket());
  const value = useMemo(() => ({ state, problem }), [state, problem]);
  return <FeedContext.Provider value={value}>{children}</FeedContext.Provider>;
}

/** The live approvals feed: the prompts the user may decide, and the ones that closed. */
export function useApprovalsFeed(): FeedConnection {
  const feed = useContext(FeedContext);
  if (feed === null) throw new Error('useApprovalsFeed needs an <ApprovalsFeedProvider>');
  return feed;
}
