import type { CatalogEntry, NodeCatalog } from '@triggerflow/nodes';
import { requireRole, router } from '../trpc/trpc';

/**
 * The server's catalog does not change once built, and its JSON Schemas take milliseconds to
 * generate: each catalog's entries are made once (a flood of `catalog.list` costs only sending).
 */
const entriesOf = new WeakMap<NodeCatalog, CatalogEntry[]>();

function entries(catalog: NodeCatalog): CatalogEntry[] {
  let list = entriesOf.get(catalog);
  if (list === undefined) entriesOf.set(catalog, (list = catalog.entries()));
  return list;
}

export const catalogRouter = router({
  /**
   * The palette: structural nodes and every registered kind, each with its form description and
   * JSON Schema. Kinds that ask a model say `offline` when this server has none (they answer from
   * their offline rules only).
   */
  list: requireRole('viewer').query(({ ctx }) =>
    entries(ctx.catalog).map((entry) =>
      entry.usesModel === true ? { ...entry, offline: ctx.model === 'offline' } : entry,
    ),
  ),
});
