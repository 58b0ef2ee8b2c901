import type { ControlMessage } from '../queue/redis-bus';
import type { RunJob, RunQueue } from '../queue/run-queue';
import type { LiveRunsOptions, LiveRuns } from './live-runs';
import type { RunDriver } from './run-driver';

/** What queue mode gives the run service (see queue/queue-mode.ts). */
export interface QueueLink {
  queue: RunQueue;
  /** This process, as a lease owner. */
  owner: string;
  /** Tells workers (through Redis) to cancel a run they drive. */
  control?: ((message: ControlMessage) => Promise<void>) | undefined;
}

/** Enqueues `job` once per `key`, after `delayMs` when given. */
export function enqueuer(queue: RunQueue) {
  return (job: RunJob, key: string, delayMs?: number) =>
    queue.enqueue(job, { key, ...(delayMs !== undefined && { delayMs }) });
}

/** Queue mode's approvals: timers are delayed jobs, a closed approval of an unloaded run a job. */
export function queuedApprovals(queue: RunQueue): NonNullable<LiveRunsOptions['remote']> {
  const enqueue = enqueuer(queue);
  return {
    armTimer: (timer) =>
      enqueue(
        { kind: 'timer', runId: timer.runId, interruptId: timer.interruptId },
        `timer:${timer.runId}:${timer.interruptId}`,
        timer.fireAt - Date.now(),
      ),
    closedWithoutRun: (runId, approvalId) =>
      enqueue({ kind: 'continue', runId }, `continue:${approvalId}`),
    cancelTimer: (runId, interruptId) => queue.remove(`timer:${runId}:${interruptId}`),
  };
}

/**
 * Queue mode, API processes: nothing runs here. A run is created `queued` with its first events
 * and a job; workers (run-jobs.ts) load it from storage, drive it and commit what it does.
 */
export function createQueueDriver(live: LiveRuns, link: QueueLink): RunDriver {
  const { storage, approvals } = live;
  const enqueue = enqueuer(link.queue);
  return {
    async launch({ started, reused }) {
      const record = await storage.runs.create({
        flowId: started.flowId,
        version: started.version,
        input: started.input,
        startedBy: started.startedBy,
        status: 'queued',
      });
      await live.commitEvents(record.id, [
        { type: 'run.started', payload: started },
        ...reused.map((step) => ({ type: 'node.completed', payload: { ...step, reused: true } })),
      ]);
      const job: RunJob =
        started.rerunOf === null
          ? { kind: 'start', runId: record.id }
          : {
              kind: 'rerun',
              runId: record.id,
              sourceRunId: started.rerunOf.runId,
              nodeId: started.rerunOf.nodeId,
            };
      await enqueue(job, `start:${record.id}`);
      return record;
    },

    async cancelUnloaded(record, user, reason) {
      // Whoever drives the run cancels it now; otherwise the job does, once it may.
      const message = { type: 'cancel', runId: record.id, reason, actor: user.id } as const;
      await link.control?.(message);
      await enqueue(
        { kind: 'cancel', runId: record.id, reason, actor: user.id },
        `cancel:${record.id}`,
      );
      return record;
    },

    // Workers restore open runs: one job per run (a no-op for runs a worker holds), and the
    // timers again (their jobs are keyed, so nothing doubles).
    async restoreOne(record) {
      await enqueue({ kind: 'continue', runId: record.id }, `resume:${record.id}`);
    },

    async restored() {
      await approvals.armTimers();
    },
  };
}
