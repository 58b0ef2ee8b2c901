import type { Selectable } from 'kysely';
import { mapConstraints } from './errors';
import type { TimersTable } from './schema';
import type { StorageContext } from './transaction';

/** A durable timer: an interrupt of a run that expires at `fireAt`, also after a restart. */
export interface TimerRecord {
  id: string;
  runId: string;
  interruptId: string;
  fireAt: number;
  firedAt: number | null;
}

export interface NewTimer {
  runId: string;
  interruptId: string;
  fireAt: number;
}

export const DEFAULT_DUE_LIMIT = 100;

function toTimer(row: Selectable<TimersTable>): TimerRecord {
  return {
    id: row.id,
    runId: row.run_id,
    interruptId: row.interrupt_id,
    fireAt: row.fire_at,
    firedAt: row.fired_at,
  };
}

export function timersRepository({ db, now, newId }: StorageContext) {
  return {
    /**
     * Schedules the timer of an interrupt. Idempotent: when the interrupt has one already (say,
     * scheduled again while a run is restored), that one is returned unchanged.
     */
    async schedule(input: NewTimer): Promise<TimerRecord> {
      const id = newId();
      await mapConstraints(
        () =>
          db
            .insertInto('timers')
            .values({
              id,
              run_id: input.runId,
              interrupt_id: input.interruptId,
              fire_at: input.fireAt,
            })
            .onConflict((oc) => oc.columns(['run_id', 'interrupt_id']).doNothing())
            .execute(),
        { reference: () => `timer "${id}" refers to run "${input.runId}", which does not exist` },
      );
      const row = await db
        .selectFrom('timers')
        .selectAll()
        .where('run_id', '=', input.runId)
        .where('interrupt_id', '=', input.interruptId)
        .executeTakeFirstOrThrow();
      return toTimer(row);
    },

    /** Timers that have not fired and are due at `at` (default: now), earliest first. */
    async due(at: number = now(), limit: number = DEFAULT_DUE_LIMIT): Promise<TimerRecord[]> {
      const rows = await db
        .selectFrom('timers')
        .selectAll()
        .where('fired_at', 'is', null)
        .where('fire_at', '<=', at)
        .orderBy('fire_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toTimer);
    },

    async find(runId: string, interruptId: string): Promise<TimerRecord | undefined> {
      const row = await db
        .selectFrom('timers')
        .selectAll()
        .where('run_id', '=', runId)
        .where('interrupt_id', '=', interruptId)
        .executeTakeFirst();
      return row === undefined ? undefined : toTimer(row);
    },

    /** Every timer that has not fired, earliest first: what a booting server arms. */
    async unfired(): Promise<TimerRecord[]> {
      const rows = await db
        .selectFrom('timers')
        .selectAll()
        .where('fired_at', 'is', null)
        .orderBy('fire_at')
        .orderBy('id')
        .execute();
      return rows.map(toTimer);
    },

    /** Marks a timer fired; false when it had fired already (another poller won) or is gone. */
    async markFired(id: string): Promise<boolean> {
      const result = await db
        .updateTable('timers')
        .set({ fired_at: now() })
        .where('id', '=', id)
        .where('fired_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Drops the unfired timer of an interrupt (its approval was decided in time). */
    async cancel(runId: string, interruptId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('timers')
        .where('run_id', '=', runId)
        .where('interrupt_id', '=', interruptId)
        .where('fired_at', 'is', null)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
  };
}

export type TimersRepository = ReturnType<typeof timersRepository>;
