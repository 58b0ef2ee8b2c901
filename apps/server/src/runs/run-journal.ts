import type { ExecutionSnapshot, RunEvent, RunEventType } from '@triggerflow/blueprint';
import type { Logger } from '../logger';
import type { NewRunEvent, RunRowUpdate, Storage } from '../storage';
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
  private pending: PendingEvent[] = [];
  private coalescing = new Map<string, number>();
  private checkpointWanted = false;
  private update: RunRowUpdate | undefined;
  private afterCommit: (() => Promise<void>)[] = [];
  private chain: Promise<void> = Promise.resolve();
  private scheduled = false;
  private failed = false;

  constructor(
    private readonly runId: string,
    private readonly deps: {
      storage: Storage;
      bus: RunBus;
      logger: Logger;
      /** The execution's snapshot, when a batch carries a checkpoint (undefined: none yet). */
      snapshot: () => ExecutionSnapshot | undefined;
    },
  ) {}

  /** Queues an event; `checkpoint` asks for a checkpoint with the batch it lands in. */
  push(
    type: RunEventType,
    payload: unknown,
    options: { checkpoint?: boolean; coalesce?: string; update?: RunRowUpdate } = {},
  ): void {
    if (options.coalesce !== undefined) {
      const at = this.coalescing.get(options.coalesce);
      if (at !== undefined) {
        (this.pending[at] as PendingEvent).payload = payload;
        return;
      }
      this.coalescing.set(options.coalesce, this.pending.length);
    }
    this.pending.push({ type, payload, at: Date.now() });
    if (options.checkpoint) this.checkpointWanted = true;
    if (options.update) this.update = { ...this.update, ...options.update };
    this.schedule();
  }

  /** Changes the run row with the next batch (no event of its own). */
  setUpdate(update: RunRowUpdate): void {
    this.update = { ...this.update, ...update };
    this.schedule();
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
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      if (this.scheduled) void this.flush();
    });
  }

  private async write(): Promise<void> {
    if (this.failed) return;
    if (this.pending.length === 0 && !this.update && this.afterCommit.length === 0) return;
    const events = this.pending;
    const update = this.update;
    const effects = this.afterCommit;
    const checkpoint = this.checkpointWanted ? this.deps.snapshot() : undefined;
    this.pending = [];
    this.coalescing = new Map();
    this.update = undefined;
    this.afterCommit = [];
    this.checkpointWanted = false;
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
        return await this.deps.storage.runs.commit(this.runId, step);
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
