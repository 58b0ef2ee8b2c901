import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { LeaseBusy, RunGone, type RunJobs } from '../runs/run-jobs';
import type { RunJob } from './run-queue';

/**
 * BullMQ's processor of run jobs. A run that another worker holds is no failure: the job waits
 * `leaseWaitMs` (±20 %) and asks again, without spending an attempt. A job for a run that does
 * not exist is dropped. Any other failure spends an attempt (retried with exponential backoff,
 * see run-queue.ts); when the last attempt fails, the run is failed with the reason instead of
 * being left open for good.
 */
export function runJobProcessor(runs: RunJobs, options: { leaseWaitMs: number }) {
  return async (job: Job<RunJob>, token?: string): Promise<void> => {
    try {
      await runs.process(job.data);
    } catch (error) {
      if (error instanceof LeaseBusy) {
        const wait = options.leaseWaitMs * (0.8 + Math.random() * 0.4);
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      if (error instanceof RunGone) throw new UnrecoverableError(error.message);
      const attempts = job.opts.attempts ?? 1;
      if (job.attemptsMade + 1 >= attempts) await runs.giveUp(job.data.runId, error, attempts);
      throw error;
    }
  };
}
