import { describe, expect, it } from 'vitest';
import { createRun } from '../fixtures';
import type { SuiteContext } from './context';

export function leasesSuite(ctx: SuiteContext): void {
  describe('run leases', () => {
    it('gives a run to one owner at a time, renews it, and frees it on release or expiry', async () => {
      const storage = ctx.storage();
      const run = await createRun(storage);
      expect(await storage.leases.acquire(run.id, 'worker-a', 10_000)).toBe(true);
      expect(await storage.leases.acquire(run.id, 'worker-b', 10_000)).toBe(false);
      // The owner renews.
      ctx.clock.advance(9_000);
      expect(await storage.leases.acquire(run.id, 'worker-a', 10_000)).toBe(true);
      ctx.clock.advance(9_000);
      expect(await storage.leases.acquire(run.id, 'worker-b', 10_000)).toBe(false);
      // A release by someone else changes nothing; the owner's frees it.
      await storage.leases.release(run.id, 'worker-b');
      expect(await storage.leases.acquire(run.id, 'worker-b', 10_000)).toBe(false);
      await storage.leases.release(run.id, 'worker-a');
      expect(await storage.leases.acquire(run.id, 'worker-b', 10_000)).toBe(true);
      // An owner that stops renewing (a dead worker) loses it once it expires.
      ctx.clock.advance(10_001);
      expect(await storage.leases.acquire(run.id, 'worker-c', 10_000)).toBe(true);
      expect(await storage.leases.acquire(run.id, 'worker-b', 10_000)).toBe(false);
    });

    it('lets exactly one of many concurrent takers win', async () => {
      const storage = ctx.storage();
      const run = await createRun(storage);
      const won = await Promise.all(
        Array.from({ length: 8 }, (_, i) => storage.leases.acquire(run.id, `w${i}`, 10_000)),
      );
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}
