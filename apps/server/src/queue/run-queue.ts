import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobRetry } from '../config';

/** The BullMQ queue every API process enqueues on and every worker takes from. */
export const RUN_QUEUE = 'triggerflow-runs';

/** Work on one run: what a worker does after loading it from its checkpoint. */
export type RunJob =
  | { kind: 'start'; runId: string }
  | { kind: 'rerun'; runId: string; sourceRunId: string; nodeId: string }
  /** An approval of the run was closed (decided or timed out): apply it. */
  | { kind: 'continue'; runId: string }
  | { kind: 'timer'; runId: string; interruptId: string }
  | { kind: 'cancel'; runId: string; reason: string; actor: string };

export interface RunQueue {
  /** Enqueues `job` once per `key` (a job with the same key waiting or running is not doubled). */
  enqueue(job: RunJob, options: { key: string; delayMs?: number }): Promise<void>;
  /** Drops a waiting or delayed job (a timer whose approval closed); no-op when it is gone. */
  remove(key: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A job that fails is retried `attempts` times at most, after `delayMs`, then twice as long each
 * time (exponential backoff); then it stays in BullMQ's failed list (the last 1,000) and its run is
 * failed. Waiting for a run another worker holds is no failure (see run-worker.ts).
 */
export function jobOptions(retry: Pick<JobRetry, 'attempts' | 'delayMs'>) {
  return {
    attempts: retry.attempts,
    backoff: { type: 'exponential', delay: retry.delayMs },
    removeOnComplete: true,
    removeOnFail: 1000,
  } as const;
}

/** BullMQ job ids may not contain ':'. */
const jobIdOf = (key: string) => key.replaceAll(':', '_');

export function createRunQueue(connection: Redis, retry: JobRetry): RunQueue {
  const queue = new Queue<RunJob>(RUN_QUEUE, { connection });
  const options = jobOptions(retry);
  return {
    async enqueue(job, { key, delayMs }) {
      await queue.add(job.kind, job, {
        ...options,
        jobId: jobIdOf(key),
        ...(delayMs !== undefined && delayMs > 0 && { delay: delayMs }),
      });
    },
    async remove(key) {
      await queue.remove(jobIdOf(key));
    },
    close: () => queue.close(),
  };
}
