/** Where a new node goes: into the innermost forEach / batch under the point, or the canvas. */
import type { InternalNode, XYPosition } from '@xyflow/react';
import type { CatalogEntry } from '../catalog';
import { newNode } from '../catalog';
import { isGroupKind, type FlowDocument, type FlowNode } from '../model/convert';
import { addNode } from '../store/graph-ops';

export interface DropOptions {
  entry: CatalogEntry;
  /** The flow position of the drop. */
  at: XYPosition;
  /** Groups under the point, innermost last (from RF's internals). */
  groups: readonly InternalNode<FlowNode>[];
  after?: FlowNode;
}

export function dropNode(doc: FlowDocument, options: DropOptions): FlowDocument {
  const { entry, at, groups, after } = options;
  const taken = new Set(doc.nodes.map((n) => n.id));
  const group = groups.filter((g) => isGroupKind(g.data.kind)).at(-1);
  if (group === undefined) return addNode(doc, newNode(entry, { position: at, taken }), after);
  const origin = group.internals.positionAbsolute;
  const position = { x: at.x - origin.x, y: at.y - origin.y };
  const node = {
    ...newNode(entry, { position, taken, parentId: group.id }),
    extent: 'parent' as const,
  };
  let next = addNode(doc, node, after);
  if (group.data.kind === 'batch') {
    // A batch's children are its branches, in order.
    next = {
      ...next,
      nodes: next.nodes.map((n) =>
        n.id === group.id && n.data.kind === 'batch'
          ? {
              ...n,
              data: {
                ...n.data,
                options: { ...n.data.options, branches: [...n.data.options.branches, node.id] },
              },
            }
          : n,
      ),
    };
  }
  return next;
}

/** Below `after` (to its right), for a click in the palette. */
export function besideOf(after: FlowNode | undefined, fallback: XYPosition): XYPosition {
  return after ? { x: after.position.x + 260, y: after.position.y } : fallback;
}
