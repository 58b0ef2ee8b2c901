import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunEvent } from '@triggerflow/blueprint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from './api-harness';
import { killChildServers, startChildServer } from './child-server';
import { childSession, signInFirstAdmin, type ChildSession } from './child-session';
import { allEvents, approvalBlueprint, ofType, waitFor } from './run-fixtures';

/**
 * Restore in the background (issue 14): the real server as a child process is killed with many
 * runs open — paused at an approval, and in the middle of a step — and started again on the same
 * SQLite file. It must listen at once, say on `/readyz` that it is restoring until every run is
 * back, apply a decision (and a cancel) that arrives meanwhile exactly once, and finish the rest.
 */

const PAUSED = 300;
const BUSY = 10;
const START_BATCH = 25;

/** start → delay 1.5 s → transform → end: a kill finds its delay running. */
const busyFlow = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Busy',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    {
      id: 'wait',
      kind: 'chunk' as const,
      position: { x: 200, y: 0 },
      handler: { ref: 'delay', config: { ms: 1500 } },
    },
    {
      id: 'done',
      kind: 'chunk' as const,
      position: { x: 400, y: 0 },
      handler: { ref: 'transform', config: { expression: "'done'" } },
    },
    { id: 'end', kind: 'end' as const, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'e-wait', source: 'start', target: 'wait' },
    { id: 'e-done', source: 'wait', target: 'done' },
    { id: 'e-end', source: 'done', target: 'end' },
  ],
};

interface Probe {
  status: number;
  body: { ready?: boolean; restoring?: { done: number; total: number } };
}

async function readyz(url: string): Promise<Probe> {
  const response = await fetch(`${url}/readyz`);
  return { status: response.status, body: (await response.json()) as Probe['body'] };
}

async function startMany(admin: Client, flowId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; k < count; k += START_BATCH) {
    const batch = Array.from({ length: Math.min(START_BATCH, count - k) }, () =>
      admin.runs.start.mutate({ flowId, input: null }),
    );
    ids.push(...(await Promise.all(batch)).map((run) => run.id));
  }
  return ids;
}

/** The runs' statuses, a batch of requests at a time (a batch is one GET URL). */
async function statuses(s: ChildSession, ids: readonly string[]) {
  const result: string[] = [];
  for (let k = 0; k < ids.length; k += START_BATCH) {
    const batch = ids.slice(k, k + START_BATCH).map((id) => s.admin.runs.get.query({ id }));
    result.push(...(await Promise.all(batch)).map((record) => record.status));
  }
  return result;
}

const count = (events: readonly RunEvent[], type: RunEvent['type'], nodeId?: string) =>
  ofType(events, type).filter(
    (event) => nodeId === undefined || (event.payload as { nodeId?: unknown }).nodeId === nodeId,
  ).length;

describe('restore in the background after kill -9', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triggerflow-restore-'));
  });
  afterAll(async () => {
    await killChildServers();
    await rm(dir, { recursive: true, force: true });
  });

  it('listens at once, is not ready until every run is back, applies what arrives meanwhile once', async () => {
    const databaseUrl = `sqlite:${join(dir, 'studio.db')}`;
    const first = await startChildServer({ databaseUrl });
    const tokens = await signInFirstAdmin(first);
    let s = childSession(first, tokens);
    expect(await readyz(first.url)).toEqual({ status: 200, body: { ready: true } });

    const approval = await s.admin.flows.create.mutate({
      name: 'Approval',
      blueprint: approvalBlueprint(),
    });
    const busy = await s.admin.flows.create.mutate({ name: 'Busy', blueprint: busyFlow });
    expect([approval.issues, busy.issues]).toEqual([[], []]);
    const paused = await startMany(s.admin, approval.flow.id, PAUSED);
    const interruptOf = new Map<string, string>();
    await waitFor(
      async () => {
        const pending = await s.approver.approvals.pending.query();
        for (const p of pending) interruptOf.set(p.prompt.runId, p.prompt.interruptId);
        return pending.length === PAUSED ? true : undefined;
      },
      { what: `${PAUSED} pending approvals`, timeoutMs: 30_000 },
    );
    const running = await startMany(s.admin, busy.flow.id, BUSY);
    await waitFor(
      async () => {
        const started = await Promise.all(running.map((id) => allEvents(s.admin, id)));
        return started.every((events) => count(events, 'node.started', 'wait') === 1)
          ? true
          : undefined;
      },
      { what: 'every busy run inside its delay' },
    );
    expect(new Set(await statuses(s, running))).toEqual(new Set(['running']));
    expect(await first.kill()).toEqual({ code: null, signal: 'SIGKILL' });

    // Restarted, it listens without waiting for the 310 runs (the issue: within 5 s).
    const second = await startChildServer({ databaseUrl, startTimeoutMs: 5_000 });
    s = childSession(second, tokens);
    const firstProbe = await readyz(second.url);
    expect(firstProbe.status).toBe(503);
    expect(firstProbe.body.ready).toBe(false);

    // Meanwhile: decisions for the five newest paused runs (the last ones the restore reaches),
    // one sent twice at once in separate requests, and a cancel of a sixth.
    const decided = paused.slice(-5);
    const cancelled = paused.at(-6) ?? '';
    const decide = (client: Client, runId: string) =>
      client.approvals.decide.mutate({
        runId,
        interruptId: interruptOf.get(runId) ?? '',
        response: { decision: 'approve' },
        idempotencyKey: `during-restore-${runId}`,
      });
    const [results, twice, cancel] = await Promise.all([
      Promise.all(decided.map((runId) => decide(s.approver, runId))),
      decide(s.approver2, decided[0] ?? ''),
      s.admin.runs.cancel.mutate({ id: cancelled, reason: 'not needed' }),
    ]);
    const duringRestore = await readyz(second.url);
    expect(duringRestore.status, 'the decisions were answered while the restore went on').toBe(503);
    const health = await fetch(`${second.url}/healthz`);
    expect(health.status).toBe(200);
    for (const result of results) expect(result.status).toBe('decided');
    expect([results[0]?.created, twice.created].sort()).toEqual([false, true]);
    expect(twice.decision.id).toBe(results[0]?.decision.id);
    expect(cancel.status).toBe('cancelled');

    // /readyz: 503 with growing counts of the 310 runs, then 200.
    const seen: Probe[] = [firstProbe, duringRestore];
    await waitFor(
      async () => {
        const probe = await readyz(second.url);
        seen.push(probe);
        return probe.status === 200 ? true : undefined;
      },
      { what: '/readyz to answer 200', timeoutMs: 30_000 },
    );
    expect(seen.at(-1)).toEqual({ status: 200, body: { ready: true } });
    const restoring = seen.filter((probe) => probe.status === 503);
    const counted = restoring.filter((probe) => (probe.body.restoring?.total ?? 0) > 0);
    expect(counted.length).toBeGreaterThan(0);
    for (const probe of counted) expect(probe.body.restoring?.total).toBe(PAUSED + BUSY);
    const dones = counted.map((probe) => probe.body.restoring?.done ?? -1);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(Math.min(...dones)).toBeLessThan(PAUSED + BUSY);

    // The busy runs run their delay again (at-least-once) and complete; the decided ones
    // complete once; the cancelled one stays cancelled; the others wait for their approval.
    await waitFor(
      async () => {
        const now = await statuses(s, [...running, ...decided]);
        return now.every((status) => status === 'completed') ? true : undefined;
      },
      { what: 'the busy and the decided runs to complete', timeoutMs: 20_000 },
    );
    for (const runId of decided) {
      const events = await allEvents(s.admin, runId);
      expect({
        voted: count(events, 'approval.voted'),
        resumed: count(events, 'run.resumed'),
        ok: count(events, 'node.completed', 'ok'),
        completed: count(events, 'run.completed'),
        last: events.at(-1)?.type,
      }).toEqual({ voted: 1, resumed: 1, ok: 1, completed: 1, last: 'run.completed' });
    }
    for (const runId of running) {
      const events = await allEvents(s.admin, runId);
      expect(count(events, 'node.completed', 'done')).toBe(1);
      expect(events.at(-1)?.type).toBe('run.completed');
    }
    const afterCancel = await allEvents(s.admin, cancelled);
    expect(afterCancel.at(-1)?.type).toBe('run.cancelled');
    expect(count(afterCancel, 'run.cancelled')).toBe(1);
    expect(await statuses(s, [cancelled])).toEqual(['cancelled']);
    const waiting = paused.filter((id) => id !== cancelled && !decided.includes(id));
    expect(new Set(await statuses(s, waiting))).toEqual(new Set(['paused']));
    const stillPending = await s.approver.approvals.pending.query();
    expect(stillPending.map((p) => p.prompt.runId).sort()).toEqual([...waiting].sort());
    console.info(
      `restore test: ${restoring.length} probes answered 503 (done ${dones.join(', ')} of ${PAUSED + BUSY})`,
    );
    await s.server.kill();
  }, 120_000);
});
