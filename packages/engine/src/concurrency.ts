import { CancelledError, isCancelled } from './errors';

/**
 * Cooperative cancellation: a fan-out cancels its own token when one branch fails. Listeners
 * (`onCancel`, what handlers' abort signals use) hear a cancel of this token or of any parent.
 */
export class CancelToken {
  private cancelledHere = false;
  private reasonHere: CancelledError | undefined;
  private listeners: Set<() => void> | undefined;
  constructor(private readonly parent?: CancelToken) {}

  cancel(reason = 'TriggerFlow branch cancelled'): void {
    if (this.cancelledHere) return;
    this.cancelledHere = true;
    this.reasonHere = new CancelledError(reason);
    const listeners = this.listeners;
    this.listeners = undefined;
    for (const listener of listeners ?? []) listener();
  }

  get cancelled(): boolean {
    // Walks fan-out nesting only (a handful of levels), never chain depth.
    return this.cancelledHere || (this.parent?.cancelled ?? false);
  }

  /** The first cancel's `CancelledError` (this token's or a parent's), once cancelled. */
  get reason(): CancelledError | undefined {
    return this.reasonHere ?? this.parent?.reason;
  }

  /** Calls `listener` once when this token or a parent is cancelled; returns its removal. */
  onCancel(listener: () => void): () => void {
    if (this.cancelled) {
      listener();
      return () => undefined;
    }
    let done = false;
    const off = () => {
      done = true;
      this.listeners?.delete(once);
      fromParent?.();
    };
    const once = () => {
      if (done) return;
      off();
      listener();
    };
    (this.listeners ??= new Set()).add(once);
    const fromParent = this.parent?.onCancel(once);
    return off;
  }

  throwIfCancelled(): void {
    if (this.cancelled) throw this.reason ?? new CancelledError();
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
      token.cancel('a sibling branch failed');
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
