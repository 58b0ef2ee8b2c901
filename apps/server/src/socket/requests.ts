import type { Socket } from 'socket.io';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { Ack, AckError, GatewayErrorCode, GatewayIssue } from './protocol';

/** A refusal the client can act on; anything else thrown in a handler is a bug (500, logged). */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super(message);
  }
}

export const INTERNAL_MESSAGE = 'Internal server error';

const pathText = (path: readonly (string | number)[]) =>
  path.length === 0 ? 'payload' : path.join('.');

/** zod issues with each unrecognised key as its own issue at its own path. */
function issuesOf(error: z.ZodError): GatewayIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key));
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown field' }));
    }
    return [{ path, message: issue.message }];
  });
}

function toAckError(error: unknown, log: () => void): AckError {
  if (error instanceof z.ZodError) {
    const issues = issuesOf(error);
    const message = issues.map((i) => `${pathText(i.path)}: ${i.message}`).join('; ');
    return { code: 'BAD_REQUEST', message, issues };
  }
  if (error instanceof GatewayError) {
    const issues = error.path.length > 0 ? [{ path: error.path, message: error.message }] : [];
    return { code: error.code, message: error.message, ...(issues.length > 0 && { issues }) };
  }
  log();
  return { code: 'INTERNAL_SERVER_ERROR', message: INTERNAL_MESSAGE };
}

/**
 * Registers a request handler: `socket.emit(event, payload, ack)`. The payload is parsed with
 * `schema`; the handler's result is acked as `{ ok: true, ...result }`, and whatever it throws as
 * `{ ok: false, error }`. Never throws into Socket.IO. A request without an ack function is
 * ignored (the client could not learn the outcome).
 */
export function onRequest<S extends z.ZodType, R extends object>(options: {
  socket: Socket;
  event: string;
  schema: S;
  logger: Logger;
  /** For the log of failures. */
  userId: string;
  handle: (input: z.output<S>) => Promise<R>;
  /** Checked before each request (the token may have been revoked since the connection). */
  guard?: () => Promise<void>;
}): void {
  const { socket, event, schema, logger, userId, handle, guard } = options;
  socket.on(event, (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack !== 'function') {
      logger.debug({ event, socketId: socket.id }, 'socket request without an ack: ignored');
      return;
    }
    const reply = (response: Ack<R>) => {
      try {
        (ack as (response: Ack<R>) => void)(response);
      } catch (error) {
        logger.warn({ err: error, event }, 'socket ack failed');
      }
    };
    const run = async (): Promise<R> => {
      if (args.length > 2) {
        throw new GatewayError('BAD_REQUEST', 'send one payload and an ack function');
      }
      const input = schema.parse(args.length === 2 ? args[0] : undefined);
      await guard?.();
      return handle(input);
    };
    run().then(
      (result) => reply({ ok: true, ...result }),
      (error: unknown) => {
        const log = () => logger.error({ err: error, event, userId }, 'socket request failed');
        reply({ ok: false, error: toAckError(error, log) });
      },
    );
  });
}

/**
 * Answers requests for events nobody handles (a typo, an old client) with NOT_FOUND, so the
 * client's ack does not wait for its timeout. Events without an ack are ignored.
 */
export function refuseUnknownEvents(socket: Socket, known: readonly string[]): void {
  const names = new Set(known);
  socket.onAny((event: string, ...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (names.has(event) || typeof ack !== 'function') return;
    const error: AckError = {
      code: 'NOT_FOUND',
      message: `unknown event "${event}"; this server handles ${known.join(', ')}`,
    };
    try {
      (ack as (response: Ack<never>) => void)({ ok: false, error });
    } catch {
      // The client's ack threw locally: nothing to answer.
    }
  });
}
