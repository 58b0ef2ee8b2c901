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
  const handle = handlesOf(after.data).sources[0];
  return handle === undefined ? next : connectFrom(next, { nodeId: after.id, handle }, node.id);
}

/** A source handle of a node: where "add the next node" starts. */
export interface HandleRef {
  readonly nodeId: string;
  readonly handle: string;
}

/** Connects `from` to the default input of node `targetId` (unchanged when it has none). */
export function connectFrom(doc: FlowDocument, from: HandleRef, targetId: string): FlowDocument {
  const target = doc.nodes.find((n) => n.id === targetId);
  const targetHandle = target === undefined ? undefined : handlesOf(target.data).targets[0];
  if (targetHandle === undefined) return doc;
  const connection = {
    source: from.nodeId,
    sourceHandle: from.handle,
    target: targetId,
    targetHandle,
  };
  return connect(doc, connection) ?? doc;
}

/**
 * Puts node `nodeId` (already in `doc`) on edge `edgeId`: the edge's source (and handle) → the
 * node's default input, the node's default output → the edge's target (and handle). A node with
 * no input or no output cannot sit on an edge: the document comes back unchanged.
 */
export function insertOnEdge(doc: FlowDocument, edgeId: string, nodeId: string): FlowDocument {
  const edge = doc.edges.find((e) => e.id === edgeId);
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (edge === undefined || node === undefined) return doc;
  const { targets, sources } = handlesOf(node.data);
  const input = targets[0];
  const output = sources[0];
  if (input === undefined || output === undefined) return doc;
  const rest = { nodes: doc.nodes, edges: doc.edges.filter((e) => e.id !== edgeId) };
  const into = connect(rest, {
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? null,
    target: nodeId,
    targetHandle: input,
  });
  if (into === undefined) return doc;
  const out = connect(into, {
    source: nodeId,
    sourceHandle: output,
    target: edge.target,
    targetHandle: edge.targetHandle ?? null,
  });
  return out ?? doc;
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
