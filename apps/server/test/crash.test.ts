import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './api-harness';
import { killChildServers, startChildServer } from './child-server';
import {
  childSession as session,
  signInFirstAdmin,
  type ChildSession as Session,
} from './child-session';
import { slowForEachApprovalFlow, squaresOf } from './run-fixtures';

/**
 * The issue's crash test: the real server as a child process, `kill -9` while runs wait for
 * approvals and while others are in the middle of a forEach, a restart on the same SQLite file,
 * and then every run must finish exactly once: no event lost, no decision applied twice.
 */

const ITEMS = 8;
const ITEM_DELAY_MS = 250;
const POLL_MS = 40;

// ---------------------------------------------------------------------------------------------
// Blueprints

const approvalNode = (id: string, x: number, title: string) => ({
  id,
  kind: 'chunk' as const,
  label: 'Approve',
  position: { x, y: 0 },
  handler: {
    ref: 'approval',
    config: { title, payload: 'input', approvers: { roles: ['approver'] }, quorum: 1 },
  },
});

const recordDecision = (x: number, value: string) => ({
  id: 'record',
  kind: 'chunk' as const,
  label: 'Record the decision',
  position: { x, y: 0 },
  handler: { ref: 'setState', config: { key: 'final', value } },
});

/** A: start → transform → approval → setState → end. */
const flowA = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Crash A',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    {
      id: 'prepare',
      kind: 'chunk' as const,
      position: { x: 200, y: 0 },
      handler: {
        ref: 'transform',
        config: { expression: "{ 'n': input.n, 'doubled': input.n * 2 }" },
      },
    },
    approvalNode('approve', 400, 'Ship A?'),
    recordDecision(
      600,
      "{ 'decision': input.outcome, 'comment': input.response.comment, 'votes': $count(input.votes) }",
    ),
    { id: 'end', kind: 'end' as const, position: { x: 800, y: 0 } },
  ],
  edges: [
    { id: 'e-start', source: 'start', target: 'prepare' },
    { id: 'e-prepare', source: 'prepare', target: 'approve' },
    { id: 'e-approve', source: 'approve', target: 'record' },
    { id: 'e-record', source: 'record', target: 'end' },
  ],
};

/** B: start → list → forEach (2 at a time: delay → square) → keep → approval → record → end. */
const flowB = slowForEachApprovalFlow({
  name: 'Crash B',
  items: ITEMS,
  delayMs: ITEM_DELAY_MS,
  approvalTitle: 'Ship B?',
  record:
    "{ 'decision': input.outcome, 'comment': input.response.comment, 'count': $count(state.results) }",
});

const expectedItems = (n: number) => squaresOf(n, ITEMS);

// ---------------------------------------------------------------------------------------------
// Helpers

interface Event {
  runId: string;
  seq: number;
  type: string;
  at: number;
  payload: Record<string, unknown>;
}

interface RunRef {
  id: string;
  kind: 'A' | 'B';
  n: number;
}

/** Polls `probe` until it returns a value other than undefined; fails with `describe()` after `ms`. */
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
        `timed out after ${options.ms} ms waiting for ${what}\n${options.describe?.()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function eventsOf(client: Client, runId: string): Promise<Event[]> {
  const all: Event[] = [];
  for (;;) {
    const page = await client.runs.events.query({
      id: runId,
      afterSeq: all.at(-1)?.seq ?? 0,
      limit: 1000,
    });
    all.push(...(page as Event[]));
    if (page.length < 1000) return all;
  }
}

const eventsOfAll = (client: Client, runs: readonly RunRef[]) =>
  Promise.all(runs.map((run) => eventsOf(client, run.id)));

const ofType = (events: readonly Event[], type: string, nodeId?: string) =>
  events.filter((e) => e.type === type && (nodeId === undefined || e.payload['nodeId'] === nodeId));

async function createFlows(admin: Client) {
  for (const blueprint of [flowA, flowB]) {
    const { issues } = await admin.flows.validate.query({ blueprint });
    expect(issues, blueprint.name).toEqual([]);
  }
  const a = await admin.flows.create.mutate({ name: flowA.name, blueprint: flowA });
  const b = await admin.flows.create.mutate({ name: flowB.name, blueprint: flowB });
  expect([a.issues, b.issues]).toEqual([[], []]);
  return { a: a.flow.id, b: b.flow.id };
}

async function startRuns(
  admin: Client,
  flowId: string,
  kind: RunRef['kind'],
  count: number,
): Promise<RunRef[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, k) => {
      const n = k + 1;
      const record = await admin.runs.start.mutate({ flowId, input: { n } });
      return { id: record.id, kind, n };
    }),
  );
}

const keyOf = (run: RunRef) => `crash-decision-${run.id}`;
const responseOf = (run: RunRef) => ({ decision: 'approve', comment: `ok ${run.kind}${run.n}` });

/** The interrupt id of each run's pending approval; undefined until every run has one. */
async function pendingByRun(client: Client, runs: readonly RunRef[]) {
  const pending = await client.approvals.pending.query();
  const byRun = new Map(pending.map((p) => [p.prompt.runId, p.prompt.interruptId]));
  if (!runs.every((run) => byRun.has(run.id))) return undefined;
  return (run: RunRef) => byRun.get(run.id) ?? '';
}

function decide(client: Client, run: RunRef, interruptId: string) {
  return client.approvals.decide.mutate({
    runId: run.id,
    interruptId,
    response: responseOf(run),
    idempotencyKey: keyOf(run),
  });
}

async function waitForStatus(
  s: Session,
  runs: readonly RunRef[],
  status: string,
  ms: number,
): Promise<void> {
  let counts = '';
  await waitFor(
    `${runs.length} runs to be ${status}`,
    async () => {
      const records = await Promise.all(runs.map((run) => s.admin.runs.get.query({ id: run.id })));
      const byStatus = new Map<string, number>();
      for (const { status: at } of records) byStatus.set(at, (byStatus.get(at) ?? 0) + 1);
      counts = JSON.stringify(Object.fromEntries(byStatus));
      return records.every((record) => record.status === status) ? true : undefined;
    },
    { ms, describe: () => `statuses: ${counts}\n--- server output ---\n${s.server.tail()}` },
  );
}

/**
 * What every finished run must show: one start, one pause and one decision at the approval, one
 * resume, the approval node completed once, one completion as the last event, seqs 1…n gapless,
 * and the right final state.
 */
function checkFinishedRun(run: RunRef, events: readonly Event[], approverId: string): void {
  const label = `${run.kind}${run.n} (${run.id})`;
  expect(
    events.map((e) => e.seq),
    label,
  ).toEqual(events.map((_, k) => k + 1));
  const count = (type: string, nodeId?: string) => ofType(events, type, nodeId).length;
  expect(
    {
      started: count('run.started'),
      paused: count('run.paused'),
      voted: count('approval.voted'),
      resumed: count('run.resumed'),
      approveCompleted: count('node.completed', 'approve'),
      recordCompleted: count('node.completed', 'record'),
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
    recordCompleted: 1,
    completed: 1,
    failed: 0,
  });
  const paused = ofType(events, 'run.paused')[0]?.payload['prompt'] as { interruptId: string };
  expect(ofType(events, 'run.resumed')[0]?.payload, label).toEqual({
    interruptId: paused.interruptId,
    nodeId: 'approve',
    how: 'answered',
    actor: approverId,
  });
  expect(events.at(-1)?.type, label).toBe('run.completed');
  const approved = {
    outcome: 'approved',
    response: responseOf(run),
    votes: [
      {
        actor: approverId,
        outcome: 'approved',
        response: responseOf(run),
        at: expect.any(Number) as number,
      },
    ],
    timedOut: false,
  };
  const approveOutput = ofType(events, 'node.completed', 'approve')[0]?.payload['output'];
  expect(approveOutput, label).toEqual(approved);

  const snapshot = ofType(events, 'run.completed')[0]?.payload['snapshot'];
  if (run.kind === 'A') {
    expect(ofType(events, 'node.completed', 'prepare').map((e) => e.payload['output'])).toEqual([
      { n: run.n, doubled: run.n * 2 },
    ]);
    expect(snapshot, label).toEqual({
      final: { decision: 'approved', comment: `ok A${run.n}`, votes: 1 },
      $final_result: approved,
    });
  } else {
    const eachOutputs = ofType(events, 'node.completed', 'each').map((e) => e.payload['output']);
    expect(eachOutputs, label).toEqual([expectedItems(run.n)]);
    expect(snapshot, label).toEqual({
      results: expectedItems(run.n),
      final: { decision: 'approved', comment: `ok B${run.n}`, count: ITEMS },
      $final_result: approved,
    });
  }
}

/** The run rows and events in the SQLite file as a killed server left them. */
function readCrashImage(file: string, runIds: readonly string[]) {
  const db = new Database(file, { readonly: true });
  try {
    const events = db.prepare<[string], { seq: number; type: string; at: number; payload: string }>(
      'select seq, type, at, payload from run_events where run_id = ? order by seq',
    );
    const runs = db.prepare<[string], { status: string; last_seq: number }>(
      'select status, last_seq from runs where id = ?',
    );
    return new Map(
      runIds.map((id) => [
        id,
        {
          ...(runs.get(id) ?? { status: 'missing', last_seq: -1 }),
          events: events.all(id).map((row) => ({
            runId: id,
            seq: row.seq,
            type: row.type,
            at: row.at,
            payload: JSON.parse(row.payload) as Record<string, unknown>,
          })),
        },
      ]),
    );
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------

describe('crash recovery of the real server (kill -9, restart on the same SQLite file)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triggerflow-crash-'));
  });
  afterAll(async () => {
    await killChildServers();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores 25 paused and 25 mid-forEach runs; each finishes once after its approval', async () => {
    const file = join(dir, 'one', 'studio.db');
    const databaseUrl = `sqlite:${file}`;
    const first = await startChildServer({ databaseUrl });
    const tokens = await signInFirstAdmin(first);
    let s = session(first, tokens);
    const flows = await createFlows(s.admin);

    const runsA = await startRuns(s.admin, flows.a, 'A', 25);
    const runsB = await startRuns(s.admin, flows.b, 'B', 25);
    const all = [...runsA, ...runsB];

    // Kill at the moment every A run waits and every B run is inside its forEach.
    let seen = '';
    await waitFor(
      'A runs paused and B runs mid-forEach',
      async () => {
        const [records, eventsB] = await Promise.all([
          Promise.all(runsA.map((run) => s.admin.runs.get.query({ id: run.id }))),
          eventsOfAll(s.admin, runsB),
        ]);
        const pausedA = records.filter((record) => record.status === 'paused').length;
        const progressed = eventsB.filter((events) =>
          ofType(events, 'node.progress', 'each').some((e) => (e.payload['done'] as number) >= 1),
        ).length;
        const pastForEach = eventsB.filter(
          (events) => ofType(events, 'node.completed', 'each').length > 0,
        ).length;
        seen = `A paused ${pausedA}/25, B progressed ${progressed}/25, B past the forEach ${pastForEach}`;
        if (pastForEach > 0) throw new Error(`a B run left its forEach before the kill: ${seen}`);
        return pausedA === 25 && progressed === 25 ? true : undefined;
      },
      { ms: 15_000, describe: () => `${seen}\n${first.tail()}` },
    );
    const killedAt = performance.now();
    expect(await first.kill()).toEqual({ code: null, signal: 'SIGKILL' });

    // The crash image: A runs paused at their approval, B runs inside the forEach.
    const image = readCrashImage(
      file,
      all.map((run) => run.id),
    );
    for (const run of runsA) {
      const at = image.get(run.id);
      expect(at?.status, `A${run.n}`).toBe('paused');
      expect(ofType(at?.events ?? [], 'run.paused')).toHaveLength(1);
    }
    for (const run of runsB) {
      const at = image.get(run.id);
      expect(at?.status, `B${run.n}`).toBe('running');
      expect(ofType(at?.events ?? [], 'node.completed', 'each'), `B${run.n}`).toEqual([]);
      expect(ofType(at?.events ?? [], 'node.completed', 'square').length).toBeGreaterThan(0);
      expect(at?.last_seq).toBe(at?.events.length);
    }

    const second = await startChildServer({ databaseUrl });
    const restartMs = Math.round(performance.now() - killedAt);
    expect(second.signInToken).toBeUndefined();
    s = session(second, tokens);

    // Every run is open again: A runs still paused; B runs running (or already paused again).
    const reopened = await Promise.all(all.map((run) => s.admin.runs.get.query({ id: run.id })));
    for (const [k, record] of reopened.entries()) {
      const run = all[k] as RunRef;
      expect(['paused', 'running'], `${run.kind}${run.n}`).toContain(record.status);
      if (run.kind === 'A') expect(record.status).toBe('paused');
    }

    // B runs finish their forEach and pause at the approval; then all 50 wait for a decision.
    await waitForStatus(s, all, 'paused', 20_000);
    const interruptOf = await waitFor('50 pending approvals', () => pendingByRun(s.approver, all), {
      ms: 10_000,
    });
    expect(await s.approver.approvals.pending.query()).toHaveLength(50);

    // Nothing recorded before the crash was lost or rewritten.
    const afterRestart = await eventsOfAll(s.admin, all);
    for (const [k, run] of all.entries()) {
      const before = image.get(run.id)?.events ?? [];
      expect(afterRestart[k]?.slice(0, before.length), `${run.kind}${run.n}`).toEqual(before);
    }

    // Decide each approval; every tenth (five runs) is sent twice at once, in separate requests.
    const firstDecisions = await Promise.all(
      all.map(async (run, k) => {
        const interruptId = interruptOf(run);
        if (k % 10 === 0) {
          const pair = await Promise.all([
            decide(s.approver, run, interruptId),
            decide(s.approver2, run, interruptId),
          ]);
          expect(pair.map((r) => r.created).sort(), `${run.kind}${run.n}`).toEqual([false, true]);
          expect(pair[0].decision.id).toBe(pair[1].decision.id);
          return { run, interruptId, result: pair.find((r) => r.created) ?? pair[0] };
        }
        return { run, interruptId, result: await decide(s.approver, run, interruptId) };
      }),
    );
    for (const { run, result } of firstDecisions) {
      expect(result.created, `${run.kind}${run.n}`).toBe(true);
      expect(result.status).toBe('decided');
    }
    // The same decision again is a replay: nothing is applied a second time.
    const replays = await Promise.all(
      firstDecisions.map(({ run, interruptId }) => decide(s.approver, run, interruptId)),
    );
    for (const [k, replay] of replays.entries()) {
      const { run, result } = firstDecisions[k] as (typeof firstDecisions)[number];
      expect(replay, `${run.kind}${run.n}`).toMatchObject({
        created: false,
        status: 'decided',
        decision: { id: result.decision.id },
      });
    }

    await waitForStatus(s, all, 'completed', 20_000);
    expect(await s.approver.approvals.pending.query()).toEqual([]);
    const finished = await eventsOfAll(s.admin, all);
    for (const [k, run] of all.entries()) {
      checkFinishedRun(run, finished[k] ?? [], tokens.approverId);
    }
    // B runs resumed their forEach: every item reached `square` (some twice: at-least-once).
    let squares = 0;
    for (const [k, run] of all.entries()) {
      if (run.kind !== 'B') continue;
      const done = ofType(finished[k] ?? [], 'node.completed', 'square');
      squares += done.length;
      const items = new Set(done.map((e) => JSON.stringify(e.payload['output'])));
      expect(items.size, `B${run.n}`).toBe(ITEMS);
    }
    // Replays after completion still answer with the first decision.
    const late = await decide(s.approver, all[0] as RunRef, firstDecisions[0]?.interruptId ?? '');
    expect(late).toMatchObject({ created: false, status: 'decided' });
    console.info(
      `crash test 1: restart took ${restartMs} ms; ${squares - 25 * ITEMS} forEach steps ran twice`,
    );
    await s.server.kill();
  }, 120_000);

  it('a kill right after decisions: decided runs complete once, the others after deciding', async () => {
    const file = join(dir, 'two', 'studio.db');
    const databaseUrl = `sqlite:${file}`;
    const first = await startChildServer({ databaseUrl });
    const tokens = await signInFirstAdmin(first);
    let s = session(first, tokens);
    const flows = await createFlows(s.admin);
    const runs = await startRuns(s.admin, flows.a, 'A', 20);
    await waitForStatus(s, runs, 'paused', 15_000);
    const interruptOf = await waitFor(
      '20 pending approvals',
      () => pendingByRun(s.approver, runs),
      { ms: 10_000 },
    );

    const decided = runs.slice(0, 10);
    const inFlight = runs.slice(10, 15);
    const waiting = runs.slice(15);
    const results = await Promise.all(
      decided.map((run) => decide(s.approver, run, interruptOf(run))),
    );
    // Five more are on the wire when the server dies: each was recorded entirely or not at all.
    const unanswered = inFlight.map((run) =>
      decide(s.approver2, run, interruptOf(run)).then(
        () => 'answered',
        () => 'lost',
      ),
    );
    expect(await first.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    await Promise.all(unanswered);
    for (const result of results)
      expect(result).toMatchObject({ created: true, status: 'decided' });
    const image = readCrashImage(
      file,
      runs.map((run) => run.id),
    );
    const at = (run: RunRef) => image.get(run.id)?.events ?? [];
    const stage = (run: RunRef) =>
      ofType(at(run), 'run.completed').length > 0
        ? 'completed'
        : ofType(at(run), 'run.resumed').length > 0
          ? 'resumed'
          : 'waiting';
    const stages = decided.map(stage);
    // An acknowledged decision is in its run's log, not only queued in memory (soft: the rest of
    // the scenario still shows what a restart makes of it).
    for (const run of decided) {
      expect
        .soft(
          ofType(at(run), 'approval.voted'),
          `A${run.n}: decide() answered, but its approval.voted event was not committed at the kill`,
        )
        .toHaveLength(1);
    }
    for (const run of waiting) expect(stage(run), `A${run.n}`).toBe('waiting');

    const second = await startChildServer({ databaseUrl });
    s = session(second, tokens);

    // The ten decided before the crash finish without anything more.
    await waitForStatus(s, decided, 'completed', 15_000);
    const stillWaiting = await Promise.all(
      waiting.map((run) => s.admin.runs.get.query({ id: run.id })),
    );
    expect(stillWaiting.map((record) => record.status)).toEqual(waiting.map(() => 'paused'));

    // Replays of the ten: the first decision, not a second one.
    const replays = await Promise.all(
      decided.map((run) => decide(s.approver, run, interruptOf(run))),
    );
    for (const [k, replay] of replays.entries()) {
      expect(replay).toMatchObject({
        created: false,
        status: 'decided',
        decision: { id: results[k]?.decision.id },
      });
    }
    // The five in flight: re-sent with their key; recorded once, whichever way the crash fell.
    const resent = await Promise.all(
      inFlight.map((run) => decide(s.approver, run, interruptOf(run))),
    );
    for (const result of resent) expect(result.status).toBe('decided');
    const pendingNow = await s.approver.approvals.pending.query();
    expect(pendingNow.map((p) => p.prompt.runId).sort()).toEqual(
      waiting.map((run) => run.id).sort(),
    );
    const rest = await Promise.all(waiting.map((run) => decide(s.approver, run, interruptOf(run))));
    for (const result of rest) expect(result).toMatchObject({ created: true, status: 'decided' });

    await waitForStatus(s, runs, 'completed', 15_000);
    expect(await s.approver.approvals.pending.query()).toEqual([]);
    const finished = await eventsOfAll(s.admin, runs);
    for (const [k, run] of runs.entries()) {
      checkFinishedRun(run, finished[k] ?? [], tokens.approverId);
      const before = at(run);
      expect(finished[k]?.slice(0, before.length), `A${run.n}`).toEqual(before);
    }
    console.info(`crash test 2: the decided runs at the kill: ${stages.join(', ')}`);
    await s.server.kill();
  }, 120_000);
});
