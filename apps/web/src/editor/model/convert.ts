/**
 * Blueprint ⇄ React Flow conversion (DESIGN.md §3, §5): a pair of pure functions, exact inverses.
 *
 * - A blueprint node becomes an RF node with `type` = its kind; `data` keeps the rest of the
 *   blueprint node verbatim (kind, label, handler, options); `id`, `position`, `parentId` and
 *   `size` map to RF's own fields (`size` → `style.width/height`).
 * - forEach / batch are groups: their children get `parentId` + `extent: 'parent'`, and parents
 *   come before children as React Flow requires (a stable reordering; blueprints written by
 *   `toBlueprint` already have that order, so the round trip is exact).
 * - A node without a position (or a group without a size) gets a placeholder from the engine's
 *   `layoutBlueprint`, remembered in `data.auto`; `toBlueprint` leaves it out again while the node
 *   still sits there, so an untouched blueprint round-trips exactly.
 * - Edges keep their optional handles as they are: an edge without a handle uses the kind's
 *   default (`out` / `in`), which `handlesOf` lists first, the handle RF picks for a `null` id.
 * - RF's own fields (selected, dragging, measured, extent, style beyond size) never reach the
 *   blueprint, nor does anything the app adds to `data` beyond kind, label, handler, options.
 */
import {
  nodeHandles,
  type Blueprint,
  type BlueprintEdge,
  type BlueprintNode,
  type NodeKind,
} from '@triggerflow/blueprint';
import { layoutBlueprint } from '@triggerflow/engine';
import type { Edge, Node, XYPosition } from '@xyflow/react';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface Size {
  width: number;
  height: number;
}

/** Placeholders the converter filled in because the blueprint had none. */
export interface AutoPlacement {
  position?: XYPosition;
  size?: Size;
}

/** A blueprint node without the fields RF holds itself; `kind` mirrors `node.type`. */
export type NodeData = DistributiveOmit<BlueprintNode, 'id' | 'position' | 'size' | 'parentId'> & {
  auto?: AutoPlacement;
};
/** Edges carry nothing beyond RF's fields; the run view may add its own data. */
export type EdgeData = Record<string, unknown>;
export type FlowNode = Node<NodeData, NodeKind>;
export type FlowEdge = Edge<EdgeData>;

/** The editable document: what the canvas shows and the undo history stores. */
export interface FlowDocument {
  nodes: FlowNode[];
  edges: FlowEdge[];
  /**
   * The flow's settings (name, description, input form, sample input): kept by the store from
   * step to step, so graph edits that build `{ nodes, edges }` need not carry them.
   */
  settings?: BlueprintMeta;
}

/** Everything of a blueprint but its graph. */
export type BlueprintMeta = Omit<Blueprint, 'nodes' | 'edges'>;

export const GROUP_KINDS: readonly NodeKind[] = ['forEach', 'batch'];
export const DEFAULT_GROUP_SIZE: Size = { width: 320, height: 200 };

export const isGroupKind = (kind: NodeKind): boolean => GROUP_KINDS.includes(kind);

export function toFlowElements(blueprint: Blueprint): FlowDocument {
  const needsPlaceholders = blueprint.nodes.some(
    (n) => n.position === undefined || (isGroupKind(n.kind) && n.size === undefined),
  );
  const placed = needsPlaceholders
    ? new Map(layoutBlueprint(blueprint).nodes.map((n) => [n.id, n]))
    : undefined;
  return {
    nodes: parentsFirst(blueprint.nodes).map((n) => toFlowNode(n, placed?.get(n.id))),
    edges: blueprint.edges.map(toFlowEdge),
  };
}

/** One node; `placeholder` supplies a position / size the blueprint node lacks. */
export function toFlowNode(node: BlueprintNode, placeholder?: BlueprintNode): FlowNode {
  const { id, position, size, parentId, ...rest } = node;
  const auto: AutoPlacement = {};
  let at = position;
  if (at === undefined) at = auto.position = { ...(placeholder?.position ?? { x: 0, y: 0 }) };
  let box = size;
  if (box === undefined && isGroupKind(node.kind)) {
    box = auto.size = { ...(placeholder?.size ?? DEFAULT_GROUP_SIZE) };
  }
  const data = (auto.position || auto.size ? { ...rest, auto } : rest) as NodeData;
  const flow: FlowNode = { id, type: node.kind, position: { x: at.x, y: at.y }, data };
  if (box !== undefined) flow.style = { width: box.width, height: box.height };
  if (parentId !== undefined) {
    flow.parentId = parentId;
    flow.extent = 'parent';
  }
  return flow;
}

export function toFlowEdge(edge: BlueprintEdge): FlowEdge {
  return { ...edge };
}

export function toBlueprint(
  meta: BlueprintMeta,
  nodes: readonly FlowNode[],
  edges: readonly FlowEdge[],
): Blueprint {
  return {
    ...withoutUndefined(meta),
    nodes: nodes.map(nodeToBlueprint),
    edges: edges.map(edgeToBlueprint),
  };
}

export function blueprintMeta({ schema, name, description, meta }: Blueprint): BlueprintMeta {
  return withoutUndefined({ schema, name, description, meta });
}

/** The blueprint fields `data` holds; anything else in it (run status, UI state) stays in RF. */
const DATA_FIELDS = ['kind', 'label', 'handler', 'options'] as const;

export function nodeToBlueprint(node: FlowNode): BlueprintNode {
  const data: Partial<Record<string, unknown>> = node.data;
  const auto = node.data.auto;
  const out: Record<string, unknown> = { id: node.id };
  for (const field of DATA_FIELDS) if (data[field] !== undefined) out[field] = data[field];
  if (!auto?.position || !samePoint(auto.position, node.position)) {
    out['position'] = { x: node.position.x, y: node.position.y };
  }
  const size = sizeOf(node);
  if (size && !(auto?.size && size.width === auto.size.width && size.height === auto.size.height)) {
    out['size'] = size;
  }
  if (node.parentId !== undefined) out['parentId'] = node.parentId;
  return out as BlueprintNode;
}

export function edgeToBlueprint(edge: FlowEdge): BlueprintEdge {
  const out: BlueprintEdge = { id: edge.id, source: edge.source, target: edge.target };
  if (typeof edge.sourceHandle === 'string') out.sourceHandle = edge.sourceHandle;
  if (typeof edge.targetHandle === 'string') out.targetHandle = edge.targetHandle;
  return out;
}

/**
 * The handle ids a node renders, default handle first (`out`, `in`): a match has `case:<id>`
 * per case, then `else` when a case is the else case (as the engine's validation expects).
 */
export function handlesOf(data: NodeData): { targets: string[]; sources: string[] } {
  const first = (handles: readonly string[], preferred: string): string[] =>
    handles.includes(preferred)
      ? [preferred, ...handles.filter((h) => h !== preferred)]
      : [...handles];
  if (data.kind !== 'match') {
    const { targets, sources } = nodeHandles[data.kind];
    return { targets: first(targets, 'in'), sources: first(sources, 'out') };
  }
  const cases = data.options.cases;
  const sources = cases.filter((c) => c.isElse !== true).map((c) => `case:${c.id}`);
  if (cases.some((c) => c.isElse === true)) sources.push('else');
  return { targets: [...nodeHandles.match.targets], sources };
}

/** The size to store: set by a resizer (`width`/`height`) or by the converter (`style`). */
export function sizeOf(node: Pick<FlowNode, 'width' | 'height' | 'style'>): Size | undefined {
  const width = node.width ?? node.style?.width;
  const height = node.height ?? node.style?.height;
  return typeof width === 'number' && typeof height === 'number' ? { width, height } : undefined;
}

/** A stable order in which every parent precedes its children (missing parents and loops stay). */
export function parentsFirst<T extends { id: string; parentId?: string | undefined }>(
  nodes: readonly T[],
): T[] {
  const byId = new Map<string, T>();
  for (const n of nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  const out: T[] = [];
  const seen = new Set<T>();
  const visit = (n: T): void => {
    if (seen.has(n)) return;
    seen.add(n);
    const parent = n.parentId === undefined ? undefined : byId.get(n.parentId);
    if (parent !== undefined) visit(parent);
    out.push(n);
  };
  nodes.forEach(visit);
  return out;
}

function samePoint(a: XYPosition, b: XYPosition): boolean {
  return a.x === b.x && a.y === b.y;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
