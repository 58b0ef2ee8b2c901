import type { Selectable } from 'kysely';
import { mapConstraints, notFound } from './errors';
import { fromJson, toJson } from './json';
import { decodeCursor, pageSize, toPage, type Page, type PageOptions } from './paging';
import { runLog } from './run-log';
import type { RunsTable } from './schema';
import type { StorageContext } from './transaction';

export type RunStatus = RunsTable['status'];

export const RUN_STATUSES = [
  'queued',
  'running',
  'paused',
  'completed',
  'failed',
  'cancelled',
] as const satisfies readonly RunStatus[];

/** Runs the server must pick up again after a restart. */
export const OPEN_RUN_STATUSES: readonly RunStatus[] = ['queued', 'running', 'paused'];

export interface RunRecord {
  id: string;
  flowId: string;
  version: number;
  status: RunStatus;
  input: unknown;
  startedBy: string;
  error: unknown;
  /** The seq of the run's last event (0 before the first). */
  lastSeq: number;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface NewRun {
  flowId: string;
  version: number;
  input: unknown;
  startedBy: string;
  status?: RunStatus;
  /** 1 for a run that begins executing in this process at once (see `beginExecution`). */
  inFlight?: number;
}

export interface RunUpdate {
  status?: RunStatus;
  /** A JSON error (`null` clears it). */
  error?: unknown;
  finishedAt?: number | null;
}

export interface RunListOptions extends PageOptions {
  flowId?: string;
  status?: RunStatus | readonly RunStatus[];
}

function toRun(row: Selectable<RunsTable>): RunRecord {
  return {
    id: row.id,
    flowId: row.flow_id,
    version: row.version,
    status: row.status,
    input: fromJson(row.input),
    startedBy: row.started_by,
    error: row.error === null ? null : fromJson(row.error),
    lastSeq: row.last_seq,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export function runsRepository(context: StorageContext) {
  const { db, now, newId } = context;
  return {
    async create(input: NewRun): Promise<RunRecord> {
      const id = newId();
      const at = now();
      const row = await mapConstraints(
        () =>
          db
            .insertInto('runs')
            .values({
              id,
              flow_id: input.flowId,
              version: input.version,
              status: input.status ?? 'queued',
              input: toJson(input.input, `input of run "${id}"`),
              started_by: input.startedBy,
              last_seq: 0,
              in_flight: input.inFlight ?? 0,
              created_at: at,
              updated_at: at,
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        {
          reference: () =>
            `run "${id}" refers to flow version "${input.flowId}@${input.version}", which does not exist`,
        },
      );
      return toRun(row);
    },

    async get(id: string): Promise<RunRecord> {
      const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) throw notFound('run', id);
      return toRun(row);
    },

    /** Newest first, optionally of one flow and/or with some statuses. */
    async list(options: RunListOptions = {}): Promise<Page<RunRecord>> {
      const limit = pageSize(options.limit);
      let query = db.selectFrom('runs').selectAll();
      if (options.flowId !== undefined) query = query.where('flow_id', '=', options.flowId);
      if (options.status !== undefined) {
        const statuses: readonly RunStatus[] =
          typeof options.status === 'string' ? [options.status] : options.status;
        query = query.where('status', 'in', statuses);
      }
      if (options.cursor) {
        const after = decodeCursor(options.cursor);
        query = query.where((eb) =>
          eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(after.at, after.id)),
        );
      }
      const rows = await query
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toRun, (row) => ({ at: row.created_at, id: row.id }));
    },

    async update(id: string, update: RunUpdate): Promise<RunRecord> {
      const row = await db
        .updateTable('runs')
        .set({
          updated_at: now(),
          ...(update.status !== undefined && { status: update.status }),
          ...(update.error !== undefined && {
            error: update.error === null ? null : toJson(update.error, `error of run "${id}"`),
          }),
          ...(update.finishedAt !== undefined && { finished_at: update.finishedAt }),
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) throw notFound('run', id);
      return toRun(row);
    },

    /** Queued, running and paused runs, oldest first: what a restarting server picks up. */
    async listOpen(): Promise<RunRecord[]> {
      const rows = await db
        .selectFrom('runs')
        .selectAll()
        .where('status', 'in', OPEN_RUN_STATUSES)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRun);
    },

    /**
     * A process begins executing the run (a restore, a queue job), before anything runs: counts
     * it and returns how many processes have begun executing it since it was last at rest — the
     * ones before this one went down while it was running (a clean stop or a pause lowers it).
     */
    async beginExecution(id: string): Promise<number> {
      const row = await db
        .updateTable('runs')
        .set((eb) => ({ in_flight: eb('in_flight', '+', 1), updated_at: now() }))
        .where('id', '=', id)
        .returning('in_flight')
        .executeTakeFirst();
      if (row === undefined) throw notFound('run', id);
      return row.in_flight;
    },

    /** This process stops cleanly while executing `ids`: it is not counted against them. */
    async leaveExecutions(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('runs')
        .set((eb) => ({ in_flight: eb('in_flight', '-', 1) }))
        .where('id', 'in', ids)
        .where('in_flight', '>', 0)
        .execute();
    },

    ...runLog(context),
  };
}

export type RunsRepository = ReturnType<typeof runsRepository>;
