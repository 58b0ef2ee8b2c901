import type { InterruptRecord, PausePrompt, RunEventType } from '@triggerflow/blueprint';
import type { ExecutionObservation, TriggerFlow, TriggerFlowExecution } from '@triggerflow/engine';
import { promptFromInterrupt } from '../approvals/prompt';
import type { Logger } from '../logger';
import type { RunRecord, RunRowUpdate, Storage } from '../storage';
import type { RunBus } from './run-bus';
import { pauseNodeId, toRunError } from './run-error';
import type { CommitBatcher } from './commit-batcher';
import { RunJournal } from './run-journal';

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
}

export type InterruptEnd = 'answered' | 'timedOut' | 'cancelled';
export type RunEnd = 'completed' | 'failed' | 'cancelled';

/**
 * One run loaded in this process: its engine execution, the journal its observations go to, and
 * the bookkeeping that decides when it has paused or ended. Every entry into the execution (start,
 * resume, an answer, a timeout) goes through `drive`, so the run settles when the last one returns.
 */
export class ActiveRun {
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

  constructor(
    readonly record: RunRecord,
    readonly flow: TriggerFlow,
    private readonly host: RunHost,
  ) {
    this.journal = new RunJournal(record.id, {
      batcher: host.batcher,
      checkpointIntervalMs: host.checkpointIntervalMs,
      bus: host.bus,
      logger: host.logger,
      snapshot: () => (this.execution.lifecycleState === 'closed' ? undefined : this.save()),
    });
    this.execution = flow.createExecution({
      autoClose: false,
      executionId: record.id,
      runtimeResources: host.runtimeResources(),
      observer: (observation) => this.observe(observation),
    });
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
      this.wakeIdle();
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

  private observe(observation: ExecutionObservation): void {
    const journal = this.journal;
    switch (observation.type) {
      case 'node.started':
        journal.push('node.started', {
          nodeId: observation.nodeId,
          scope: observation.scope,
          input: observation.input,
        });
        return;
      case 'node.completed':
        journal.push(
          'node.completed',
          { nodeId: observation.nodeId, scope: observation.scope, output: observation.output },
          { checkpoint: 'step' },
        );
        return;
      case 'node.failed':
        this.lastFailure = observation.error;
        this.lastFailureNode = observation.nodeId;
        journal.push('node.failed', {
          nodeId: observation.nodeId,
          scope: observation.scope,
          error: toRunError(observation.error, observation.nodeId),
        });
        return;
      case 'node.progress': {
        const { nodeId, scope, total, done, running, failed, cap } = observation;
        journal.push(
          'node.progress',
          { nodeId, scope, total, done, running, failed, cap },
          {
            coalesce: `${observation.nodeId}:${JSON.stringify(observation.scope)}`,
          },
        );
        return;
      }
      case 'stream.item':
        journal.push('stream.item', { item: observation.item });
        return;
      case 'interrupt':
        this.interruptChanged(observation.interrupt, observation.previous);
        return;
    }
  }

  private interruptChanged(
    interrupt: InterruptRecord,
    previous: InterruptRecord['status'] | null,
  ): void {
    if (interrupt.status === 'waiting' && previous !== 'waiting') {
      const prompt = promptFromInterrupt({
        runId: this.id,
        startedBy: this.record.startedBy,
        interrupt,
        now: Date.now(),
      });
      this.journal.push(
        'run.paused',
        { prompt },
        { checkpoint: 'urgent', update: { status: 'paused' } },
      );
      this.journal.then(() => this.host.opened(this, prompt));
      return;
    }
    if (interrupt.status !== 'waiting' && previous === 'waiting') {
      const how: InterruptEnd =
        interrupt.status === 'cancelled' && !this.expiring.has(interrupt.id)
          ? 'cancelled'
          : this.expiring.has(interrupt.id)
            ? 'timedOut'
            : 'answered';
      const stillWaiting = Object.keys(this.execution.getPendingInterrupts()).length > 0;
      this.journal.push(
        'run.resumed',
        {
          interruptId: interrupt.id,
          nodeId: pauseNodeId(interrupt),
          how,
          actor: interrupt.actor,
        },
        { checkpoint: 'urgent', ...(!stillWaiting && { update: { status: 'running' } }) },
      );
      this.journal.then(() => this.host.closed(this, interrupt, how));
    }
  }
}
