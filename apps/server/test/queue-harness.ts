import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { RUN_QUEUE } from '../src/queue/run-queue';
import { lineReader, startChildServer, type ChildExit, type ChildServer } from './child-server';
import { postgresTarget, type Target } from './targets';

/**
 * Queue mode as separate processes, for the queue test and benchmark: an API process
 * (child-server.ts), `pnpm worker` processes (`node --import tsx src/worker-main.ts`, so SIGKILL
 * hits the worker itself), a fresh PostgreSQL schema and a Redis logical database of their own.
 * No vitest here: the benchmark uses it too.
 */

const SERVER_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TAIL_LINES = 60;
export const REDIS_SERVER = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface ChildWorker {
  pid: number;
  /** The lease owner it logged with `worker ready` (`worker:<host>:<pid>:<id>`). */
  owner: string;
  exited: Promise<ChildExit>;
  /** `kill -9`: resolves once the process is gone. */
  kill(): Promise<ChildExit>;
  /** The last lines of its stdout and stderr, for failure messages. */
  tail(): string;
  /** Log entries at `error` level or worse seen so far (pino JSON lines). */
  errors(): string[];
}

const workers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of workers) child.kill('SIGKILL');
});

/** The environment that switches a process into queue mode. */
export function queueEnv(options: {
  databaseUrl: string;
  redisUrl: string;
  concurrency?: number;
}): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    LOG_LEVEL: 'info',
    ...(options.concurrency !== undefined && {
      WORKER_CONCURRENCY: String(options.concurrency),
    }),
  };
}

/** Starts `pnpm worker` as a child; resolves once it logged `worker ready`. */
export function startChildWorker(options: {
  env: Record<string, string>;
  startTimeoutMs?: number;
  /** The script to run, from apps/server (default `src/worker-main.ts`). */
  entry?: string;
}): Promise<ChildWorker> {
  const entry = options.entry ?? 'src/worker-main.ts';
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: SERVER_DIR,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.add(child);
  const lines: string[] = [];
  const errors: string[] = [];
  const tail = () => lines.join('\n');
  const exited = new Promise<ChildExit>((done) => {
    child.once('exit', (code, signal) => {
      workers.delete(child);
      done({ code, signal });
    });
  });
  const timeoutMs = options.startTimeoutMs ?? 20_000;

  return new Promise<ChildWorker>((resolveStart, rejectStart) => {
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      rejectStart(new Error(`${why}\n--- worker output ---\n${tail()}`));
    };
    const timer = setTimeout(
      () => fail(`the worker was not ready within ${timeoutMs} ms`),
      timeoutMs,
    );
    lineReader(child.stdout, (line) => {
      remember(lines, `[stdout] ${line}`);
      const entry = parseLog(line);
      if (entry === undefined) return;
      if (typeof entry.level === 'number' && entry.level >= 50) errors.push(line);
      if (entry.msg !== 'worker ready' || typeof entry.owner !== 'string' || settled) return;
      settled = true;
      clearTimeout(timer);
      const owner = entry.owner;
      const pid = child.pid ?? -1;
      resolveStart({
        pid,
        owner,
        exited,
        tail,
        errors: () => [...errors],
        kill() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          return exited;
        },
      });
    });
    lineReader(child.stderr, (line) => remember(lines, `[stderr] ${line}`));
    void exited.then(({ code, signal }) =>
      fail(`the worker exited before it was ready (code ${code}, signal ${signal})`),
    );
    child.once('error', (error) => fail(`could not spawn the worker: ${error.message}`));
  });
}

/** SIGKILLs every worker still running (for `afterAll`). */
export async function killChildWorkers(): Promise<void> {
  await Promise.all(
    [...workers].map(
      (child) =>
        new Promise<void>((done) => {
          if (child.exitCode !== null || child.signalCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/**
 * Runs `script` (`src/main.ts` or `src/worker-main.ts`) with `env` until it exits on its own
 * (or `timeoutMs` passes: then it is killed), and returns how it ended and what it printed.
 */
export function runUntilExit(
  script: 'src/main.ts' | 'src/worker-main.ts',
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ChildExit & { stdout: string; stderr: string; timedOut: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: SERVER_DIR,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  workers.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  return new Promise((done) => {
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      workers.delete(child);
      // Let the pipes drain what the process wrote last.
      setImmediate(() => done({ code, signal, stdout, stderr, timedOut }));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Redis

/** A connection that fails fast instead of retrying forever (probes, claims, clean-up). */
export function probeRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
}

/** Whether Redis at `url` answers PING (within 2 s). */
export async function redisAnswers(url = REDIS_SERVER): Promise<boolean> {
  const redis = probeRedis(url);
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export interface RedisSpace {
  /** `redis://…/<db>`: queue mode's keys (the BullMQ queue has a fixed name) live in this DB. */
  url: string;
  db: number;
  /** Empties the DB (this claim included). */
  release(): Promise<void>;
}

const CLAIM_KEY = 'triggerflow:test-claim';

/**
 * Claims an empty logical database of the Redis server (1–15, in random order) with a marker key
 * set only if absent, so concurrent test runs never share BullMQ keys. Pub/sub channels are
 * server-wide whatever the DB: processes of other claims hear our events (and we theirs).
 */
export async function claimRedisDb(server = REDIS_SERVER): Promise<RedisSpace> {
  const redis = probeRedis(server);
  redis.on('error', () => undefined); // commands reject with it
  await redis.connect();
  try {
    const owner = `pid ${process.pid} at ${new Date().toISOString()}`;
    const dbs = Array.from({ length: 15 }, (_, k) => k + 1).sort(() => Math.random() - 0.5);
    for (const db of dbs) {
      await redis.select(db);
      if ((await redis.dbsize()) !== 0) continue;
      if ((await redis.set(CLAIM_KEY, owner, 'EX', 3600, 'NX')) !== 'OK') continue;
      if ((await redis.dbsize()) === 1) {
        const url = new URL(server);
        url.pathname = `/${db}`;
        return { url: url.toString(), db, release: () => flushDb(url.toString()) };
      }
      // Someone began using it meanwhile: leave it to them.
      await redis.del(CLAIM_KEY);
    }
    throw new Error(`no empty Redis database (1–15) left to claim on ${server}`);
  } finally {
    redis.disconnect();
  }
}

async function flushDb(url: string): Promise<void> {
  const redis = probeRedis(url);
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}

/** Jobs of the run queue on `redisUrl` that are not finished (waiting, running, delayed). */
export async function unfinishedJobs(redisUrl: string): Promise<number> {
  const connection = probeRedis(redisUrl);
  connection.on('error', () => undefined);
  const queue = new Queue(RUN_QUEUE, { connection });
  try {
    const counts = await queue.getJobCounts(
      'active',
      'wait',
      'delayed',
      'prioritized',
      'waiting-children',
    );
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------
// A deployment: one API process, N workers

export interface QueueDeployment {
  api: ChildServer;
  workers: ChildWorker[];
  /** The fresh schema's URL (queue mode's tables live there). */
  databaseUrl: string;
  redis: RedisSpace;
  /** Kills every process, drops the schema, empties the Redis DB. */
  close(): Promise<void>;
}

/**
 * Starts one API process and `workers` worker processes at once (as a deployment starting all of
 * its containers does: whoever comes first migrates the fresh schema, the others wait for its
 * lock), on a fresh PostgreSQL schema and a claimed Redis DB.
 */
export async function startQueueDeployment(options: {
  workers: number;
  concurrency?: number;
  /** More environment variables for every process. */
  env?: Record<string, string>;
  /** Scripts other than `src/main.ts` / `src/worker-main.ts` (tests' own entries). */
  entries?: { api?: string; worker?: string };
}): Promise<QueueDeployment> {
  const target: Target = await postgresTarget();
  const redis = await claimRedisDb();
  const started: { api?: ChildServer; workers: ChildWorker[] } = { workers: [] };
  const close = async () => {
    await Promise.all([started.api?.kill(), ...started.workers.map((w) => w.kill())]);
    await Promise.allSettled([target.cleanup(), redis.release()]);
  };
  try {
    const databaseUrl = await target.newUrl();
    const env = {
      ...queueEnv({
        databaseUrl,
        redisUrl: redis.url,
        ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
      }),
      // The tests watch 100 runs at once (a dashboard's load): not what the rate limit is for.
      RATE_LIMIT_PER_SECOND: '100000',
      RATE_LIMIT_BURST: '100000',
      ...options.env,
    };
    const { api: apiEntry, worker: workerEntry } = options.entries ?? {};
    const [api, ...launched] = await Promise.allSettled([
      startChildServer({
        databaseUrl,
        env,
        startTimeoutMs: 40_000,
        ...(apiEntry !== undefined && { entry: apiEntry }),
      }),
      ...Array.from({ length: options.workers }, () =>
        startChildWorker({
          env,
          startTimeoutMs: 40_000,
          ...(workerEntry !== undefined && { entry: workerEntry }),
        }),
      ),
    ]);
    if (api?.status === 'fulfilled') started.api = api.value;
    for (const result of launched) {
      if (result.status === 'fulfilled') started.workers.push(result.value);
    }
    const failed = [api, ...launched].find((result) => result?.status === 'rejected');
    if (failed?.status === 'rejected') throw failed.reason;
    if (started.api === undefined) throw new Error('the API process did not start');
    return { api: started.api, workers: started.workers, databaseUrl, redis, close };
  } catch (error) {
    await close();
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// CPU use of processes (Linux /proc)

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; undefined once it is gone. */
export async function cpuSeconds(pid: number): Promise<number | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return (utime + stime) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by every process whose command is `name` (e.g. `postgres`: the server
 * and all its backends, whoever they serve), by pid.
 */
export async function cpuSecondsByName(name: string): Promise<Map<number, number>> {
  const result = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = (await readFile(`/proc/${entry}/comm`, 'utf8')).trim();
      if (comm !== name) continue;
      const seconds = await cpuSeconds(Number(entry));
      if (seconds !== undefined) result.set(Number(entry), seconds);
    } catch {
      // The process ended meanwhile.
    }
  }
  return result;
}

/** CPU seconds between two `cpuSecondsByName` readings (processes born meanwhile count fully). */
export function cpuSecondsBetween(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): number {
  let sum = 0;
  for (const [pid, seconds] of after) sum += seconds - (before.get(pid) ?? 0);
  return sum;
}

/** The whole machine's busy and total CPU seconds so far (`/proc/stat`, all cores). */
export async function machineCpuSeconds(): Promise<{ busy: number; total: number }> {
  const stat = await readFile('/proc/stat', 'utf8');
  const values = (stat.split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] =
    values;
  const busy = user + nice + system + irq + softirq + steal;
  return { busy: busy / TICKS_PER_SECOND, total: (busy + idle + iowait) / TICKS_PER_SECOND };
}

// ---------------------------------------------------------------------------------------------

function remember(lines: string[], line: string): void {
  lines.push(line);
  if (lines.length > TAIL_LINES) lines.shift();
}

function parseLog(line: string): { msg?: unknown; level?: unknown; owner?: unknown } | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return JSON.parse(line) as { msg?: unknown; level?: unknown; owner?: unknown };
  } catch {
    return undefined;
  }
}
