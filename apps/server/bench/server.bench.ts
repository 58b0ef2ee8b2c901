/**
 * Server benchmark (`pnpm bench`): a real server on port 0 with a temp SQLite file and
 * checkpoints on, driven through the real tRPC and socket.io clients.
 *  1. runs started and completed per second, 3-node flow (start → transform → end);
 *  2. latency from `putIntoStream` (an emitToStream step) to a socket client receiving the item,
 *     with 200 concurrent runs each streaming 20 items.
 */
import { fork, type Serializable } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { pino } from 'pino';
import { createServer, loadConfig, type AppRouter } from '../src';
import type { RunBus } from '../src/runs/run-bus';

const THROUGHPUT_RUNS = 3000;
const REPEATS = 3;
const IN_FLIGHT = 64;
const LATENCY_RUNS = 200;
const ITEMS = 20;
/** Each run streams an item every this many ms (200 runs: up to 2,000 items/s in all). */
const ITEM_INTERVAL_MS = 100;
/** Each streaming run waits this long first, so the measure is of 200 runs all live. */
const SETTLE_MS = 1000;

const node = (id: string, ref: string, config: unknown, x: number, extra: object = {}) => ({
  id,
  kind: 'chunk' as const,
  position: { x, y: 0 },
  handler: { ref, config },
  ...extra,
});

const threeNodes = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Three nodes',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    node('double', 'transform', { expression: 'input * 2' }, 200),
    { id: 'end', kind: 'end' as const, position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'double' },
    { id: 'e2', source: 'double', target: 'end' },
  ],
};

const streaming = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Streaming',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    // Streaming begins once every run has started and its client has subscribed.
    node('settle', 'delay', { ms: SETTLE_MS }, 100),
    node('list', 'transform', { expression: `[1..${ITEMS}]` }, 200),
    {
      id: 'each',
      kind: 'forEach' as const,
      position: { x: 400, y: 0 },
      size: { width: 400, height: 140 },
      options: { concurrency: 1 },
    },
    node('wait', 'delay', { ms: ITEM_INTERVAL_MS }, 40, { parentId: 'each' }),
    node('emit', 'emitToStream', { item: "{ 'n': input, 't': $millis() }" }, 200, {
      parentId: 'each',
    }),
    { id: 'end', kind: 'end' as const, position: { x: 900, y: 0 } },
  ],
  edges: [
    { id: 'e0', source: 'start', target: 'settle' },
    { id: 'e1', source: 'settle', target: 'list' },
    { id: 'e2', source: 'list', target: 'each' },
    { id: 'e3', source: 'each', sourceHandle: 'item', target: 'wait' },
    { id: 'e4', source: 'wait', target: 'emit' },
    { id: 'e5', source: 'emit', target: 'each', targetHandle: 'end' },
    { id: 'e6', source: 'each', sourceHandle: 'out', target: 'end' },
  ],
};

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

type Api = ReturnType<typeof createTRPCClient<AppRouter>>;

/** Starts `count` runs, `IN_FLIGHT` at a time; resolves with runs completed per second. */
async function throughput(api: Api, bus: RunBus, flowId: string, count: number): Promise<number> {
  const completed = new Set<string>();
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const stop = bus.onAnyRunEvent((event) => {
    if (event.type !== 'run.completed') return;
    completed.add(event.runId);
    if (completed.size === count) allDone();
  });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) {
        next += 1;
        await api.runs.start.mutate({ flowId, input: next });
      }
    }),
  );
  await done;
  stop();
  return count / ((performance.now() - started) / 1000);
}

/** The socket client process (stream-client.ts) and a way to wait for its next message. */
interface StreamClient {
  send(message: unknown): void;
  next<T>(type: string): Promise<T>;
  stop(): void;
}

function forkStreamClient(url: string, token: string): StreamClient {
  const child = fork(fileURLToPath(new URL('./stream-client.ts', import.meta.url)), [url, token], {
    execArgv: ['--import', 'tsx'],
  });
  const waiting = new Map<string, (message: unknown) => void>();
  child.on('message', (message: { type: string }) => waiting.get(message.type)?.(message));
  return {
    send: (message) => child.send(message as Serializable),
    next: <T>(type: string) =>
      new Promise<T>((resolve) => waiting.set(type, (message) => resolve(message as T))),
    stop: () => child.kill(),
  };
}

/**
 * Starts `count` streaming runs spread over one item interval (independent runs; all at once they
 * would stream in lockstep) and has the client process follow each; resolves with the sorted
 * latencies of the items it received live.
 */
async function streamLatency(
  api: Api,
  client: StreamClient,
  flowId: string,
  count: number,
): Promise<number[]> {
  const ready = client.next('ready');
  client.send({ type: 'phase', count });
  await ready;
  const done = client.next<{ latencies: number[] }>('done');
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * ITEM_INTERVAL_MS) / count));
      const run = await api.runs.start.mutate({ flowId, input: null });
      client.send({ type: 'follow', runId: run.id });
    }),
  );
  return (await done).latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'triggerflow-bench-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'studio.db')}`,
    LOG_LEVEL: 'silent',
  });
  const server = await createServer({ config, logger: pino({ level: 'silent' }) });
  let client: StreamClient | undefined;
  try {
    const anonymous = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${server.url}/trpc` })],
    });
    const { token } = await anonymous.auth.signIn.mutate({ token: server.signIn?.token ?? '' });
    const api = createTRPCClient<AppRouter>({
      links: [
        httpBatchLink({
          url: `${server.url}/trpc`,
          headers: { authorization: `Bearer ${token}` },
          // The server takes at most MAX_BATCH_CALLS (100) calls per request.
          maxItems: 100,
        }),
      ],
    });
    const bus = server.services.runs.bus;
    const connected = (client = forkStreamClient(server.url, token)).next('connected');
    await connected;
    const three = await api.flows.create.mutate({ name: 'Three nodes', blueprint: threeNodes });
    const stream = await api.flows.create.mutate({ name: 'Streaming', blueprint: streaming });

    // Warm-up (JIT, statement caches), then the measured runs.
    await throughput(api, bus, three.flow.id, 500);
    await streamLatency(api, client, stream.flow.id, 50);
    // Each scenario three times (this machine's figures move by tens of percent run to run):
    // the table shows the median run (by rate, by p99) and the range.
    const rates: number[] = [];
    const samples: number[][] = [];
    for (let i = 0; i < REPEATS; i += 1) {
      rates.push(await throughput(api, bus, three.flow.id, THROUGHPUT_RUNS));
      samples.push(await streamLatency(api, client, stream.flow.id, LATENCY_RUNS));
    }
    rates.sort((a, b) => a - b);
    samples.sort((a, b) => percentile(a, 99) - percentile(b, 99));
    const runsPerSecond = rates[Math.floor(REPEATS / 2)] as number;
    const latencies = samples[Math.floor(REPEATS / 2)] as number[];
    const p99s = samples.map((list) => percentile(list, 99));

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      `TriggerFlow server benchmark — Node ${process.version}, ${cpus().length} × ${cpu}, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB; SQLite (WAL), checkpoints on; after a warm-up, median of ${REPEATS}\n`,
    );
    const rows = [
      ['scenario', 'figure', 'budget'],
      [
        `${THROUGHPUT_RUNS.toLocaleString('en-US')} runs of a 3-node flow via runs.start (${IN_FLIGHT} in flight)`,
        `${Math.round(runsPerSecond).toLocaleString('en-US')} runs/s (${rates.map((r) => Math.round(r).toLocaleString('en-US')).join(' / ')})`,
        '≥ 1,000 runs/s',
      ],
      [
        `putIntoStream → socket client (another process), ${LATENCY_RUNS} concurrent runs × ${ITEMS} items every ${ITEM_INTERVAL_MS} ms (${latencies.length.toLocaleString('en-US')} live samples)`,
        `p50 ${percentile(latencies, 50)} ms · p99 ${percentile(latencies, 99)} ms · max ${latencies.at(-1)} ms (p99s ${p99s.join(' / ')})`,
        'p99 < 20 ms',
      ],
    ];
    const widths = (rows[0] as string[]).map((_, c) =>
      Math.max(...rows.map((r) => (r[c] as string).length)),
    );
    for (const row of rows)
      console.log(row.map((cell, c) => cell.padEnd(widths[c] as number)).join('  '));
  } finally {
    client?.stop();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
