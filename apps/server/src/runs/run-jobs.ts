import { randomUUID } from 'node:crypto';
import type { ControlMessage } from '../queue/redis-bus';
import type { RunJob } from '../queue/run-queue';
import { StorageError, type RunRecord } from '../storage';
import type { FreshStart, LiveRuns } from './live-runs';
import type { QueueLink } from './queue-driver';
import { planRerun } from './rerun';

/** A worker's lease on a run lasts this long unless renewed (every third of it). */
export const LEASE_TTL_MS = 10_000;

const ENDED: ReadonlySet<RunRecord['status']> = new Set(['completed', 'failed', 'cancelled']);

/** The run does not exist (deleted, or another deployment's job): the job is dropped. */
export class RunGone extends Error {
  override readonly name = 'RunGone';
  constructor(readonly runId: string) {
    super(`run "${runId}" does not exist`);
  }
}

/** Another worker drives the run: the job is retried later. */
export class LeaseBusy extends Error {
  override readonly name = 'LeaseBusy';
  constructor(readonly runId: string) {
    super(`run "${runId}" is being driven by another worker`);
  }
}

/** The queue retried a run's job as often as allowed: the run is failed with the last error. */
export class RunJobFailed extends Error {
  override readonly name = 'RunJobFailed';
  readonly code = 'JOB_FAILED';
  constructor(attempts: number, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`the queue gave up on this run after ${attempts} failed attempts: ${why}`);
  }
}

/**
 * Queue workers: each job takes its run's lease, loads the run from its checkpoint, does the job,
 * drives the run until it pauses or ends, commits, unloads it and gives the lease back.
 */
export function createRunJobs(live: LiveRuns, link: QueueLink) {
  const { storage, approvals, logger } = live;

  /** How a queued run that has no checkpoint yet begins: at START, or at the re-run's node. */
  function fresh(job: RunJob): FreshStart | undefined {
    if (job.kind !== 'rerun') return undefined;
    return async (run) => {
      const source = await storage.runs.get(job.sourceRunId);
      const plan = await planRerun({ storage, source, nodeId: job.nodeId, flow: run.flow });
      return plan.start(run.execution);
    };
  }

  async function exists(runId: string): Promise<boolean> {
    return storage.runs.get(runId).then(
      () => true,
      (error: unknown) => {
        if (error instanceof StorageError && error.code === 'NOT_FOUND') return false;
        throw error;
      },
    );
  }

  return {
    /**
     * One job. `LeaseBusy`: another worker holds the run (the job asks again later, see
     * job-processor.ts); `RunGone`: the job is dropped; anything else fails this attempt.
     */
    async process(job: RunJob): Promise<void> {
      // One owner per job: two jobs of one run in this process must not share the lease.
      const owner = `${link.owner}:${randomUUID().slice(0, 8)}`;
      if (!(await exists(job.runId))) throw new RunGone(job.runId);
      if (!(await storage.leases.acquire(job.runId, owner, LEASE_TTL_MS))) {
        throw new LeaseBusy(job.runId);
      }
      // A worker whose event loop was blocked past the lease loses it to another: it stops.
      let lost!: () => void;
      const leaseLost = new Promise<'lost'>((resolve) => (lost = () => resolve('lost')));
      const renew = setInterval(() => {
        storage.leases.acquire(job.runId, owner, LEASE_TTL_MS).then(
          (held) => held || lost(),
          (error: unknown) => {
            logger.warn({ err: error, runId: job.runId }, 'could not renew a run lease');
          },
        );
      }, LEASE_TTL_MS / 3);
      try {
        const record = await storage.runs.get(job.runId);
        if (ENDED.has(record.status)) return;
        const run = await live.restore(record, fresh(job));
        if (!run) return;
        try {
          await run.ready;
          if (record.status === 'queued') run.journal.setUpdate({ status: 'running' });
          if (job.kind === 'timer') await approvals.fireTimerOf(job.runId, job.interruptId);
          if (job.kind === 'cancel') {
            await run.serialize(() => run.cancel(job.reason, job.actor));
          }
          if ((await Promise.race([run.idle(), leaseLost])) === 'lost') {
            logger.error(
              { runId: job.runId },
              'lost the run lease to another worker (this one did not renew it in time): stopped recording the run here',
            );
            await run.journal.close();
          } else await run.journal.flush();
        } catch (error) {
          // Nothing more of it is recorded here: the job's next attempt restores it from storage.
          await run.journal.close();
          throw error;
        } finally {
          live.unload(run);
        }
      } finally {
        clearInterval(renew);
        await storage.leases.release(job.runId, owner);
      }
    },

    /**
     * The run's job failed its last attempt: the run is failed with why (its approvals closed),
     * if it is still open, instead of waiting for a job that will not come.
     */
    async giveUp(runId: string, error: unknown, attempts: number): Promise<void> {
      try {
        const record = await storage.runs.get(runId);
        if (ENDED.has(record.status)) return;
        const failure = new RunJobFailed(attempts, error);
        logger.error({ runId, attempts, err: error }, failure.message);
        await approvals.cancelAll(runId);
        await live.failUnloaded(runId, failure);
      } catch (failed) {
        logger.error({ err: failed, runId }, 'could not fail a run whose job gave up');
      }
    },

    /** A control message: cancel a run this worker is driving. */
    async control(message: ControlMessage): Promise<void> {
      const run = live.get(message.runId);
      if (run) await run.serialize(() => run.cancel(message.reason, message.actor));
    },

    stop: () => live.stop(),
  };
}

export type RunJobs = ReturnType<typeof createRunJobs>;
