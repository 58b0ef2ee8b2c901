/**
 * Edges zoomed out far (detail level `box`), drawn as one SVG path per tone for the whole flow
 * (FarEdges.tsx) instead of RF's elements per edge. React Flow gives every edge its own `<svg>`,
 * `<g>` and two paths: thousands of small layers the browser composites again whenever nodes enter
 * or leave the view. Far out nobody aims at an edge, so a path per tone draws the same curves.
 *
 * The geometry is RF's, to within a border's width: a handle is a 6 px box centred on the node's
 * left (targets) or right (sources) side at `(i + 1) / (count + 1)` of its height (NodeHandles);
 * an edge leaves from the outer side of the source handle and enters the outer side of the target
 * handle (RF's `getHandlePosition`); a handle-less end uses the kind's first handle; the curve is
 * RF's bezier (`getBezierPath`).
 */
import { handlesOf, type FlowEdge, type FlowNode } from '../model/convert';
import { drawnSize } from './node-size';

/** Half of a handle's width (`.react-flow__handle`: 6 px). */
const HANDLE_HALF = 3;

export interface FarEdgePaths {
  readonly plain: string;
  readonly warning: string;
  readonly error: string;
}

interface Placed {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly node: FlowNode;
}

/** Where each node is (absolute) and how large, by id; parents come before their children. */
function placeNodes(nodes: readonly FlowNode[]): Map<string, Placed> {
  const placed = new Map<string, Placed>();
  for (const node of nodes) {
    const parent = node.parentId === undefined ? undefined : placed.get(node.parentId);
    const size = node.measured?.width !== undefined ? node.measured : drawnSize(node);
    placed.set(node.id, {
      x: node.position.x + (parent?.x ?? 0),
      y: node.position.y + (parent?.y ?? 0),
      width: size?.width ?? 0,
      height: size?.height ?? 0,
      node,
    });
  }
  return placed;
}

/** The point an edge attaches to, or undefined when the node has no such handle. */
function anchor(
  at: Placed,
  type: 'source' | 'target',
  id: string | null | undefined,
): { x: number; y: number } | undefined {
  const handles = handlesOf(at.node.data)[type === 'source' ? 'sources' : 'targets'];
  const index = id ? handles.indexOf(id) : 0;
  if (index < 0 || index >= handles.length) return undefined;
  const y = at.y + (at.height * (index + 1)) / (handles.length + 1);
  return type === 'source' ? { x: at.x + at.width + HANDLE_HALF, y } : { x: at.x - HANDLE_HALF, y };
}

/** RF's control point distance for a bezier end (`calculateControlOffset`, curvature 0.25). */
const controlOffset = (distance: number): number =>
  distance >= 0 ? 0.5 * distance : 0.25 * 25 * Math.sqrt(-distance);

/** RF's bezier from a right-side source to a left-side target (`getBezierPath`), as path data. */
export function bezier(from: { x: number; y: number }, to: { x: number; y: number }): string {
  const c1 = from.x + controlOffset(to.x - from.x);
  const c2 = to.x - controlOffset(to.x - from.x);
  return `M${from.x},${from.y} C${c1},${from.y} ${c2},${to.y} ${to.x},${to.y}`;
}

/** The paths of all edges, split by the tone of their issues (`edgeTones`: id → tone). */
export function farEdgePaths(
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
  edgeTones: ReadonlyMap<string, 'warning' | 'error'> = new Map(),
): FarEdgePaths {
  const placed = placeNodes(nodes);
  const parts = { plain: [] as string[], warning: [] as string[], error: [] as string[] };
  for (const edge of edges) {
    const source = placed.get(edge.source);
    const target = placed.get(edge.target);
    if (source === undefined || target === undefined || edge.hidden === true) continue;
    if (source.node.hidden === true || target.node.hidden === true) continue;
    const from = anchor(source, 'source', edge.sourceHandle);
    const to = anchor(target, 'target', edge.targetHandle);
    if (from === undefined || to === undefined) continue;
    parts[edgeTones.get(edge.id) ?? 'plain'].push(bezier(from, to));
  }
  return {
    plain: parts.plain.join(' '),
    warning: parts.warning.join(' '),
    error: parts.error.join(' '),
  };
}
