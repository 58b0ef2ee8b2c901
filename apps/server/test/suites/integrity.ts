import { describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, openStorage, type Database, type Storage } from '../../src';
import { blueprint, createFlow, createRun, expectStorageError, snapshot } from '../fixtures';
import type { SuiteContext } from './context';

const TABLES: readonly (keyof Database)[] = [
  'users',
  'tokens',
  'flows',
  'flow_versions',
  'runs',
  'run_events',
  'checkpoints',
  'approvals',
  'decisions',
  'timers',
  'run_leases',
];

export function integritySuite(ctx: SuiteContext): void {
  describe('schema and integrity', () => {
    it('migrates a fresh database once; migrating again changes nothing and keeps the data', async () => {
      const url = await ctx.newUrl();
      const first = openDatabase({ url });
      try {
        expect(await migrateToLatest(first.db, first.dialect)).toEqual([
          '0001-users-and-tokens',
          '0002-flows',
          '0003-runs',
          '0004-approvals-and-timers',
          '0005-run-leases',
          '0006-run-executions',
        ]);
        expect(await migrateToLatest(first.db, first.dialect)).toEqual([]);
        for (const table of TABLES) {
          await expect(first.db.selectFrom(table).selectAll().execute()).resolves.toEqual([]);
        }
      } finally {
        await first.close();
      }
      const again = ctx.track(await openStorage({ url, now: ctx.clock.now }));
      const user = await again.users.create({ name: 'Ada', roles: ['admin'] });
      const third = ctx.track(await openStorage({ url, now: ctx.clock.now }));
      expect(await third.users.get(user.id)).toEqual(user);
    });

    it('refuses rows that refer to nothing (foreign keys are on)', async () => {
      const storage = ctx.storage();
      const flow = await createFlow(storage, 'Refs');
      await expectStorageError(
        storage.runs.create({ flowId: flow.id, version: 2, input: {}, startedBy: 'u' }),
        'REFERENCE',
        `flow version "${flow.id}@2"`,
      );
      await expectStorageError(
        storage.tokens.create({ userId: 'ghost', kind: 'api', hash: 'h-ghost' }),
        'REFERENCE',
        'user "ghost"',
      );
      await expectStorageError(
        storage.timers.schedule({ runId: 'ghost', interruptId: 'i', fireAt: 1 }),
        'REFERENCE',
        'run "ghost"',
      );
      await expectStorageError(
        storage.approvals.create({ runId: 'ghost', interruptId: 'i', prompt: {} }),
        'REFERENCE',
        'run "ghost"',
      );
      await expectStorageError(
        storage.runs.saveCheckpoint('ghost', { seq: 1, snapshot: snapshot({}) }),
        'REFERENCE',
        'run "ghost"',
      );
      await expect(
        storage.db
          .insertInto('run_events')
          .values({ run_id: 'ghost', seq: 1, type: 't', at: 1, payload: '{}' })
          .execute(),
      ).rejects.toThrow();
    });

    it('round-trips JSON: nested values, unicode, numbers, top-level scalars; refuses U+0000', async () => {
      const storage = ctx.storage();
      const value = {
        text: 'naïve café — 東京 — مرحبا — 👩🏽‍💻 — e\u0301 — "quotes" \\ back\\u0000slash',
        numbers: [0, -1, 1.5, 1e-7, Number.MAX_SAFE_INTEGER, -0.25],
        flags: [true, false, null],
        deep: { a: { b: { c: { d: [{ e: [] }, {}] } } } },
        emptyKey: { '': 'empty', ' spaced key ': 1 },
      };
      const run = await createRun(storage, value);
      expect((await storage.runs.get(run.id)).input).toEqual(value);
      for (const scalar of ['just text', 42, true, null, [1, [2, [3]]]]) {
        const other = await storage.runs.create({
          flowId: run.flowId,
          version: 1,
          input: scalar,
          startedBy: 'u',
        });
        expect((await storage.runs.get(other.id)).input).toEqual(scalar);
      }
      const [event] = await storage.runs.appendEvents(run.id, [
        { type: 'stream.item', payload: value },
      ]);
      expect(event?.payload).toEqual(value);
      expect((await storage.runs.events(run.id))[0]?.payload).toEqual(value);
      const undefinedInput = await storage.runs.create({
        flowId: run.flowId,
        version: 1,
        input: undefined,
        startedBy: 'u',
      });
      expect(undefinedInput.input).toBeNull();

      await expectStorageError(
        storage.runs.appendEvents(run.id, [{ type: 'stream.item', payload: { bad: 'a\u0000b' } }]),
        'INVALID',
        `payload of stream.item event of run "${run.id}" contains the character U+0000`,
      );
      expect((await storage.runs.get(run.id)).lastSeq).toBe(1);
    });

    it('transaction: everything commits together or nothing does', async () => {
      const storage = ctx.storage();
      const name = `Tx-${ctx.dialect}`;
      await expect(
        storage.transaction(async (tx) => {
          const flow = await createFlowIn(tx.flows, name);
          await tx.runs.create({ flowId: flow.id, version: 1, input: {}, startedBy: 'u' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect((await storage.flows.list({ search: name })).items).toEqual([]);

      const run = await storage.transaction(async (tx) => {
        const flow = await createFlowIn(tx.flows, name);
        const created = await tx.runs.create({
          flowId: flow.id,
          version: 1,
          input: {},
          startedBy: 'u',
        });
        await tx.runs.appendEvents(created.id, [{ type: 'run.started', payload: {} }]);
        return created;
      });
      expect((await storage.runs.get(run.id)).lastSeq).toBe(1);
      expect((await storage.flows.list({ search: name })).items).toHaveLength(1);
    });
  });
}

function createFlowIn(flows: Storage['flows'], name: string) {
  return flows.create({
    name,
    blueprint: blueprint(name),
    fingerprint: 'sha256:tx',
    createdBy: 'u',
  });
}
