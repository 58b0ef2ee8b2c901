import type { HandlerRegistry } from '@triggerflow/engine';
import { ApiError } from '../errors';
import { checkAgainstSchema } from '../json-schema/check';
import type { Logger } from '../logger';
import type { RunListOptions, RunRecord, Storage, UserRecord } from '../storage';
import { createEmbeddedDriver } from './embedded-driver';
import { LiveRuns } from './live-runs';
import { createQueueDriver, queuedApprovals, type QueueLink } from './queue-driver';
import type { ProcessKind } from './quarantine';
import { planRerun } from './rerun';
import { Restorer } from './restorer';
import { RunBus } from './run-bus';
import { createRunJobs } from './run-jobs';

export interface StartRunInput {
  flowId: string;
  version?: number | undefined;
  input: unknown;
  user: UserRecord;
}

export interface RerunInput {
  runId: string;
  nodeId: string;
  /** The version to run; default: the version the earlier run ran. */
  version?: number | 'latest' | undefined;
  user: UserRecord;
}

export interface RunServiceOptions {
  storage: Storage;
  registry: HandlerRegistry;
  logger: Logger;
  runtimeResources: () => Record<string, unknown>;
  bus?: RunBus;
  /** Least time between step-boundary checkpoints of a run (default 100 ms; pauses always). */
  checkpointIntervalMs?: number;
  /** A run that was running when its process went down this often is quarantined (default 2). */
  quarantineAfter?: number | undefined;
}

const ENDED: ReadonlySet<RunRecord['status']> = new Set(['completed', 'failed', 'cancelled']);

function liveRuns(options: RunServiceOptions, processKind: ProcessKind, queue?: QueueLink) {
  return new LiveRuns({
    processKind,
    quarantineAfter: options.quarantineAfter,
    storage: options.storage,
    registry: options.registry,
    logger: options.logger,
    runtimeResources: options.runtimeResources,
    bus: options.bus ?? new RunBus(),
    checkpointIntervalMs: options.checkpointIntervalMs,
    ...(queue && { remote: queuedApprovals(queue.queue) }),
  });
}

/**
 * What the API does with runs: starts and re-runs them, reads them, cancels them, restores the
 * open ones at boot. The driver decides where runs execute: here (embedded mode), or on queue
 * workers (`queue`: this is an API process in queue mode).
 */
export function createRunService(options: RunServiceOptions & { queue?: QueueLink }) {
  const { storage } = options;
  const live = liveRuns(options, 'server', options.queue);
  const driver = options.queue
    ? createQueueDriver(live, options.queue)
    : createEmbeddedDriver(live);
  const restorer = new Restorer({
    storage,
    logger: options.logger,
    restoreOne: (record) => driver.restoreOne(record),
    afterAll: (count) => driver.restored(count),
  });
  live.whenLoaded = (runId) => restorer.loaded(runId);

  return {
    bus: live.bus,
    approvals: live.approvals,

    /** Starts a run of a flow version (default: the latest) and returns it at once. */
    async start(input: StartRunInput): Promise<RunRecord> {
      const { flow, version, inputSchema } = await live.loadFlow(input.flowId, input.version);
      if (inputSchema) {
        checkAgainstSchema(
          inputSchema,
          input.input ?? null,
          'input',
          (why) =>
            `flow "${input.flowId}" version ${version} declares meta.inputSchema, but it is not a usable JSON Schema (${why})`,
        );
      }
      const runInput = input.input ?? null;
      return driver.launch({
        started: {
          flowId: input.flowId,
          version,
          input: runInput,
          startedBy: input.user.id,
          rerunOf: null,
        },
        flow,
        reused: [],
        begin: (execution) => execution.start(runInput),
      });
    },

    /**
     * A new run that starts at `nodeId` with the input it had in the earlier run; the steps that
     * completed before it are not run again: their recorded outputs are reported as reused and
     * the state starts as the earlier run last recorded it.
     */
    async rerun(input: RerunInput): Promise<RunRecord> {
      const source = await storage.runs.get(input.runId);
      const version =
        input.version === 'latest'
          ? undefined
          : input.version === undefined
            ? source.version
            : input.version;
      const { flow, version: at } = await live.loadFlow(source.flowId, version);
      const plan = await planRerun({ storage, source, nodeId: input.nodeId, flow });
      return driver.launch({
        started: {
          flowId: source.flowId,
          version: at,
          input: source.input,
          startedBy: input.user.id,
          rerunOf: { runId: source.id, nodeId: input.nodeId },
        },
        flow,
        reused: plan.reused,
        begin: (execution) => plan.start(execution),
      });
    },

    get: (runId: string) => storage.runs.get(runId),

    list: (options: RunListOptions) => storage.runs.list(options),

    async events(runId: string, options: { afterSeq?: number; limit?: number }) {
      await storage.runs.get(runId);
      return storage.runs.events(runId, options);
    },

    /** Cancels a run that has not ended; cancelling an ended run is a CONFLICT. */
    async cancel(runId: string, user: UserRecord, reason = 'cancelled'): Promise<RunRecord> {
      await live.loaded(runId);
      const run = live.get(runId);
      if (run) {
        await run.serialize(async () => {
          await run.cancel(reason, user.id);
          await run.journal.flush();
        });
        return storage.runs.get(runId);
      }
      const record = await storage.runs.get(runId);
      if (ENDED.has(record.status)) {
        throw new ApiError(
          'CONFLICT',
          `run "${runId}" has already ${record.status === 'cancelled' ? 'been cancelled' : record.status}`,
        );
      }
      return driver.cancelUnloaded(record, user, reason);
    },

    /**
     * Picks up every open run (boot), in the background: paused ones wait again, running ones
     * continue. Resolves once all are back (`readiness` tells how far it is meanwhile).
     */
    restoreAll: () => restorer.run(),

    /** How far the boot-time restore is (`/readyz`). */
    readiness: () => restorer.progress(),

    /** Runs loaded in this process right now. */
    activeCount: () => live.size,

    /** Resolves when no run is active (tests, benchmarks). */
    idle: () => live.idle(),

    /**
     * Stops: timers are disarmed and every queued event is written. Live runs are left as they
     * are in storage (running or paused) and continue from their checkpoints at the next boot.
     */
    async stop(): Promise<void> {
      await restorer.stop();
      await live.stop();
    },
  };
}

export type RunService = ReturnType<typeof createRunService>;

/** A queue worker's runs: jobs taken from BullMQ (see run-jobs.ts). */
export function createWorkerRuns(options: RunServiceOptions & { queue: QueueLink }) {
  return createRunJobs(liveRuns(options, 'worker', options.queue), options.queue);
}
