/**
 * Pure document edits used by the store: each returns a new `FlowDocument` (unchanged nodes and
 * edges shared), so one call is one undo step.
 */
import type { Connection } from '@xyflow/react';
import { branchesUpstream } from '../model/graph-queries';
import {
  handlesOf,
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  type NodeData,
} from '../model/convert';

/** The ids of `ids` and of every node inside them (groups delete with their children). */
export function withDescendants(nodes: readonly FlowNode[], ids: ReadonlySet<string>): Set<string> {
  const out = new Set(ids);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of nodes) {
      if (n.parentId !== undefined && out.has(n.parentId) && !out.has(n.id)) {
        out.add(n.id);
        grew = true;
      }
    }
  }
  return out;
}

/** Removes the selected nodes (with children and attached edges) and the selected edges. */
export function deleteSelected(doc: FlowDocument): FlowDocument | undefined {
  const picked = new Set(doc.nodes.filter((n) => n.selected).map((n) => n.id));
  const gone = withDescendants(doc.nodes, picked);
  const edges = doc.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
  if (gone.size === 0 && edges.length === doc.edges.length) return undefined;
  return { nodes: doc.nodes.filter((n) => !gone.has(n.id)), edges };
}

/** A fresh id: `base`, `base-2`, `base-3`, … not in `taken`. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const clean = base.replace(/[^A-Za-z0-9_-]/g, '') || 'node';
  if (!taken.has(clean)) return clean;
  let n = 2;
  while (taken.has(`${clean}-${n}`)) n += 1;
  return `${clean}-${n}`;
}

export function connect(doc: FlowDocument, connection: Connection): FlowDocument | undefined {
  const { source, target, sourceHandle, targetHandle } = connection;
  if (source === target) return undefined;
  const exists = doc.edges.some(
    (e) =>
      e.source === source &&
      e.target === target &&
      (e.sourceHandle ?? null) === sourceHandle &&
      (e.targetHandle ?? null) === targetHandle,
  );
  if (exists) return undefined;
  const id = freshId(`${source}-${target}`, new Set(doc.edges.map((e) => e.id)));
  const edge: FlowEdge = { id, source, target };
  if (sourceHandle) edge.sourceHandle = sourceHandle;
  if (targetHandle) edge.targetHandle = targetHandle;
  return { nodes: doc.nodes, edges: [...doc.edges, edge] };
}

/** Adds `node`, selected alone; connected from `after` when given (its default source handle). */
export function addNode(doc: FlowDocument, node: FlowNode, after?: FlowNode): FlowDocument {
  // Appended: a parent (already present) always comes before its new child.
  const nodes = [
    ...doc.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)),
    { ...node, selected: true },
  ];
  const next = { nodes, edges: doc.edges };
  if (after === undefined) return next;
  const sourceHandle = handlesOf(after.data).sources[0];
  const targetHandle = handlesOf(node.data).targets[0];
  if (sourceHandle === undefined || targetHandle === undefined) return next;
  return connect(next, { source: after.id, target: node.id, sourceHandle, targetHandle }) ?? next;
}

/**
 * Replaces a node's data (label, handler config, options). Connections leaving an exit the node no
 * longer has (a branch's removed case) go with it.
 */
export function updateData(doc: FlowDocument, id: string, data: NodeData): FlowDocument {
  const nodes = doc.nodes.map((n) => (n.id === id ? { ...n, data } : n));
  if (data.kind !== 'match') return { nodes, edges: doc.edges };
  const exits = new Set(handlesOf(data).sources);
  const edges = doc.edges.filter(
    (e) => e.source !== id || e.sourceHandle == null || exits.has(e.sourceHandle),
  );
  return { nodes, edges: edges.length === doc.edges.length ? doc.edges : edges };
}

export function setSelection(doc: FlowDocument, ids: ReadonlySet<string>): FlowDocument {
  const pick = <T extends { id: string; selected?: boolean }>(item: T): T =>
    (item.selected ?? false) === ids.has(item.id) ? item : { ...item, selected: ids.has(item.id) };
  return { nodes: doc.nodes.map(pick), edges: doc.edges.map(pick) };
}

/**
 * A merge connected for the first time closes the nearest branch upstream: what the graph already
 * says is not asked (the inspector shows it, and lets another branch be picked).
 */
export function closeMerge(doc: FlowDocument, mergeId: string): FlowDocument {
  const merge = doc.nodes.find((n) => n.id === mergeId);
  if (merge?.data.kind !== 'endMatch') return doc;
  const closes = merge.data.options.match;
  if (doc.nodes.some((n) => n.id === closes && n.data.kind === 'match')) return doc;
  const nearest = branchesUpstream(doc, mergeId)[0];
  if (nearest === undefined) return doc;
  return updateData(doc, mergeId, { ...merge.data, options: { match: nearest.id } });
}
