import { describe, expect, it } from 'vitest';
import { createRun, expectStorageError } from '../fixtures';
import type { SuiteContext } from './context';

export function approvalsAndTimersSuite(ctx: SuiteContext): void {
  describe('approvals and timers', () => {
    it('records a decision once per idempotency key; another payload with that key is a conflict', async () => {
      const storage = ctx.storage();
      const run = await createRun(storage);
      const approval = await storage.approvals.create({
        runId: run.id,
        interruptId: 'int-1',
        nodeId: 'approve',
        prompt: { title: 'Ship it?', approvers: { roles: ['approver'], users: [] }, quorum: 2 },
        deadlineAt: ctx.clock.peek() + 60_000,
      });
      expect(approval).toMatchObject({ status: 'pending', decidedAt: null, nodeId: 'approve' });
      await expectStorageError(
        storage.approvals.create({ runId: run.id, interruptId: 'int-1', prompt: {} }),
        'CONFLICT',
        `interrupt "int-1" of run "${run.id}"`,
      );
      const vote = {
        approvalId: approval.id,
        actor: 'user-1',
        outcome: 'approved' as const,
        response: { comment: 'looks good', checks: { a: true, b: [1, 2] } },
        idempotencyKey: 'key-1',
      };
      const first = await storage.approvals.decide(vote);
      expect(first.created).toBe(true);
      const replay = await storage.approvals.decide({
        ...vote,
        response: { checks: { b: [1, 2], a: true }, comment: 'looks good' },
      });
      expect(replay).toEqual({ decision: first.decision, created: false });
      await expectStorageError(
        storage.approvals.decide({ ...vote, outcome: 'rejected' }),
        'CONFLICT',
        'idempotency key "key-1"',
      );
      await expectStorageError(
        storage.approvals.decide({ ...vote, response: { comment: 'other' } }),
        'CONFLICT',
        'key-1',
      );
      const racers = await Promise.all(
        Array.from({ length: 5 }, () =>
          storage.approvals.decide({ ...vote, actor: 'user-2', idempotencyKey: 'key-2' }),
        ),
      );
      expect(racers.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(racers.map((result) => result.decision.id)).size).toBe(1);
      expect((await storage.approvals.decisions(approval.id)).map((d) => d.actor)).toEqual([
        'user-1',
        'user-2',
      ]);

      expect(await storage.approvals.close(approval.id, 'decided')).toBe(true);
      expect(await storage.approvals.close(approval.id, 'timedOut')).toBe(false);
      expect(await storage.approvals.get(approval.id)).toMatchObject({ status: 'decided' });
      expect(await storage.approvals.decide(vote)).toEqual({
        decision: first.decision,
        created: false,
      });
      await expectStorageError(
        storage.approvals.decide({ ...vote, actor: 'user-3', idempotencyKey: 'key-3' }),
        'CONFLICT',
        `approval "${approval.id}" is decided`,
      );
      await expectStorageError(
        storage.approvals.decide({ ...vote, approvalId: 'nope' }),
        'NOT_FOUND',
        'nope',
      );
      await expectStorageError(storage.approvals.close('nope', 'cancelled'), 'NOT_FOUND', 'nope');
    });

    it('takes one vote per person: another key by the same actor is a conflict, also at once', async () => {
      const storage = ctx.storage();
      const run = await createRun(storage);
      const approval = await storage.approvals.create({
        runId: run.id,
        interruptId: 'int-once',
        prompt: { title: 'Twice?', approvers: { roles: ['approver'], users: [] }, quorum: 2 },
      });
      const vote = {
        approvalId: approval.id,
        actor: 'voter',
        outcome: 'approved' as const,
        response: { decision: 'approve' },
        idempotencyKey: 'once-1',
      };
      expect((await storage.approvals.decide(vote)).created).toBe(true);
      await expectStorageError(
        storage.approvals.decide({ ...vote, idempotencyKey: 'once-2' }),
        'CONFLICT',
        'You already voted on this approval',
      );
      // The first key still answers with the first vote (idempotency).
      expect((await storage.approvals.decide(vote)).created).toBe(false);
      // Ten keys by one other person at once: one vote is stored, nine are refused.
      const racers = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          storage.approvals.decide({ ...vote, actor: 'racer', idempotencyKey: `race-${i}` }),
        ),
      );
      expect(racers.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(
        racers.every(
          (r) =>
            r.status === 'fulfilled' ||
            String((r.reason as Error).message).includes('You already voted on this approval'),
        ),
      ).toBe(true);
      expect((await storage.approvals.decisions(approval.id)).map((d) => d.actor)).toEqual([
        'voter',
        'racer',
      ]);
    });

    it('lists pending approvals for a run and for all runs', async () => {
      const storage = await ctx.fresh();
      const one = await createRun(storage);
      const two = await createRun(storage);
      const a = await storage.approvals.create({
        runId: one.id,
        interruptId: 'i1',
        prompt: { n: 1 },
      });
      const b = await storage.approvals.create({
        runId: two.id,
        interruptId: 'i1',
        prompt: { n: 2 },
      });
      const c = await storage.approvals.create({
        runId: one.id,
        interruptId: 'i2',
        prompt: { n: 3 },
      });
      expect((await storage.approvals.pending()).map((x) => x.id)).toEqual([a.id, b.id, c.id]);
      expect((await storage.approvals.pending({ runId: one.id })).map((x) => x.id)).toEqual([
        a.id,
        c.id,
      ]);
      await storage.approvals.close(a.id, 'cancelled');
      expect((await storage.approvals.pending()).map((x) => x.id)).toEqual([b.id, c.id]);
      expect(await storage.approvals.findByInterrupt(two.id, 'i1')).toEqual(b);
      expect(await storage.approvals.findByInterrupt(two.id, 'i9')).toBeUndefined();
    });

    it('timers: due ones come earliest first, fire once, schedule is idempotent, cancel drops', async () => {
      const storage = await ctx.fresh();
      const run = await createRun(storage);
      const base = ctx.clock.peek() + 10_000;
      const late = await storage.timers.schedule({
        runId: run.id,
        interruptId: 'late',
        fireAt: base + 30,
      });
      const soon = await storage.timers.schedule({
        runId: run.id,
        interruptId: 'soon',
        fireAt: base + 10,
      });
      const mid = await storage.timers.schedule({
        runId: run.id,
        interruptId: 'mid',
        fireAt: base + 20,
      });
      expect(
        await storage.timers.schedule({ runId: run.id, interruptId: 'soon', fireAt: base + 99 }),
      ).toEqual(soon);

      expect(await storage.timers.due(base)).toEqual([]);
      expect((await storage.timers.due(base + 20)).map((timer) => timer.id)).toEqual([
        soon.id,
        mid.id,
      ]);
      expect(await storage.timers.markFired(soon.id)).toBe(true);
      expect(await storage.timers.markFired(soon.id)).toBe(false);
      expect((await storage.timers.due(base + 20)).map((timer) => timer.id)).toEqual([mid.id]);
      expect(await storage.timers.cancel(run.id, 'mid')).toBe(true);
      expect(await storage.timers.cancel(run.id, 'soon')).toBe(false);
      expect((await storage.timers.due(base + 1_000)).map((timer) => timer.id)).toEqual([late.id]);
      expect(await storage.timers.due()).toEqual([]);
      ctx.clock.advance(20_000);
      expect((await storage.timers.due()).map((timer) => timer.interruptId)).toEqual(['late']);
    });
  });
}
