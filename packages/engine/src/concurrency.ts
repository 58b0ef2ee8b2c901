import { CancelledError, isCancelled } from './errors';

/** Cooperative cancellation: a fan-out cancels its own token when one branch fails. */
export class CancelToken {
  private cancelledHere = false;
  constructor(private readonly parent?: CancelToken) {}

  cancel(): void {
    this.cancelledHere = true;
  }

  get cancelled(): boolean {
    // Walks fan-out nesting only (a handful of levels), never chain depth.
    return this.cancelledHere || (this.parent?.cancelled ?? false);
  }

  throwIfCancelled(): void {
    if (this.cancelled) throw new CancelledError();
  }
}

/** A counting semaphore; `acquire` is synchronous when a permit is free. */
export class Semaphore {
  private waiters: (() => void)[] = [];
  constructor(private permits: number) {}

  acquire(): Promise<void> | undefined {
    if (this.permits > 0) {
      this.permits -= 1;
      return undefined;
    }
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.permits += 1;
  }
}

/**
 * Runs `count` tasks, at most `limit` at once (all when `limit` is undefined). Rejects with the first
 * real error, after cancelling `token` so the siblings stop at their next step. With `skipErrors` a
 * failing task is reported to `onSkipped` and the others go on.
 */
export function runPool(options: {
  count: number;
  limit: number | undefined;
  token: CancelToken;
  task: (index: number) => Promise<void> | void;
  skipErrors?: boolean;
  onSkipped?: (error: unknown) => void;
}): Promise<void> {
  const { count, token, task } = options;
  const limit = Math.max(1, Math.min(options.limit ?? count, count));
  if (count === 0) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let next = 0;
    let running = 0;
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      if (options.skipErrors && !isCancelled(error)) {
        options.onSkipped?.(error);
        return;
      }
      failed = true;
      token.cancel();
      reject(error);
    };
    const onDone = (): void => {
      running -= 1;
      launch();
    };
    const onError = (error: unknown): void => {
      fail(error);
      onDone();
    };
    const launch = (): void => {
      while (!failed && running < limit && next < count) {
        const index = next;
        next += 1;
        running += 1;
        try {
          const result = task(index);
          if (result instanceof Promise) result.then(onDone, onError);
          else running -= 1;
        } catch (error) {
          running -= 1;
          fail(error);
        }
      }
      if (!failed && running === 0 && next >= count) resolve();
    };
    launch();
  });
}
