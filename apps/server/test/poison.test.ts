import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TRPCClientError } from '@trpc/client';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killChildServers, startChildServer, type ChildServer } from './child-server';
import { childSession, signInFirstAdmin, type ChildTokens } from './child-session';
import { allEvents, approvalBlueprint, ofType, waitFor } from './run-fixtures';

/**
 * Poison runs (issue 14): a run whose step takes the real server process down each time it runs
 * (`process.abort()`, a test-only node kind of poison/server-main.ts). The server restarts on the
 * same SQLite file each time; after QUARANTINE_AFTER_CRASHES (default 2) deaths the run is
 * quarantined — failed with the reason, never restored again — and the server stays up.
 */

const ENTRY = 'test/poison/server-main.ts';

const node = (id: string, label: string, x: number, ref: string, config: object = {}) => ({
  id,
  kind: 'chunk' as const,
  label,
  position: { x, y: 0 },
  handler: { ref, config },
});

/** start → the `steps` in a row → end. */
function chain(name: string, steps: ReturnType<typeof node>[]) {
  const ids = ['start', ...steps.map((step) => step.id), 'end'];
  return {
    schema: 'triggerflow.blueprint/v1' as const,
    name,
    nodes: [
      { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
      ...steps,
      { id: 'end', kind: 'end' as const, position: { x: 200 * (steps.length + 1), y: 0 } },
    ],
    edges: ids.slice(1).map((target, k) => ({ id: `e-${target}`, source: ids[k] ?? '', target })),
  };
}

/** start → Prepare (crash) → end. */
const poisonFlow = chain('Poison', [node('prepare', 'Prepare', 200, 'crash')]);

/** start → an approval → Boom (crash) → end: it takes the server down once it is decided. */
const poisonAfterApproval = chain('Poison after approval', [
  node('approve', 'Approve', 200, 'approval', {
    title: 'Go ahead?',
    approvers: { roles: ['approver'] },
  }),
  node('boom', 'Boom', 400, 'crash'),
]);

const QUARANTINED = {
  name: 'RunQuarantined',
  code: 'QUARANTINED',
  nodeId: 'prepare',
  message:
    'quarantined: the server stopped 2 times while this run was running node "Prepare" (prepare)',
};

/** The run rows as the dead server left them in the SQLite file. */
function runRows(file: string) {
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare<[], { id: string; flow_id: string; status: string; in_flight: number }>(
        'select id, flow_id, status, in_flight from runs order by created_at',
      )
      .all();
  } finally {
    db.close();
  }
}

/** A request the server may not answer because it died first (but an answer must be a success). */
function diedMeanwhile(error: unknown): null {
  if (error instanceof TRPCClientError && error.data !== undefined) throw error;
  return null;
}

/** Resolves with how the server died; fails with its output if it is still up after `ms`. */
async function death(server: ChildServer, ms = 20_000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the server did not die\n${server.tail()}`)), ms);
  });
  try {
    return await Promise.race([server.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function readyz(url: string) {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: await response.json() };
}

describe('poison runs: a step that takes the server down', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triggerflow-poison-'));
  });
  afterAll(async () => {
    await killChildServers();
    await rm(dir, { recursive: true, force: true });
  });

  it('is quarantined after 2 deaths with the node it ran; the server stays up, other runs go on', async () => {
    const file = join(dir, 'studio.db');
    const databaseUrl = `sqlite:${file}`;
    const start = () => startChildServer({ databaseUrl, entry: ENTRY });
    const first = await start();
    const tokens: ChildTokens = await signInFirstAdmin(first);
    let s = childSession(first, tokens);
    const waiting = await s.admin.flows.create.mutate({
      name: 'Approval',
      blueprint: approvalBlueprint(),
    });
    const poison = await s.admin.flows.create.mutate({ name: 'Poison', blueprint: poisonFlow });
    expect([waiting.issues, poison.issues]).toEqual([[], []]);
    // An innocent run waits for its approval through every crash.
    const innocent = await s.admin.runs.start.mutate({ flowId: waiting.flow.id, input: null });
    await waitFor(
      async () =>
        (await s.approver.approvals.pending.query({ runId: innocent.id })).length === 1
          ? true
          : undefined,
      { what: 'the innocent run to pause' },
    );

    // Death 1: the run's own start (the process may die before runs.start answers).
    await s.admin.runs.start.mutate({ flowId: poison.flow.id, input: null }).catch(diedMeanwhile);
    expect(await death(first)).toEqual({ code: null, signal: 'SIGABRT' });
    const poisoned = runRows(file).find((row) => row.flow_id === poison.flow.id);
    expect(poisoned).toMatchObject({ status: 'running', in_flight: 1 });
    const poisonId = poisoned?.id ?? '';

    // Death 2: the restore runs it again, in the background after listening.
    const second = await start();
    expect(await death(second)).toEqual({ code: null, signal: 'SIGABRT' });
    expect(runRows(file).find((row) => row.id === poisonId)).toMatchObject({
      status: 'running',
      in_flight: 2,
    });

    // Third start: quarantined instead of restored; the server stays up and ready.
    const third = await start();
    s = childSession(third, tokens);
    await waitFor(async () => ((await readyz(third.url)).status === 200 ? true : undefined), {
      what: '/readyz to answer 200',
      timeoutMs: 10_000,
    });
    const record = await s.admin.runs.get.query({ id: poisonId });
    expect(record).toMatchObject({ status: 'failed', error: QUARANTINED });
    expect(record.finishedAt).not.toBeNull();
    const events = await allEvents(s.admin, poisonId);
    expect(events.at(-1)).toMatchObject({ type: 'run.failed', payload: { error: QUARANTINED } });
    expect(ofType(events, 'run.failed')).toHaveLength(1);
    // Its second death was pinned on the node: `node.started` was committed before the step ran.
    expect(ofType(events, 'node.started').map((event) => event.payload.nodeId)).toContain(
      'prepare',
    );
    expect((await fetch(`${third.url}/healthz`)).status).toBe(200);
    const failedRuns = await s.admin.runs.list.query({ status: 'failed' });
    expect(failedRuns.items.map((run) => run.id)).toEqual([poisonId]);

    // The innocent run still waits and completes once decided.
    const [prompt] = await s.approver.approvals.pending.query({ runId: innocent.id });
    await s.approver.approvals.decide.mutate({
      runId: innocent.id,
      interruptId: prompt?.prompt.interruptId ?? '',
      response: { decision: 'approve' },
      idempotencyKey: `innocent-${innocent.id}`,
    });
    await waitFor(
      async () =>
        (await s.admin.runs.get.query({ id: innocent.id })).status === 'completed'
          ? true
          : undefined,
      { what: 'the innocent run to complete' },
    );

    // A fourth start does not touch the quarantined run again.
    await third.kill();
    const fourth: ChildServer = await start();
    s = childSession(fourth, tokens);
    await waitFor(async () => ((await readyz(fourth.url)).status === 200 ? true : undefined), {
      what: '/readyz to answer 200 again',
      timeoutMs: 10_000,
    });
    expect(await readyz(fourth.url)).toEqual({ status: 200, body: { ready: true } });
    expect(await allEvents(s.admin, poisonId)).toEqual(events);
    await fourth.kill();
  }, 120_000);

  it('counts a run that crashes once decided, forgives progress; waiting runs never count', async () => {
    const file = join(dir, 'after-approval.db');
    const databaseUrl = `sqlite:${file}`;
    const start = () => startChildServer({ databaseUrl, entry: ENTRY });
    const first = await start();
    const tokens = await signInFirstAdmin(first);
    let s = childSession(first, tokens);
    const flow = await s.admin.flows.create.mutate({
      name: 'Poison after approval',
      blueprint: poisonAfterApproval,
    });
    expect(flow.issues).toEqual([]);
    const runs = await Promise.all(
      Array.from({ length: 4 }, () =>
        s.admin.runs.start.mutate({ flowId: flow.flow.id, input: null }),
      ),
    );
    const [poisonRun = '', ...innocent] = runs.map((run) => run.id);
    const pending = await waitFor(
      async () => {
        const prompts = await s.approver.approvals.pending.query();
        return prompts.length === 4 ? prompts : undefined;
      },
      { what: 'four pending approvals' },
    );
    const prompt = pending.find((p) => p.prompt.runId === poisonRun);
    // Deciding it runs Boom: death 1 (the decision itself is stored before it is applied).
    await s.approver.approvals.decide
      .mutate({
        runId: poisonRun,
        interruptId: prompt?.prompt.interruptId ?? '',
        response: { decision: 'approve' },
        idempotencyKey: 'boom-decision',
      })
      .catch(diedMeanwhile);
    expect(await death(first)).toEqual({ code: null, signal: 'SIGABRT' });
    const inFlight = () => new Map(runRows(file).map((row) => [row.id, row.in_flight]));
    expect(inFlight().get(poisonRun)).toBe(1);
    // Death 2: the restore applies the stored decision; its approval step completes (progress,
    // so the first death is forgiven) and Boom runs again. Death 3: Boom, with no progress.
    for (const expected of [1, 2]) {
      const server = await start();
      expect(await death(server)).toEqual({ code: null, signal: 'SIGABRT' });
      const now = inFlight();
      expect(now.get(poisonRun)).toBe(expected);
      // Restoring a run that only waits runs nothing, so it is never counted.
      for (const id of innocent) expect(now.get(id)).toBe(0);
    }

    const fourth = await start();
    s = childSession(fourth, tokens);
    await waitFor(async () => ((await readyz(fourth.url)).status === 200 ? true : undefined), {
      what: '/readyz to answer 200',
      timeoutMs: 10_000,
    });
    const record = await s.admin.runs.get.query({ id: poisonRun });
    expect(record).toMatchObject({
      status: 'failed',
      error: {
        code: 'QUARANTINED',
        nodeId: 'boom',
        message:
          'quarantined: the server stopped 2 times while this run was running node "Boom" (boom)',
      },
    });
    const events = await allEvents(s.admin, poisonRun);
    // The decision was applied once, and what the run did before Boom was checkpointed once it
    // was suspect, so it did not run again at the next restore.
    expect(ofType(events, 'approval.voted')).toHaveLength(1);
    expect(ofType(events, 'run.resumed')).toHaveLength(1);
    const completed = ofType(events, 'node.completed').map((event) => event.payload.nodeId);
    expect(completed).toEqual(['approve']);
    expect(events.at(-1)?.type).toBe('run.failed');
    const stillPending = await s.approver.approvals.pending.query();
    expect(stillPending.map((p) => p.prompt.runId).sort()).toEqual([...innocent].sort());
    await fourth.kill();
  }, 120_000);
});
