import { z } from 'zod';
import { authedProcedure, requireRole, router } from '../trpc/trpc';
import { id, jsonInput } from './inputs';

const viewer = requireRole('viewer');

export const approvalsRouter = router({
  /**
   * Pending prompts the caller may decide, oldest first; `all: true` adds the ones they may only
   * see (`mayDecide: false`), `runId` keeps one run's.
   */
  pending: viewer
    .input(z.object({ runId: id.optional(), all: z.boolean().optional() }).optional())
    .query(({ ctx, input }) =>
      ctx.runs.approvals.pendingFor(ctx.principal.user, {
        ...(input?.runId !== undefined && { runId: input.runId }),
        ...(input?.all !== undefined && { all: input.all }),
      }),
    ),

  /**
   * One person's decision. Rights, the self-approval ban and the response form are checked by
   * the prompt; the same `idempotencyKey` is applied once (a retry returns the first result).
   */
  decide: authedProcedure
    .input(
      z.object({
        runId: id,
        interruptId: z.string().min(1).max(300),
        outcome: z.enum(['approved', 'rejected']).optional(),
        response: jsonInput.optional(),
        idempotencyKey: z.string().trim().min(8, 'use at least 8 characters').max(200),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.runs.approvals.decide({
        runId: input.runId,
        interruptId: input.interruptId,
        outcome: input.outcome,
        response: input.response ?? null,
        idempotencyKey: input.idempotencyKey,
        user: ctx.principal.user,
      }),
    ),
});
