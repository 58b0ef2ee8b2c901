/** The server's catalog (`catalog.list`) as the editor uses it, and new nodes made from it. */
import type { BlueprintNode } from '@triggerflow/blueprint';
import type { XYPosition } from '@xyflow/react';
import type { ApiOutputs } from '../api/trpc';
import { DEFAULT_GROUP_SIZE, toFlowNode, type FlowNode, type NodeData } from './model/convert';
import { freshId } from './store/graph-ops';

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

/** Palette groups in catalog order. */
export function byCategory(entries: readonly CatalogEntry[]): [string, CatalogEntry[]][] {
  const groups = new Map<string, CatalogEntry[]>();
  for (const e of entries) groups.set(e.category, [...(groups.get(e.category) ?? []), e]);
  return [...groups];
}
