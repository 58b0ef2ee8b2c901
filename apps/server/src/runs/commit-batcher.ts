import type { RunEventRecord, Storage } from '../storage';
import type { RunStep } from '../storage/run-log';

interface Pending {
  step: RunStep & { runId: string };
  resolve: (records: RunEventRecord[]) => void;
  reject: (error: unknown) => void;
}

/** Steps per transaction at most (a busy server commits many runs' steps together). */
const MAX_STEPS = 500;

/**
 * Group commit for the journals of every live run: steps submitted while a transaction is being
 * written go together into the next one, so a busy server writes a few large transactions instead
 * of one per run and tick. A batch that fails is retried one step at a time, so one run's bad step
 * fails only that run's commit.
 */
export class CommitBatcher {
  private queue: Pending[] = [];
  private draining = false;

  constructor(private readonly storage: Storage) {}

  submit(step: RunStep & { runId: string }): Promise<RunEventRecord[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ step, resolve, reject });
      if (!this.draining) {
        this.draining = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_STEPS);
      try {
        const results = await this.storage.runs.commitMany(batch.map((p) => p.step));
        batch.forEach((pending, index) => pending.resolve(results[index] ?? []));
      } catch {
        for (const pending of batch) {
          try {
            pending.resolve(await this.storage.runs.commit(pending.step.runId, pending.step));
          } catch (error) {
            pending.reject(error);
          }
        }
      }
    }
    this.draining = false;
  }
}
