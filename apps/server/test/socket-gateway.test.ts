import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PausePrompt, RunEvent } from '@triggerflow/blueprint';
import { pino } from 'pino';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuthService } from '../src/auth/auth-service';
import { RunBus, type ApprovalChange } from '../src/runs/run-bus';
import { mayDecide } from '../src/approvals/policy';
import { attachGateway, MAX_RUN_SUBSCRIPTIONS, type Gateway } from '../src/socket/gateway';
import type { AckError } from '../src/socket/protocol';
import { toRunEvent } from '../src/socket/run-stream';
import { openStorage, type Role, type Storage, type UserRecord } from '../src/storage';
import { createFlow, createRun } from './fixtures';
import { sqliteTarget, type Target } from './targets';
import { Notifier } from './notifier';

const WAIT_MS = 5_000;

/** Resolves waiters whose condition holds each time `notify()` is called; times out loudly. */

/** The real bus, counting its live subscriptions (to prove the gateway drops them all). */
class CountingBus extends RunBus {
  readonly runListeners = new Map<string, number>();
  approvalListeners = 0;
  readonly changed = new Notifier(WAIT_MS);

  get totalRunListeners(): number {
    return [...this.runListeners.values()].reduce((sum, n) => sum + n, 0);
  }

  override onRunEvent(runId: string, listener: (event: RunEvent) => void): () => void {
    const off = super.onRunEvent(runId, listener);
    const step = (by: number) =>
      this.runListeners.set(runId, (this.runListeners.get(runId) ?? 0) + by);
    step(1);
    return this.counted(off, () => step(-1));
  }

  override onApprovalChange(listener: (change: ApprovalChange) => void): () => void {
    const off = super.onApprovalChange(listener);
    this.approvalListeners++;
    return this.counted(off, () => this.approvalListeners--);
  }

  private counted(off: () => void, down: () => void): () => void {
    this.changed.notify();
    let done = false;
    return () => {
      off();
      if (done) return;
      done = true;
      down();
      this.changed.notify();
    };
  }
}

interface Harness {
  url: string;
  http: HttpServer;
  storage: Storage;
  bus: CountingBus;
  gateway: Gateway;
  logs: string[];
  /** What `approvals.pendingFor` draws from (filtered with `mayDecide`). */
  prompts: PausePrompt[];
  /** Names of users whose `pendingFor` fails; and per name, a gate their `pendingFor` waits on. */
  brokenInboxes: Set<string>;
  inboxGates: Map<string, { entered: () => void; release: Promise<void> }>;
  /** Runs around the gateway's reads of stored events, to commit events in between. */
  aroundRead: { before?: () => Promise<void>; after?: () => Promise<void> };
  userWith(roles: Role[], name?: string): Promise<{ user: UserRecord; token: string }>;
  close(): Promise<void>;
}

async function startHarness(): Promise<Harness> {
  const target: Target = await sqliteTarget();
  const storage = await openStorage({ url: await target.newUrl() });
  const auth = createAuthService({ storage });
  const bus = new CountingBus();
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  const prompts: PausePrompt[] = [];
  const brokenInboxes = new Set<string>();
  const inboxGates: Harness['inboxGates'] = new Map();
  const aroundRead: Harness['aroundRead'] = {};
  const events: Storage['runs']['events'] = async (runId, options) => {
    await aroundRead.before?.();
    const records = await storage.runs.events(runId, options);
    await aroundRead.after?.();
    return records;
  };
  const http = createServer((_req, res) => {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('no route');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const gateway = attachGateway(http, {
    storage: { ...storage, runs: { ...storage.runs, events } },
    auth,
    bus,
    logger,
    approvals: {
      async pendingFor(user) {
        const gate = inboxGates.get(user.name);
        if (gate) {
          gate.entered();
          await gate.release;
        }
        if (brokenInboxes.has(user.name)) throw new Error('inbox database exploded: secret=42');
        return prompts.filter((prompt) => mayDecide(user, prompt).ok);
      },
    },
  });
  let count = 0;
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    http,
    storage,
    bus,
    gateway,
    logs,
    prompts,
    brokenInboxes,
    inboxGates,
    aroundRead,
    async userWith(roles, name = `user-${++count}`) {
      const user = await storage.users.create({ name, roles });
      const { secret } = await auth.createApiToken(user.id, 'socket test');
      return { user, token: secret };
    },
    async close() {
      await gateway.close();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      await storage.close();
      await target.cleanup();
    },
  };
}

type ClientOptions = Partial<ManagerOptions & SocketOptions>;

/** A client socket that records what the server pushes. */
interface Client {
  socket: Socket;
  events: RunEvent[];
  snapshots: PausePrompt[][];
  changes: ApprovalChange[];
  /** The names of the pushed events, in arrival order. */
  arrivals: string[];
  received: Notifier;
  seqs(): number[];
  untilEvents(count: number): Promise<void>;
}

function record(socket: Socket): Client {
  const client: Client = {
    socket,
    events: [],
    snapshots: [],
    changes: [],
    arrivals: [],
    received: new Notifier(WAIT_MS),
    seqs: () => client.events.map((event) => event.seq),
    untilEvents: (count) =>
      client.received.until(() => client.events.length >= count, `${count} run events`),
  };
  socket.on('run:events', (events: RunEvent[]) => {
    client.events.push(...events);
    client.arrivals.push('run:events');
    client.received.notify();
  });
  socket.on('approvals:snapshot', (prompts: PausePrompt[]) => {
    client.snapshots.push(prompts);
    client.arrivals.push('approvals:snapshot');
    client.received.notify();
  });
  socket.on('approvals:changed', (change: ApprovalChange) => {
    client.changes.push(change);
    client.arrivals.push('approvals:changed');
    client.received.notify();
  });
  return client;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);

/** What the server answers to `event` with `args` (the ack is appended). */
async function request(socket: Socket, event: string, ...args: unknown[]): Promise<unknown> {
  return socket.timeout(WAIT_MS).emitWithAck(event, ...args);
}

function expectRefusal(response: unknown, code: string, path: (string | number)[]): AckError {
  expect(response).toMatchObject({ ok: false, error: { code } });
  const error = (response as { error: AckError }).error;
  expect(error.issues?.map((issue) => issue.path)).toContainEqual(path);
  if (code === 'BAD_REQUEST' && path.length > 0) expect(error.message).toContain(String(path[0]));
  return error;
}

describe('socket gateway', () => {
  let h: Harness;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    h = await startHarness();
  });
  // Every test ends with its sockets gone and, on the server, every bus subscription with them;
  // and no test logs an error it does not expect.
  afterEach(async () => {
    const errors = h.logs.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    h.logs.length = 0;
    expect(errors).toEqual([]);
    for (const socket of sockets.splice(0)) socket.disconnect();
    await h.bus.changed.until(
      () => h.bus.totalRunListeners === 0 && h.bus.approvalListeners === 0,
      'the bus to have no listeners',
    );
  });
  afterAll(async () => {
    await h.close();
  });

  function open(options: ClientOptions, url = h.url): Socket {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...options,
    });
    sockets.push(socket);
    return socket;
  }

  /** Connects (failing the test on `connect_error`) and records what arrives. */
  async function connect(token: string, url = h.url): Promise<Client> {
    const socket = open({ auth: { token } }, url);
    const client = record(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return client;
  }

  async function refused(options: ClientOptions) {
    const socket = open(options);
    return new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the server let the socket in')));
      socket.once('connect_error', resolve);
    });
  }

  async function viewer(name?: string) {
    const { user, token } = await h.userWith(['viewer'], name);
    return { user, token, client: await connect(token) };
  }

  /** Stores `count` events of the run and returns them, without publishing them. */
  async function append(runId: string, count: number): Promise<RunEvent[]> {
    const items = range(1, count).map((item) => ({ type: 'stream.item', payload: { item } }));
    return (await h.storage.runs.appendEvents(runId, items)).map(toRunEvent);
  }

  /** What the engine does: store, then publish what was committed. */
  async function appendAndPublish(runId: string, count: number): Promise<RunEvent[]> {
    const events = await append(runId, count);
    h.bus.publishRunEvents(events);
    return events;
  }

  describe('connecting', () => {
    it('refuses sockets without a token, with an unknown one, or without the viewer role', async () => {
      const missing = await refused({});
      expect(missing.data?.code).toBe('UNAUTHORIZED');
      expect(missing.message).toContain('auth: { token }');

      const unknown = await refused({ auth: { token: 'tf_not-a-real-token' } });
      expect(unknown.data?.code).toBe('UNAUTHORIZED');
      expect(unknown.message).toBe('the token is unknown, expired or revoked');

      const wrongType = await refused({ auth: { token: 42 } });
      expect(wrongType.data?.code).toBe('UNAUTHORIZED');

      const stranger = await h.userWith([], 'stranger');
      const forbidden = await refused({ auth: { token: stranger.token } });
      expect(forbidden.data?.code).toBe('FORBIDDEN');
      expect(forbidden.message).toContain('viewer role');

      const badHeader = await refused({
        extraHeaders: { authorization: `Basic ${stranger.token}` },
      });
      expect(badHeader.data?.code).toBe('UNAUTHORIZED');
    });

    it('accepts a token in the auth payload or as an Authorization: Bearer header', async () => {
      const { token } = await h.userWith(['approver']);
      const socket = open({ extraHeaders: { authorization: `Bearer ${token}` } });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      expect(socket.connected).toBe(true);
      const { client } = await viewer();
      expect(client.socket.connected).toBe(true);
    });
  });

  describe('run:subscribe', () => {
    it('sends the stored events, acks, then sends the live ones: exactly 1..10 in order', async () => {
      const run = await createRun(h.storage);
      const stored = await appendAndPublish(run.id, 5);
      const { client } = await viewer();

      const ack = await request(client.socket, 'run:subscribe', { runId: run.id });
      expect(ack).toEqual({ ok: true, runId: run.id, lastSeq: 5 });
      // The catch-up went out before the ack.
      expect(client.events).toEqual(stored);

      for (let i = 0; i < 5; i++) await appendAndPublish(run.id, 1);
      await client.untilEvents(10);
      expect(client.seqs()).toEqual(range(1, 10));
      expect(client.events).toEqual(toEvents(await h.storage.runs.events(run.id)));
    });

    it('reads a long history in pages', async () => {
      const run = await createRun(h.storage);
      await append(run.id, 2_100);
      const { client } = await viewer();
      const ack = await request(client.socket, 'run:subscribe', { runId: run.id, afterSeq: 50 });
      expect(ack).toEqual({ ok: true, runId: run.id, lastSeq: 2_100 });
      expect(client.seqs()).toEqual(range(51, 2_100));
    });

    it('subscribing late while events are appended gives exactly afterSeq+1..N', async () => {
      const run = await createRun(h.storage);
      await appendAndPublish(run.id, 3);
      const { client } = await viewer();
      const producing = (async () => {
        for (let i = 0; i < 40; i++) await appendAndPublish(run.id, 1 + (i % 3));
      })();
      const ack = await request(client.socket, 'run:subscribe', { runId: run.id, afterSeq: 3 });
      await producing;
      const last = (await h.storage.runs.get(run.id)).lastSeq;
      expect(last).toBe(3 + 79);
      await client.untilEvents(last - 3);
      expect(client.seqs()).toEqual(range(4, last));
      expect(ack).toMatchObject({ ok: true, runId: run.id });
    });

    it('after a reconnect with afterSeq = the last seq received, the union is 1..N exactly', async () => {
      const run = await createRun(h.storage);
      const { token, client: first } = await viewer();
      const gone = new Promise<void>((resolve) => {
        first.socket.on('run:events', (events: RunEvent[]) => {
          if (events.some((event) => event.seq >= 8)) first.socket.disconnect();
        });
        first.socket.once('disconnect', () => resolve());
      });
      await request(first.socket, 'run:subscribe', { runId: run.id });
      for (let i = 0; i < 15; i++) await appendAndPublish(run.id, 1);
      await gone;
      // Events come in batches: the socket left after the batch holding seq 8.
      const received = first.seqs().length;
      expect(received).toBeGreaterThanOrEqual(8);
      expect(first.seqs()).toEqual(range(1, received));
      // The server dropped the first socket's subscription.
      await h.bus.changed.until(() => h.bus.runListeners.get(run.id) === 0, 'no listener');

      await appendAndPublish(run.id, 5);
      const second = await connect(token);
      const producing = (async () => {
        for (let i = 0; i < 10; i++) await appendAndPublish(run.id, 1);
      })();
      const ack = await request(second.socket, 'run:subscribe', {
        runId: run.id,
        afterSeq: received,
      });
      expect(ack).toMatchObject({ ok: true });
      await producing;
      await second.untilEvents(30 - received);
      expect([...first.seqs(), ...second.seqs()]).toEqual(range(1, 30));
    });

    it.each(['before', 'after'] as const)(
      'sends an event committed %s the catch-up query exactly once',
      async (when) => {
        const run = await createRun(h.storage);
        await appendAndPublish(run.id, 3);
        const { client } = await viewer();
        h.aroundRead[when] = async () => {
          h.aroundRead[when] = undefined;
          await appendAndPublish(run.id, 1);
        };
        try {
          const ack = await request(client.socket, 'run:subscribe', { runId: run.id });
          expect(ack).toEqual({ ok: true, runId: run.id, lastSeq: when === 'before' ? 4 : 3 });
        } finally {
          h.aroundRead[when] = undefined;
        }
        await client.untilEvents(4);
        // A barrier: whatever else was on its way arrives before event 5.
        await appendAndPublish(run.id, 1);
        await client.untilEvents(5);
        expect(client.seqs()).toEqual(range(1, 5));
      },
    );

    it('fills a gap from storage when an event is published before its predecessor', async () => {
      const run = await createRun(h.storage);
      const { client } = await viewer();
      await request(client.socket, 'run:subscribe', { runId: run.id });
      await appendAndPublish(run.id, 10);
      await client.untilEvents(10);

      const [e11, e12] = await append(run.id, 2);
      h.bus.publishRunEvents([e12!]);
      await client.untilEvents(12);
      expect(client.seqs()).toEqual(range(1, 12));

      h.bus.publishRunEvents([e11!]); // Late: already sent, so dropped.
      await appendAndPublish(run.id, 1);
      await client.untilEvents(13);
      expect(client.seqs()).toEqual(range(1, 13));
      expect(client.events[10]).toEqual(e11);
    });

    it('replaces the subscription to the same run, and run:unsubscribe ends it', async () => {
      const run = await createRun(h.storage);
      await appendAndPublish(run.id, 4);
      const { client } = await viewer();
      await request(client.socket, 'run:subscribe', { runId: run.id });
      const again = await request(client.socket, 'run:subscribe', { runId: run.id, afterSeq: 2 });
      expect(again).toEqual({ ok: true, runId: run.id, lastSeq: 4 });
      expect(client.seqs()).toEqual([1, 2, 3, 4, 3, 4]);
      expect(h.bus.runListeners.get(run.id)).toBe(1);

      expect(await request(client.socket, 'run:unsubscribe', { runId: run.id })).toEqual({
        ok: true,
      });
      expect(h.bus.runListeners.get(run.id)).toBe(0);
      // Nothing more arrives: a barrier subscription to another run proves the socket moved on.
      await appendAndPublish(run.id, 1);
      const other = await createRun(h.storage);
      await appendAndPublish(other.id, 1);
      await request(client.socket, 'run:subscribe', { runId: other.id });
      expect(client.seqs()).toEqual([1, 2, 3, 4, 3, 4, 1]);
      expect(await request(client.socket, 'run:unsubscribe', { runId: 'never-followed' })).toEqual({
        ok: true,
      });
    });

    it(`refuses more than ${MAX_RUN_SUBSCRIPTIONS} runs per connection`, async () => {
      const flow = await createFlow(h.storage, 'Many');
      const runs = await Promise.all(
        range(0, MAX_RUN_SUBSCRIPTIONS).map(() =>
          h.storage.runs.create({ flowId: flow.id, version: 1, input: null, startedBy: 'u' }),
        ),
      );
      const [extra, ...allowed] = runs;
      const { client } = await viewer();
      const acks = await Promise.all(
        allowed.map((run) => request(client.socket, 'run:subscribe', { runId: run.id })),
      );
      expect(acks.every((ack) => (ack as { ok: boolean }).ok)).toBe(true);

      const refusedAck = await request(client.socket, 'run:subscribe', { runId: extra!.id });
      const error = expectRefusal(refusedAck, 'TOO_MANY_REQUESTS', ['runId']);
      expect(error.message).toContain(`at most ${MAX_RUN_SUBSCRIPTIONS} runs`);
      // Replacing one is not one more.
      const replaced = await request(client.socket, 'run:subscribe', { runId: allowed[0]!.id });
      expect(replaced).toMatchObject({ ok: true });
      await request(client.socket, 'run:unsubscribe', { runId: allowed[0]!.id });
      expect(await request(client.socket, 'run:subscribe', { runId: extra!.id })).toMatchObject({
        ok: true,
      });
    });
  });

  describe('malformed requests', () => {
    it('are refused with acks naming the field, and the socket keeps serving', async () => {
      const run = await createRun(h.storage);
      await appendAndPublish(run.id, 2);
      const { client } = await viewer();
      const { socket } = client;
      const cases: [event: string, payload: unknown, path: (string | number)[]][] = [
        ['run:subscribe', { runId: 42 }, ['runId']],
        ['run:subscribe', {}, ['runId']],
        ['run:subscribe', { runId: '' }, ['runId']],
        ['run:subscribe', { runId: run.id, afterSeq: -1 }, ['afterSeq']],
        ['run:subscribe', { runId: run.id, afterSeq: 1.5 }, ['afterSeq']],
        ['run:subscribe', { runId: run.id, afterSeq: '1' }, ['afterSeq']],
        ['run:subscribe', { runId: run.id, garbage: { deep: true } }, ['garbage']],
        ['run:subscribe', 'just a string', []],
        ['run:subscribe', null, []],
        ['run:subscribe', [run.id], []],
        ['run:unsubscribe', { id: run.id }, ['runId']],
        ['approvals:subscribe', { all: true }, ['all']],
      ];
      for (const [event, payload, path] of cases) {
        const error = expectRefusal(await request(socket, event, payload), 'BAD_REQUEST', path);
        expect(error.message, JSON.stringify(payload)).not.toBe('');
      }
      const tooMany = await request(socket, 'run:subscribe', { runId: run.id }, 'extra');
      expect(tooMany).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

      const unknown = await request(socket, 'run:subscribe', { runId: 'no-such-run' });
      const notFound = expectRefusal(unknown, 'NOT_FOUND', ['runId']);
      expect(notFound.message).toContain('no-such-run');

      // Without an ack the request is ignored: no subscription, no crash.
      socket.emit('run:subscribe', { runId: run.id });
      socket.emit('run:subscribe');
      const good = await request(socket, 'run:subscribe', { runId: run.id, afterSeq: 1 });
      expect(good).toEqual({ ok: true, runId: run.id, lastSeq: 2 });
      expect(client.seqs()).toEqual([2]);
      expect(h.bus.runListeners.get(run.id)).toBe(1);
      expect(socket.connected).toBe(true);
    });

    it('answers an unexpected failure with a bare INTERNAL_SERVER_ERROR and logs it', async () => {
      h.brokenInboxes.add('broken');
      const { client } = await viewer('broken');
      const ack = await request(client.socket, 'approvals:subscribe', {});
      expect(ack).toEqual({
        ok: false,
        error: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error' },
      });
      expect(h.logs.some((line) => line.includes('inbox database exploded'))).toBe(true);
      h.logs.length = 0;
      expect(h.bus.approvalListeners).toBe(0);
      expect(await request(client.socket, 'run:unsubscribe', { runId: 'x' })).toEqual({ ok: true });
    });
  });

  describe('approvals:subscribe', () => {
    it('sends the snapshot, then only the changes the user may decide (and every close)', async () => {
      const approver = await h.userWith(['approver']);
      const named = await h.userWith(['viewer']);
      const admin = await h.userWith(['admin']);
      const p1 = prompt('p1', { roles: ['approver'] });
      const p2 = prompt('p2', { users: [named.user.id] });
      h.prompts.push(p1, p2);
      const a = await connect(approver.token);
      const n = await connect(named.token);
      const x = await connect(admin.token);
      expect(await request(a.socket, 'approvals:subscribe', {})).toEqual({ ok: true, count: 1 });
      expect(await request(n.socket, 'approvals:subscribe')).toEqual({ ok: true, count: 1 });
      expect(await request(x.socket, 'approvals:subscribe', {})).toEqual({ ok: true, count: 1 });
      expect(a.snapshots).toEqual([[p1]]);
      expect(n.snapshots).toEqual([[p2]]);
      expect(x.snapshots).toEqual([[p1]]);

      const changes: ApprovalChange[] = [
        { type: 'opened', prompt: prompt('p3', { roles: ['admin'] }) },
        { type: 'opened', prompt: prompt('p4', { users: [named.user.id] }) },
        { type: 'voted', prompt: p1, votes: 1 },
        { type: 'opened', prompt: prompt('p5', { roles: ['no-such-role', 'approver'] }) },
        { type: 'closed', runId: 'run-x', interruptId: 'p1', status: 'decided' },
      ];
      for (const change of changes) h.bus.publishApprovalChange(change);
      const closed = (c: Client) => c.changes.some((change) => change.type === 'closed');
      await Promise.all([a, n, x].map((c) => c.received.until(() => closed(c), 'the close')));
      const [p3, p4, voted, p5, close] = changes;
      expect(a.changes).toEqual([voted, p5, close]);
      expect(n.changes).toEqual([p4, close]);
      expect(x.changes).toEqual([p3, voted, p5, close]);
    });

    it('holds back changes published while the snapshot loads until it is sent', async () => {
      let entered!: () => void;
      const inside = new Promise<void>((resolve) => (entered = resolve));
      let release!: () => void;
      h.inboxGates.set('slow', { entered, release: new Promise((resolve) => (release = resolve)) });
      const { client } = await viewer('slow');
      const answer = request(client.socket, 'approvals:subscribe', {});
      await inside;
      const closed: ApprovalChange = {
        type: 'closed',
        runId: 'r',
        interruptId: 'i',
        status: 'cancelled',
      };
      h.bus.publishApprovalChange(closed);
      release();
      expect(await answer).toEqual({ ok: true, count: 0 });
      await client.received.until(() => client.changes.length === 1, 'the held change');
      expect(client.arrivals).toEqual(['approvals:snapshot', 'approvals:changed']);
      expect(client.snapshots).toEqual([[]]);
      expect(client.changes).toEqual([closed]);
    });
  });

  it('drops every bus subscription of a socket when it disconnects', async () => {
    const { client } = await viewer();
    const runs = await Promise.all([1, 2, 3].map(() => createRun(h.storage)));
    for (const run of runs) await request(client.socket, 'run:subscribe', { runId: run.id });
    await request(client.socket, 'run:subscribe', { runId: runs[0]!.id, afterSeq: 0 });
    await request(client.socket, 'approvals:subscribe', {});
    await request(client.socket, 'approvals:subscribe', {});
    expect(h.bus.totalRunListeners).toBe(3);
    expect(h.bus.approvalListeners).toBe(1);

    client.socket.disconnect();
    await h.bus.changed.until(
      () => h.bus.totalRunListeners === 0 && h.bus.approvalListeners === 0,
      'the listeners to go',
    );
  });

  it('close() disconnects clients and leaves the HTTP server serving', async () => {
    const other = await startHarness();
    try {
      const { token } = await other.userWith(['viewer']);
      const client = await connect(token, other.url);
      const run = await createRun(other.storage);
      await request(client.socket, 'run:subscribe', { runId: run.id });
      await request(client.socket, 'approvals:subscribe', {});
      const dropped = new Promise<void>((resolve) =>
        client.socket.once('disconnect', () => resolve()),
      );

      await other.gateway.close();
      await dropped;
      expect(other.bus.totalRunListeners).toBe(0);
      expect(other.bus.approvalListeners).toBe(0);
      expect(other.http.listening).toBe(true);
      const plain = await fetch(`${other.url}/anything`);
      expect([plain.status, await plain.text()]).toEqual([404, 'no route']);
      const engine = await fetch(`${other.url}/socket.io/?EIO=4&transport=polling`);
      expect([engine.status, await engine.text()]).toEqual([404, 'no route']);
    } finally {
      await other.close();
    }
  });
});

function toEvents(records: Parameters<typeof toRunEvent>[0][]): RunEvent[] {
  return records.map(toRunEvent);
}

function prompt(
  interruptId: string,
  approvers: { roles?: string[]; users?: string[] },
): PausePrompt {
  return {
    runId: 'run-x',
    interruptId,
    nodeId: 'approve',
    type: 'approval',
    title: `Approve ${interruptId}`,
    description: null,
    payload: { amount: 10 },
    form: null,
    approvers: { roles: approvers.roles ?? [], users: approvers.users ?? [] },
    quorum: 1,
    allowSelfApproval: false,
    deadlineAt: null,
    timeout: null,
    startedBy: 'someone',
    createdAt: 1_700_000_000_000,
  };
}
