import { Client as Postgres } from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { apiClient } from './api-harness';
import { killChildServers } from './child-server';
import {
  killChildWorkers,
  queueEnv,
  startChildWorker,
  startQueueDeployment,
  type QueueDeployment,
} from './queue-harness';
import { allEvents, chainBlueprint, ofType, waitFor } from './run-fixtures';

/**
 * Poison runs in queue mode (issue 14): a step that blocks its worker's event loop for good (the
 * test-only `hang` kind of poison/worker-main.ts). BullMQ gives the job to another worker once
 * the blocked one's lock lapses, which takes the run once its lease lapses, and is blocked too;
 * the third worker finds the run went down with two workers and quarantines it.
 */

const ENTRIES = { api: 'test/poison/server-main.ts', worker: 'test/poison/worker-main.ts' };

const stallFlow = {
  schema: 'triggerflow.blueprint/v1' as const,
  name: 'Stall',
  nodes: [
    { id: 'start', kind: 'start' as const, position: { x: 0, y: 0 } },
    {
      id: 'stall',
      kind: 'chunk' as const,
      label: 'Stall',
      position: { x: 200, y: 0 },
      handler: { ref: 'hang', config: {} },
    },
    { id: 'end', kind: 'end' as const, position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e-stall', source: 'start', target: 'stall' },
    { id: 'e-end', source: 'stall', target: 'end' },
  ],
};

describe('queue mode: a step that blocks its worker', () => {
  let deployment: QueueDeployment | undefined;
  let db: Postgres | undefined;
  afterAll(async () => {
    await db?.end();
    await deployment?.close();
    await killChildWorkers();
    await killChildServers();
  });

  it('is quarantined after blocking two workers; the third stays free for other runs', async () => {
    deployment = await startQueueDeployment({ workers: 1, entries: ENTRIES });
    const { api, databaseUrl, redis } = deployment;
    db = new Postgres({ connectionString: databaseUrl });
    await db.connect();
    const inFlight = async (runId: string) => {
      const { rows } = await (db as Postgres).query<{ in_flight: number }>(
        'select in_flight from runs where id = $1',
        [runId],
      );
      return rows[0]?.in_flight;
    };
    const session = await apiClient(api.url).auth.signIn.mutate({ token: api.signInToken ?? '' });
    const admin = apiClient(api.url, session.token);
    const stall = await admin.flows.create.mutate({ name: 'Stall', blueprint: stallFlow });
    const chain = await admin.flows.create.mutate({ name: 'Chain', blueprint: chainBlueprint() });
    expect([stall.issues, chain.issues]).toEqual([[], []]);
    const run = await admin.runs.start.mutate({ flowId: stall.flow.id, input: null });
    await waitFor(async () => ((await inFlight(run.id)) === 1 ? true : undefined), {
      what: 'the first worker to take the run',
      timeoutMs: 20_000,
    });

    // A second worker gets the job once the first one's lock lapses (it cannot renew it), and
    // the run once its lease lapses: it is suspect now, so `node.started` is committed first.
    const env = queueEnv({ databaseUrl, redisUrl: redis.url });
    deployment.workers.push(await startChildWorker({ env, entry: ENTRIES.worker }));
    await waitFor(async () => ((await inFlight(run.id)) === 2 ? true : undefined), {
      what: 'the second worker to take the run',
      timeoutMs: 40_000,
    });
    const third = await startChildWorker({ env, entry: ENTRIES.worker });
    deployment.workers.push(third);
    const failed = await waitFor(
      async () => {
        const record = await admin.runs.get.query({ id: run.id });
        return record.status === 'failed' ? record : undefined;
      },
      { what: 'the third worker to quarantine the run', timeoutMs: 40_000 },
    );
    const quarantined = {
      name: 'RunQuarantined',
      code: 'QUARANTINED',
      nodeId: 'stall',
      message:
        'quarantined: a worker stopped or stalled 2 times while this run was running node "Stall" (stall)',
    };
    expect(failed.error).toEqual(quarantined);
    const events = await allEvents(admin, run.id);
    expect(events.at(-1)).toMatchObject({ type: 'run.failed', payload: { error: quarantined } });
    expect(ofType(events, 'node.started').map((event) => event.payload.nodeId)).toContain('stall');

    // The third worker is not blocked: it runs the next run.
    const next = await admin.runs.start.mutate({ flowId: chain.flow.id, input: 1 });
    const done = await waitFor(
      async () => {
        const record = await admin.runs.get.query({ id: next.id });
        return record.status === 'completed' ? record : undefined;
      },
      { what: 'a run after the quarantine to complete', timeoutMs: 20_000 },
    );
    expect(done.status).toBe('completed');
    expect(third.errors().filter((line) => !line.includes('quarantined'))).toEqual([]);
  }, 150_000);
});
