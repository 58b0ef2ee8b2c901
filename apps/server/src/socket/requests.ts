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
}): void {
  const { socket, event, schema, logger, userId, handle } = options;
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
      return handle(schema.parse(args.length === 2 ? args[0] : undefined));
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
