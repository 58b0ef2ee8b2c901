import type { RunEvent } from '@triggerflow/blueprint';
import type { HandlerRegistry, TriggerFlow } from '@triggerflow/engine';
import {
  createApprovalService,
  type ActiveRuns,
  type ApprovalService,
} from '../approvals/approval-service';
import { promptFromInterrupt } from '../approvals/prompt';
import type { Logger } from '../logger';
import type { NewRunEvent, RunRecord, RunRowUpdate, Storage } from '../storage';
import { ActiveRun, type RunHost } from './active-run';
import { CommitBatcher } from './commit-batcher';
import { createFlowLoader, type FlowLoader, type LoadedFlow } from './flow-loader';
import {
  DEFAULT_QUARANTINE_AFTER,
  RunQuarantined,
  runningNodes,
  type ProcessKind,
} from './quarantine';
import type { RunBus } from './run-bus';
import { toRunError } from './run-error';

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 100;

export interface LiveRunsOptions {
  storage: Storage;
  registry: HandlerRegistry;
  logger: Logger;
  runtimeResources: () => Record<string, unknown>;
  bus: RunBus;
  /** Least time between step-boundary checkpoints of a run (default 100 ms; pauses always). */
  checkpointIntervalMs?: number | undefined;
  /** Queue mode: where approval timers and closed approvals of unloaded runs go. */
  remote?: Parameters<typeof createApprovalService>[0]['remote'];
  /** A run that was running when its process went down this often is quarantined (default 2). */
  quarantineAfter?: number | undefined;
  /** What executes runs here: the embedded server, or a queue worker (for the wording). */
  processKind: ProcessKind;
}

/** How a run with no checkpoint yet begins: at START with its input, or at a re-run's node. */
export type FreshStart = (run: ActiveRun) => Promise<unknown>;

/**
 * The runs loaded in this process, what both drivers share: the flow loader, the approval
 * service, the host every ActiveRun records through, and loading a run from its checkpoint.
 */
export class LiveRuns implements ActiveRuns {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly bus: RunBus;
  readonly approvals: ApprovalService;
  private readonly active = new Map<string, ActiveRun>();
  private readonly drained = new Set<() => void>();
  private readonly loader: FlowLoader;
  private readonly host: RunHost;
  private readonly quarantineAfter: number;
  private readonly processKind: ProcessKind;

  constructor(options: LiveRunsOptions) {
    const { storage, logger, bus } = options;
    this.storage = storage;
    this.logger = logger;
    this.bus = bus;
    this.quarantineAfter = options.quarantineAfter ?? DEFAULT_QUARANTINE_AFTER;
    this.processKind = options.processKind;
    this.loader = createFlowLoader({
      storage,
      registry: options.registry,
      onWarning: (warning) => logger.debug({ warning }, 'engine warning'),
    });
    this.approvals = createApprovalService({
      storage,
      bus,
      logger,
      runs: this,
      ...(options.remote && { remote: options.remote }),
    });
    this.host = {
      storage,
      batcher: new CommitBatcher(storage),
      checkpointIntervalMs: options.checkpointIntervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS,
      bus,
      logger,
      runtimeResources: options.runtimeResources,
      opened: (run, prompt) => this.approvals.opened(run, prompt),
      closed: (run, interrupt, how) => this.approvals.closed(run, interrupt, how),
      ended: (run) => this.unload(run),
      begin: (run) => this.begin(run),
    };
  }

  get(runId: string): ActiveRun | undefined {
    return this.active.get(runId);
  }

  /** Set by the boot-time restore: resolves once a run it has not brought back yet is loaded. */
  whenLoaded: ((runId: string) => Promise<void>) | undefined;

  /** Resolves once `runId` is loaded here, if it is being restored (at once for any other run). */
  loaded(runId: string): Promise<void> {
    // Loaded already (a restore's own reconcile asks too): operations wait for `run.ready`.
    if (this.active.has(runId)) return Promise.resolve();
    return this.whenLoaded?.(runId) ?? Promise.resolve();
  }

  get size(): number {
    return this.active.size;
  }

  all(): ActiveRun[] {
    return [...this.active.values()];
  }

  loadFlow(flowId: string, version: number | undefined): Promise<LoadedFlow> {
    return this.loader.load(flowId, version);
  }

  /**
   * A run loaded here, not driven yet: one that begins here (its row was created with
   * `inFlight: 1`: `counted`), or one being restored.
   */
  add(record: RunRecord, flow: TriggerFlow, options: { counted?: boolean } = {}): ActiveRun {
    const run = new ActiveRun(record, flow, this.host, options);
    this.active.set(record.id, run);
    return run;
  }

  /** Forgets a run (it ended, or a queue job is done with it). */
  unload(run: ActiveRun): void {
    if (this.active.get(run.id) !== run) return;
    this.active.delete(run.id);
    if (this.active.size === 0) for (const wake of this.drained) wake();
  }

  /** Commits events of a run that is not loaded here, and publishes them. */
  async commitEvents(runId: string, events: NewRunEvent[], update?: RunRowUpdate): Promise<void> {
    const records = await this.storage.runs.commit(runId, { events, update });
    this.bus.publishRunEvents(records as RunEvent[]);
  }

  /** Fails a run that is not loaded here (it cannot be): `run.failed` with the error. */
  async failUnloaded(runId: string, error: unknown): Promise<void> {
    const runError = toRunError(error);
    await this.commitEvents(runId, [{ type: 'run.failed', payload: { error: runError } }], {
      status: 'failed',
      error: runError,
      finishedAt: Date.now(),
    });
  }

  /**
   * Loads an open run from its checkpoint and drives it on: paused runs wait for their approvals
   * again (those closed meanwhile are applied), running ones continue; a run with no checkpoint
   * begins again with `fresh` (at-least-once). A run whose flow no longer builds is failed.
   * Before anything of it runs, `begin` counts this process against it (poison runs).
   */
  async restore(
    record: RunRecord,
    fresh: FreshStart = (run) => run.execution.start(record.input),
  ): Promise<ActiveRun | undefined> {
    let run: ActiveRun;
    try {
      const { flow } = await this.loader.load(record.flowId, record.version);
      run = this.add(record, flow);
    } catch (error) {
      this.logger.error({ err: error, runId: record.id }, 'could not restore a run');
      await this.failUnloaded(record.id, error);
      return undefined;
    }
    let markReady!: () => void;
    run.ready = new Promise<void>((resolve) => (markReady = resolve));
    try {
      const checkpoint = await this.storage.runs.latestCheckpoint(record.id);
      if (checkpoint === undefined) {
        // Nothing was recorded past the start: run it again from its input (at-least-once).
        void run.drive(() => fresh(run));
      } else {
        run.execution.load(checkpoint.snapshot, { runtimeResources: run.resources });
        const prompts = Object.values(run.execution.getPendingInterrupts()).map((interrupt) =>
          promptFromInterrupt({
            runId: record.id,
            startedBy: record.startedBy,
            interrupt,
            now: Date.now(),
          }),
        );
        markReady();
        await this.approvals.reconcile(run, prompts);
        // A run that only waits for people is at rest: restoring it runs nothing (and counts
        // nothing against it), until a decision or a timeout drives it on.
        if (run.execution.unfinishedWork.length === 0 && prompts.length > 0) run.rest();
        else void run.drive(() => run.execution.resume());
      }
    } catch (error) {
      this.logger.error({ err: error, runId: record.id }, 'could not restore a run');
      markReady();
      void run.drive(() => Promise.reject(error));
    } finally {
      markReady();
    }
    return run;
  }

  /**
   * A run is about to execute in this process (a restore, a queue job, a decision after a
   * pause): its `in_flight` count goes up, durably, before anything runs. One that already went
   * down with `quarantineAfter` processes is quarantined instead — failed with the reason and
   * the nodes it was running, never restored again; one that went down at least once is suspect
   * (its steps commit `node.started` before they run, and it checkpoints every step, so what it
   * did is not done again at the next restore); once one of its steps completes here,
   * the checkpoint after it clears the earlier crashes (they were not that step's).
   */
  private async begin(run: ActiveRun): Promise<boolean> {
    // What the journal holds goes first (a rest's `in_flight = 0` must not land after this).
    await run.journal.flush();
    const crashes = (await this.storage.runs.beginExecution(run.id)) - 1;
    if (crashes >= this.quarantineAfter) {
      const [record, { labels }] = await Promise.all([
        this.storage.runs.get(run.id),
        this.loader.load(run.record.flowId, run.record.version),
      ]);
      const nodes = await runningNodes(this.storage, record, labels);
      const error = new RunQuarantined(crashes, nodes, this.processKind);
      this.logger.error({ runId: run.id, crashes, nodes }, error.message);
      await run.failWith(error);
      return false;
    }
    if (crashes > 0) {
      run.suspect = true;
      run.journal.checkpointEveryStep();
      run.forgiveOnProgress();
    }
    return true;
  }

  /** Resolves when no run is loaded here (tests, benchmarks). */
  idle(): Promise<void> {
    if (this.active.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        this.drained.delete(wake);
        resolve();
      };
      this.drained.add(wake);
    });
  }

  /**
   * Stops: timers are disarmed and every queued event is written. Loaded runs are left as they
   * are in storage (running or paused) and continue from their checkpoints later.
   */
  async stop(): Promise<void> {
    this.approvals.stop();
    const runs = this.all();
    await Promise.all(runs.map((run) => run.journal.close()));
    // A clean stop is not the runs' fault: this process no longer counts against them.
    const executing = runs.filter((run) => run.executing).map((run) => run.id);
    try {
      await this.storage.runs.leaveExecutions(executing);
    } catch (error) {
      this.logger.warn({ err: error, runs: executing.length }, 'could not record a clean stop');
    }
  }
}
