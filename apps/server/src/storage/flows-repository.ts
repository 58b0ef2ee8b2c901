import type { Blueprint } from '@triggerflow/blueprint';
import { sql, type Insertable, type Kysely, type Selectable } from 'kysely';
import { StorageError, notFound } from './errors';
import { fromJson, toJson } from './json';
import { decodeCursor, pageSize, toPage, type Page, type PageOptions } from './paging';
import type { Database, FlowVersionsTable, FlowsTable } from './schema';
import { inTransaction, type StorageContext } from './transaction';

export interface FlowRecord {
  id: string;
  name: string;
  description: string;
  latestVersion: number;
  createdBy: string;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

export interface FlowVersionSummary {
  flowId: string;
  version: number;
  fingerprint: string;
  note: string | null;
  createdBy: string;
  createdAt: number;
}

export interface FlowVersionRecord extends FlowVersionSummary {
  blueprint: Blueprint;
}

/** A blueprint to save: the fingerprint is the engine's `blueprintFingerprint` of it. */
export interface BlueprintRevision {
  blueprint: Blueprint;
  fingerprint: string;
  note?: string | null;
}

export interface NewFlow extends BlueprintRevision {
  name: string;
  description?: string;
  createdBy: string;
}

export interface FlowUpdate {
  name?: string;
  description?: string;
  /** A new blueprint makes a new immutable version; name and description alone do not. */
  revision?: BlueprintRevision;
  by: string;
  /** Refuse with CONFLICT unless the flow's latest version is still this one. */
  expectedVersion?: number;
}

export interface FlowListOptions extends PageOptions {
  /** Case-insensitive substring of the name or the description. */
  search?: string;
}

function toFlow(row: Selectable<FlowsTable>): FlowRecord {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    latestVersion: row.latest_version,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function toSummary(row: Omit<Selectable<FlowVersionsTable>, 'blueprint'>): FlowVersionSummary {
  return {
    flowId: row.flow_id,
    version: row.version,
    fingerprint: row.fingerprint,
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

/** `%` and `_` in a search are plain characters. */
function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function versionRow(
  flowId: string,
  version: number,
  revision: BlueprintRevision,
  meta: { by: string; at: number },
): Insertable<FlowVersionsTable> {
  return {
    flow_id: flowId,
    version,
    blueprint: toJson(revision.blueprint, `blueprint of flow "${flowId}"`),
    fingerprint: revision.fingerprint,
    note: revision.note ?? null,
    created_by: meta.by,
    created_at: meta.at,
  };
}

async function getLive(db: Kysely<Database>, id: string): Promise<FlowRecord> {
  const row = await db
    .selectFrom('flows')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (row === undefined) throw notFound('flow', id);
  return toFlow(row);
}

export function flowsRepository({ db, now, newId }: StorageContext) {
  return {
    /** Creates the flow with its blueprint as version 1. */
    async create(input: NewFlow): Promise<FlowRecord> {
      const id = newId();
      const at = now();
      const flow = { id, name: input.name, description: input.description ?? '' };
      const version = versionRow(id, 1, input, { by: input.createdBy, at });
      return inTransaction(db, async (trx) => {
        const row = await trx
          .insertInto('flows')
          .values({
            ...flow,
            latest_version: 1,
            created_by: input.createdBy,
            created_at: at,
            updated_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await trx.insertInto('flow_versions').values(version).execute();
        return toFlow(row);
      });
    },

    /** A flow that is not deleted. */
    get(id: string): Promise<FlowRecord> {
      return getLive(db, id);
    },

    /** Flows that are not deleted, most recently updated first. */
    async list(options: FlowListOptions = {}): Promise<Page<FlowRecord>> {
      const limit = pageSize(options.limit);
      let query = db.selectFrom('flows').selectAll().where('deleted_at', 'is', null);
      if (options.search) {
        const pattern = likePattern(options.search);
        query = query.where((eb) =>
          eb.or([
            sql<boolean>`lower(name) like ${pattern} escape '\\'`,
            sql<boolean>`lower(description) like ${pattern} escape '\\'`,
          ]),
        );
      }
      if (options.cursor) {
        const after = decodeCursor(options.cursor);
        query = query.where((eb) =>
          eb(eb.refTuple('updated_at', 'id'), '<', eb.tuple(after.at, after.id)),
        );
      }
      const rows = await query
        .orderBy('updated_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      return toPage(rows, limit, toFlow, (row) => ({ at: row.updated_at, id: row.id }));
    },

    /**
     * Renames, redescribes and/or saves a new blueprint as the next version, atomically: the
     * version number comes from the flow row's own increment, so concurrent saves never collide.
     */
    async update(id: string, update: FlowUpdate): Promise<FlowRecord> {
      const at = now();
      return inTransaction(db, async (trx) => {
        let query = trx
          .updateTable('flows')
          .set((eb) => ({
            updated_at: at,
            ...(update.name !== undefined && { name: update.name }),
            ...(update.description !== undefined && { description: update.description }),
            ...(update.revision && { latest_version: eb('latest_version', '+', 1) }),
          }))
          .where('id', '=', id)
          .where('deleted_at', 'is', null);
        if (update.expectedVersion !== undefined) {
          query = query.where('latest_version', '=', update.expectedVersion);
        }
        const row = await query.returningAll().executeTakeFirst();
        if (row === undefined) {
          const current = await getLive(trx, id); // NOT_FOUND when missing or deleted
          throw new StorageError(
            'CONFLICT',
            `flow "${id}" is at version ${current.latestVersion}, not ${update.expectedVersion}`,
          );
        }
        if (update.revision) {
          await trx
            .insertInto('flow_versions')
            .values(versionRow(id, row.latest_version, update.revision, { by: update.by, at }))
            .execute();
        }
        return toFlow(row);
      });
    },

    /** Hides the flow; its versions stay readable for the runs that refer to them. */
    async softDelete(id: string): Promise<void> {
      const result = await db
        .updateTable('flows')
        .set({ deleted_at: now() })
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) throw notFound('flow', id);
    },

    /** Every version of the flow, oldest first, without the blueprints. */
    async versions(flowId: string): Promise<FlowVersionSummary[]> {
      const rows = await db
        .selectFrom('flow_versions')
        .select(['flow_id', 'version', 'fingerprint', 'note', 'created_by', 'created_at'])
        .where('flow_id', '=', flowId)
        .orderBy('version')
        .execute();
      if (rows.length === 0) throw notFound('flow', flowId);
      return rows.map(toSummary);
    },

    /** One version with its blueprint, also of a deleted flow. */
    async getVersion(flowId: string, version: number): Promise<FlowVersionRecord> {
      const row = await db
        .selectFrom('flow_versions')
        .selectAll()
        .where('flow_id', '=', flowId)
        .where('version', '=', version)
        .executeTakeFirst();
      if (row === undefined) throw notFound('flow version', `${flowId}@${version}`);
      return { ...toSummary(row), blueprint: fromJson<Blueprint>(row.blueprint) };
    },
  };
}

export type FlowsRepository = ReturnType<typeof flowsRepository>;
