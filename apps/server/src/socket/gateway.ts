import type { Server as HttpServer } from 'node:http';
import type { PausePrompt, RunEvent } from '@triggerflow/blueprint';
import { Server, type Socket } from 'socket.io';
import type { Principal } from '../auth/auth-service';
import type { Logger } from '../logger';
import type { RunBus } from '../runs/run-bus';
import { StorageError, type Storage, type UserRecord } from '../storage';
import { ApprovalFeed } from './approval-feed';
import { authenticateSockets, handshakeToken } from './auth';
import { rememberListeners } from './http-listeners';
import {
  approvalsSubscribeSchema,
  runSubscribeSchema,
  runUnsubscribeSchema,
  type ServerToClientEvents,
  type SocketData,
} from './protocol';
import { GatewayError, onRequest, refuseUnknownEvents } from './requests';
import { HARD_MESSAGE_BYTES, limitRequests, type SocketLimits } from './request-limits';
import { RunStream } from './run-stream';
import { watchTokens } from './token-watch';
import { RateLimiter } from '../limits/rate-limiter';

export const SOCKET_PATH = '/socket.io';
/** Runs one connection may follow at once. */
export const MAX_RUN_SUBSCRIPTIONS = 200;
export interface GatewayDeps {
  /** Added to the answers engine.io writes itself (the polling transport, the handshake). */
  headers?: ReadonlyArray<[string, string]>;
  storage: Storage;
  auth: {
    authenticate(secret: string): Promise<Principal | undefined>;
    /** Revocations in this process, to end their connections at once. */
    onRevoked?(listener: (tokenId: string) => void): () => void;
  };
  bus: RunBus;
  logger: Logger;
  approvals: { pendingFor(user: UserRecord): Promise<PausePrompt[]> };
  /** Requests per connection and message size (defaults: `DEFAULT_SOCKET_LIMITS`). */
  limits?: SocketLimits;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  rate: { perSecond: 100, burst: 500 },
  maxMessageBytes: 64 * 1024,
};

export interface Gateway {
  io: Server;
  /** Disconnects every client and stops serving `/socket.io`; the HTTP server stays up. */
  close(): Promise<void>;
}

/**
 * Serves run events and approval inboxes over Socket.IO on `httpServer` (see protocol.ts). No
 * CORS headers: browsers connect from the app's own origin; other clients present API tokens.
 */
export function attachGateway(httpServer: HttpServer, deps: GatewayDeps): Gateway {
  const listeners = rememberListeners(httpServer);
  const io = new Server(httpServer, {
    path: SOCKET_PATH,
    serveClient: false,
    maxHttpBufferSize: HARD_MESSAGE_BYTES,
  });
  const limits = deps.limits ?? DEFAULT_SOCKET_LIMITS;
  const rate = new RateLimiter(limits.rate);
  const extra = deps.headers ?? [];
  io.engine.on('headers', (headers: Record<string, string>) => {
    for (const [name, value] of extra) headers[name] = value;
  });
  io.use(authenticateSockets(deps));
  io.on('connection', (socket) => {
    const forget = limitRequests(socket, limits, rate);
    socket.once('disconnect', forget);
    serve(socket, deps);
  });
  // Signed-out or revoked tokens lose their open connections within a second (and at once on
  // their next request).
  const watch = watchTokens({
    io,
    storage: deps.storage,
    logger: deps.logger,
    ...(deps.auth.onRevoked && { onRevoked: deps.auth.onRevoked.bind(deps.auth) }),
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    watch.stop();
    io.disconnectSockets(true);
    io.engine.close();
    // `io.close()` would close the HTTP server too: detach from it instead.
    listeners.restore();
    deps.logger.debug('socket gateway closed');
    return Promise.resolve();
  };
  return { io, close: () => (closing ??= close()) };
}

/** One connection: its run streams (by run id) and its approval feed, all dropped on disconnect. */
function serve(socket: Socket, deps: GatewayDeps): void {
  const { storage, bus, logger } = deps;
  const { user } = (socket.data as SocketData).principal;
  const log = logger.child({ socketId: socket.id, userId: user.id });
  const streams = new Map<string, RunStream>();
  let feed: ApprovalFeed | undefined;
  const emit = <E extends keyof ServerToClientEvents>(
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ) => socket.emit(event, ...args);
  // Events go out batched per tick: one message (and one frame) instead of one per event.
  let outbox: RunEvent[] = [];
  const flushOutbox = () => {
    if (outbox.length === 0) return;
    const batch = outbox;
    outbox = [];
    emit('run:events', batch);
  };
  const send = (event: RunEvent) => {
    if (outbox.push(event) === 1) setImmediate(flushOutbox);
  };
  const secret = handshakeToken(socket);
  /** A token revoked (signed out) since the connection ends it at the next request. */
  const guard = async () => {
    const current = secret === undefined ? undefined : await deps.auth.authenticate(secret);
    if (current?.user.id === user.id) return;
    setImmediate(() => socket.disconnect(true));
    throw new GatewayError('UNAUTHORIZED', 'the token is unknown, expired or revoked');
  };
  const request = { socket, logger: log, userId: user.id, guard };
  refuseUnknownEvents(socket, ['run:subscribe', 'run:unsubscribe', 'approvals:subscribe']);
  const stillConnected = () => {
    if (!socket.connected) throw new GatewayError('CLIENT_CLOSED_REQUEST', 'the socket closed');
  };

  socket.on('disconnect', (reason) => {
    for (const stream of streams.values()) stream.close();
    streams.clear();
    feed?.close();
    feed = undefined;
    log.debug({ reason }, 'socket disconnected');
  });

  onRequest({
    ...request,
    event: 'run:subscribe',
    schema: runSubscribeSchema,
    async handle({ runId, afterSeq }) {
      // Every viewer may follow every run: per-flow access rules do not exist yet.
      try {
        await storage.runs.get(runId);
      } catch (error) {
        if (error instanceof StorageError && error.code === 'NOT_FOUND') {
          throw new GatewayError('NOT_FOUND', `run "${runId}" not found`, ['runId']);
        }
        throw error;
      }
      stillConnected();
      if (!streams.has(runId) && streams.size >= MAX_RUN_SUBSCRIPTIONS) {
        throw new GatewayError(
          'TOO_MANY_REQUESTS',
          `one connection follows at most ${MAX_RUN_SUBSCRIPTIONS} runs: unsubscribe from one first`,
          ['runId'],
        );
      }
      streams.get(runId)?.close();
      const stream = new RunStream({
        runId,
        afterSeq,
        storage,
        bus,
        send,
        onError: (error) => log.error({ err: error, runId }, 'following a run failed'),
      });
      streams.set(runId, stream);
      try {
        const lastSeq = await stream.caughtUp;
        flushOutbox(); // the missed events reach the client before the ack
        return { runId, lastSeq };
      } catch (error) {
        stream.close();
        if (streams.get(runId) === stream) streams.delete(runId);
        throw error;
      }
    },
  });

  onRequest({
    ...request,
    event: 'run:unsubscribe',
    schema: runUnsubscribeSchema,
    handle({ runId }) {
      streams.get(runId)?.close();
      streams.delete(runId);
      return Promise.resolve({});
    },
  });

  onRequest({
    ...request,
    event: 'approvals:subscribe',
    schema: approvalsSubscribeSchema,
    async handle() {
      stillConnected();
      feed?.close();
      const current = (feed = new ApprovalFeed({
        user,
        bus,
        approvals: deps.approvals,
        sendSnapshot: (prompts) => emit('approvals:snapshot', prompts),
        sendChange: (change) => emit('approvals:changed', change),
      }));
      try {
        return { count: await current.ready };
      } catch (error) {
        current.close();
        if (feed === current) feed = undefined;
        throw error;
      }
    },
  });

  log.debug('socket connected');
}
