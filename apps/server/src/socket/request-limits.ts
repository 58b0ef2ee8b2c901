import type { Socket } from 'socket.io';
import { formatBytes, type RateLimit } from '../limits/limits-config';
import type { RateLimiter } from '../limits/rate-limiter';
import { rateMessage } from '../limits/rate-limiter';
import type { Ack, AckError } from './protocol';

export interface SocketLimits {
  rate: RateLimit;
  /** Messages larger than this get an error ack (up to `HARD_MESSAGE_BYTES`, which closes). */
  maxMessageBytes: number;
}

/**
 * What engine.io accepts at all: a larger frame closes the connection (it is not read). Up to
 * it, an oversized request gets an error ack and the connection stays.
 */
export const HARD_MESSAGE_BYTES = 8 * 1024 * 1024;

/**
 * About the JSON size of `value`, counted without recursion and given up on past `limit`
 * (so a large or deeply nested payload costs at most `limit` steps).
 */
export function payloadSize(value: unknown, limit: number): number {
  let size = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && size <= limit) {
    const current = stack.pop();
    if (typeof current === 'string') size += current.length + 2;
    else if (typeof current === 'number' || typeof current === 'boolean') size += 8;
    else if (current === null || current === undefined) size += 4;
    else if (current instanceof ArrayBuffer) size += current.byteLength;
    else if (ArrayBuffer.isView(current)) size += current.byteLength;
    else if (Array.isArray(current)) {
      size += 2 + current.length;
      for (const item of current) stack.push(item);
    } else if (typeof current === 'object') {
      for (const [key, inner] of Object.entries(current)) {
        size += key.length + 4;
        stack.push(inner);
      }
      size += 2;
    }
  }
  return size;
}

/**
 * Every incoming event first passes here: past the socket's rate, or larger than
 * `maxMessageBytes`, it is answered with an error ack (TOO_MANY_REQUESTS / PAYLOAD_TOO_LARGE)
 * and goes no further; the connection stays open. Returns what to call on disconnect.
 */
export function limitRequests(socket: Socket, limits: SocketLimits, rate: RateLimiter): () => void {
  socket.use((packet, next) => {
    const args = packet.slice(1);
    const ack: unknown = args[args.length - 1];
    const refuse = (error: AckError) => {
      if (typeof ack !== 'function') return;
      try {
        (ack as (response: Ack<never>) => void)({ ok: false, error });
      } catch {
        // The ack threw locally: nothing to answer.
      }
    };
    const taken = rate.take(socket.id);
    if (!taken.ok) {
      return refuse({
        code: 'TOO_MANY_REQUESTS',
        message: rateMessage(
          'one connection (SOCKET_RATE_LIMIT_PER_SECOND, SOCKET_RATE_LIMIT_BURST)',
          limits.rate,
          taken.retryAfterMs,
        ),
      });
    }
    const payload = typeof ack === 'function' ? args.slice(0, -1) : args;
    const size = payloadSize(payload, limits.maxMessageBytes);
    if (size > limits.maxMessageBytes) {
      return refuse({
        code: 'PAYLOAD_TOO_LARGE',
        message: `payload: the message is over ${formatBytes(limits.maxMessageBytes)} (SOCKET_MAX_MESSAGE_BYTES)`,
        issues: [{ path: [], message: `over ${formatBytes(limits.maxMessageBytes)}` }],
      });
    }
    next();
  });
  return () => rate.forget(socket.id);
}
