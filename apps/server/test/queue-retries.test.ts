import { Queue, type Job } from 'bullmq';
import { Client as Postgres } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_QUEUE } from '../src/queue/run-queue';
import { apiClient, type Client } from './api-harness';
import { killChildServers } from './child-server';
import {
  killChildWorkers,
  probeRedis,
  startQueueDeployment,
  type QueueDeployment,
} from './queue-harness';
import { allEvents, approvalBlueprint, chainBlueprint, ofType, waitFor } from './run-fixtures';

/**
 * Bounded queue retries (issue 14): with short settings, a job that waits for a run another
 * worker holds asks again and again without spending its attempts; a job that fails stops after
 * its attempts, with exponential backoff between them, and its run is failed with the reason.
 */

const ATTEMPTS = 4;
const RETRY_DELAY_MS = 200;
const LEASE_WAIT_MS = 100;

describe('queue mode: bounded job retries', () => {
  let deployment: QueueDeployment;
  let db: Postgres;
  let queue: Queue;
  let admin: Client;
  let approver: Client;

  beforeAll(async () => {
    deployment = await startQueueDeployment({
      workers: 1,
      env: {
        QUEUE_JOB_ATTEMPTS: String(ATTEMPTS),
        QUEUE_RETRY_DELAY_MS: String(RETRY_DELAY_MS),
        QUEUE_LEASE_WAIT_MS: String(LEASE_WAIT_MS),
      },
    });
    db = new Postgres({ connectionString: deployment.databaseUrl });
    await db.connect();
    const connection = probeRedis(deployment.redis.url);
    connection.on('error', () => undefined);
    queue = new Queue(RUN_QUEUE, { connection });
    const { api } = deployment;
    const anonymous = apiClient(api.url);
    const session = await anonymous.auth.signIn.mutate({ token: api.signInToken ?? '' });
    admin = apiClient(api.url, session.token);
    const created = await admin.users.create.mutate({ name: 'Ada', roles: ['approver'] });
    const token = new URL(created.signInUrl).searchParams.get('token') ?? '';
    approver = apiClient(api.url, (await anonymous.auth.signIn.mutate({ token })).token);
  }, 60_000);

  afterAll(async () => {
    await queue.close();
    await db.end();
    await deployment.close();
    await killChildWorkers();
    await killChildServers();
  });

  /** The run's jobs that BullMQ still holds (any state), as they are now. */
  async function jobsOf(runId: string): Promise<Job[]> {
    const jobs = await queue.getJobs(['active', 'wait', 'delayed', 'prioritized', 'failed']);
    return jobs.filter((job) => (job.data as { runId?: string }).runId === runId);
  }

  it('asks again for a run another worker holds without spending attempts', async () => {
    const flow = await admin.flows.create.mutate({
      name: 'Approval',
      blueprint: approvalBlueprint(),
    });
    const run = await admin.runs.start.mutate({ flowId: flow.flow.id, input: null });
    const [pending] = await waitFor(
      async () => {
        const prompts = await approver.approvals.pending.query({ runId: run.id });
        return prompts.length > 0 && (await jobsOf(run.id)).length === 0 ? prompts : undefined;
      },
      { what: 'the run to pause with its job done', timeoutMs: 20_000 },
    );
    // Another worker holds the run (a lease row as a worker takes it), for ten minutes.
    await db.query('insert into run_leases (run_id, owner, expires_at) values ($1, $2, $3)', [
      run.id,
      'worker:elsewhere:1:test',
      Date.now() + 600_000,
    ]);
    await approver.approvals.decide.mutate({
      runId: run.id,
      interruptId: pending?.prompt.interruptId ?? '',
      response: { decision: 'approve' },
      idempotencyKey: `held-${run.id}`,
    });
    // The continue job is tried again and again (more often than it has attempts), none spent.
    const job = await waitFor(
      async () => {
        const [found] = await jobsOf(run.id);
        return found !== undefined && found.attemptsStarted >= 3 * ATTEMPTS ? found : undefined;
      },
      { what: `the job to be tried ${3 * ATTEMPTS} times`, timeoutMs: 20_000 },
    );
    expect(job.attemptsMade).toBe(0);
    expect(job.opts.attempts).toBe(ATTEMPTS);
    expect(['delayed', 'wait', 'active']).toContain(await job.getState());
    const meanwhile = await allEvents(admin, run.id);
    expect(ofType(meanwhile, 'run.resumed')).toEqual([]);
    expect((await admin.runs.get.query({ id: run.id })).status).toBe('paused');

    // The other worker lets go: the next try drives the run to its end, once.
    await db.query('delete from run_leases where run_id = $1', [run.id]);
    await waitFor(
      async () =>
        (await admin.runs.get.query({ id: run.id })).status === 'completed' ? true : undefined,
      { what: 'the run to complete', timeoutMs: 10_000 },
    );
    const events = await allEvents(admin, run.id);
    expect(ofType(events, 'run.resumed')).toHaveLength(1);
    expect(ofType(events, 'run.completed')).toHaveLength(1);
  }, 60_000);

  it('stops a failing job after its attempts, backing off, and fails its run with why', async () => {
    const flow = await admin.flows.create.mutate({ name: 'Doomed', blueprint: chainBlueprint() });
    // The database refuses to give this flow's runs to a worker (as a full disk would).
    await db.query(`
      create function refuse_lease() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from runs where id = new.run_id and flow_id = tg_argv[0]) then
          raise exception 'could not extend file: No space left on device';
        end if;
        return new;
      end $$`);
    await db.query(
      `create trigger refuse_lease before insert on run_leases for each row
       execute function refuse_lease('${flow.flow.id}')`,
    );
    const run = await admin.runs.start.mutate({ flowId: flow.flow.id, input: 1 });
    const failed = await waitFor(
      async () => {
        const record = await admin.runs.get.query({ id: run.id });
        return record.status === 'failed' ? record : undefined;
      },
      { what: 'the run to fail', timeoutMs: 20_000 },
    );
    expect(failed.error).toEqual({
      name: 'RunJobFailed',
      code: 'JOB_FAILED',
      message: `the queue gave up on this run after ${ATTEMPTS} failed attempts: could not extend file: No space left on device`,
    });
    // The run is failed during the last attempt; BullMQ then marks the job failed.
    const job = await waitFor(
      async () => {
        const [found] = await jobsOf(run.id);
        return found !== undefined && (await found.getState()) === 'failed' ? found : undefined;
      },
      { what: 'the job to be failed' },
    );
    expect(job.attemptsMade).toBe(ATTEMPTS);

    // One failure logged per attempt, each retry waiting twice as long as the one before.
    const logged = () =>
      deployment.workers
        .flatMap((worker) => worker.errors())
        .map((line) => JSON.parse(line) as { msg: string; time: number; job?: { runId?: string } })
        .filter((entry) => entry.msg === 'run job failed' && entry.job?.runId === run.id);
    const failures = await waitFor(
      () => Promise.resolve(logged().length >= ATTEMPTS ? logged() : undefined),
      { what: `${ATTEMPTS} failures in the worker's log` },
    );
    expect(failures).toHaveLength(ATTEMPTS);
    const gaps = failures.slice(1).map((entry, k) => entry.time - (failures[k]?.time ?? 0));
    gaps.forEach((gap, k) => {
      expect(gap, `retry ${k + 1}`).toBeGreaterThanOrEqual(0.9 * RETRY_DELAY_MS * 2 ** k);
    });
    await db.query('drop trigger refuse_lease on run_leases');
  }, 60_000);
});
