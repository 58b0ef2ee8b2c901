import type { CancelToken } from './concurrency';

/** What an `abort` listener receives. */
export interface AbortEventLike {
  readonly type: 'abort';
}

export type AbortListener = (event: AbortEventLike) => void;

/**
 * The part of the platform's `AbortSignal` a handler needs, typed without DOM or Node: pass it
 * to `fetch(url, { signal })`, `http.request({ signal })`, or listen to it. It fires once, when the
 * step's work is no longer wanted: the execution is closed with `pendingInterrupts: 'cancel'`
 * (a run cancelled or failed), a fan-out sibling failed, or a close deadline passed.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  /** Why: a `CancelledError` naming the cause, once aborted. */
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: AbortListener, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: AbortListener): void;
  /** Throws `reason` once aborted. */
  throwIfAborted(): void;
}

const EVENT: AbortEventLike = { type: 'abort' };

/**
 * A handler's abort signal over the cancel tokens it depends on (its branch's, the execution's
 * close): aborted as soon as any of them is cancelled. Listeners are attached to the tokens only
 * while someone listens, and all are detached by `dispose()` (when the handler returns).
 */
export class HandlerAbortSignal implements AbortSignalLike {
  private readonly listeners = new Set<AbortListener>();
  private detach: (() => void)[] = [];
  private fired = false;

  constructor(private readonly tokens: readonly CancelToken[]) {}

  get aborted(): boolean {
    return this.fired || this.tokens.some((token) => token.cancelled);
  }

  get reason(): unknown {
    for (const token of this.tokens) if (token.cancelled) return token.reason;
    return undefined;
  }

  addEventListener(type: 'abort', listener: AbortListener, options?: { once?: boolean }): void {
    if (type !== 'abort' || this.fired) return;
    void options; // Every listener fires at most once: the signal aborts once.
    this.listeners.add(listener);
    if (this.detach.length === 0) {
      this.detach = this.tokens.map((token) => token.onCancel(() => this.fire()));
    }
  }

  removeEventListener(type: 'abort', listener: AbortListener): void {
    if (type !== 'abort') return;
    this.listeners.delete(listener);
    if (this.listeners.size === 0) this.dispose();
  }

  throwIfAborted(): void {
    if (this.aborted) throw this.reason;
  }

  /** Detaches from the tokens; nothing fires after it. */
  dispose(): void {
    for (const off of this.detach) off();
    this.detach = [];
  }

  private fire(): void {
    if (this.fired) return;
    this.fired = true;
    this.dispose();
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) {
      try {
        listener(EVENT);
      } catch {
        // A listener's failure is its own; the others still run.
      }
    }
  }
}
