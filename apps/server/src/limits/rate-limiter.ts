import type { RateLimit } from './limits-config';

interface Bucket {
  tokens: number;
  at: number;
}

export type Take = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * Token buckets by key (a token id, an address, a socket id): each holds up to `burst` calls and
 * refills at `perSecond`. A call of cost n takes n, or is refused, taking nothing, with the time
 * until it would fit. Full buckets are forgotten, so memory stays bounded by the busy keys.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep: number;

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastSweep = now();
  }

  take(key: string, cost = 1): Take {
    const at = this.now();
    this.sweep(at);
    const need = Math.min(cost, this.limit.burst);
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.burst, at };
    const tokens = Math.min(
      this.limit.burst,
      bucket.tokens + ((at - bucket.at) / 1000) * this.limit.perSecond,
    );
    if (tokens < need) {
      this.buckets.set(key, { tokens, at });
      return {
        ok: false,
        retryAfterMs: Math.ceil(((need - tokens) / this.limit.perSecond) * 1000),
      };
    }
    this.buckets.set(key, { tokens: tokens - need, at });
    return { ok: true };
  }

  forget(key: string): void {
    this.buckets.delete(key);
  }

  /** Keys tracked (tests, metrics). */
  get size(): number {
    return this.buckets.size;
  }

  /** At most once a second: drops buckets that have refilled (they equal a new one). */
  private sweep(at: number): void {
    if (at - this.lastSweep < 1000) return;
    this.lastSweep = at;
    const refill = (this.limit.burst / this.limit.perSecond) * 1000;
    for (const [key, bucket] of this.buckets) {
      if (at - bucket.at >= refill) this.buckets.delete(key);
    }
  }
}

/** What a refusal says: the limit, its setting, and when to try again. */
export function rateMessage(what: string, limit: RateLimit, retryAfterMs: number): string {
  const seconds = Math.max(0.1, Math.ceil(retryAfterMs / 100) / 10);
  return (
    `too many requests: ${what} may make ${limit.perSecond.toLocaleString('en-US')} per second ` +
    `(bursts of ${limit.burst.toLocaleString('en-US')}); try again in ${seconds} s`
  );
}
