import type { RunEvent } from '@triggerflow/blueprint';
import { Client as PgClient } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type {
  ClientToServerEvents,
  RunSubscribeAck,
  ServerToClientEvents,
} from '../src/socket/protocol';
import { apiClient, type Client } from './api-harness';
import { killChildServers, startChildServer } from './child-server';
import {
  killChildWorkers,
  queueEnv,
  runUntilExit,
  startChildWorker,
  startQueueDeployment,
  unfinishedJobs,
  type ChildWorker,
  type QueueDeployment,
} from './queue-harness';
import { slowForEachApprovalFlow, squaresOf, TICKET } from './run-fixtures';

/**
 * Issue 8's test: queue mode as it is deployed — one API process and two `pnpm worker` processes
 * (children), a fresh PostgreSQL schema and a Redis DB of their own. 100 runs of samples with a
 * forEach and an approval; one worker is killed (`kill -9`) while it drives runs that are in the
 * middle of their forEach; every approval is decided through the API (and sent again); then every
 * run must have completed exactly once, with gapless seqs, one decision applied once, and a socket
 * client of the API process must have received exactly the stored events of every run.
 */

const PLAYBOOK_RUNS = 50;
const SLOW_RUNS = 50;
const ITEMS = 8;
const ITEM_DELAY_MS = 250;
const CONCURRENCY = 16;
const POLL_MS = 25;
/** Runs one socket follows (the gateway allows 200 per connection). */
const PER_SOCKET = 50;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface RunRef {
  id: string;
  kind: 'playbook' | 'slow';
  n: number;
}

// ---------------------------------------------------------------------------------------------
// The slow sample: start → list (ITEMS) → forEach (2 at a time: delay → square) → keep → approval
// → record → end. Each run spends ~1 s in its forEach, so a kill finds runs in the middle of it.

const chunk = (id: string, x: number, ref: string, config: object) => ({
  id,
  kind: 'chunk' as const,
  position: { x, y: 0 },
  handler: { ref, config },
});

const slowFlow = slowForEachApprovalFlow({
  name: 'Queue slow forEach',
  items: ITEMS,
  delayMs: ITEM_DELAY_MS,
  approvalTitle: 'Ship it?',
  record: "{ 'decision': input.outcome, 'count': $count(state.results) }",
});

const squares = (n: number) => squaresOf(n, ITEMS);

// ---------------------------------------------------------------------------------------------
// Helpers

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: { ms: number; describe?: () => string },
): Promise<T> {
  const deadline = Date.now() + options.ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${options.ms} ms waiting for ${what}\n${options.describe?.() ?? ''}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Every stored event of a run through `runs.events`, in pages of `limit` (several per run). */
async function allEvents(client: Client, runId: string, limit = 16): Promise<RunEvent[]> {
  const events: RunEvent[] = [];
  for (;;) {
    const page = await client.runs.events.query({
      id: runId,
      afterSeq: events.at(-1)?.seq ?? 0,
      limit,
    });
    events.push(...(page as RunEvent[]));
    if (page.length < limit) return events;
  }
}

const ofType = (events: readonly RunEvent[], type: RunEvent['type'], nodeId?: string) =>
  events.filter(
    (event) =>
      event.type === type &&
      (nodeId === undefined ||
        ('nodeId' in event.payload && (event.payload as { nodeId?: string }).nodeId === nodeId)),
  );

/** A lease row joined with where its run is: inside its forEach or not. */
interface LeaseRow {
  run_id: string;
  owner: string;
  entered: boolean;
  left: boolean;
}

/**
 * Watches `run_leases` (which worker drives which run right now) every POLL_MS, through its own
 * PostgreSQL connection: every owner seen per run, and the latest rows.
 */
async function watchLeases(databaseUrl: string) {
  const pg = new PgClient({ connectionString: databaseUrl });
  await pg.connect();
  const ownersByRun = new Map<string, Set<string>>();
  let latest: LeaseRow[] = [];
  let stopped = false;
  const read = async () => {
    const { rows } = await pg.query<LeaseRow>(
      `select l.run_id, l.owner,
              coalesce(bool_or(e.type = 'node.started' and e.payload->>'nodeId' = 'each'), false) as entered,
              coalesce(bool_or(e.type = 'node.completed' and e.payload->>'nodeId' = 'each'), false) as left
         from run_leases l left join run_events e on e.run_id = l.run_id
        group by l.run_id, l.owner`,
    );
    for (const row of rows) {
      let owners = ownersByRun.get(row.run_id);
      if (!owners) ownersByRun.set(row.run_id, (owners = new Set()));
      owners.add(row.owner);
    }
    latest = rows;
    return rows;
  };
  const loop = (async () => {
    while (!stopped) {
      await read();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return {
    ownersByRun,
    latest: () => latest,
    read,
    /** Every owner seen on any run so far. */
    owners: () => [...new Set([...ownersByRun.values()].flatMap((set) => [...set]))],
    async stop() {
      stopped = true;
      await loop;
      await pg.end();
    },
  };
}

/** Whether a lease row's owner is `worker` (its owner id, or a per-job owner under it). */
const heldBy = (owner: string, worker: ChildWorker) =>
  owner === worker.owner || owner.startsWith(`${worker.owner}:`);

function connectSocket(url: string, token: string): Promise<LiveSocket> {
  const socket: LiveSocket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

// ---------------------------------------------------------------------------------------------

describe('queue mode: one API process, two workers, kill -9 of one', () => {
  let deployment: QueueDeployment | undefined;
  const sockets: LiveSocket[] = [];
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await deployment?.close();
    await killChildWorkers();
    await killChildServers();
  });

  it('completes 100 runs exactly once; the socket client gets every stored event', async () => {
    const began = performance.now();
    deployment = await startQueueDeployment({ workers: 2, concurrency: CONCURRENCY });
    const { api, workers, databaseUrl } = deployment;
    const bootMs = Math.round(performance.now() - began);
    const output = () =>
      [
        `--- API ---\n${api.tail()}`,
        ...workers.map((w) => `--- worker ${w.owner} ---\n${w.tail()}`),
      ].join('\n');

    // The first admin, and an approver (the playbook forbids self-approval: the admin starts).
    const anonymous = apiClient(api.url);
    if (api.signInToken === undefined) throw new Error(`no sign-in token\n${output()}`);
    const adminSession = await anonymous.auth.signIn.mutate({ token: api.signInToken });
    const admin = apiClient(api.url, adminSession.token);
    const created = await admin.users.create.mutate({ name: 'Ada', roles: ['approver'] });
    const approverSecret = new URL(created.signInUrl).searchParams.get('token') ?? '';
    const approverSession = await anonymous.auth.signIn.mutate({ token: approverSecret });
    const approver = apiClient(api.url, approverSession.token);
    const approverId = created.user.id;

    const playbook = (
      await admin.flows.createFromTemplate.mutate({ templateId: 'orchestration-playbook' })
    ).flow.id;
    expect((await admin.flows.validate.query({ blueprint: slowFlow })).issues).toEqual([]);
    const slow = await admin.flows.create.mutate({ name: slowFlow.name, blueprint: slowFlow });
    expect(slow.issues).toEqual([]);

    // Two sockets of the API process follow every run (a connection follows 200 at most).
    const received = new Map<string, RunEvent[]>();
    for (let k = 0; k < Math.ceil((PLAYBOOK_RUNS + SLOW_RUNS) / PER_SOCKET); k += 1) {
      const socket = await connectSocket(api.url, adminSession.token);
      sockets.push(socket);
      socket.on('run:events', (events) => {
        for (const event of events) {
          let list = received.get(event.runId);
          if (!list) received.set(event.runId, (list = []));
          list.push(event);
        }
      });
    }

    const leases = await watchLeases(databaseUrl);
    try {
      // Decisions go out as prompts appear, before, during and after the kill: one key per run,
      // each sent a second time (a replay: nothing applied again).
      const runs: RunRef[] = [];
      const decisions = new Map<string, string>();
      let allStarted = false;
      let deciderFailed: Error | undefined;
      const decider = (async () => {
        const deadline = Date.now() + 70_000;
        while (!allStarted || decisions.size < runs.length) {
          if (Date.now() > deadline) throw new Error(`decided ${decisions.size} runs only`);
          const ours = new Set(runs.map((run) => run.id));
          const pending = (await approver.approvals.pending.query()).filter(
            (p) => ours.has(p.prompt.runId) && !decisions.has(p.prompt.runId),
          );
          await Promise.all(
            pending.map(async ({ prompt }) => {
              const request = {
                runId: prompt.runId,
                interruptId: prompt.interruptId,
                response: { decision: 'approve', comment: `ok ${prompt.runId}` },
                idempotencyKey: `queue-${prompt.runId}`,
              };
              const first = await approver.approvals.decide.mutate(request);
              expect(first, prompt.runId).toMatchObject({ created: true, status: 'decided' });
              const again = await approver.approvals.decide.mutate(request);
              expect(again, prompt.runId).toMatchObject({
                created: false,
                status: 'decided',
                decision: { id: first.decision.id },
              });
              decisions.set(prompt.runId, first.decision.id);
            }),
          );
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      // Awaited at the end; a failure meanwhile stops the waits below at once.
      decider.catch((error: unknown) => {
        deciderFailed = error instanceof Error ? error : new Error(String(error));
      });

      // 100 runs, the two kinds interleaved; each followed from its first event.
      const startedAt = performance.now();
      const kinds = Array.from({ length: PLAYBOOK_RUNS + SLOW_RUNS }, (_, k) =>
        k % 2 === 0 && k / 2 < PLAYBOOK_RUNS ? 'playbook' : 'slow',
      );
      await Promise.all(
        kinds.map(async (kind, k) => {
          const n = k + 1;
          const record = await admin.runs.start.mutate(
            kind === 'playbook'
              ? { flowId: playbook, input: { ...TICKET, id: `T-${n}` } }
              : { flowId: slow.flow.id, input: { n } },
          );
          runs.push({ id: record.id, kind, n });
          const socket = sockets[k % sockets.length] as LiveSocket;
          const ack = (await socket
            .timeout(10_000)
            .emitWithAck('run:subscribe', { runId: record.id, afterSeq: 0 })) as RunSubscribeAck;
          expect(ack, record.id).toMatchObject({ ok: true, runId: record.id });
        }),
      );
      allStarted = true;

      // Kill a worker once both have driven runs and it drives several runs inside their forEach.
      let seen = '';
      const victim = await waitFor(
        'both workers driving runs, one of them with runs inside the forEach',
        () => {
          const owners = leases.owners();
          const midForEach = (worker: ChildWorker) =>
            leases.latest().filter((row) => heldBy(row.owner, worker) && row.entered && !row.left)
              .length;
          const drove = (worker: ChildWorker) => owners.some((owner) => heldBy(owner, worker));
          seen = workers
            .map((w) => `${w.owner}: seen ${drove(w)}, ${midForEach(w)} mid-forEach`)
            .join('; ');
          if (!workers.every(drove)) return Promise.resolve(undefined);
          const [busiest] = [...workers].sort((a, b) => midForEach(b) - midForEach(a));
          return Promise.resolve(busiest && midForEach(busiest) >= 3 ? busiest : undefined);
        },
        { ms: 20_000, describe: () => `${seen}\n${output()}` },
      );
      const survivor = workers.find((worker) => worker !== victim) as ChildWorker;
      const killedAfterMs = Math.round(performance.now() - startedAt);
      expect(await victim.kill()).toEqual({ code: null, signal: 'SIGKILL' });
      // The killed worker's leases stay behind until they expire: the runs it drove at its death.
      const heldAtDeath = (await leases.read()).filter((row) => heldBy(row.owner, victim));
      const midForEachAtDeath = heldAtDeath.filter((row) => row.entered && !row.left);
      expect(midForEachAtDeath.length, seen).toBeGreaterThan(0);
      const byId = new Map(runs.map((run) => [run.id, run]));
      const image = new Map(
        await Promise.all(
          runs.map(async (run) => [run.id, await allEvents(admin, run.id, 1000)] as const),
        ),
      );

      // Every run completes: the survivor takes over the killed worker's runs from their
      // checkpoints once their jobs stall and their leases expire.
      let counts = '';
      await waitFor(
        '100 runs to complete',
        async () => {
          if (deciderFailed !== undefined) throw deciderFailed;
          const records = await Promise.all(
            runs.map((run) => admin.runs.get.query({ id: run.id })),
          );
          const byStatus = new Map<string, number>();
          for (const { status } of records) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
          counts = JSON.stringify(Object.fromEntries(byStatus));
          return records.every((record) => record.status === 'completed') ? true : undefined;
        },
        {
          ms: 60_000,
          describe: () => `statuses ${counts}, decided ${decisions.size}\n${output()}`,
        },
      );
      const completedAfterMs = Math.round(performance.now() - startedAt);
      await decider;
      expect(decisions.size).toBe(runs.length);
      expect(await approver.approvals.pending.query()).toEqual([]);

      // Stored events: gapless, the approval applied once, nothing before the kill rewritten.
      const stored = new Map(
        await Promise.all(
          runs.map(async (run) => [run.id, await allEvents(admin, run.id)] as const),
        ),
      );
      let rerunSteps = 0;
      for (const run of runs) {
        const label = `${run.kind} ${run.n} (${run.id})`;
        const events = stored.get(run.id) ?? [];
        expect(
          events.map((event) => event.seq),
          label,
        ).toEqual(events.map((_, k) => k + 1));
        expect(events.slice(0, image.get(run.id)?.length), label).toEqual(image.get(run.id));
        const count = (type: RunEvent['type'], nodeId?: string) =>
          ofType(events, type, nodeId).length;
        expect(
          {
            started: count('run.started'),
            paused: count('run.paused'),
            voted: count('approval.voted'),
            resumed: count('run.resumed'),
            approveCompleted: count('node.completed', 'approve'),
            completed: count('run.completed'),
            failed: count('node.failed') + count('run.failed') + count('run.cancelled'),
          },
          label,
        ).toEqual({
          started: 1,
          paused: 1,
          voted: 1,
          resumed: 1,
          approveCompleted: 1,
          completed: 1,
          failed: 0,
        });
        expect(events.at(-1)?.type, label).toBe('run.completed');
        const [paused] = ofType(events, 'run.paused');
        const interruptId = (paused?.payload as { prompt: { interruptId: string } }).prompt
          .interruptId;
        expect(ofType(events, 'run.resumed')[0]?.payload, label).toEqual({
          interruptId,
          nodeId: 'approve',
          how: 'answered',
          actor: approverId,
        });
        expect(ofType(events, 'approval.voted')[0]?.payload, label).toMatchObject({
          interruptId,
          vote: { actor: approverId, outcome: 'approved' },
        });
        const approveOutput = ofType(events, 'node.completed', 'approve')[0]?.payload as {
          output: { outcome: string; votes: unknown[] };
        };
        expect(approveOutput.output.outcome, label).toBe('approved');
        expect(approveOutput.output.votes, label).toHaveLength(1);
        const snapshot = (
          ofType(events, 'run.completed')[0]?.payload as { snapshot: Record<string, unknown> }
        ).snapshot;
        if (run.kind === 'slow') {
          // A step the killed worker did after its last checkpoint runs again (at-least-once):
          // the forEach may complete twice, always with the same items.
          const eachOutputs = ofType(events, 'node.completed', 'each').map(
            (event) => (event.payload as { output: unknown }).output,
          );
          expect(eachOutputs.length, label).toBeGreaterThanOrEqual(1);
          for (const output of eachOutputs) expect(output, label).toEqual(squares(run.n));
          expect(snapshot, label).toMatchObject({
            results: squares(run.n),
            final: { decision: 'approved', count: ITEMS },
          });
          rerunSteps += count('node.completed', 'square') - ITEMS;
        } else {
          expect(snapshot, label).toMatchObject({
            final: { ticket: `T-${run.n}`, decision: 'approved', closed: true },
          });
        }
      }

      // The socket client of the API process got exactly the stored events, in order, per run.
      await waitFor(
        'the socket client to receive every run.completed',
        () =>
          Promise.resolve(
            runs.every((run) => received.get(run.id)?.at(-1)?.type === 'run.completed') ||
              undefined,
          ),
        { ms: 10_000 },
      );
      for (const run of runs) {
        expect(received.get(run.id), `socket events of ${run.kind} ${run.n}`).toEqual(
          stored.get(run.id),
        );
      }

      // The survivor finished what the killed worker held: it took over every lease the killed
      // worker left (a lease row is deleted only by its owner), and drove the mid-forEach runs.
      await leases.read();
      expect(leases.latest()).toEqual([]);
      for (const row of midForEachAtDeath) {
        const owners = [...(leases.ownersByRun.get(row.run_id) ?? [])];
        expect(
          owners.some((owner) => heldBy(owner, survivor)),
          `${byId.get(row.run_id)?.kind} ${row.run_id}: leased by ${owners.join(', ')}`,
        ).toBe(true);
        const before = image.get(row.run_id) ?? [];
        expect(ofType(before, 'node.completed', 'each'), row.run_id).toEqual([]);
      }
      expect(survivor.errors(), survivor.tail()).toEqual([]);

      console.info(
        `queue test: boot ${bootMs} ms; killed a worker ${killedAfterMs} ms after the first start, ` +
          `holding ${heldAtDeath.length} runs (${midForEachAtDeath.length} mid-forEach); ` +
          `all completed at ${completedAfterMs} ms; ${rerunSteps} forEach steps ran twice`,
      );
    } finally {
      await leases.stop();
    }
  }, 150_000);
});

/** start → approval → wait (a while, so the run is still going when a second job loads it) → end. */
const approvalThenWait = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Approval, then a wait',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    chunk('approve', 200, 'approval', { title: 'Go?', approvers: { roles: ['approver'] } }),
    chunk('wait', 400, 'delay', { ms: 500 }),
    { id: 'end', kind: 'end' as const, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'e-start', source: 'start', target: 'approve' },
    { id: 'e-approve', source: 'approve', target: 'wait' },
    { id: 'e-wait', source: 'wait', target: 'end' },
  ],
};

describe('queue mode: two jobs of one run reach the same worker', () => {
  let deployment: QueueDeployment | undefined;
  afterAll(async () => {
    await deployment?.close();
    await killChildWorkers();
    await killChildServers();
  });

  // While no worker runs, a decision enqueues `continue` and an API restart enqueues `resume` for
  // the same run; the next worker takes both at once. The run's lease must let one of them drive
  // the run, not both (the same owner renews its own lease).
  it('applies a decision once when a worker gets its continue and an API restart resume', async () => {
    deployment = await startQueueDeployment({ workers: 1 });
    const { databaseUrl, redis } = deployment;
    let api = deployment.api;
    const env = queueEnv({ databaseUrl, redisUrl: redis.url });
    const anonymous = apiClient(api.url);
    const adminSession = await anonymous.auth.signIn.mutate({ token: api.signInToken ?? '' });
    const created = await apiClient(api.url, adminSession.token).users.create.mutate({
      name: 'Ada',
      roles: ['approver'],
    });
    const approverSession = await anonymous.auth.signIn.mutate({
      token: new URL(created.signInUrl).searchParams.get('token') ?? '',
    });
    const admin = () => apiClient(api.url, adminSession.token);
    const approver = () => apiClient(api.url, approverSession.token);
    const flow = await admin().flows.create.mutate({
      name: approvalThenWait.name,
      blueprint: approvalThenWait,
    });
    expect(flow.issues).toEqual([]);
    const run = await admin().runs.start.mutate({ flowId: flow.flow.id, input: null });
    const [pending] = await waitFor(
      'the run to pause with its job done',
      async () => {
        const prompts = await approver().approvals.pending.query({ runId: run.id });
        return prompts.length > 0 && (await unfinishedJobs(redis.url)) === 0 ? prompts : undefined;
      },
      { ms: 20_000 },
    );
    if (pending === undefined) throw new Error('no pending approval');

    // No worker: the decision's `continue` job waits; the API restart adds `resume`.
    for (const worker of deployment.workers) await worker.kill();
    const decided = await approver().approvals.decide.mutate({
      runId: run.id,
      interruptId: pending.prompt.interruptId,
      response: { decision: 'approve' },
      idempotencyKey: `once-${run.id}`,
    });
    expect(decided).toMatchObject({ created: true, status: 'decided' });
    await api.kill();
    api = deployment.api = await startChildServer({ databaseUrl, env, startTimeoutMs: 40_000 });
    // It listens first and enqueues `resume` for the open run in the background: ready once done.
    await waitFor(
      'the API process to be ready',
      async () => ((await fetch(`${api.url}/readyz`)).status === 200 ? true : undefined),
      { ms: 10_000 },
    );
    expect(await (await fetch(`${api.url}/readyz`)).json()).toEqual({ ready: true });
    expect(await unfinishedJobs(redis.url)).toBe(2);
    deployment.workers.push(await startChildWorker({ env, startTimeoutMs: 40_000 }));

    await waitFor(
      'the run to complete and every job to finish',
      async () =>
        (await admin().runs.get.query({ id: run.id })).status === 'completed' &&
        (await unfinishedJobs(redis.url)) === 0
          ? true
          : undefined,
      { ms: 30_000 },
    );
    const events = await allEvents(admin(), run.id);
    const count = (type: RunEvent['type'], nodeId?: string) => ofType(events, type, nodeId).length;
    expect({
      voted: count('approval.voted'),
      resumed: count('run.resumed'),
      approveCompleted: count('node.completed', 'approve'),
      waitCompleted: count('node.completed', 'wait'),
      completed: count('run.completed'),
    }).toEqual({ voted: 1, resumed: 1, approveCompleted: 1, waitCompleted: 1, completed: 1 });
    expect(events.map((event) => event.seq)).toEqual(events.map((_, k) => k + 1));
    expect(events.at(-1)?.type).toBe('run.completed');
  }, 90_000);
});

describe('queue mode configuration', () => {
  afterAll(() => killChildWorkers());

  it('refuses SQLite with REDIS_URL: the API process and a worker exit with the config message', async () => {
    const env = queueEnv({
      databaseUrl: 'sqlite:/tmp/never-created.db',
      redisUrl: 'redis://127.0.0.1:6379/15',
    });
    const message =
      'Invalid environment: REDIS_URL (queue mode) needs DATABASE_URL=postgres://… (workers share the database)';
    const [apiExit, workerExit] = await Promise.all([
      runUntilExit('src/main.ts', env),
      runUntilExit('src/worker-main.ts', env),
    ]);
    for (const exit of [apiExit, workerExit]) {
      expect(exit).toMatchObject({ code: 1, signal: null, timedOut: false });
      expect(exit.stderr.trim()).toBe(message);
    }
    // A worker without REDIS_URL has nothing to work on.
    const lonely = await runUntilExit('src/worker-main.ts', { ...env, REDIS_URL: '' });
    expect(lonely).toMatchObject({ code: 1, timedOut: false });
    expect(lonely.stderr.trim()).toBe('Invalid environment: a worker needs REDIS_URL (queue mode)');
  }, 120_000);
});
