import { describe, expect, it } from 'vitest';
import type { RunEventRecord } from '../../src';
import { createFlow, createRun, expectStorageError, snapshot } from '../fixtures';
import type { SuiteContext } from './context';

export function runsSuite(ctx: SuiteContext): void {
  describe('runs', () => {
    it('creates, updates and lists runs by flow and status in pages; listOpen finds the open ones', async () => {
      const storage = await ctx.fresh();
      const flow = await createFlow(storage, 'Runs');
      const other = await createFlow(storage, 'Other');
      const statuses = ['queued', 'running', 'paused', 'completed', 'failed'] as const;
      const runs = [];
      for (const status of statuses) {
        runs.push(
          await storage.runs.create({
            flowId: flow.id,
            version: 1,
            input: { status },
            startedBy: 'u',
            status,
          }),
        );
      }
      const foreign = await storage.runs.create({
        flowId: other.id,
        version: 1,
        input: null,
        startedBy: 'u',
      });
      expect(foreign).toMatchObject({
        status: 'queued',
        lastSeq: 0,
        error: null,
        finishedAt: null,
      });

      const first = await storage.runs.list({ flowId: flow.id, limit: 2 });
      expect(first.items.map((run) => run.status)).toEqual(['failed', 'completed']);
      const second = await storage.runs.list({
        flowId: flow.id,
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(second.items.map((run) => run.status)).toEqual(['paused', 'running']);
      const third = await storage.runs.list({
        flowId: flow.id,
        limit: 2,
        cursor: second.nextCursor,
      });
      expect(third).toEqual({
        items: [expect.objectContaining({ status: 'queued' })],
        nextCursor: null,
      });
      const queued = await storage.runs.list({ status: 'queued' });
      expect(queued.items.map((run) => run.id)).toEqual([foreign.id, runs[0]?.id]);
      const ended = await storage.runs.list({ status: ['completed', 'failed'], flowId: flow.id });
      expect(ended.items.map((run) => run.status)).toEqual(['failed', 'completed']);

      const open = await storage.runs.listOpen();
      expect(open.map((run) => run.status)).toEqual(['queued', 'running', 'paused', 'queued']);

      const finishedAt = ctx.clock.peek();
      const failed = await storage.runs.update(foreign.id, {
        status: 'failed',
        error: { code: 'BOOM', message: 'it broke', details: { node: 'work' } },
        finishedAt,
      });
      expect(failed).toMatchObject({
        status: 'failed',
        error: { code: 'BOOM', message: 'it broke', details: { node: 'work' } },
        finishedAt,
      });
      expect(await storage.runs.get(foreign.id)).toEqual(failed);
      expect((await storage.runs.update(foreign.id, { error: null })).error).toBeNull();
      expect((await storage.runs.listOpen()).map((run) => run.id)).not.toContain(foreign.id);
      await expectStorageError(
        storage.runs.update('nope', { status: 'running' }),
        'NOT_FOUND',
        'run "nope"',
      );
    });

    it('gives 20 concurrent appends to one run the gapless seqs 1..N, each append contiguous', async () => {
      const storage = ctx.storage();
      const run = await createRun(storage);
      const appends = await Promise.all(
        Array.from({ length: 20 }, (_, writer) =>
          storage.runs.appendEvents(run.id, [
            { type: 'node.started', payload: { writer, part: 0 } },
            { type: 'stream.item', payload: { writer, part: 1 } },
            { type: 'node.completed', payload: { writer, part: 2 } },
          ]),
        ),
      );
      for (const events of appends) {
        const [a, b, c] = events.map((event) => event.seq);
        expect([b, c]).toEqual([(a ?? 0) + 1, (a ?? 0) + 2]);
      }
      const seqs = appends
        .flat()
        .map((event) => event.seq)
        .sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
      expect((await storage.runs.get(run.id)).lastSeq).toBe(60);

      const stored = await storage.runs.events(run.id);
      expect(stored.map((event) => event.seq)).toEqual(seqs);
      const essence = (events: RunEventRecord[]) =>
        events.map(({ seq, type, payload }) => ({ seq, type, payload }));
      expect(essence(stored)).toEqual(essence(appends.flat().sort((a, b) => a.seq - b.seq)));

      const next = await storage.runs.appendEvents(run.id, [
        { type: 'run.completed', payload: {} },
      ]);
      expect(next.map((event) => event.seq)).toEqual([61]);
      expect(await storage.runs.appendEvents(run.id, [])).toEqual([]);
      await expectStorageError(
        storage.runs.appendEvents('missing-run', [{ type: 'run.started', payload: {} }]),
        'NOT_FOUND',
        'run "missing-run"',
      );
    });

    it('reads events after a seq, in order, with a limit', async () => {
      const storage = ctx.storage();
      const run = await createRun(storage);
      const at = ctx.clock.peek();
      await storage.runs.appendEvents(
        run.id,
        Array.from({ length: 10 }, (_, index) => ({
          type: 'stream.item',
          payload: index,
          at: at + index,
        })),
      );
      const tail = await storage.runs.events(run.id, { afterSeq: 7 });
      expect(tail.map((event) => [event.seq, event.payload, event.at])).toEqual([
        [8, 7, at + 7],
        [9, 8, at + 8],
        [10, 9, at + 9],
      ]);
      const window = await storage.runs.events(run.id, { afterSeq: 2, limit: 3 });
      expect(window.map((event) => event.seq)).toEqual([3, 4, 5]);
      expect(await storage.runs.events(run.id, { afterSeq: 10 })).toEqual([]);
    });

    it('upserts one checkpoint per run and never replaces it with an older one', async () => {
      const storage = ctx.storage();
      const run = await createRun(storage);
      expect(await storage.runs.latestCheckpoint(run.id)).toBeUndefined();
      expect(
        await storage.runs.saveCheckpoint(run.id, { seq: 3, snapshot: snapshot({ step: 1 }) }),
      ).toBe(true);
      const newer = snapshot({ step: 2, nested: { list: [1, 'two', { three: 3 }] } });
      expect(await storage.runs.saveCheckpoint(run.id, { seq: 7, snapshot: newer })).toBe(true);
      expect(
        await storage.runs.saveCheckpoint(run.id, { seq: 5, snapshot: snapshot({ step: 0 }) }),
      ).toBe(false);
      const latest = await storage.runs.latestCheckpoint(run.id);
      expect(latest).toMatchObject({ runId: run.id, seq: 7 });
      expect(latest?.snapshot).toEqual(newer);
      expect(
        await storage.runs.saveCheckpoint(run.id, { seq: 7, snapshot: snapshot({ step: 3 }) }),
      ).toBe(true);
      expect((await storage.runs.latestCheckpoint(run.id))?.snapshot.state).toEqual({ step: 3 });
      const count = await storage.db
        .selectFrom('checkpoints')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('run_id', '=', run.id)
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(1);
    });
  });
}
