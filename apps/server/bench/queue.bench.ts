/**
 * Queue-mode benchmark (`pnpm bench`): runs completed per second with one and with two worker
 * processes, for a 3-node flow (start → transform → end), and the ratio, with the CPU each process
 * used. Every figure comes from real processes: one API process (`pnpm start`) and `pnpm worker`
 * processes as children, a fresh PostgreSQL schema and a Redis DB of their own per configuration.
 * Runs are started through tRPC (IN_FLIGHT at a time); a run counts once its `run.completed` is
 * published on Redis (after its commit), which is what every API process hears.
 * Skipped, with a message, when Redis or PostgreSQL does not answer.
 */
import { cpus, totalmem } from 'node:os';
import { Client as PgClient } from 'pg';
import { apiClient, type Client } from '../test/api-harness';
import {
  cpuSeconds,
  cpuSecondsBetween,
  cpuSecondsByName,
  machineCpuSeconds,
  probeRedis,
  REDIS_SERVER,
  redisAnswers,
  startQueueDeployment,
  type QueueDeployment,
} from '../test/queue-harness';
import { POSTGRES_URL } from '../test/targets';
import { loadConfig } from '../src/config';
import { channelsFor } from '../src/queue/redis-bus';

const RUNS = 1000;
const WARM_UP = 100;
const IN_FLIGHT = 64;
const TIMEOUT_MS = 180_000;

const threeNodes = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Three nodes',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    {
      id: 'double',
      kind: 'chunk' as const,
      position: { x: 200, y: 0 },
      handler: { ref: 'transform', config: { expression: 'input * 2' } },
    },
    { id: 'end', kind: 'end' as const, position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'double' },
    { id: 'e2', source: 'double', target: 'end' },
  ],
};

interface Measure {
  workers: number;
  runsPerSecond: number;
  seconds: number;
  /** CPU seconds over the measured runs, per process. */
  cpu: { api: number; workers: number[]; redis: number | undefined; postgres: number };
  /** The whole machine's busy CPU seconds (everything, other users included). */
  machineBusy: number;
  /** CPU seconds the machine had in all (wall time × cores). */
  machineTotal: number;
}

/** Completed runs as published on the deployment's Redis channel. */
async function followCompletions(redisUrl: string) {
  const subscriber = probeRedis(redisUrl);
  await subscriber.connect();
  const completed = new Set<string>();
  const waiting = new Set<() => void>();
  subscriber.on('message', (_channel: string, text: string) => {
    for (const event of JSON.parse(text) as { runId: string; type: string }[]) {
      if (event.type === 'run.completed') completed.add(event.runId);
    }
    for (const wake of [...waiting]) wake();
  });
  await subscriber.subscribe(channelsFor(redisUrl).events);
  return {
    /** Resolves once every id in `ids` has completed. */
    all(ids: ReadonlySet<string>): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(check);
          const done = [...ids].filter((id) => completed.has(id)).length;
          reject(new Error(`${done} of ${ids.size} runs completed within ${TIMEOUT_MS} ms`));
        }, TIMEOUT_MS);
        const check = () => {
          for (const id of ids) if (!completed.has(id)) return;
          clearTimeout(timer);
          waiting.delete(check);
          resolve();
        };
        waiting.add(check);
        check();
      });
    },
    stop: () => subscriber.disconnect(),
  };
}

/** Starts `count` runs, IN_FLIGHT at a time, and resolves once all completed; returns seconds. */
async function runBatch(
  api: Client,
  completions: Awaited<ReturnType<typeof followCompletions>>,
  flowId: string,
  count: number,
): Promise<number> {
  const ids = new Set<string>();
  const began = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        next += 1;
        ids.add((await api.runs.start.mutate({ flowId, input: next })).id);
      }
    }),
  );
  await completions.all(ids);
  return (performance.now() - began) / 1000;
}

async function redisServerPid(): Promise<number | undefined> {
  const redis = probeRedis(REDIS_SERVER);
  try {
    await redis.connect();
    const info = await redis.info('server');
    const pid = /process_id:(\d+)/.exec(info)?.[1];
    return pid === undefined ? undefined : Number(pid);
  } finally {
    redis.disconnect();
  }
}

async function measure(workerCount: number): Promise<Measure> {
  const deployment: QueueDeployment = await startQueueDeployment({ workers: workerCount });
  const completions = await followCompletions(deployment.redis.url);
  try {
    const { api: server } = deployment;
    const anonymous = apiClient(server.url);
    const { token } = await anonymous.auth.signIn.mutate({ token: server.signInToken ?? '' });
    const api = apiClient(server.url, token);
    const { flow } = await api.flows.create.mutate({
      name: threeNodes.name,
      blueprint: threeNodes,
    });

    await runBatch(api, completions, flow.id, WARM_UP); // JIT, connection pools, statement caches
    const pids = [server.pid, ...deployment.workers.map((worker) => worker.pid)];
    const redisPid = await redisServerPid();
    const cpuOf = (pid: number | undefined) =>
      pid === undefined ? Promise.resolve(undefined) : cpuSeconds(pid);
    const before = await Promise.all([...pids, redisPid].map(cpuOf));
    const postgresBefore = await cpuSecondsByName('postgres');
    const machineBefore = await machineCpuSeconds();
    const seconds = await runBatch(api, completions, flow.id, RUNS);
    const machineAfter = await machineCpuSeconds();
    const after = await Promise.all([...pids, redisPid].map(cpuOf));
    const postgresAfter = await cpuSecondsByName('postgres');
    const used = after.map((value, k) => {
      const start = before[k];
      return value === undefined || start === undefined ? undefined : value - start;
    });

    // The runs really are in the database, completed.
    const pg = new PgClient({ connectionString: deployment.databaseUrl });
    await pg.connect();
    const { rows } = await pg.query<{ n: string }>(
      "select count(*) as n from runs where status = 'completed'",
    );
    await pg.end();
    if (Number(rows[0]?.n) !== RUNS + WARM_UP) {
      throw new Error(`${rows[0]?.n} runs completed in the database, not ${RUNS + WARM_UP}`);
    }
    return {
      workers: workerCount,
      runsPerSecond: RUNS / seconds,
      seconds,
      cpu: {
        api: used[0] ?? NaN,
        workers: used.slice(1, pids.length).map((value) => value ?? NaN),
        redis: used[pids.length],
        postgres: cpuSecondsBetween(postgresBefore, postgresAfter),
      },
      machineBusy: machineAfter.busy - machineBefore.busy,
      machineTotal: machineAfter.total - machineBefore.total,
    };
  } finally {
    completions.stop();
    await deployment.close();
  }
}

async function postgresAnswers(): Promise<boolean> {
  const pg = new PgClient({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await pg.connect();
    return true;
  } catch {
    return false;
  } finally {
    await pg.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const redisAt = new URL(REDIS_SERVER).host;
  if (!(await redisAnswers())) {
    console.log(`skipped: Redis at ${redisAt} does not answer`);
    return;
  }
  if (!(await postgresAnswers())) {
    console.log(`skipped: PostgreSQL at ${new URL(POSTGRES_URL).host} does not answer`);
    return;
  }
  const one = await measure(1);
  const two = await measure(2);

  const percent = (cpuSecondsUsed: number | undefined, wall: number) =>
    cpuSecondsUsed === undefined ? 'n/a' : `${Math.round((cpuSecondsUsed / wall) * 100)}%`;
  const rate = (m: Measure) => `${Math.round(m.runsPerSecond).toLocaleString('en-US')} runs/s`;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const concurrency = loadConfig({}).workerConcurrency;
  console.log(
    `TriggerFlow queue-mode benchmark — Node ${process.version}, ${cpus().length} × ${cpu}, ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB; PostgreSQL + Redis (BullMQ), one API process, ` +
      `WORKER_CONCURRENCY ${concurrency}; ${RUNS.toLocaleString('en-US')} runs of a 3-node flow ` +
      `via runs.start (${IN_FLIGHT} in flight) after a warm-up of ${WARM_UP}\n`,
  );
  const rows = [
    ['workers', 'runs completed', 'API', 'worker(s)', 'Redis', 'PostgreSQL', 'rest', 'machine'],
    ...[one, two].map((m) => {
      const ours =
        m.cpu.api + m.cpu.workers.reduce((a, b) => a + b, 0) + (m.cpu.redis ?? 0) + m.cpu.postgres;
      return [
        String(m.workers),
        `${rate(m)} (${m.seconds.toFixed(1)} s)`,
        percent(m.cpu.api, m.seconds),
        m.cpu.workers.map((value) => percent(value, m.seconds)).join(' + '),
        percent(m.cpu.redis, m.seconds),
        percent(m.cpu.postgres, m.seconds),
        percent(Math.max(0, m.machineBusy - ours), m.seconds),
        `${Math.round((m.machineBusy / m.machineTotal) * 100)}% busy`,
      ];
    }),
  ];
  const widths = (rows[0] as string[]).map((_, c) =>
    Math.max(...rows.map((r) => (r[c] as string).length)),
  );
  for (const row of rows) {
    console.log(
      row
        .map((cell, c) => cell.padEnd(widths[c] as number))
        .join('  ')
        .trimEnd(),
    );
  }
  console.log(
    `\nratio 2 workers / 1 worker: ${(two.runsPerSecond / one.runsPerSecond).toFixed(2)}\n` +
      `CPU use over the measured runs, in % of one core (${cpus().length} cores = ${cpus().length * 100}%); ` +
      `PostgreSQL: all its processes; rest: whatever else ran on the machine meanwhile`,
  );
}

await main();
