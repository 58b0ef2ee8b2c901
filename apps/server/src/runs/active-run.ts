import type { InterruptRecord, PausePrompt, RunEventType } from '@triggerflow/blueprint';
import type { TriggerFlow, TriggerFlowExecution } from '@triggerflow/engine';
import type { Logger } from '../logger';
import type { RunRecord, RunRowUpdate, Storage } from '../storage';
import type { RunBus } from './run-bus';
import { toRunError } from './run-error';
import type { CommitBatcher } from './commit-batcher';
import { RunJournal } from './run-journal';
import { recordObservation, type ObservedRun } from './run-observer';
import { STEP_GATE, type StepGate } from './step-gate';

/** What an active run needs from the service that owns it. */
export interface RunHost {
  storage: Storage;
  batcher: CommitBatcher;
  checkpointIntervalMs: number;
  bus: RunBus;
  logger: Logger;
  runtimeResources: () => Record<string, unknown>;
  /** A pause opened: store the approval, arm its timer, tell inboxes (after the commit). */
  opened(run: ActiveRun, prompt: PausePrompt): Promise<void>;
  /** An interrupt stopped waiting (answered, timed out, cancelled). */
  closed(run: ActiveRun, interrupt: InterruptRecord, how: InterruptEnd): Promise<void>;
  /** The run ended; it leaves the active set once its last events are committed. */
  ended(run: ActiveRun): void;
  /**
   * The run is about to execute here and `runs.in_flight` does not count this process yet:
   * count it (durably, before anything runs). False: the run was quarantined instead.
   */
  begin(run: ActiveRun): Promise<boolean>;
}

export type InterruptEnd = 'answered' | 'timedOut' | 'cancelled';
export type RunEnd = 'completed' | 'failed' | 'cancelled';

/**
 * One run loaded in this process: its engine execution, the journal its observations go to, and
 * the bookkeeping that decides when it has paused or ended. Every entry into the execution (start,
 * resume, an answer, a timeout) goes through `drive`, so the run settles when the last one returns.
 */
export class ActiveRun implements ObservedRun {
  readonly execution: TriggerFlowExecution<false>;
  readonly journal: RunJournal;
  /** Resolves once the run is loaded (restored runs) — decisions wait for it. */
  ready: Promise<void> = Promise.resolve();
  private outstanding = 0;
  private endedAs: RunEnd | undefined;
  /** Interrupts the server is expiring (their end is `timedOut`). */
  readonly expiring = new Set<string>();
  /** Serialises operations on this run (decisions, timers, cancel). */
  private ops: Promise<unknown> = Promise.resolve();

  /** The live resources its steps get (with the step gate). */
  readonly resources: Record<string, unknown>;

  /**
   * The run went down with a process before: each step's `node.started` is committed before the
   * step runs (step-gate.ts), so a next crash is pinned on its node.
   */
  suspect = false;

  /** Set by `forgiveOnProgress`: the next step that completes clears the earlier crashes. */
  private forgiving = false;

  /**
   * Once a step completes here, the checkpoint after it sets `runs.in_flight` back to 1: the
   * run made durable progress, so the processes that went down before were not its fault.
   */
  forgiveOnProgress(): void {
    this.forgiving = true;
  }

  /**
   * Whether `runs.in_flight` counts this process: from the start for a run that begins here
   * (`counted`), from its first `drive` for a restored one, until it comes to rest (it waits for
   * people with nothing running: a process that goes down then is not the run's fault).
   */
  private counted: boolean;
  private beginning: Promise<boolean> | undefined;

  constructor(
    readonly record: RunRecord,
    readonly flow: TriggerFlow,
    private readonly host: RunHost,
    options: { counted?: boolean } = {},
  ) {
    this.counted = options.counted ?? false;
    this.journal = new RunJournal(record.id, {
      batcher: host.batcher,
      checkpointIntervalMs: host.checkpointIntervalMs,
      bus: host.bus,
      logger: host.logger,
      snapshot: () => (this.execution.lifecycleState === 'closed' ? undefined : this.save()),
    });
    const gate: StepGate = () => (this.suspect ? this.journal.flush() : undefined);
    this.resources = { ...host.runtimeResources(), [STEP_GATE]: gate };
    this.execution = flow.createExecution({
      autoClose: false,
      executionId: record.id,
      runtimeResources: this.resources,
      observer: (observation) => recordObservation(this, observation),
    });
  }

  /** Whether this process counts as executing the run (it is neither at rest nor ended). */
  get executing(): boolean {
    return this.counted && this.endedAs === undefined;
  }

  /** A restored run that waits for people with nothing to run: nothing executes until it goes on. */
  rest(): void {
    if (this.outstanding > 0) return;
    this.counted = false;
    this.beginning = undefined;
    this.wakeIdle();
  }

  /** Ends the run as failed with `error` (a quarantine), without running anything more. */
  failWith(error: Error): Promise<void> {
    return this.fail(error);
  }

  get id(): string {
    return this.record.id;
  }

  get ended(): RunEnd | undefined {
    return this.endedAs;
  }

  private idleWaiters: (() => void)[] = [];

  /**
   * Resolves once nothing runs in the execution and the run has paused (waits for people) or
   * ended with its last events committed: a queue worker then unloads it.
   */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Called by the host once the run's final events are committed. */
  finished(): void {
    this.committedEnd = true;
    this.wakeIdle();
  }

  private committedEnd = false;

  private isIdle(): boolean {
    if (this.endedAs) return this.committedEnd;
    return this.outstanding === 0 && Object.keys(this.execution.getPendingInterrupts()).length > 0;
  }

  private wakeIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Runs `op` after the previous operation on this run (and after the run is ready). */
  serialize<T>(op: () => Promise<T>): Promise<T> {
    const next = this.ops.then(() => this.ready).then(op);
    this.ops = next.catch(() => undefined);
    return next;
  }

  /** Enters the execution; when nothing else is running afterwards, settles the run. */
  async drive(work: () => Promise<unknown>): Promise<void> {
    this.outstanding += 1;
    let failure: { error: unknown } | undefined;
    try {
      if (!this.counted) {
        this.counted = true;
        this.beginning = this.host.begin(this);
      }
      // Quarantined instead: the run has ended, nothing of `work` runs.
      if (this.beginning !== undefined && !(await this.beginning)) return;
      await work();
    } catch (error) {
      failure = { error };
    } finally {
      this.outstanding -= 1;
    }
    if (this.endedAs) return;
    if (failure || this.execution.status === 'failed') {
      await this.fail(failure?.error ?? this.lastFailure);
      return;
    }
    if (this.outstanding > 0) return;
    if (Object.keys(this.execution.getPendingInterrupts()).length > 0) {
      if (this.counted) this.journal.setUpdate({ inFlight: 0 });
      this.rest();
      return;
    }
    await this.complete();
  }

  /** Cancels the run: pending pauses are cancelled, running steps get 1 s to stop. */
  async cancel(reason: string, actor: string | null): Promise<void> {
    if (this.endedAs) return;
    this.endedAs = 'cancelled';
    try {
      await this.execution.close({ pendingInterrupts: 'cancel', timeoutMs: 1000, reason });
    } catch {
      // Steps still running after the grace period were cancelled; the run is cancelled anyway.
    }
    this.finish('run.cancelled', { reason, actor }, { status: 'cancelled' });
  }

  private lastFailure: unknown;
  private lastFailureNode: string | undefined;

  private async complete(): Promise<void> {
    let snapshot: Record<string, unknown>;
    try {
      snapshot = await this.execution.close({ reason: 'completed' });
    } catch (error) {
      if (this.endedAs) return;
      // A pause opened while draining: the run waits for it instead.
      if (Object.keys(this.execution.getPendingInterrupts()).length > 0) return;
      await this.fail(error);
      return;
    }
    if (this.endedAs) return;
    if (this.execution.status === 'failed') return this.fail(this.lastFailure);
    this.endedAs = 'completed';
    this.finish('run.completed', { snapshot }, { status: 'completed' });
  }

  private async fail(error: unknown): Promise<void> {
    if (this.endedAs) return;
    this.endedAs = 'failed';
    const runError = toRunError(
      error ?? new Error('the run failed'),
      error === this.lastFailure ? this.lastFailureNode : undefined,
    );
    try {
      await this.execution.close({
        pendingInterrupts: 'cancel',
        timeoutMs: 1000,
        reason: 'failed',
      });
    } catch {
      // Closing a failed execution re-raises its error; the run is failed either way.
    }
    this.finish('run.failed', { error: runError }, { status: 'failed', error: runError });
  }

  private finish(type: RunEventType, payload: unknown, update: RunRowUpdate): void {
    this.journal.push(type, payload, { update: { ...update, finishedAt: Date.now() } });
    void this.journal.flush().then(() => {
      this.finished();
      this.host.ended(this);
    });
  }

  private save() {
    try {
      return this.execution.save();
    } catch (error) {
      this.host.logger.error({ err: error, runId: this.id }, 'could not take a checkpoint');
      return undefined;
    }
  }

  // What the observer (run-observer.ts) calls back.

  stepFailed(error: unknown, nodeId: string): void {
    this.lastFailure = error;
    this.lastFailureNode = nodeId;
  }

  stepCompleted(): void {
    if (!this.forgiving) return;
    this.forgiving = false;
    this.journal.withNextCheckpoint({ inFlight: 1 });
  }

  opened(prompt: PausePrompt): Promise<void> {
    return this.host.opened(this, prompt);
  }

  closed(interrupt: InterruptRecord, how: InterruptEnd): Promise<void> {
    return this.host.closed(this, interrupt, how);
  }
}
