import type { RunEvent } from '@triggerflow/blueprint';
import { randomUUID } from 'node:crypto';
import type { HandlerRegistry } from '@triggerflow/engine';
import { createApprovalService, type ApprovalService } from '../approvals/approval-service';
import { promptFromInterrupt } from '../approvals/prompt';
import { ApiError } from '../errors';
import type { Logger } from '../logger';
import { StorageError } from '../storage';
import type {
  NewRunEvent,
  RunListOptions,
  RunRecord,
  RunRowUpdate,
  Storage,
  UserRecord,
} from '../storage';
import type { RunJob, RunQueue } from '../queue/run-queue';
import { checkAgainstSchema } from '../json-schema/check';
import { ActiveRun, type RunHost } from './active-run';
import { CommitBatcher } from './commit-batcher';
import { createFlowLoader, type FlowLoader } from './flow-loader';
import { planRerun } from './rerun';
import { RunBus } from './run-bus';
import { toRunError } from './run-error';

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

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 100;
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

/**
 * Runs blueprints with the engine in this process (embedded mode): starts them, records what they
 * do (RunJournal), restores open runs at boot, and hands approvals to the approval service.
 */
export function createRunService(deps: {
  storage: Storage;
  registry: HandlerRegistry;
  logger: Logger;
  runtimeResources: () => Record<string, unknown>;
  bus?: RunBus;
  /** Least time between step-boundary checkpoints of a run (default 100 ms; pauses always). */
  checkpointIntervalMs?: number;
  /**
   * Queue mode (the only seam between the modes): `api` processes enqueue run work instead of
   * running it; `worker` processes run one job at a time per run (see `process`).
   */
  queue?: {
    role: 'api' | 'worker';
    queue: RunQueue;
    owner: string;
    /** API processes: tells workers (through Redis) to cancel a run they drive. */
    control?: (message: {
      type: 'cancel';
      runId: string;
      reason: string;
      actor: string;
    }) => Promise<void>;
  };
}) {
  const { storage, logger } = deps;
  const bus = deps.bus ?? new RunBus();
  const active = new Map<string, ActiveRun>();
  const drained = new Set<() => void>();
  const loader: FlowLoader = createFlowLoader({
    storage,
    registry: deps.registry,
    onWarning: (warning) => logger.debug({ warning }, 'engine warning'),
  });
  const queued = deps.queue;
  const enqueue = (job: RunJob, key: string, delayMs?: number) =>
    (queued as NonNullable<typeof queued>).queue.enqueue(job, {
      key,
      ...(delayMs !== undefined && { delayMs }),
    });
  const approvals: ApprovalService = createApprovalService({
    storage,
    bus,
    logger,
    runs: active,
    ...(queued && {
      remote: {
        armTimer: (timer) =>
          enqueue(
            { kind: 'timer', runId: timer.runId, interruptId: timer.interruptId },
            `timer:${timer.runId}:${timer.interruptId}`,
            timer.fireAt - Date.now(),
          ),
        closedWithoutRun: (runId, approvalId) =>
          enqueue({ kind: 'continue', runId }, `continue:${approvalId}`),
        cancelTimer: (runId, interruptId) => queued.queue.remove(`timer:${runId}:${interruptId}`),
      },
    }),
  });

  /** Commits events of a run that is not loaded here, and publishes them. */
  async function commitEvents(runId: string, events: NewRunEvent[], update?: RunRowUpdate) {
    const records = await storage.runs.commit(runId, { events, update });
    bus.publishRunEvents(records as RunEvent[]);
  }

  const host: RunHost = {
    storage,
    batcher: new CommitBatcher(storage),
    checkpointIntervalMs: deps.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
    bus,
    logger,
    runtimeResources: deps.runtimeResources,
    opened: (run, prompt) => approvals.opened(run, prompt),
    closed: (run, interrupt, how) => approvals.closed(run, interrupt, how),
    ended(run) {
      active.delete(run.id);
      if (active.size === 0) for (const wake of drained) wake();
    },
  };

  const loadFlow = (flowId: string, version: number | undefined) => loader.load(flowId, version);

  /** How a queued run that has no checkpoint yet begins: at START, or at the re-run's node. */
  function fresh(job: RunJob) {
    if (job.kind !== 'rerun') return undefined;
    return async (run: ActiveRun) => {
      const source = await storage.runs.get(job.sourceRunId);
      const plan = await planRerun({ storage, source, nodeId: job.nodeId, flow: run.flow });
      return plan.start(run.execution);
    };
  }

  async function restore(
    record: RunRecord,
    fresh: (run: ActiveRun) => Promise<unknown> = (run) => run.execution.start(record.input),
  ): Promise<ActiveRun | undefined> {
    let run: ActiveRun;
    try {
      const { flow } = await loader.load(record.flowId, record.version);
      run = new ActiveRun(record, flow, host);
    } catch (error) {
      logger.error({ err: error, runId: record.id }, 'could not restore a run');
      const runError = toRunError(error);
      const records = await storage.runs.commit(record.id, {
        events: [{ type: 'run.failed', payload: { error: runError } }],
        update: { status: 'failed', error: runError, finishedAt: Date.now() },
      });
      bus.publishRunEvents(records as RunEvent[]);
      return undefined;
    }
    active.set(record.id, run);
    let markReady!: () => void;
    run.ready = new Promise<void>((resolve) => (markReady = resolve));
    try {
      const checkpoint = await storage.runs.latestCheckpoint(record.id);
      if (checkpoint === undefined) {
        // Nothing was recorded past the start: run it again from its input (at-least-once).
        void run.drive(() => fresh(run));
      } else {
        run.execution.load(checkpoint.snapshot, { runtimeResources: deps.runtimeResources() });
        const prompts = Object.values(run.execution.getPendingInterrupts()).map((interrupt) =>
          promptFromInterrupt({
            runId: record.id,
            startedBy: record.startedBy,
            interrupt,
            now: Date.now(),
          }),
        );
        markReady();
        await approvals.reconcile(run, prompts);
        void run.drive(() => run.execution.resume());
      }
    } catch (error) {
      logger.error({ err: error, runId: record.id }, 'could not restore a run');
      markReady();
      void run.drive(() => Promise.reject(error));
    } finally {
      markReady();
    }
    return run;
  }

  const service = {
    bus,
    approvals,

    /** Starts a run of a flow version (default: the latest) and returns it at once. */
    async start(input: StartRunInput): Promise<RunRecord> {
      const { flow, version, inputSchema } = await loadFlow(input.flowId, input.version);
      if (inputSchema) {
        checkAgainstSchema(
          inputSchema,
          input.input ?? null,
          'input',
          (why) =>
            `flow "${input.flowId}" version ${version} declares meta.inputSchema, but it is not a usable JSON Schema (${why})`,
        );
      }
      const started = {
        flowId: input.flowId,
        version,
        input: input.input ?? null,
        startedBy: input.user.id,
        rerunOf: null,
      };
      if (queued) {
        const record = await storage.runs.create({ ...started, status: 'queued' });
        await commitEvents(record.id, [{ type: 'run.started', payload: started }]);
        await enqueue({ kind: 'start', runId: record.id }, `start:${record.id}`);
        return record;
      }
      const record = await storage.runs.create({ ...started, status: 'running' });
      const run = new ActiveRun(record, flow, host);
      active.set(record.id, run);
      run.journal.push('run.started', {
        flowId: input.flowId,
        version,
        input: input.input ?? null,
        startedBy: input.user.id,
        rerunOf: null,
      });
      void run.drive(() => run.execution.start(input.input ?? null));
      return record;
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
      const { flow, version: at } = await loadFlow(source.flowId, version);
      const plan = await planRerun({ storage, source, nodeId: input.nodeId, flow });
      const record = await storage.runs.create({
        flowId: source.flowId,
        version: at,
        input: source.input,
        startedBy: input.user.id,
        status: queued ? 'queued' : 'running',
      });
      const rerunOf = { runId: source.id, nodeId: input.nodeId };
      if (queued) {
        await commitEvents(record.id, [
          {
            type: 'run.started',
            payload: {
              flowId: source.flowId,
              version: at,
              input: source.input,
              startedBy: input.user.id,
              rerunOf,
            },
          },
          ...plan.reused.map((reused) => ({
            type: 'node.completed',
            payload: { ...reused, reused: true },
          })),
        ]);
        await enqueue(
          { kind: 'rerun', runId: record.id, sourceRunId: source.id, nodeId: input.nodeId },
          `start:${record.id}`,
        );
        return record;
      }
      const run = new ActiveRun(record, flow, host);
      active.set(record.id, run);
      run.journal.push('run.started', {
        flowId: source.flowId,
        version: at,
        input: source.input,
        startedBy: input.user.id,
        rerunOf,
      });
      for (const reused of plan.reused)
        run.journal.push('node.completed', { ...reused, reused: true });
      void run.drive(() => plan.start(run.execution));
      return record;
    },

    get: (runId: string) => storage.runs.get(runId),

    list: (options: RunListOptions) => storage.runs.list(options),

    async events(runId: string, options: { afterSeq?: number; limit?: number }) {
      await storage.runs.get(runId);
      return storage.runs.events(runId, options);
    },

    /** Cancels a run that has not ended; cancelling an ended run is a CONFLICT. */
    async cancel(runId: string, user: UserRecord, reason = 'cancelled'): Promise<RunRecord> {
      const run = active.get(runId);
      if (run) {
        await run.serialize(async () => {
          await run.cancel(reason, user.id);
          await run.journal.flush();
        });
        return storage.runs.get(runId);
      }
      const record = await storage.runs.get(runId);
      if (
        record.status === 'completed' ||
        record.status === 'failed' ||
        record.status === 'cancelled'
      ) {
        throw new ApiError(
          'CONFLICT',
          `run "${runId}" has already ${record.status === 'cancelled' ? 'been cancelled' : record.status}`,
        );
      }
      if (queued) {
        // Whoever drives the run cancels it now; otherwise the job does, once it may.
        await queued.control?.({ type: 'cancel', runId, reason, actor: user.id });
        await enqueue({ kind: 'cancel', runId, reason, actor: user.id }, `cancel:${runId}`);
        return record;
      }
      await approvals.cancelAll(runId);
      await commitEvents(runId, [{ type: 'run.cancelled', payload: { reason, actor: user.id } }], {
        status: 'cancelled',
        finishedAt: Date.now(),
      });
      return storage.runs.get(runId);
    },

    /** Loads every open run (boot): paused ones wait again, running ones continue. */
    async restoreAll(): Promise<number> {
      const open = await storage.runs.listOpen();
      if (queued) {
        // Workers restore them: one job per open run (a no-op for runs a worker holds), and the
        // timers again (their jobs are keyed, so nothing doubles).
        if (queued.role === 'api') {
          for (const record of open)
            await enqueue({ kind: 'continue', runId: record.id }, `resume:${record.id}`);
          await approvals.armTimers();
        }
        return open.length;
      }
      for (const record of open) await restore(record);
      await approvals.armTimers();
      if (open.length > 0) logger.info({ runs: open.length }, 'restored open runs');
      return open.length;
    },

    /**
     * A queue worker's job: takes the run's lease (a `LeaseBusy` error makes BullMQ retry the job
     * later), loads the run from its checkpoint, does the job, drives the run until it pauses or
     * ends, commits, unloads it and gives the lease back.
     */
    async process(job: RunJob): Promise<void> {
      if (!queued) throw new Error('process() is for queue workers');
      // One owner per job: two jobs of one run in this process must not share the lease.
      const owner = `${queued.owner}:${randomUUID().slice(0, 8)}`;
      const exists = await storage.runs.get(job.runId).then(
        () => true,
        (error: unknown) => {
          if (error instanceof StorageError && error.code === 'NOT_FOUND') return false;
          throw error;
        },
      );
      if (!exists) throw new RunGone(job.runId);
      if (!(await storage.leases.acquire(job.runId, owner, LEASE_TTL_MS))) {
        throw new LeaseBusy(job.runId);
      }
      const renew = setInterval(() => {
        void storage.leases.acquire(job.runId, owner, LEASE_TTL_MS).catch((error: unknown) => {
          logger.warn({ err: error, runId: job.runId }, 'could not renew a run lease');
        });
      }, LEASE_TTL_MS / 3);
      try {
        const record = await storage.runs.get(job.runId);
        if (ENDED.has(record.status)) return;
        const run = await restore(record, fresh(job));
        if (!run) return;
        await run.ready;
        if (record.status === 'queued') run.journal.setUpdate({ status: 'running' });
        if (job.kind === 'timer') await approvals.fireTimerOf(job.runId, job.interruptId);
        if (job.kind === 'cancel') {
          await run.serialize(() => run.cancel(job.reason, job.actor));
        }
        await run.idle();
        await run.journal.flush();
        active.delete(run.id);
      } finally {
        clearInterval(renew);
        await storage.leases.release(job.runId, owner);
      }
    },

    /** A control message (queue mode): cancel a run this worker is driving. */
    async control(message: { type: 'cancel'; runId: string; reason: string; actor: string }) {
      const run = active.get(message.runId);
      if (run) await run.serialize(() => run.cancel(message.reason, message.actor));
    },

    /** Runs loaded in this process right now. */
    activeCount: () => active.size,

    /** Resolves when no run is active (tests, benchmarks). */
    idle(): Promise<void> {
      if (active.size === 0) return Promise.resolve();
      return new Promise((resolve) => {
        const wake = () => {
          drained.delete(wake);
          resolve();
        };
        drained.add(wake);
      });
    },

    /**
     * Stops: timers are disarmed and every queued event is written. Live runs are left as they
     * are in storage (running or paused) and continue from their checkpoints at the next boot.
     */
    async stop(): Promise<void> {
      approvals.stop();
      await Promise.all([...active.values()].map((run) => run.journal.close()));
    },
  };
  return service;
}

export type RunService = ReturnType<typeof createRunService>;
