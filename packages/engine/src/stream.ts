import type { Clock } from './platform';

export interface StreamReadOptions {
  /** Longest wait for the next item; `null` waits until the stream closes. Default 10 000 ms. */
  readonly timeoutMs?: number | null;
}

interface ReaderHooks {
  readonly clock: Clock;
  readonly timeoutMs: number | null;
  /** Called once, before the first read (lazy start). */
  readonly onFirstRead?: () => void;
  /** An error to raise to the reader instead of waiting (a lazily started run that failed). */
  readonly failure?: () => { error: unknown } | undefined;
  readonly onTimeout?: () => void;
  /** Called when the reader finishes or stops early. */
  readonly onFinish?: () => void;
}

/**
 * A per-execution, unbounded, replaying channel: every reader starts at the first item, so late and
 * parallel readers see everything in order. Ends when closed.
 */
export class RuntimeStream {
  private readonly items: unknown[] = [];
  private closed = false;
  private waiters = new Set<() => void>();

  get isClosed(): boolean {
    return this.closed;
  }

  get size(): number {
    return this.items.length;
  }

  /** Returns false (and stores nothing) once the stream is closed. */
  push(item: unknown): boolean {
    if (this.closed) return false;
    this.items.push(item);
    this.wake();
    return true;
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  wake(): void {
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }

  reader(hooks: ReaderHooks): AsyncIterableIterator<unknown> {
    let index = 0;
    let finished = false;
    let begun = false;
    const finish = (): IteratorResult<unknown> => {
      if (!finished) {
        finished = true;
        hooks.onFinish?.();
      }
      return { done: true, value: undefined };
    };
    const next = async (): Promise<IteratorResult<unknown>> => {
      if (!begun) {
        begun = true;
        hooks.onFirstRead?.();
      }
      for (;;) {
        if (finished) return { done: true, value: undefined };
        const failure = hooks.failure?.();
        if (failure) {
          finish();
          throw failure.error;
        }
        if (index < this.items.length) return { done: false, value: this.items[(index += 1) - 1] };
        if (this.closed) return finish();
        if (await this.waitForChange(hooks)) continue;
        hooks.onTimeout?.();
        return finish();
      }
    };
    const iterator: AsyncIterableIterator<unknown> = {
      next,
      return: () => Promise.resolve(finish()),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Resolves true on a new item, close or wake-up; false when the read timeout expires first. */
  private waitForChange(hooks: ReaderHooks): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer =
        hooks.timeoutMs === null
          ? undefined
          : hooks.clock.setTimer(hooks.timeoutMs, () => done(false));
      const wake = (): void => done(true);
      const done = (changed: boolean): void => {
        timer?.cancel();
        this.waiters.delete(wake);
        resolve(changed);
      };
      this.waiters.add(wake);
    });
  }
}
