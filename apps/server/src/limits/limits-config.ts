import { z } from 'zod';

/** What one caller may send and how fast (see the README's "Limits"). */
export interface Limits {
  /** Largest request body, bytes (413 past it). */
  maxBodyBytes: number;
  /** Deepest nesting of any JSON input, counted from the procedure's input (400 past it). */
  maxJsonDepth: number;
  /** Most procedure calls in one batched request (400 past it). */
  maxBatchCalls: number;
  /** Procedure calls per second per token (per address without one), and the burst allowed. */
  rate: RateLimit;
  /** Requests per second per socket connection, and the burst allowed. */
  socketRate: RateLimit;
  /** Largest socket message answered with an error ack instead of being handled. */
  socketMaxMessageBytes: number;
}

export interface RateLimit {
  perSecond: number;
  burst: number;
}

const MiB = 1024 * 1024;

/** A whole number in [min, max] from an environment variable, or `fallback` when unset. */
export function wholeNumber(min: number, max: number, fallback: number) {
  const problem = `must be a whole number (${min.toLocaleString('en-US')}–${max.toLocaleString('en-US')})`;
  return z
    .string()
    .regex(/^\d{1,12}$/, problem)
    .transform(Number)
    .pipe(z.number().min(min, problem).max(max, problem))
    .default(fallback);
}

/** The variables of `Limits`, merged into the server's environment schema (config.ts). */
export const limitsEnv = {
  MAX_BODY_BYTES: wholeNumber(1024, 1024 * MiB, 10 * MiB),
  MAX_JSON_DEPTH: wholeNumber(8, 1000, 64),
  MAX_BATCH_CALLS: wholeNumber(1, 1000, 100),
  RATE_LIMIT_PER_SECOND: wholeNumber(1, 1_000_000, 1000),
  RATE_LIMIT_BURST: wholeNumber(1, 10_000_000, 5000),
  SOCKET_RATE_LIMIT_PER_SECOND: wholeNumber(1, 1_000_000, 100),
  SOCKET_RATE_LIMIT_BURST: wholeNumber(1, 10_000_000, 500),
  SOCKET_MAX_MESSAGE_BYTES: wholeNumber(1024, 4 * MiB, 64 * 1024),
};

type LimitsEnv = { [K in keyof typeof limitsEnv]: number };

export function limitsFrom(env: LimitsEnv): Limits {
  return {
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxJsonDepth: env.MAX_JSON_DEPTH,
    maxBatchCalls: env.MAX_BATCH_CALLS,
    rate: { perSecond: env.RATE_LIMIT_PER_SECOND, burst: env.RATE_LIMIT_BURST },
    socketRate: { perSecond: env.SOCKET_RATE_LIMIT_PER_SECOND, burst: env.SOCKET_RATE_LIMIT_BURST },
    socketMaxMessageBytes: env.SOCKET_MAX_MESSAGE_BYTES,
  };
}

/** 10 MiB, 64 KiB, 1,234 B: sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${Number((bytes / MiB).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KiB`;
  return `${bytes.toLocaleString('en-US')} B`;
}
