import type { PausePrompt, RunEvent } from '@triggerflow/blueprint';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalChange } from '../src/runs/run-bus';
import type {
  ApprovalsSubscribeAck,
  ClientToServerEvents,
  RunSubscribeAck,
  ServerToClientEvents,
} from '../src/socket/protocol';
import { expectApiError, startApi, type Api, type Client } from './api-harness';
import { Notifier } from './notifier';

/**
 * Real runs followed over the real Socket.IO gateway: a run that streams for a while, clients that
 * subscribe early, late and across a reconnect, an approval decided through the API, the approval
 * inboxes, and strangers who must see nothing.
 */

const WAIT_MS = 10_000;
const ITEMS = 30;

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Resolves waiters whose condition holds each time `notify()` is called; times out loudly. */

/** A connected socket and everything the server pushed to it. */
interface Follower {
  socket: LiveSocket;
  events: RunEvent[];
  snapshots: PausePrompt[][];
  changes: ApprovalChange[];
  received: Notifier;
}

const seqs = (events: readonly RunEvent[]) => events.map((event) => event.seq);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => from + index);
type EventOf<T extends RunEvent['type']> = Extract<RunEvent, { type: T }>;
const ofType = <T extends RunEvent['type']>(events: readonly RunEvent[], type: T) =>
  events.filter((event): event is EventOf<T> => event.type === type);
const streamed = (events: readonly RunEvent[]) => ofType(events, 'stream.item').length;
const has = (events: readonly RunEvent[], type: RunEvent['type']) =>
  events.some((event) => event.type === type);

/**
 * start → transform (a list of `items`) → forEach (3 at a time: delay 20 ms → emitToStream) →
 * approval (approver role, quorum 1, self-approval allowed) → end. The forEach is wired as
 * `orchestration-playbook.json` wires it.
 */
function liveFlow(items: number) {
  return {
    schema: 'triggerflow.blueprint/v1' as const,
    name: `Live ${items}`,
    nodes: [
      { id: 'start', kind: 'start' as const, position: { x: 0, y: 200 } },
      {
        id: 'list',
        kind: 'chunk' as const,
        label: 'List items',
        position: { x: 200, y: 200 },
        handler: { ref: 'transform', config: { expression: `[1..${items}]` } },
      },
      {
        id: 'each',
        kind: 'forEach' as const,
        label: 'Each item (3 at a time)',
        position: { x: 400, y: 130 },
        size: { width: 240, height: 140 },
        options: { concurrency: 3 },
      },
      {
        id: 'wait',
        kind: 'chunk' as const,
        label: 'Wait',
        position: { x: 20, y: 50 },
        parentId: 'each',
        handler: { ref: 'delay', config: { ms: 20 } },
      },
      {
        id: 'emit',
        kind: 'chunk' as const,
        label: 'Stream the item',
        position: { x: 130, y: 50 },
        parentId: 'each',
        handler: { ref: 'emitToStream', config: { item: 'input' } },
      },
      {
        id: 'approve',
        kind: 'chunk' as const,
        label: 'Approve',
        position: { x: 700, y: 200 },
        handler: {
          ref: 'approval',
          config: {
            title: 'Ship the items?',
            approvers: { roles: ['approver'] },
            quorum: 1,
            allowSelfApproval: true,
          },
        },
      },
      { id: 'end', kind: 'end' as const, position: { x: 900, y: 200 } },
    ],
    edges: [
      { id: 'e-start', source: 'start', target: 'list' },
      { id: 'e-list', source: 'list', target: 'each' },
      { id: 'e-item', source: 'each', sourceHandle: 'item', target: 'wait' },
      { id: 'e-wait', source: 'wait', target: 'emit' },
      { id: 'e-emit-end', source: 'emit', target: 'each', targetHandle: 'end' },
      { id: 'e-each-out', source: 'each', sourceHandle: 'out', target: 'approve' },
      { id: 'e-approve', source: 'approve', target: 'end' },
    ],
  };
}

/** Every event of the run through `runs.events`, in pages of `limit`. */
async function allEvents(client: Client, runId: string, limit: number): Promise<RunEvent[]> {
  const all: RunEvent[] = [];
  for (;;) {
    const page = await client.runs.events.query({
      id: runId,
      afterSeq: all.at(-1)?.seq ?? 0,
      limit,
    });
    all.push(...(page as RunEvent[]));
    if (page.length < limit) return all;
  }
}

describe('live runs over Socket.IO', () => {
  let api: Api;
  const sockets: LiveSocket[] = [];

  beforeAll(async () => {
    api = await startApi();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => api.close());

  function open(token: string | undefined): LiveSocket {
    const socket: LiveSocket = io(api.server.url, {
      path: '/socket.io',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(token !== undefined && { auth: { token } }),
    });
    sockets.push(socket);
    return socket;
  }

  function record(socket: LiveSocket): Follower {
    const follower: Follower = {
      socket,
      events: [],
      snapshots: [],
      changes: [],
      received: new Notifier(WAIT_MS),
    };
    socket.on('run:events', (events) => {
      follower.events.push(...events);
      follower.received.notify();
    });
    socket.on('approvals:snapshot', (prompts) => {
      follower.snapshots.push(prompts);
      follower.received.notify();
    });
    socket.on('approvals:changed', (change) => {
      follower.changes.push(change);
      follower.received.notify();
    });
    return follower;
  }

  /** Connects with `token` (failing on `connect_error`) and records what arrives. */
  async function connect(token: string): Promise<Follower> {
    const socket = open(token);
    const follower = record(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    return follower;
  }

  /** A socket the server must refuse: its `connect_error`, and the follower it would have been. */
  async function refused(token: string | undefined) {
    const socket = open(token);
    const follower = record(socket);
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
      socket.once('connect', () => reject(new Error('the server let the socket in')));
      socket.once('connect_error', resolve);
    });
    return { error, follower };
  }

  // With `timeout()`, socket.io's types lose the ack's type: it is the protocol's.
  function subscribe(follower: Follower, runId: string, afterSeq: number) {
    const { socket } = follower;
    const ack = socket.timeout(WAIT_MS).emitWithAck('run:subscribe', { runId, afterSeq });
    return ack as Promise<RunSubscribeAck>;
  }

  function subscribeInbox(follower: Follower) {
    const ack = follower.socket.timeout(WAIT_MS).emitWithAck('approvals:subscribe', {});
    return ack as Promise<ApprovalsSubscribeAck>;
  }

  const until = (follower: Follower, condition: () => boolean, what: string) =>
    follower.received.until(condition, what);

  async function createFlow(items: number): Promise<string> {
    const blueprint = liveFlow(items);
    const { issues } = await api.admin.flows.validate.query({ blueprint });
    expect(issues).toEqual([]);
    const created = await api.admin.flows.create.mutate({ name: blueprint.name, blueprint });
    expect(created.issues).toEqual([]);
    return created.flow.id;
  }

  function decide(client: Client, runId: string, interruptId: string) {
    return client.approvals.decide.mutate({
      runId,
      interruptId,
      response: { decision: 'approve', comment: 'ship it' },
      idempotencyKey: `live-${runId}-${interruptId}`,
    });
  }

  it('gives early, late and reconnecting clients every event exactly once, as stored', async () => {
    const flowId = await createFlow(ITEMS);
    const approver = await api.userWith(['approver'], 'Ada');
    const viewer = await api.userWith(['viewer'], 'Vic');
    const a = await connect(api.adminToken);
    const b = await connect(viewer.token);
    const c1 = await connect(approver.token);

    const run = await api.admin.runs.start.mutate({ flowId, input: { items: ITEMS } });
    // A: from the start (its id is known only now, so the catch-up covers what came before).
    // C: from the start too, but it goes away after a few items and comes back.
    const [ackA, ackC1] = await Promise.all([subscribe(a, run.id, 0), subscribe(c1, run.id, 0)]);
    expect(ackA).toMatchObject({ ok: true, runId: run.id });
    expect(ackC1).toMatchObject({ ok: true, runId: run.id });

    await until(c1, () => streamed(c1.events) >= 3, 'C to see 3 items');
    const gone = new Promise<void>((resolve) => c1.socket.once('disconnect', () => resolve()));
    c1.socket.disconnect();
    await gone;
    const cLast = c1.events.at(-1)?.seq ?? 0;

    // B: late, once about half of the items went by.
    await until(a, () => streamed(a.events) >= ITEMS / 2, 'A to see half of the items');
    const ackB = await subscribe(b, run.id, 0);
    expect(ackB).toMatchObject({ ok: true, runId: run.id });

    // C again, on a new socket, from the last seq it had.
    const c2 = await connect(approver.token);
    const ackC2 = await subscribe(c2, run.id, cLast);
    expect(ackC2).toMatchObject({ ok: true, runId: run.id });
    if (ackC2.ok) expect(ackC2.lastSeq).toBeGreaterThanOrEqual(cLast);

    await until(a, () => has(a.events, 'run.paused'), 'the run to pause');
    const [paused] = ofType(a.events, 'run.paused');
    if (!paused) throw new Error('no run.paused event');
    const { prompt } = paused.payload;
    expect(prompt).toMatchObject({
      runId: run.id,
      nodeId: 'approve',
      type: 'approval',
      approvers: { roles: ['approver'], users: [] },
      quorum: 1,
      allowSelfApproval: true,
      startedBy: run.startedBy,
    });
    expect((await api.admin.runs.get.query({ id: run.id })).status).toBe('paused');

    const decided = await decide(approver.client, run.id, prompt.interruptId);
    expect(decided).toMatchObject({ created: true, status: 'decided' });

    const c = { events: () => [...c1.events, ...c2.events] };
    await Promise.all([
      until(a, () => has(a.events, 'run.completed'), 'A to see the run complete'),
      until(b, () => has(b.events, 'run.completed'), 'B to see the run complete'),
      until(c2, () => has(c.events(), 'run.completed'), 'C to see the run complete'),
    ]);

    const stored = await allEvents(viewer.client, run.id, 37);
    const n = stored.length;
    expect(seqs(stored)).toEqual(range(1, n));
    expect(stored.at(-1)?.type).toBe('run.completed');
    expect(seqs(a.events)).toEqual(range(1, n));
    expect(seqs(b.events)).toEqual(range(1, n));
    expect(seqs(c.events())).toEqual(range(1, n));
    expect(a.events).toEqual(stored);
    expect(b.events).toEqual(stored);
    expect(c.events()).toEqual(stored);
    // C really was away for part of the run: each socket got a part.
    expect(c1.events.length).toBeGreaterThan(0);
    expect(c2.events.length).toBeGreaterThan(0);

    // What the run did: every item streamed once, one pause, one vote, one resume, completed.
    const items = ofType(stored, 'stream.item').map((event) => event.payload.item as number);
    expect([...items].sort((x, y) => x - y)).toEqual(range(1, ITEMS));
    const count = (type: RunEvent['type']) => ofType(stored, type).length;
    expect([count('run.started'), count('run.paused'), count('approval.voted')]).toEqual([1, 1, 1]);
    expect([count('run.resumed'), count('run.completed'), count('run.failed')]).toEqual([1, 1, 0]);
    const [resumed] = ofType(stored, 'run.resumed');
    expect(resumed?.payload).toEqual({
      interruptId: prompt.interruptId,
      nodeId: 'approve',
      how: 'answered',
      actor: approver.id,
    });
    expect((await api.admin.runs.get.query({ id: run.id })).status).toBe('completed');
  });

  it('tells approvers of the pause and its close; viewers only of the close', async () => {
    const flowId = await createFlow(3);
    const approver = await api.userWith(['approver'], 'Ann');
    const viewer = await api.userWith(['viewer'], 'Val');
    const inbox = await connect(approver.token);
    const onlooker = await connect(viewer.token);
    expect(await Promise.all([subscribeInbox(inbox), subscribeInbox(onlooker)])).toEqual([
      { ok: true, count: 0 },
      { ok: true, count: 0 },
    ]);
    expect([inbox.snapshots, onlooker.snapshots]).toEqual([[[]], [[]]]);

    const run = await api.admin.runs.start.mutate({ flowId, input: null });
    const opened = () =>
      inbox.changes.find((change) => change.type === 'opened' && change.prompt.runId === run.id);
    await until(inbox, () => opened() !== undefined, 'the approver to hear of the pause');
    const change = opened();
    if (change?.type !== 'opened') throw new Error('no opened change');
    const { prompt } = change;
    expect(prompt).toMatchObject({ runId: run.id, nodeId: 'approve', title: 'Ship the items?' });

    // The API agrees: the approver may decide it, the viewer may only see it.
    const forApprover = await approver.client.approvals.pending.query({ runId: run.id });
    expect(forApprover.map((p) => [p.prompt, p.mayDecide])).toEqual([[prompt, true]]);
    expect(await viewer.client.approvals.pending.query({ runId: run.id })).toEqual([]);
    const seen = await viewer.client.approvals.pending.query({ runId: run.id, all: true });
    expect(seen.map((p) => [p.prompt.interruptId, p.mayDecide])).toEqual([
      [prompt.interruptId, false],
    ]);
    // An approver who subscribes now finds it in the snapshot.
    const late = await connect(approver.token);
    expect(await subscribeInbox(late)).toEqual({
      ok: true,
      count: 1,
    });
    expect(late.snapshots).toEqual([[prompt]]);
    await expectApiError(
      decide(viewer.client, run.id, prompt.interruptId),
      'FORBIDDEN',
      'approver',
    );

    await decide(approver.client, run.id, prompt.interruptId);
    const closed = (follower: Follower) =>
      follower.changes.some(
        (c) => c.type === 'closed' && c.runId === run.id && c.interruptId === prompt.interruptId,
      );
    await Promise.all(
      [inbox, onlooker, late].map((follower) =>
        until(follower, () => closed(follower), 'the close of the prompt'),
      ),
    );
    const closeOf = { type: 'closed', runId: run.id, interruptId: prompt.interruptId };
    expect(inbox.changes).toEqual([change, { ...closeOf, status: 'decided' }]);
    expect(late.changes).toEqual([{ ...closeOf, status: 'decided' }]);
    // The close is the last change of this prompt: the viewer got nothing before it.
    expect(onlooker.changes).toEqual([{ ...closeOf, status: 'decided' }]);
    expect(await approver.client.approvals.pending.query({ runId: run.id })).toEqual([]);
  });

  it('refuses strangers, who get no run events', async () => {
    const flowId = await createFlow(2);
    const leaver = await api.userWith(['viewer'], 'Leaver');
    // The token works until it is revoked.
    const before = await connect(leaver.token);
    before.socket.disconnect();
    await leaver.client.auth.signOut.mutate();

    const noToken = await refused(undefined);
    expect(noToken.error.data?.code).toBe('UNAUTHORIZED');
    expect(noToken.error.message).toContain('auth: { token }');
    const forged = await refused('tf_forged-token');
    expect(forged.error.data?.code).toBe('UNAUTHORIZED');
    const revoked = await refused(leaver.token);
    expect(revoked.error.data?.code).toBe('UNAUTHORIZED');
    expect(revoked.error.message).toBe('the token is unknown, expired or revoked');
    await expectApiError(leaver.client.runs.list.query(), 'UNAUTHORIZED');

    const watcher = await connect(api.adminToken);
    const run = await api.admin.runs.start.mutate({ flowId, input: null });
    const strangers = [noToken, forged, revoked].map(({ follower }) => follower);
    // Their requests never reach the server (the socket is not connected): nothing comes back.
    for (const { socket } of strangers) {
      socket.emit('run:subscribe', { runId: run.id, afterSeq: 0 }, () => undefined);
    }
    await expectApiError(leaver.client.runs.events.query({ id: run.id }), 'UNAUTHORIZED');
    await subscribe(watcher, run.id, 0);
    await until(watcher, () => has(watcher.events, 'run.paused'), 'the run to pause');
    const [paused] = ofType(watcher.events, 'run.paused');
    if (!paused) throw new Error('no run.paused event');
    await decide(api.admin, run.id, paused.payload.prompt.interruptId);
    await until(watcher, () => has(watcher.events, 'run.completed'), 'the run to complete');

    expect(strangers.map((s) => [s.socket.connected, s.events, s.changes])).toEqual([
      [false, [], []],
      [false, [], []],
      [false, [], []],
    ]);
  });
});
