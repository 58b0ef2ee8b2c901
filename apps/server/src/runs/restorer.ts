import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from '../logger';
import type { RunRecord, Storage } from '../storage';

/** How far the boot-time restore is: `done` of `total` open runs; `finished` once all are back. */
export interface RestoreProgress {
  done: number;
  total: number;
  finished: boolean;
}

const RETRY_MS = 1_000;

/**
 * Brings every open run back after a start, in the background: the API answers meanwhile. Runs
 * come back oldest first, one per event-loop turn (requests are served between two). A run that
 * someone needs before its turn (a decision, a cancel: `loaded`) jumps the queue, so nothing
 * waits for the whole restore and nothing is restored twice.
 */
export class Restorer {
  private total = 0;
  private done = 0;
  private finished = false;
  private stopped = false;
  private waiting = new Map<string, RunRecord>();
  private readonly started = new Map<string, Promise<void>>();
  private running: Promise<void> | undefined;
  private listed = false;
  private markListed!: () => void;
  private readonly listing = new Promise<void>((resolve) => (this.markListed = resolve));

  constructor(
    private readonly options: {
      storage: Storage;
      logger: Logger;
      /** Brings one run back (load it here, or hand it to a worker). */
      restoreOne: (record: RunRecord) => Promise<void>;
      /** Once every run is back (timers are armed again). */
      afterAll: (count: number) => Promise<void>;
    },
  ) {}

  progress(): RestoreProgress {
    return { done: this.done, total: this.total, finished: this.finished };
  }

  /** Starts the restore (once); resolves when every open run is back, or the restorer stopped. */
  run(): Promise<void> {
    this.running ??= this.restoreAll();
    return this.running;
  }

  /** Resolves once the run is back, if it is one being restored (at once for any other). */
  async loaded(runId: string): Promise<void> {
    // Until the open runs are listed, any run may be one of them.
    if (this.running !== undefined && !this.listed) await this.listing;
    const record = this.waiting.get(runId);
    if (record) return this.start(record);
    return this.started.get(runId) ?? Promise.resolve();
  }

  /** Stops restoring more runs; resolves once the one under way is back. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.waiting.clear();
    await Promise.all(this.started.values());
    await this.running;
  }

  private start(record: RunRecord): Promise<void> {
    const existing = this.started.get(record.id);
    if (existing) return existing;
    this.waiting.delete(record.id);
    const restoring = this.options.restoreOne(record).then(
      () => undefined,
      (error: unknown) => {
        this.options.logger.error({ err: error, runId: record.id }, 'could not restore a run');
      },
    );
    const done = restoring.finally(() => {
      this.done += 1;
    });
    this.started.set(record.id, done);
    return done;
  }

  private async restoreAll(): Promise<void> {
    const open = await this.listOpen();
    this.total = open?.length ?? 0;
    this.waiting = new Map(open?.map((record) => [record.id, record]));
    this.listed = true;
    this.markListed();
    if (open === undefined) return;
    for (const record of open) {
      if (this.stopped) return;
      await this.start(record);
      await nextTurn();
    }
    const armed = await this.retrying('could not re-arm the approval timers', async () => {
      await this.options.afterAll(open.length);
      return true;
    });
    if (armed === undefined) return;
    this.started.clear();
    this.finished = true;
  }

  /** The open runs, oldest first. */
  private listOpen(): Promise<RunRecord[] | undefined> {
    return this.retrying('could not list the open runs', () =>
      this.options.storage.runs.listOpen(),
    );
  }

  /** `fn`, again every second while it fails (the database is down) until the restorer stops. */
  private async retrying<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    while (!this.stopped) {
      try {
        return await fn();
      } catch (error) {
        this.options.logger.error({ err: error }, `${what}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
    return undefined;
  }
}
