import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations, openDatabase, openStorage } from '../../src';
import { createFlow, createRun, expectStorageError } from '../fixtures';
import type { SuiteContext } from './context';

export function executionsSuite(ctx: SuiteContext): void {
  describe('run executions (poison-run counter)', () => {
    it('counts processes that begin a run, lowers it on a clean stop, resets it at rest', async () => {
      const storage = ctx.storage();
      const run = await createRun(storage);
      const begin = () => storage.runs.beginExecution(run.id);
      expect(await begin()).toBe(1);
      expect(await begin()).toBe(2);
      // A clean stop does not count this process; it never goes below zero.
      await storage.runs.leaveExecutions([run.id]);
      expect(await begin()).toBe(2);
      await storage.runs.leaveExecutions([run.id]);
      await storage.runs.leaveExecutions([run.id]);
      await storage.runs.leaveExecutions([run.id]);
      expect(await begin()).toBe(1);
      // A commit carries it (the run paused: at rest) or leaves it alone.
      await storage.runs.commit(run.id, {
        events: [{ type: 'run.paused', payload: {} }],
        update: { status: 'paused', inFlight: 0 },
      });
      expect(await begin()).toBe(1);
      await storage.runs.commit(run.id, {
        events: [{ type: 'run.resumed', payload: {} }],
        update: { status: 'running' },
      });
      expect(await begin()).toBe(2);
      // The same inside a transaction, and in a batch of many runs.
      await storage.transaction((tx) =>
        tx.runs.commit(run.id, { events: [], update: { inFlight: 1 } }),
      );
      expect(await begin()).toBe(2);
      const other = await createRun(storage);
      await storage.runs.commitMany([
        { runId: run.id, events: [], update: { inFlight: 0 } },
        { runId: other.id, events: [{ type: 'run.started', payload: {} }] },
      ]);
      expect(await begin()).toBe(1);
      expect(await storage.runs.beginExecution(other.id)).toBe(1);
      await expectStorageError(
        storage.runs.beginExecution('no-such-run'),
        'NOT_FOUND',
        'no-such-run',
      );
    });

    it('starts a run as executing when asked (embedded mode) and at zero otherwise', async () => {
      const storage = ctx.storage();
      const flow = await createFlow(storage, 'Executions');
      const base = { flowId: flow.id, version: 1, input: null, startedBy: 'u' };
      const here = await storage.runs.create({ ...base, status: 'running', inFlight: 1 });
      const queued = await storage.runs.create(base);
      expect(await storage.runs.beginExecution(here.id)).toBe(2);
      expect(await storage.runs.beginExecution(queued.id)).toBe(1);
      await storage.runs.leaveExecutions([here.id, queued.id]);
      expect(await storage.runs.beginExecution(here.id)).toBe(2);
      expect(await storage.runs.beginExecution(queued.id)).toBe(1);
      await storage.runs.leaveExecutions([]);
    });

    it('adds the counter to the runs of a database made before it, at zero', async () => {
      const url = await ctx.newUrl();
      const old = openDatabase({ url });
      try {
        const schema =
          old.dialect === 'postgres'
            ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(old.db))
                .rows[0]?.schema
            : undefined;
        const migrator = new Migrator({
          db: old.db,
          provider: { getMigrations: () => Promise.resolve(migrations(old.dialect)) },
          migrationTableSchema: schema,
        });
        expect((await migrator.migrateTo('0005-run-leases')).error).toBeUndefined();
        // A run as the previous version wrote it (no in_flight column yet).
        const at = ctx.clock.now();
        await old.db
          .insertInto('flows')
          .values({
            id: 'f',
            name: 'F',
            description: '',
            latest_version: 1,
            created_by: 'u',
            created_at: at,
            updated_at: at,
          })
          .execute();
        await old.db
          .insertInto('flow_versions')
          .values({
            flow_id: 'f',
            version: 1,
            blueprint: '{}',
            fingerprint: 'sha256:f',
            note: null,
            created_by: 'u',
            created_at: at,
          })
          .execute();
        await old.db
          .insertInto('runs')
          .values({
            id: 'r',
            flow_id: 'f',
            version: 1,
            status: 'running',
            input: 'null',
            started_by: 'u',
            error: null,
            last_seq: 0,
            created_at: at,
            updated_at: at,
            finished_at: null,
          })
          .execute();
      } finally {
        await old.close();
      }
      const storage = ctx.track(await openStorage({ url, now: ctx.clock.now }));
      expect(await storage.runs.beginExecution('r')).toBe(1);
    });
  });
}
