import { z } from 'zod';
import { RUN_STATUSES } from '../storage';
import { requireRole, router } from '../trpc/trpc';
import { id, jsonInput, page, version } from './inputs';

const viewer = requireRole('viewer');
const editor = requireRole('editor');

const status = z.enum(RUN_STATUSES);
/** Any JSON value (HTTP carries nothing else); `undefined` becomes `null`. */
const json = jsonInput.optional();

export const runsRouter = router({
  /** Starts a run of a flow version (default: the latest) with `input`; returns it at once. */
  start: editor
    .input(z.object({ flowId: id, version: version.optional(), input: json }))
    .mutation(({ ctx, input }) =>
      ctx.runs.start({
        flowId: input.flowId,
        version: input.version,
        input: input.input ?? null,
        user: ctx.principal.user,
      }),
    ),

  /** Newest first; of one flow and/or with some statuses; each run with its flow's name. */
  list: viewer
    .input(
      z
        .object({
          flowId: id.optional(),
          status: z.union([status, z.array(status).min(1).max(6)]).optional(),
          ...page,
        })
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const page = await ctx.runs.list(input ?? {});
      const names = new Map<string, string | null>();
      for (const flowId of new Set(page.items.map((run) => run.flowId))) {
        names.set(
          flowId,
          await ctx.storage.flows.get(flowId).then(
            (flow) => flow.name,
            () => null,
          ),
        );
      }
      return {
        ...page,
        items: page.items.map((run) => ({ ...run, flowName: names.get(run.flowId) ?? null })),
      };
    }),

  get: viewer.input(z.object({ id })).query(({ ctx, input }) => ctx.runs.get(input.id)),

  /** The run's events with `seq > afterSeq`, in order, at most `limit` (default 500). */
  events: viewer
    .input(
      z.object({
        id,
        afterSeq: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(1000).default(500),
      }),
    )
    .query(({ ctx, input }) =>
      ctx.runs.events(input.id, { afterSeq: input.afterSeq, limit: input.limit }),
    ),

  cancel: editor
    .input(z.object({ id, reason: z.string().trim().min(1).max(500).optional() }))
    .mutation(({ ctx, input }) => ctx.runs.cancel(input.id, ctx.principal.user, input.reason)),

  /**
   * A new run from `nodeId` of run `id`: on the same version (default), another one, or the
   * latest; earlier steps' recorded outputs are reused, not run again.
   */
  rerun: editor
    .input(
      z.object({
        id,
        nodeId: id,
        version: z.union([version, z.literal('latest')]).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.runs.rerun({
        runId: input.id,
        nodeId: input.nodeId,
        version: input.version,
        user: ctx.principal.user,
      }),
    ),
});
