import type { ExecutionSnapshot } from '@triggerflow/blueprint';
import type { Insertable, Selectable } from 'kysely';
import { mapConstraints, notFound } from './errors';
import { fromJson, toJson } from './json';
import type { CheckpointsTable, RunEventsTable, RunsTable } from './schema';
import { commitSqlite } from './run-log-sqlite';
import { inTransaction, type StorageContext } from './transaction';

/** A RunEvent to append: storage assigns `seq` (and `at`, when missing). */
export interface NewRunEvent {
  type: string;
  payload: unknown;
  at?: number;
}

export interface RunEventRecord {
  runId: string;
  /** 1, 2, 3, … per run, with no gap. */
  seq: number;
  type: string;
  at: number;
  payload: unknown;
}

export interface CheckpointRecord {
  runId: string;
  /** The seq of the last event the snapshot includes. */
  seq: number;
  snapshot: ExecutionSnapshot;
  at: number;
}

export const DEFAULT_EVENTS_LIMIT = 1000;

/** Columns of the run row a commit may change with its events. */
export interface RunRowUpdate {
  status?: RunsTable['status'];
  /** A JSON error; `null` clears it. */
  error?: unknown;
  finishedAt?: number | null;
  /** `runs.in_flight` (see `beginExecution`): 0 once the run is at rest, 1 when it goes on. */
  inFlight?: number;
}

function toEvent(row: Selectable<RunEventsTable>): RunEventRecord {
  return {
    runId: row.run_id,
    seq: row.seq,
    type: row.type,
    at: row.at,
    payload: fromJson(row.payload),
  };
}

/** A step of one run, as `commit` and `commitMany` take it. */
export interface RunStep {
  events: readonly NewRunEvent[];
  checkpoint?: ExecutionSnapshot | undefined;
  update?: RunRowUpdate | undefined;
}

/** Rows per multi-row insert: well under SQLite's 32,766 bound parameters. */
const INSERT_CHUNK = 1000;

function committer({ db, now, sqlite }: StorageContext) {
  return async function commitMany(
    steps: readonly (RunStep & { runId: string })[],
  ): Promise<RunEventRecord[][]> {
    const at = now();
    const prepared = steps.map((step) => {
      const { runId, update } = step;
      return {
        runId,
        events: step.events.map((event) => ({
          type: event.type,
          at: event.at ?? at,
          payload: toJson(event.payload, `payload of ${event.type} event of run "${runId}"`),
        })),
        snapshot:
          step.checkpoint === undefined
            ? undefined
            : toJson(step.checkpoint, `checkpoint of run "${runId}"`),
        update,
        error:
          update?.error === undefined || update.error === null
            ? update?.error
            : toJson(update.error, `error of run "${runId}"`),
      };
    });
    if (sqlite !== undefined && !db.isTransaction) {
      const rows = await db
        .connection()
        .execute(() => Promise.resolve(commitSqlite(sqlite, prepared, at)));
      return rows.map((list) => list.map(toEvent));
    }
    return inTransaction(db, async (trx) => {
      const eventRows: Insertable<RunEventsTable>[] = [];
      const checkpointRows: Insertable<CheckpointsTable>[] = [];
      const results: RunEventRecord[][] = [];
      for (const step of prepared) {
        const { update, error } = step;
        const bumped = await trx
          .updateTable('runs')
          .set((eb) => ({
            last_seq: eb('last_seq', '+', step.events.length),
            updated_at: at,
            ...(update?.status !== undefined && { status: update.status }),
            ...(error !== undefined && { error }),
            ...(update?.finishedAt !== undefined && { finished_at: update.finishedAt }),
            ...(update?.inFlight !== undefined && { in_flight: update.inFlight }),
          }))
          .where('id', '=', step.runId)
          .returning('last_seq')
          .executeTakeFirst();
        if (bumped === undefined) throw notFound('run', step.runId);
        const first = bumped.last_seq - step.events.length + 1;
        const rows = step.events.map((event, index) => ({
          run_id: step.runId,
          seq: first + index,
          ...event,
        }));
        eventRows.push(...rows);
        results.push(rows.map(toEvent));
        if (step.snapshot !== undefined) {
          checkpointRows.push({
            run_id: step.runId,
            seq: bumped.last_seq,
            snapshot: step.snapshot,
            at,
          });
        }
      }
      for (let i = 0; i < eventRows.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('run_events')
          .values(eventRows.slice(i, i + INSERT_CHUNK))
          .execute();
      }
      // One row per run (a run appears once per batch), newest wins.
      const latest = [...new Map(checkpointRows.map((row) => [row.run_id, row])).values()];
      for (let i = 0; i < latest.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('checkpoints')
          .values(latest.slice(i, i + INSERT_CHUNK))
          .onConflict((oc) =>
            oc.column('run_id').doUpdateSet((eb) => ({
              seq: eb.ref('excluded.seq'),
              snapshot: eb.ref('excluded.snapshot'),
              at: eb.ref('excluded.at'),
            })),
          )
          .execute();
      }
      return results;
    });
  };
}

/** The append-only event log and the latest checkpoint of each run. */
export function runLog(context: StorageContext) {
  const { db, now } = context;
  const commitMany = committer(context);
  return {
    /**
     * Appends events with the next seqs of the run, gapless, also under concurrent appends: the
     * first statement bumps `runs.last_seq`, which holds the run's row lock (PostgreSQL) or the
     * write lock (SQLite) until the events are in and the transaction commits.
     */
    async appendEvents(runId: string, events: readonly NewRunEvent[]): Promise<RunEventRecord[]> {
      if (events.length === 0) return [];
      const at = now();
      // Serialised before the transaction: a value that cannot be stored fails without a seq.
      const prepared = events.map((event) => ({
        type: event.type,
        at: event.at ?? at,
        payload: toJson(event.payload, `payload of ${event.type} event of run "${runId}"`),
      }));
      return inTransaction(db, async (trx) => {
        const bumped = await trx
          .updateTable('runs')
          .set((eb) => ({ last_seq: eb('last_seq', '+', events.length), updated_at: at }))
          .where('id', '=', runId)
          .returning('last_seq')
          .executeTakeFirst();
        if (bumped === undefined) throw notFound('run', runId);
        const first = bumped.last_seq - events.length + 1;
        const rows = prepared.map((event, index) => ({
          run_id: runId,
          seq: first + index,
          ...event,
        }));
        await trx.insertInto('run_events').values(rows).execute();
        return rows.map(toEvent);
      });
    },

    /**
     * One step of a live run, atomically: appends `events` (gapless seqs), stores `checkpoint`
     * as of the last of them, and applies `update` to the run row. A crash leaves all or nothing,
     * so a restored run's checkpoint always matches its event log.
     */
    async commit(runId: string, step: RunStep): Promise<RunEventRecord[]> {
      const [records] = await commitMany([{ runId, ...step }]);
      return records ?? [];
    },

    /**
     * Steps of many runs in one transaction (what the commit batcher sends): per run the same as
     * `commit`, with the events and checkpoints of every run written in a few multi-row
     * statements. Returns each step's records, in order.
     */
    commitMany,

    /** Events with `seq > afterSeq`, in order, at most `limit` (default 1,000). */
    async events(
      runId: string,
      options: { afterSeq?: number; limit?: number } = {},
    ): Promise<RunEventRecord[]> {
      const rows = await db
        .selectFrom('run_events')
        .selectAll()
        .where('run_id', '=', runId)
        .where('seq', '>', options.afterSeq ?? 0)
        .orderBy('seq')
        .limit(Math.max(1, Math.trunc(options.limit ?? DEFAULT_EVENTS_LIMIT)))
        .execute();
      return rows.map(toEvent);
    },

    /**
     * Stores the run's checkpoint, replacing the previous one unless that one is newer (a higher
     * seq): returns whether this one was written.
     */
    async saveCheckpoint(
      runId: string,
      checkpoint: { seq: number; snapshot: ExecutionSnapshot },
    ): Promise<boolean> {
      const row = {
        run_id: runId,
        seq: checkpoint.seq,
        snapshot: toJson(checkpoint.snapshot, `checkpoint of run "${runId}"`),
        at: now(),
      };
      const result = await mapConstraints(
        () =>
          db
            .insertInto('checkpoints')
            .values(row)
            .onConflict((oc) =>
              oc
                .column('run_id')
                .doUpdateSet((eb) => ({
                  seq: eb.ref('excluded.seq'),
                  snapshot: eb.ref('excluded.snapshot'),
                  at: eb.ref('excluded.at'),
                }))
                .where('checkpoints.seq', '<=', (eb) => eb.ref('excluded.seq')),
            )
            .executeTakeFirst(),
        { reference: () => `checkpoint refers to run "${runId}", which does not exist` },
      );
      return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
    },

    async latestCheckpoint(runId: string): Promise<CheckpointRecord | undefined> {
      const row = await db
        .selectFrom('checkpoints')
        .selectAll()
        .where('run_id', '=', runId)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      return {
        runId: row.run_id,
        seq: row.seq,
        snapshot: fromJson<ExecutionSnapshot>(row.snapshot),
        at: row.at,
      };
    },
  };
}
