import { z } from 'zod';
import { limitsEnv, limitsFrom, wholeNumber, type Limits } from './limits/limits-config';
import { DEFAULT_QUARANTINE_AFTER } from './runs/quarantine';

/** Queue jobs: 10 attempts, retried after 1 s, 2 s, 4 s … (8.5 min in all); a busy lease every 1 s. */
export const DEFAULT_JOB_RETRY = { attempts: 10, delayMs: 1000, leaseWaitMs: 1000 } as const;
import { DEFAULT_DATABASE_URL } from './storage';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The server's settings, read once from the environment at start (see README). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string;
  /** Where browsers reach the server; unset: `http://HOST:PORT` with the port actually bound. */
  publicUrl: string | undefined;
  logLevel: LogLevel;
  /** Private hosts, IPs and CIDRs the http node may reach (`HTTP_ALLOW`, comma-separated). */
  httpAllow: string[];
  /** An OpenAI-compatible model server for agent steps; unset: the offline rules provider. */
  model: ModelConfig | undefined;
  /** The built web studio to serve; unset: `apps/web/dist` of this checkout. */
  webDist: string | undefined;
  /** Queue mode (with a PostgreSQL `databaseUrl`): BullMQ on this Redis. */
  redisUrl: string | undefined;
  /** Jobs one worker process runs at once. */
  workerConcurrency: number;
  /** Request sizes, nesting, batches and rates (limits/limits-config.ts). */
  limits: Limits;
  /** A run that was running when its process went down this many times is quarantined. */
  quarantineAfter: number;
  /** Queue mode: how often a failing job runs at most, and the first retry's delay (doubling). */
  jobRetry: JobRetry;
}

/** How queue jobs are retried (see queue/run-queue.ts). */
export interface JobRetry {
  attempts: number;
  /** Before the first retry; each next one waits twice as long. */
  delayMs: number;
  /** How long a job waits before it asks again for a run another worker holds (not an attempt). */
  leaseWaitMs: number;
}

export interface ModelConfig {
  baseUrl: string;
  apiKey: string | undefined;
  name: string;
  /** One model call may take this long (a node's `timeoutMs` may say less). */
  timeoutMs: number;
  /** Attempts after a 429 or 5xx answer, or a network failure, with backoff. */
  maxRetries: number;
}

/** A variable that does not parse; the message names it, never its value (it may hold a password). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'INVALID_CONFIG';

  constructor(
    readonly variables: string[],
    message: string,
  ) {
    super(message);
  }
}

const allowEntry = /^[A-Za-z0-9.:_\-/[\]]+$/;

const envSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'must be a port number (0–65535)')
    .transform(Number)
    .pipe(z.number().max(65535, 'must be a port number (0–65535)'))
    .default(3000),
  HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:_\-[\]]+$/, 'must be a hostname or an IP address')
    .default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/, 'must be sqlite:<path> or postgres://…')
    .default(DEFAULT_DATABASE_URL),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`).default('info'),
  HTTP_ALLOW: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .pipe(
      z.array(z.string().regex(allowEntry, 'must list hostnames, IPs or CIDRs, comma-separated')),
    )
    .default([]),
  MODEL_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  MODEL_API_KEY: z.string().optional(),
  MODEL_NAME: z.string().min(1).default('gpt-4o-mini'),
  MODEL_TIMEOUT_MS: wholeNumber(100, 3_600_000, 60_000),
  MODEL_MAX_RETRIES: wholeNumber(0, 10, 2),
  WEB_DIST: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be redis://… or rediss://…')
    .optional(),
  WORKER_CONCURRENCY: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number (1–1000)')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(1, 'must be a whole number (1–1000)')
        .max(1000, 'must be a whole number (1–1000)'),
    )
    .default(32),
  ...limitsEnv,
  QUARANTINE_AFTER_CRASHES: wholeNumber(1, 100, DEFAULT_QUARANTINE_AFTER),
  QUEUE_JOB_ATTEMPTS: wholeNumber(1, 100, DEFAULT_JOB_RETRY.attempts),
  QUEUE_RETRY_DELAY_MS: wholeNumber(10, 3_600_000, DEFAULT_JOB_RETRY.delayMs),
  QUEUE_LEASE_WAIT_MS: wholeNumber(10, 60_000, DEFAULT_JOB_RETRY.leaseWaitMs),
});

/** Parses the environment; a bad value throws a `ConfigError` naming the variable. */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const present = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, env[key]?.trim()] as const)
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? 'environment');
      return { variable, text: `${variable} ${issue.message}` };
    });
    const variables = [...new Set(problems.map((p) => p.variable))];
    throw new ConfigError(
      variables,
      `Invalid environment: ${problems.map((p) => p.text).join('; ')}`,
    );
  }
  const value = parsed.data;
  if (value.REDIS_URL !== undefined && !/^postgres(ql)?:/.test(value.DATABASE_URL)) {
    throw new ConfigError(
      ['REDIS_URL', 'DATABASE_URL'],
      'Invalid environment: REDIS_URL (queue mode) needs DATABASE_URL=postgres://… (workers share the database)',
    );
  }
  return {
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    publicUrl: value.PUBLIC_URL,
    logLevel: value.LOG_LEVEL,
    httpAllow: value.HTTP_ALLOW,
    model:
      value.MODEL_BASE_URL === undefined
        ? undefined
        : {
            baseUrl: value.MODEL_BASE_URL,
            apiKey: value.MODEL_API_KEY,
            name: value.MODEL_NAME,
            timeoutMs: value.MODEL_TIMEOUT_MS,
            maxRetries: value.MODEL_MAX_RETRIES,
          },
    webDist: value.WEB_DIST,
    redisUrl: value.REDIS_URL,
    workerConcurrency: value.WORKER_CONCURRENCY,
    limits: limitsFrom(value),
    quarantineAfter: value.QUARANTINE_AFTER_CRASHES,
    jobRetry: {
      attempts: value.QUEUE_JOB_ATTEMPTS,
      delayMs: value.QUEUE_RETRY_DELAY_MS,
      leaseWaitMs: value.QUEUE_LEASE_WAIT_MS,
    },
  };
}
