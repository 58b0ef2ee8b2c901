import { samples } from '@triggerflow/nodes/samples';
import { z } from 'zod';
import { blueprintInput, blueprintJsonInput } from '../flows/blueprint-input';
import { requireRole, router } from '../trpc/trpc';
import { description, id, name, note, page, version } from './inputs';

const viewer = requireRole('viewer');
const editor = requireRole('editor');

const templateId = z.enum(samples.map((s) => s.id) as [string, ...string[]]);
const present = z.unknown().refine((value) => value !== undefined, 'is required');

export const flowsRouter = router({
  list: viewer
    .input(z.object({ search: z.string().max(200).optional(), ...page }).optional())
    .query(({ ctx, input }) => ctx.flows.list(input ?? {})),

  /** The flow, its latest version with the blueprint, and that blueprint's issues. */
  get: viewer.input(z.object({ id })).query(({ ctx, input }) => ctx.flows.get(input.id)),

  /** Saves version 1. A blueprint with errors is saved too (a draft); they come back as `issues`. */
  create: editor
    .input(
      z.object({
        name,
        description: description.optional(),
        blueprint: blueprintInput,
        note: note.optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.flows.create(input, ctx.principal.user.id)),

  /** A new blueprint is a new immutable version; pass `expectedVersion` to refuse a stale save. */
  update: editor
    .input(
      z.object({
        id,
        expectedVersion: version.optional(),
        name: name.optional(),
        description: description.optional(),
        blueprint: blueprintInput.optional(),
        note: note.optional(),
      }),
    )
    .mutation(({ ctx, input: { id: flowId, ...changes } }) =>
      ctx.flows.update(flowId, changes, ctx.principal.user.id),
    ),

  delete: editor.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await ctx.flows.remove(input.id);
    return { id: input.id, deleted: true as const };
  }),

  versions: viewer.input(z.object({ id })).query(({ ctx, input }) => ctx.flows.versions(input.id)),

  getVersion: viewer
    .input(z.object({ id, version }))
    .query(({ ctx, input }) => ctx.flows.getVersion(input.id, input.version)),

  /** Every issue of any value, against the server's catalog; never an error for a bad blueprint. */
  validate: viewer
    .input(z.object({ blueprint: present }))
    .query(({ ctx, input }) => ({ issues: ctx.flows.validate(input.blueprint) })),

  /** A blueprint as an object or JSON text, of any supported schema version (it is migrated). */
  import: editor
    .input(
      z.object({
        blueprint: blueprintJsonInput,
        name: name.optional(),
        description: description.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      ctx.flows.create(
        {
          name: input.name ?? (input.blueprint.name.trim() || 'Imported flow'),
          description: input.description ?? input.blueprint.description,
          blueprint: input.blueprint,
          note: 'imported',
        },
        ctx.principal.user.id,
      ),
    ),

  /** The blueprint of a version (default: the latest), as saved. */
  export: viewer
    .input(z.object({ id, version: version.optional() }))
    .query(async ({ ctx, input }) => {
      const record = await ctx.flows.getVersion(input.id, input.version);
      return {
        version: record.version,
        fingerprint: record.fingerprint,
        blueprint: record.blueprint,
      };
    }),

  templates: viewer.query(({ ctx }) => ctx.flows.templates()),

  createFromTemplate: editor
    .input(z.object({ templateId, name: name.optional() }))
    .mutation(({ ctx, input }) =>
      ctx.flows.createFromTemplate(input.templateId, input.name, ctx.principal.user.id),
    ),
});
