/**
 * Back edges (loops: the target sits left of the source) drawn so they stay visible: routed
 * below both ends instead of straight back through them, dashed, and above the nodes (a z-index
 * on the edge), so no node hides them. `withBackEdgesOnTop` marks them (`data.back`) for the
 * edge view; a group's edges to and from its own children are not loops.
 */
import { getBezierPath, getSmoothStepPath, Position } from '@xyflow/react';

/** How far below the lower end a back edge runs (clears a node of DETAILED_NODE_SIZE). */
export const BACK_EDGE_DROP = 70;
/** Drawn above nodes (RF gives selected nodes 1000; plain nodes 0). */
export const BACK_EDGE_Z = 1;

export interface EdgeEnds {
  readonly sourceX: number;
  readonly sourceY: number;
  readonly targetX: number;
  readonly targetY: number;
}

/** An edge that runs backwards (right to left) would cross its own ends: route it around. */
export const isBackEdge = (ends: EdgeEnds): boolean => ends.targetX < ends.sourceX + 20;

/** The path and its midpoint (where the "+" of an edge sits): a loop below for back edges. */
export function edgePath(
  ends: EdgeEnds,
  back = isBackEdge(ends),
): { path: string; midX: number; midY: number } {
  const base = {
    ...ends,
    sourcePosition: Position.Right,
    targetPosition: Position.Left,
  };
  if (!back) {
    const [path, midX, midY] = getBezierPath(base);
    return { path, midX, midY };
  }
  const centerY = Math.max(ends.sourceY, ends.targetY) + BACK_EDGE_DROP;
  const [path, midX] = getSmoothStepPath({ ...base, centerY, offset: 24, borderRadius: 10 });
  return { path, midX, midY: centerY };
}

interface Placed {
  readonly position: { readonly x: number };
  readonly parentId?: string | undefined;
  readonly measured?: { readonly width?: number | undefined } | undefined;
  readonly id: string;
}

/** The lifted copy of each edge object, so a lifted edge keeps its identity from one call to the next. */
const lifted = new WeakMap<object, object>();

/**
 * `edges` with back edges lifted above the nodes (`zIndex`), judged as the edge view does (its
 * target's left side left of its source's right side); the same array when there is none, and
 * the same lifted object for an unchanged edge, so that RF sees no change on a drag frame or a
 * measurement.
 */
export function withBackEdgesOnTop<
  E extends { source: string; target: string; zIndex?: number; data?: Record<string, unknown> },
>(nodes: readonly Placed[], edges: E[]): E[] {
  const parents = new Map(nodes.map((n) => [n.id, n]));
  const absX = (node: Placed): number => {
    let x = node.position.x;
    for (let p = node.parentId; p !== undefined;) {
      const parent = parents.get(p);
      if (parent === undefined || parent === node) break;
      x += parent.position.x;
      p = parent.parentId;
    }
    return x;
  };
  let out: E[] | undefined;
  edges.forEach((edge, i) => {
    const source = parents.get(edge.source);
    const target = parents.get(edge.target);
    if (source === undefined || target === undefined) return;
    // A group's own handles (forEach item / end) sit on its sides by design: not a loop.
    if (source.parentId === target.id || target.parentId === source.id) return;
    const sourceX = absX(source) + (source.measured?.width ?? 0);
    const back = isBackEdge({ sourceX, sourceY: 0, targetX: absX(target), targetY: 0 });
    if (!back || edge.zIndex === BACK_EDGE_Z) return;
    out ??= [...edges];
    let copy = lifted.get(edge) as E | undefined;
    if (copy === undefined) {
      copy = { ...edge, zIndex: BACK_EDGE_Z, data: { ...edge.data, back: true } };
      lifted.set(edge, copy);
    }
    out[i] = copy;
  });
  return out ?? edges;
}
