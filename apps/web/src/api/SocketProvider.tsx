import type { ClientToServerEvents, ServerToClientEvents } from '@triggerflow/server';
import type { Socket } from 'socket.io-client';
import {
  createContext,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from 'react';
import type { SessionStore } from '../session/session-store';
import { connectSocket } from './socket';

export type StudioSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `connected`; `connecting` before the first connection; `reconnecting` after a drop. */
export type SocketStatus = 'connecting' | 'connected' | 'reconnecting';

const SocketContext = createContext<StudioSocket | null>(null);

/**
 * One Socket.IO connection for the signed-in session, shared by every live view (run pages,
 * the approvals badge and inbox). It reconnects by itself; views re-subscribe on `connect`.
 */
export function SocketProvider({
  session,
  children,
}: {
  session: SessionStore;
  children: ReactNode;
}) {
  const [socket, setSocket] = useState<StudioSocket | null>(null);
  useEffect(() => {
    const created: StudioSocket = connectSocket<ServerToClientEvents, ClientToServerEvents>({
      getCsrfToken: () => session.csrfToken(),
      onUnauthorized: () => session.clear('expired'),
    });
    setSocket(created);
    return () => {
      created.disconnect();
      setSocket(null);
    };
  }, [session]);
  return <SocketContext.Provider value={socket}>{children}</SocketContext.Provider>;
}

/** The shared socket (null for the first render, before it is created). */
export function useSocket(): StudioSocket | null {
  return useContext(SocketContext);
}

/** The shared socket's connection state; re-renders on every change. */
export function useSocketStatus(): SocketStatus {
  const socket = useSocket();
  const [ever, setEver] = useState(false);
  const connected = useSyncExternalStore(
    (listener) => {
      if (socket === null) return () => undefined;
      socket.on('connect', listener);
      socket.on('disconnect', listener);
      return () => {
        socket.off('connect', listener);
        socket.off('disconnect', listener);
      };
    },
    () => socket?.connected ?? false,
  );
  useEffect(() => {
    if (connected) setEver(true);
  }, [connected]);
  if (connected) return 'connected';
  return ever ? 'reconnecting' : 'connecting';
}
