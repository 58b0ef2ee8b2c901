import type { Server } from 'socket.io';
import type { Logger } from '../logger';
import type { Storage } from '../storage';
import type { SocketData } from './protocol';

/** How often storage is asked for tokens revoked elsewhere (another API process, a script). */
export const TOKEN_WATCH_MS = 500;

export interface TokenWatchOptions {
  io: Server;
  storage: Pick<Storage, 'tokens'>;
  logger: Logger;
  /** Revocations made in this process, reported at once. */
  onRevoked?: (listener: (tokenId: string) => void) => () => void;
  now?: () => number;
}

/**
 * Ends the connections of revoked and expired tokens: at once for a revocation in this process
 * (`auth.revoke`, `auth.signOut`), and within `TOKEN_WATCH_MS` (plus one query) for one made
 * anywhere else, read from storage; an expired token's connections end on the next tick.
 */
export function watchTokens(options: TokenWatchOptions): { stop(): void } {
  const { io, storage, logger, now = () => Date.now() } = options;
  const disconnect = (match: (data: SocketData) => boolean, reason: string) => {
    for (const socket of io.sockets.sockets.values()) {
      const data = socket.data as SocketData;
      if (data.principal !== undefined && match(data)) {
        logger.debug({ socketId: socket.id, reason }, 'socket token ended');
        socket.disconnect(true);
      }
    }
  };
  const revoked = (ids: ReadonlySet<string>) =>
    disconnect((data) => ids.has(data.principal.token.id), 'revoked');
  const stopListening = options.onRevoked?.((tokenId) => revoked(new Set([tokenId])));

  // Overlapping windows: a revocation committed while a read runs is seen by the next one.
  let since = now() - TOKEN_WATCH_MS;
  let busy = false;
  const tick = async () => {
    if (busy || io.sockets.sockets.size === 0) {
      since = Math.min(since, now() - TOKEN_WATCH_MS);
      return;
    }
    busy = true;
    const from = since;
    since = now() - TOKEN_WATCH_MS;
    try {
      const ids = await storage.tokens.revokedSince(from);
      if (ids.length > 0) revoked(new Set(ids));
      const at = now();
      disconnect(
        (data) => data.principal.token.expiresAt !== null && data.principal.token.expiresAt <= at,
        'expired',
      );
    } catch (error) {
      since = Math.min(since, from);
      logger.warn({ err: error }, 'could not check for revoked tokens');
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), TOKEN_WATCH_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      stopListening?.();
    },
  };
}
