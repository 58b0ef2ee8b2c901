import type { AbortSignalLike } from '@triggerflow/engine';

/**
 * Timers, deadlines and cancellation for model calls, platform-neutral: the host's `setTimeout`
 * and `AbortController` are looked up at call time (Node and browsers have both) and typed here,
 * without DOM or Node types.
 */

/** What `fetch` accepts as `signal`: the host's own AbortSignal. */
export type HostSignal = unknown;

interface HostGlobals {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  AbortController?: new () => { readonly signal: HostSignal; abort(reason?: unknown): void };
}
const host = globalThis as unknown as HostGlobals;

/** Why an attempt ended early: its deadline, or the caller's signal. */
export type Interruption = { kind: 'timeout' } | { kind: 'cancelled'; reason: unknown };

/**
 * One attempt's host signal: aborted at `deadlineMs` from now or when `signal` fires.
 * `interrupted` resolves then, saying which (so even a fetch that ignores its signal is not
 * waited for); `done()` clears the timer and the listener.
 */
export function attemptSignal(deadlineMs: number, signal: AbortSignalLike | undefined) {
  const Controller = host.AbortController;
  const controller = Controller ? new Controller() : undefined;
  let resolveInterrupted: (why: Interruption) => void = () => undefined;
  const interrupted = new Promise<Interruption>((resolve) => (resolveInterrupted = resolve));
  let interruption: Interruption | undefined;
  const interrupt = (why: Interruption) => {
    if (interruption) return;
    interruption = why;
    controller?.abort(why.kind === 'cancelled' ? why.reason : new Error('timeout'));
    resolveInterrupted(why);
  };
  const timer = host.setTimeout(() => interrupt({ kind: 'timeout' }), Math.max(0, deadlineMs));
  const onAbort = () => interrupt({ kind: 'cancelled', reason: signal?.reason });
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort);
  return {
    signal: controller?.signal,
    interrupted,
    done() {
      host.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Waits `ms`, or less when `signal` fires (then rejects with its reason). */
export function pause(ms: number, signal: AbortSignalLike | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      host.clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = host.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort);
  });
}

/**
 * A `Retry-After` header's wait in ms: seconds (`"2"`) or an HTTP date; `undefined` when absent
 * or unreadable.
 */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Statuses worth another attempt: too many requests, and the server's own failures. */
export const isRetryableStatus = (status: number) => status === 429 || status >= 500;
