/**
 * Server benchmark (`pnpm bench`): a real server on port 0 with a temp SQLite file and
 * checkpoints on, driven through the real tRPC and socket.io clients.
 *  1. runs started and completed per second, 3-node flow (start → transform → end);
 *  2. latency from `putIntoStream` (an emitToStream step) to a socket client receiving the item,
 *     with 200 concurrent runs each streaming 20 items.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { pino } from 'pino';
import { io, type Socket } from 'socket.io-client';
import type { RunEvent } from '@triggerflow/blueprint';
import { createServer, loadConfig, type AppRouter } from '../src';
import type { RunBus } from '../src/runs/run-bus';

const THROUGHPUT_RUNS = 3000;
const IN_FLIGHT = 64;
const LATENCY_RUNS = 200;
const ITEMS = 20;
/** Each run streams an item every this many ms (200 runs: up to 2,000 items/s in all). */
const ITEM_INTERVAL_MS = 100;

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
    { id: 'e1', source: 'start', target: 'list' },
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

/**
 * Starts `count` streaming runs spread over one item interval (independent runs; all at once they
 * would stream in lockstep) and subscribes to each; resolves with the sorted latencies of the
 * items received live (not those sent as catch-up when subscribing).
 */
async function streamLatency(
  api: Api,
  sockets: readonly Socket[],
  flowId: string,
  count: number,
): Promise<number[]> {
  const latencies: number[] = [];
  const finished = new Set<string>();
  const caughtUpTo = new Map<string, number>();
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const onEvent = (event: RunEvent) => {
    const received = Date.now();
    if (event.type === 'stream.item') {
      const floor = caughtUpTo.get(event.runId);
      if (floor !== undefined && event.seq > floor) {
        latencies.push(received - (event.payload.item as { t: number }).t);
      }
    }
    if (event.type === 'run.completed' && caughtUpTo.has(event.runId)) {
      finished.add(event.runId);
      if (finished.size === count) allDone();
    }
  };
  for (const socket of sockets) socket.on('run:event', onEvent);
  await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * ITEM_INTERVAL_MS) / count));
      const run = await api.runs.start.mutate({ flowId, input: null });
      const socket = sockets[index % sockets.length] as Socket;
      const ack = (await socket.emitWithAck('run:subscribe', { runId: run.id })) as {
        ok: boolean;
        lastSeq: number;
      };
      if (!ack.ok) throw new Error(`subscribe failed: ${JSON.stringify(ack)}`);
      caughtUpTo.set(run.id, ack.lastSeq);
    }),
  );
  await done;
  for (const socket of sockets) socket.off('run:event', onEvent);
  for (const [runId] of caughtUpTo) {
    const socket = sockets[[...caughtUpTo.keys()].indexOf(runId) % sockets.length] as Socket;
    await socket.emitWithAck('run:unsubscribe', { runId });
  }
  return latencies.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'triggerflow-bench-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_URL: `sqlite:${join(dir, 'studio.db')}`,
    LOG_LEVEL: 'silent',
  });
  const server = await createServer({ config, logger: pino({ level: 'silent' }) });
  const sockets: Socket[] = [];
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
        }),
      ],
    });
    const bus = server.services.runs.bus;
    // Two sockets: one connection may follow at most 200 runs.
    for (let i = 0; i < 2; i += 1) {
      const socket = io(server.url, { auth: { token }, transports: ['websocket'] });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      sockets.push(socket);
    }
    const three = await api.flows.create.mutate({ name: 'Three nodes', blueprint: threeNodes });
    const stream = await api.flows.create.mutate({ name: 'Streaming', blueprint: streaming });

    // Warm-up (JIT, statement caches), then the measured runs.
    await throughput(api, bus, three.flow.id, 500);
    await streamLatency(api, sockets, stream.flow.id, 50);
    const runsPerSecond = await throughput(api, bus, three.flow.id, THROUGHPUT_RUNS);
    const latencies = await streamLatency(api, sockets, stream.flow.id, LATENCY_RUNS);

    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    console.log(
      `TriggerFlow server benchmark — Node ${process.version}, ${cpus().length} × ${cpu}, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB; SQLite (WAL), checkpoints on; after a warm-up\n`,
    );
    const rows = [
      ['scenario', 'figure', 'budget'],
      [
        `${THROUGHPUT_RUNS.toLocaleString('en-US')} runs of a 3-node flow via runs.start (${IN_FLIGHT} in flight)`,
        `${Math.round(runsPerSecond).toLocaleString('en-US')} runs/s`,
        '≥ 1,000 runs/s',
      ],
      [
        `putIntoStream → socket client, ${LATENCY_RUNS} concurrent runs × ${ITEMS} items every ${ITEM_INTERVAL_MS} ms (${latencies.length.toLocaleString('en-US')} live samples)`,
        `p50 ${percentile(latencies, 50)} ms · p99 ${percentile(latencies, 99)} ms · max ${latencies.at(-1)} ms`,
        'p99 < 20 ms',
      ],
    ];
    const widths = (rows[0] as string[]).map((_, c) =>
      Math.max(...rows.map((r) => (r[c] as string).length)),
    );
    for (const row of rows)
      console.log(row.map((cell, c) => cell.padEnd(widths[c] as number)).join('  '));
  } finally {
    for (const socket of sockets) socket.disconnect();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
