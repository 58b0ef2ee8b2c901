import { Worker } from 'bullmq';
import { createEngineParts, openServerStorage, type ExtraKinds } from '../app';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { RunBus } from '../runs/run-bus';
import type { RunJobs } from '../runs/run-jobs';
import { createWorkerRuns } from '../runs/run-service';
import { runJobProcessor } from './job-processor';
import { connectQueueMode } from './queue-mode';
import { RUN_QUEUE, type RunJob } from './run-queue';

/** BullMQ's job lock: a worker that dies loses its jobs to another after this (stalled check). */
export const JOB_LOCK_MS = 5_000;

export interface RunningWorker {
  /** Lets running jobs finish (their runs reach a pause or their end), then disconnects. */
  close(): Promise<void>;
}

/**
 * A queue worker (`pnpm worker`): takes run jobs from BullMQ, drives each run from its checkpoint
 * until it pauses or ends (`RunJobs.process`), at most `workerConcurrency` at once.
 */
export async function startWorker(
  config: Config,
  logger: Logger,
  options: { kinds?: ExtraKinds } = {},
): Promise<RunningWorker> {
  if (config.redisUrl === undefined) throw new Error('a worker needs REDIS_URL (queue mode)');
  const storage = await openServerStorage(config, logger);
  const { registry, runtimeResources } = createEngineParts(config, storage, options.kinds);
  const bus = new RunBus();
  // The run service exists once queue mode is connected; control messages wait for it.
  const late: { runs?: RunJobs } = {};
  const queueMode = await connectQueueMode({
    redisUrl: config.redisUrl,
    role: 'worker',
    bus,
    logger,
    retry: config.jobRetry,
    onControl: (message) => void late.runs?.control(message),
  });
  const runs = createWorkerRuns({
    storage,
    registry,
    logger,
    runtimeResources,
    bus,
    queue: queueMode,
    quarantineAfter: config.quarantineAfter,
  });
  late.runs = runs;
  const worker = new Worker<RunJob>(
    RUN_QUEUE,
    runJobProcessor(runs, { leaseWaitMs: config.jobRetry.leaseWaitMs }),
    {
      connection: queueMode.connection(),
      concurrency: config.workerConcurrency,
      lockDuration: JOB_LOCK_MS,
      stalledInterval: JOB_LOCK_MS / 2,
      maxStalledCount: 1000,
    },
  );
  worker.on('failed', (job, error) => {
    if (error.name === 'UnrecoverableError') {
      logger.warn({ job: job?.data, reason: error.message }, 'dropped a run job');
      return;
    }
    const attempt = { attempt: job?.attemptsMade, of: job?.opts.attempts };
    logger.error({ err: error, job: job?.data, ...attempt }, 'run job failed');
  });
  worker.on('error', (error) => logger.error({ err: error }, 'worker error'));
  await worker.waitUntilReady();
  logger.info({ owner: queueMode.owner, concurrency: config.workerConcurrency }, 'worker ready');
  return {
    async close() {
      await worker.close();
      await runs.stop();
      await queueMode.close();
      await storage.close();
    },
  };
}
