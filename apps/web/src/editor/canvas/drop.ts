/**
 * Where a new node goes (a palette drop or click, the kind picker): into the innermost forEach /
 * batch under the point, or the canvas; then how it is wired: after a selected node, from an
 * output handle ("add the next node"), or onto an edge (between its two ends).
 */
import type { InternalNode, XYPosition } from '@xyflow/react';
import type { CatalogEntry } from '../catalog';
import { newNode } from '../catalog';
import { isGroupKind, type FlowDocument, type FlowNode } from '../model/convert';
import { addNode, connectFrom, insertOnEdge, type HandleRef } from '../store/graph-ops';

export interface DropOptions {
  entry: CatalogEntry;
  /** The flow position of the drop (absolute). */
  at: XYPosition;
  /** Groups under the point, innermost last (from RF's internals). */
  groups: readonly InternalNode<FlowNode>[];
  /** Connect from this node's default output. */
  after?: FlowNode;
  /** Connect from this output handle. */
  from?: HandleRef;
  /** Put the new node on this edge. */
  edgeId?: string;
}

export function dropNode(doc: FlowDocument, options: DropOptions): FlowDocument {
  const { entry, at, groups, after, from, edgeId } = options;
  const taken = new Set(doc.nodes.map((n) => n.id));
  const group = groups.filter((g) => isGroupKind(g.data.kind)).at(-1);
  const node =
    group === undefined
      ? newNode(entry, { position: at, taken })
      : {
          ...newNode(entry, {
            position: {
              x: at.x - group.internals.positionAbsolute.x,
              y: at.y - group.internals.positionAbsolute.y,
            },
            taken,
            parentId: group.id,
          }),
          extent: 'parent' as const,
        };
  let next = addNode(doc, node, from === undefined && edgeId === undefined ? after : undefined);
  if (group?.data.kind === 'batch') next = withBranch(next, group.id, node.id);
  if (edgeId !== undefined) return insertOnEdge(next, edgeId, node.id);
  if (from !== undefined) return connectFrom(next, from, node.id);
  return next;
}

/** A batch's children are its branches, in order: `nodeId` becomes the last. */
function withBranch(doc: FlowDocument, batchId: string, nodeId: string): FlowDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) =>
      n.id === batchId && n.data.kind === 'batch'
        ? {
            ...n,
            data: {
              ...n.data,
              options: { ...n.data.options, branches: [...n.data.options.branches, nodeId] },
            },
          }
        : n,
    ),
  };
}

/** Below `after` (to its right), for a click in the palette. */
export function besideOf(after: FlowNode | undefined, fallback: XYPosition): XYPosition {
  return after ? { x: after.position.x + 260, y: after.position.y } : fallback;
}
