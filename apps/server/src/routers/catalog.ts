import { requireRole, router } from '../trpc/trpc';

export const catalogRouter = router({
  /** The palette: structural nodes and every registered kind, each with its JSON Schema form. */
  list: requireRole('viewer').query(({ ctx }) => ctx.catalog.entries()),
});
