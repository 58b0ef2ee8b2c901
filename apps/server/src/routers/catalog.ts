import { requireRole, router } from '../trpc/trpc';

export const catalogRouter = router({
  /**
   * The palette: structural nodes and every registered kind, each with its form description and
   * JSON Schema. Kinds that ask a model say `offline` when this server has none (they answer from
   * their offline rules only).
   */
  list: requireRole('viewer').query(({ ctx }) =>
    ctx.catalog
      .entries()
      .map((entry) =>
        entry.usesModel === true ? { ...entry, offline: ctx.model === 'offline' } : entry,
      ),
  ),
});
