import type { Selectable } from 'kysely';
import { StorageError, mapConstraints, notFound } from './errors';
import { canonicalJson, fromJson, toJson } from './json';
import type { ApprovalsTable, DecisionsTable } from './schema';
import { inTransaction, type StorageContext } from './transaction';

export type ApprovalStatus = ApprovalsTable['status'];
export type DecisionOutcome = DecisionsTable['outcome'];

export interface ApprovalRecord {
  id: string;
  runId: string;
  interruptId: string;
  nodeId: string | null;
  /** The pause prompt: who may decide, the quorum, the response form, the timeout. */
  prompt: unknown;
  status: ApprovalStatus;
  deadlineAt: number | null;
  createdAt: number;
  /** When it stopped being pending (decided, timed out or cancelled). */
  decidedAt: number | null;
}

export interface NewApproval {
  runId: string;
  interruptId: string;
  nodeId?: string | null;
  prompt: unknown;
  deadlineAt?: number | null;
}

export interface DecisionRecord {
  id: string;
  approvalId: string;
  actor: string;
  outcome: DecisionOutcome;
  response: unknown;
  idempotencyKey: string;
  at: number;
}

export type NewDecision = Omit<DecisionRecord, 'id' | 'at'>;

function toApproval(row: Selectable<ApprovalsTable>): ApprovalRecord {
  return {
    id: row.id,
    runId: row.run_id,
    interruptId: row.interrupt_id,
    nodeId: row.node_id,
    prompt: fromJson(row.prompt),
    status: row.status,
    deadlineAt: row.deadline_at,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
  };
}

function toDecision(row: Selectable<DecisionsTable>): DecisionRecord {
  return {
    id: row.id,
    approvalId: row.approval_id,
    actor: row.actor,
    outcome: row.outcome,
    response: fromJson(row.response),
    idempotencyKey: row.idempotency_key,
    at: row.at,
  };
}

function samePayload(stored: DecisionRecord, input: NewDecision): boolean {
  return (
    stored.actor === input.actor &&
    stored.outcome === input.outcome &&
    canonicalJson(stored.response) === canonicalJson(input.response)
  );
}

export function approvalsRepository({ db, dialect, now, newId }: StorageContext) {
  async function get(id: string): Promise<ApprovalRecord> {
    const row = await db
      .selectFrom('approvals')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw notFound('approval', id);
    return toApproval(row);
  }

  return {
    async create(input: NewApproval): Promise<ApprovalRecord> {
      const id = newId();
      const row = await mapConstraints(
        () =>
          db
            .insertInto('approvals')
            .values({
              id,
              run_id: input.runId,
              interrupt_id: input.interruptId,
              node_id: input.nodeId ?? null,
              prompt: toJson(input.prompt, `prompt of approval "${id}"`),
              status: 'pending',
              deadline_at: input.deadlineAt ?? null,
              created_at: now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        {
          unique: () =>
            `approval for interrupt "${input.interruptId}" of run "${input.runId}" already exists`,
          reference: () => `approval "${id}" refers to run "${input.runId}", which does not exist`,
        },
      );
      return toApproval(row);
    },

    get,

    async findByInterrupt(runId: string, interruptId: string): Promise<ApprovalRecord | undefined> {
      const row = await db
        .selectFrom('approvals')
        .selectAll()
        .where('run_id', '=', runId)
        .where('interrupt_id', '=', interruptId)
        .executeTakeFirst();
      return row === undefined ? undefined : toApproval(row);
    },

    /** Pending approvals, oldest first: of one run, or of every run. */
    async pending(filter: { runId?: string } = {}): Promise<ApprovalRecord[]> {
      let query = db.selectFrom('approvals').selectAll().where('status', '=', 'pending');
      if (filter.runId !== undefined) query = query.where('run_id', '=', filter.runId);
      const rows = await query.orderBy('created_at').orderBy('id').execute();
      return rows.map(toApproval);
    },

    /**
     * Records one decision (a vote) on a pending approval, exactly once per idempotency key: the
     * same key with the same actor, outcome and response returns the stored decision (also after
     * the approval closed) and inserts nothing; the same key with anything else is a CONFLICT,
     * and so is a second vote by the same actor with another key.
     */
    async decide(input: NewDecision): Promise<{ decision: DecisionRecord; created: boolean }> {
      return inTransaction(db, async (trx) => {
        // Serialise deciders of one approval: a row lock on PostgreSQL; SQLite transactions
        // already run one at a time on the single connection.
        const approval = await trx
          .selectFrom('approvals')
          .select(['id', 'status'])
          .where('id', '=', input.approvalId)
          .$if(dialect === 'postgres', (qb) => qb.forUpdate())
          .executeTakeFirst();
        if (approval === undefined) throw notFound('approval', input.approvalId);
        const stored = await trx
          .selectFrom('decisions')
          .selectAll()
          .where('approval_id', '=', input.approvalId)
          .where('idempotency_key', '=', input.idempotencyKey)
          .executeTakeFirst();
        if (stored !== undefined) {
          const decision = toDecision(stored);
          if (samePayload(decision, input)) return { decision, created: false };
          throw new StorageError(
            'CONFLICT',
            `approval "${input.approvalId}" already has a different decision with idempotency key "${input.idempotencyKey}"`,
          );
        }
        if (approval.status !== 'pending') {
          throw new StorageError(
            'CONFLICT',
            `approval "${input.approvalId}" is ${approval.status} and takes no more decisions`,
          );
        }
        // One vote per person: under the same lock, so two keys sent at once cannot both count.
        const earlier = await trx
          .selectFrom('decisions')
          .select('id')
          .where('approval_id', '=', input.approvalId)
          .where('actor', '=', input.actor)
          .executeTakeFirst();
        if (earlier !== undefined) {
          throw new StorageError(
            'CONFLICT',
            `You already voted on this approval ("${input.approvalId}"); a person votes once`,
          );
        }
        const row = await trx
          .insertInto('decisions')
          .values({
            id: newId(),
            approval_id: input.approvalId,
            actor: input.actor,
            outcome: input.outcome,
            response: toJson(input.response, `response to approval "${input.approvalId}"`),
            idempotency_key: input.idempotencyKey,
            at: now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { decision: toDecision(row), created: true };
      });
    },

    /** The decisions on an approval, in the order they were made. */
    async decisions(approvalId: string): Promise<DecisionRecord[]> {
      const rows = await db
        .selectFrom('decisions')
        .selectAll()
        .where('approval_id', '=', approvalId)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows.map(toDecision);
    },

    /** Ends a pending approval; false when it had already ended (another closer won). */
    async close(id: string, status: Exclude<ApprovalStatus, 'pending'>): Promise<boolean> {
      const result = await db
        .updateTable('approvals')
        .set({ status, decided_at: now() })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return true;
      await get(id); // NOT_FOUND when there is no such approval
      return false;
    },
  };
}

export type ApprovalsRepository = ReturnType<typeof approvalsRepository>;
