/** The server's catalog (`catalog.list`) as the editor uses it, and new nodes made from it. */
import type { BlueprintNode } from '@triggerflow/blueprint';
import type { XYPosition } from '@xyflow/react';
import type { ApiOutputs } from '../api/trpc';
import { DEFAULT_GROUP_SIZE, toFlowNode, type FlowNode, type NodeData } from './model/convert';
import { freshId } from './store/graph-ops';
import { categoryName, compareCategories } from './categories';

export type CatalogEntry = ApiOutputs['catalog']['list'][number];

/** The catalog entry describing a node (a chunk by its handler ref, others by kind). */
export function entryOf(
  entries: readonly CatalogEntry[],
  data: NodeData,
): CatalogEntry | undefined {
  const name = data.kind === 'chunk' ? data.handler.ref : data.kind;
  return entries.find((e) => e.kind === name);
}

/** Defaults from a JSON Schema object's `default`s (the form fills the rest). */
export function schemaDefaults(schema: Record<string, unknown>): Record<string, unknown> {
  const props = (schema['properties'] ?? {}) as Record<string, { default?: unknown }>;
  const out: Record<string, unknown> = {};
  for (const [key, prop] of Object.entries(props)) {
    if (prop.default !== undefined) out[key] = prop.default;
  }
  return out;
}

type Fields = { id: string; position: XYPosition; parentId?: string };

function blueprintNode(entry: CatalogEntry, base: Fields): BlueprintNode {
  switch (entry.nodeKind) {
    case 'chunk':
      return {
        ...base,
        kind: 'chunk',
        handler: { ref: entry.kind, config: schemaDefaults(entry.configJsonSchema) },
      };
    case 'start':
    case 'end':
      return { ...base, kind: entry.nodeKind };
    case 'event':
      return { ...base, kind: 'event', options: { type: 'event', event: 'ready' } };
    case 'when':
      return { ...base, kind: 'when', options: { mode: 'and' } };
    case 'forEach':
      return { ...base, kind: 'forEach', options: { concurrency: 4 }, size: DEFAULT_GROUP_SIZE };
    case 'batch':
      return {
        ...base,
        kind: 'batch',
        options: { concurrency: null, branches: [] },
        size: DEFAULT_GROUP_SIZE,
      };
    case 'match':
      return {
        ...base,
        kind: 'match',
        options: {
          mode: 'hitFirst',
          cases: [
            { id: 'yes', when: { value: true } },
            { id: 'else', isElse: true },
          ],
        },
      };
    case 'endMatch':
      return { ...base, kind: 'endMatch', options: { match: '' } };
    case 'collect':
      return {
        ...base,
        kind: 'collect',
        options: { name: 'items', branchId: 'branch', mode: 'filledAndUpdate' },
      };
    case 'pause':
      return { ...base, kind: 'pause', options: { type: 'approval' } };
    case 'subFlow':
      return { ...base, kind: 'subFlow', options: { flow: { ref: { flowId: '' } } } };
  }
}

/** A new RF node for `entry` at `position` (relative to `parentId` when given), id unique. */
export function newNode(
  entry: CatalogEntry,
  options: { position: XYPosition; taken: ReadonlySet<string>; parentId?: string },
): FlowNode {
  const id = freshId(entry.kind, options.taken);
  const base: Fields = { id, position: options.position };
  if (options.parentId !== undefined) base.parentId = options.parentId;
  return toFlowNode(blueprintNode(entry, base));
}

/** Palette groups, known categories in the palette's order (categories.ts), entries in catalog order. */
export function byCategory(entries: readonly CatalogEntry[]): [string, CatalogEntry[]][] {
  const groups = new Map<string, CatalogEntry[]>();
  for (const e of entries) groups.set(e.category, [...(groups.get(e.category) ?? []), e]);
  return [...groups].sort(([a], [b]) => compareCategories(a, b));
}

/**
 * The entries a search finds: every word of `query` appears in the label, the kind name, the
 * summary or the category's name (case-insensitive); labels that start with the query first.
 */
export function searchCatalog(entries: readonly CatalogEntry[], query: string): CatalogEntry[] {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) return [...entries];
  const text = (e: CatalogEntry) =>
    `${e.label} ${e.kind} ${e.summary} ${categoryName(e.category)}`.toLowerCase();
  const found = entries.filter((e) => words.every((w) => text(e).includes(w)));
  const first = words.join(' ');
  const starts = (e: CatalogEntry) => (e.label.toLowerCase().startsWith(first) ? 0 : 1);
  return found
    .map((e, i) => [e, i] as const)
    .sort((a, b) => starts(a[0]) - starts(b[0]) || a[1] - b[1])
    .map(([e]) => e);
}

/** Whether a kind can take an incoming edge (start and event nodes cannot). */
export const hasInput = (entry: CatalogEntry): boolean =>
  entry.nodeKind !== 'start' && entry.nodeKind !== 'event';

/** Whether a kind can sit on an edge: it has an input and an output (a branch: its first case). */
export const fitsOnEdge = (entry: CatalogEntry): boolean =>
  hasInput(entry) && entry.nodeKind !== 'end';
