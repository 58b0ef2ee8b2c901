import type { ExecutionSnapshot, RunEvent, RunEventType } from '@triggerflow/blueprint';
import type { Logger } from '../logger';
import type { NewRunEvent, RunRowUpdate } from '../storage';
import type { CommitBatcher } from './commit-batcher';
import type { RunBus } from './run-bus';

interface PendingEvent extends NewRunEvent {
  type: RunEventType;
  /** Progress events of one node and scope replace each other while they wait. */
  coalesce?: string;
}

const RETRY_DELAYS_MS = [50, 200, 1000, 5000];

/**
 * The write path of one live run: events are queued as the engine reports them and committed in
 * batches (one transaction per batch, with the checkpoint and run-row changes it carries), then
 * published on the bus. Batches are written one at a time, so seqs follow observation order, and
 * the checkpoint of a batch is taken in the same tick as its last event, so they always agree.
 */
export class RunJournal {
  /** Queued events; `undefined` marks a progress event replaced by a newer one. */
  private pending: (PendingEvent | undefined)[] = [];
  private coalescing = new Map<string, number>();
  /** A step boundary asked for a checkpoint; `urgent` (a pause) does not wait for the interval. */
  private checkpointWanted: false | 'step' | 'urgent' = false;
  private lastCheckpointAt = 0;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private update: RunRowUpdate | undefined;
  /** Goes with the next batch that carries a checkpoint (see `withNextCheckpoint`). */
  private checkpointUpdate: RunRowUpdate | undefined;
  private afterCommit: (() => Promise<void>)[] = [];
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  /** The deferred checkpoint's timer fired: write even with no event. */
  private forceFlush = false;
  private failed = false;

  constructor(
    private readonly runId: string,
    private readonly deps: {
      batcher: CommitBatcher;
      bus: RunBus;
      logger: Logger;
      /** Least time between two step-boundary checkpoints (pauses always checkpoint). */
      checkpointIntervalMs: number;
      /** The execution's snapshot, when a batch carries a checkpoint (undefined: none yet). */
      snapshot: () => ExecutionSnapshot | undefined;
    },
  ) {}

  /** Queues an event; `checkpoint` asks for a checkpoint with the batch it lands in. */
  push(
    type: RunEventType,
    payload: unknown,
    options: { checkpoint?: 'step' | 'urgent'; coalesce?: string; update?: RunRowUpdate } = {},
  ): void {
    if (options.coalesce !== undefined) {
      // The newest counts replace the pending ones and take their place at the end, so the log
      // keeps its order (progress never appears ahead of the steps it counts).
      const at = this.coalescing.get(options.coalesce);
      if (at !== undefined) this.pending[at] = undefined;
      this.coalescing.set(options.coalesce, this.pending.length);
    }
    this.pending.push({ type, payload, at: Date.now() });
    if (options.checkpoint === 'urgent' || (options.checkpoint && !this.checkpointWanted)) {
      this.checkpointWanted = options.checkpoint;
    }
    if (options.update) this.update = { ...this.update, ...options.update };
    this.schedule();
  }

  /** Changes the run row with the next batch (no event of its own). */
  setUpdate(update: RunRowUpdate): void {
    this.update = { ...this.update, ...update };
    this.schedule();
  }

  /** Every step boundary checkpoints from now on (a suspect run: none of its progress is lost). */
  checkpointEveryStep(): void {
    this.everyStep = true;
  }

  private everyStep = false;

  /** Changes the run row with the next batch that carries a checkpoint (durable progress). */
  withNextCheckpoint(update: RunRowUpdate): void {
    this.checkpointUpdate = { ...this.checkpointUpdate, ...update };
  }

  /** Work to do after the next batch commits, before its events are published. */
  then(effect: () => Promise<void>): void {
    this.afterCommit.push(effect);
    this.schedule();
  }

  /** Resolves once everything queued so far is committed and published. */
  flush(): Promise<void> {
    this.scheduled = false;
    this.chain = this.chain.then(() => this.write());
    return this.chain;
  }

  /**
   * Writes what is queued, then records nothing more (the server is stopping: the run goes on
   * from its last checkpoint at the next boot).
   */
  async close(): Promise<void> {
    await this.flush();
    this.failed = true;
    clearTimeout(this.checkpointTimer);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      if (this.scheduled) void this.flush();
    });
  }

  /**
   * The snapshot this batch carries: at a pause always, at step boundaries at most once per
   * `checkpointIntervalMs` (a later batch, or a timer, takes the deferred one). A crash re-runs
   * at most that much work (at-least-once), and a busy run does not snapshot on every step.
   */
  private takeCheckpoint() {
    const wanted = this.checkpointWanted;
    if (!wanted) return undefined;
    const now = Date.now();
    const due = this.lastCheckpointAt + this.deps.checkpointIntervalMs;
    if (wanted === 'step' && now < due && !this.everyStep) {
      this.checkpointTimer ??= setTimeout(() => {
        this.checkpointTimer = undefined;
        this.forceFlush = true;
        void this.flush();
      }, due - now);
      return undefined;
    }
    this.checkpointWanted = false;
    this.lastCheckpointAt = now;
    return this.deps.snapshot();
  }

  private async write(): Promise<void> {
    if (this.failed) return;
    const forced = this.forceFlush;
    this.forceFlush = false;
    if (this.pending.length === 0 && !this.update && this.afterCommit.length === 0 && !forced) {
      return;
    }
    const events = this.pending.filter((event) => event !== undefined);
    const effects = this.afterCommit;
    const checkpoint = this.takeCheckpoint();
    let update = this.update;
    if (checkpoint !== undefined && this.checkpointUpdate !== undefined) {
      update = { ...this.checkpointUpdate, ...update };
      this.checkpointUpdate = undefined;
    }
    this.pending = [];
    this.coalescing = new Map();
    this.update = undefined;
    this.afterCommit = [];
    const records = await this.commit(events, checkpoint, update);
    if (records === undefined) return;
    for (const effect of effects) {
      try {
        await effect();
      } catch (error) {
        this.deps.logger.error({ err: error, runId: this.runId }, 'after-commit step failed');
      }
    }
    this.deps.bus.publishRunEvents(records as RunEvent[]);
  }

  private async commit(
    events: PendingEvent[],
    checkpoint: ExecutionSnapshot | undefined,
    update: RunRowUpdate | undefined,
  ) {
    const step = {
      events: events.map(({ type, payload, at }) => ({ type, payload, at })),
      checkpoint,
      update,
    };
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await this.deps.batcher.submit({ runId: this.runId, ...step });
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          // The run goes on in memory, but nothing more of it is recorded: a restart resumes it
          // from its last checkpoint, which is the truth the log agrees with.
          this.failed = true;
          this.deps.logger.error(
            { err: error, runId: this.runId, events: events.length },
            'could not record run events; the run will resume from its last checkpoint after a restart',
          );
          return undefined;
        }
        this.deps.logger.warn({ err: error, runId: this.runId, attempt }, 'retrying run commit');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
