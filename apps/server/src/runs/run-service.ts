import type { RunEvent } from '@triggerflow/blueprint';
import type { HandlerRegistry } from '@triggerflow/engine';
import { createApprovalService, type ApprovalService } from '../approvals/approval-service';
import { promptFromInterrupt } from '../approvals/prompt';
import { ApiError } from '../errors';
import type { Logger } from '../logger';
import type { RunListOptions, RunRecord, Storage, UserRecord } from '../storage';
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
  const approvals: ApprovalService = createApprovalService({ storage, bus, logger, runs: active });

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

  async function restore(record: RunRecord): Promise<void> {
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
      return;
    }
    active.set(record.id, run);
    let markReady!: () => void;
    run.ready = new Promise<void>((resolve) => (markReady = resolve));
    try {
      const checkpoint = await storage.runs.latestCheckpoint(record.id);
      if (checkpoint === undefined) {
        // Nothing was recorded past the start: run it again from its input (at-least-once).
        void run.drive(() => run.execution.start(record.input));
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
  }

  const service = {
    bus,
    approvals,

    /** Starts a run of a flow version (default: the latest) and returns it at once. */
    async start(input: StartRunInput): Promise<RunRecord> {
      const { flow, version } = await loadFlow(input.flowId, input.version);
      const record = await storage.runs.create({
        flowId: input.flowId,
        version,
        input: input.input ?? null,
        startedBy: input.user.id,
        status: 'running',
      });
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
        status: 'running',
      });
      const run = new ActiveRun(record, flow, host);
      active.set(record.id, run);
      run.journal.push('run.started', {
        flowId: source.flowId,
        version: at,
        input: source.input,
        startedBy: input.user.id,
        rerunOf: { runId: source.id, nodeId: input.nodeId },
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
      await approvals.cancelAll(runId);
      const records = await storage.runs.commit(runId, {
        events: [{ type: 'run.cancelled', payload: { reason, actor: user.id } }],
        update: { status: 'cancelled', finishedAt: Date.now() },
      });
      bus.publishRunEvents(records as RunEvent[]);
      return storage.runs.get(runId);
    },

    /** Loads every open run (boot): paused ones wait again, running ones continue. */
    async restoreAll(): Promise<number> {
      const open = await storage.runs.listOpen();
      for (const record of open) await restore(record);
      await approvals.armTimers();
      if (open.length > 0) logger.info({ runs: open.length }, 'restored open runs');
      return open.length;
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
