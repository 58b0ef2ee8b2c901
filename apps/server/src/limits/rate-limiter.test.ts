import { describe, expect, it } from 'vitest';
import { rateMessage, RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('lets a burst through, then refills at the rate, per key', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 10, burst: 5 }, () => now);
    expect([1, 2, 3, 4, 5].map(() => limiter.take('a').ok)).toEqual([true, true, true, true, true]);
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterMs: 100 });
    expect(limiter.take('b').ok).toBe(true);
    now = 250; // 2.5 calls back
    expect(limiter.take('a', 2).ok).toBe(true);
    expect(limiter.take('a', 1)).toEqual({ ok: false, retryAfterMs: 50 });
  });

  it('charges a batch its number of calls, and refuses it whole (taking nothing)', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 1, burst: 10 }, () => now);
    expect(limiter.take('t', 8).ok).toBe(true);
    expect(limiter.take('t', 3)).toEqual({ ok: false, retryAfterMs: 1000 });
    expect(limiter.take('t', 2).ok).toBe(true);
    now = 30_000;
    // A batch larger than the burst is charged the burst (it could never fit otherwise).
    expect(limiter.take('t', 50).ok).toBe(true);
    expect(limiter.take('t').ok).toBe(false);
  });

  it('forgets keys whose bucket has refilled', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 100, burst: 100 }, () => now);
    for (let i = 0; i < 50; i += 1) limiter.take(`socket-${i}`);
    expect(limiter.size).toBe(50);
    now = 1_500;
    limiter.take('other');
    expect(limiter.size).toBe(1);
    limiter.forget('other');
    expect(limiter.size).toBe(0);
  });

  it('words the refusal with the limit and when to retry', () => {
    expect(rateMessage('one token', { perSecond: 1000, burst: 5000 }, 1234)).toBe(
      'too many requests: one token may make 1,000 per second (bursts of 5,000); try again in 1.3 s',
    );
  });
});
