import { io, type Socket } from 'socket.io-client';

/** socket.io's own constraint (`@socket.io/component-emitter`'s `EventsMap`), which accepts interfaces. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventsMap = Record<string, any>;
type DefaultEventsMap = Record<string, (...args: unknown[]) => void>;

export interface SocketOptions {
  /** The session's CSRF token, read at each (re)connection (the cookie goes by itself). */
  getCsrfToken: () => string | null;
  /** Called when the server refuses the token (`connect_error` with `data.code: UNAUTHORIZED`). */
  onUnauthorized?: () => void;
  /** The server's origin; the page's own by default. */
  url?: string;
}

interface RefusalData {
  code?: string;
}

/**
 * A Socket.IO connection to `/socket.io`: the browser sends the session cookie with the
 * handshake, and `auth: { csrf }` proves the page is the studio's. Type it with the server's
 * protocol: `connectSocket<ServerToClientEvents, ClientToServerEvents>(…)`. The caller owns it
 * and calls `disconnect()` when done.
 */
export function connectSocket<
  ServerEvents extends EventsMap = DefaultEventsMap,
  ClientEvents extends EventsMap = DefaultEventsMap,
>(options: SocketOptions): Socket<ServerEvents, ClientEvents> {
  const socket: Socket<ServerEvents, ClientEvents> = io(options.url ?? window.location.origin, {
    path: '/socket.io',
    transports: ['websocket', 'polling'],
    auth: (send) => send({ csrf: options.getCsrfToken() ?? '' }),
  });
  // A server shutting down (or dropping a revoked token) disconnects the socket on purpose ("io
  // server disconnect"), after which Socket.IO does not retry by itself. Ask again: it retries
  // with backoff until the server is back; a token refused by then ends below.
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') socket.connect();
  });
  socket.on('connect_error', (error: Error & { data?: RefusalData }) => {
    if (error.data?.code === 'UNAUTHORIZED') {
      socket.disconnect();
      options.onUnauthorized?.();
    }
  });
  return socket;
}
