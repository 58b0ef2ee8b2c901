import type { BlueprintEdge } from '@triggerflow/blueprint';
import { DEFAULT_SOURCE_HANDLE, type RunGraph } from './run-graph';
import type { NodeView } from './run-view';

/**
 * When an edge fired: its source passed something on by the edge's handle and its target
 * started. A match passes on by the handles of the cases it took, a forEach by `item` as soon as
 * it starts (by `out` once done), a pause by `timeout` when it timed out; a node the engine does
 * not report on passes on once it is inferred done.
 */
export type Lookup = (nodeId: string) => NodeView | undefined;

export function emitted(
  graph: RunGraph,
  lookup: Lookup,
  edge: Pick<BlueprintEdge, 'source' | 'sourceHandle'>,
): boolean {
  const source = lookup(edge.source);
  if (source === undefined) return false;
  const handle = edge.sourceHandle ?? DEFAULT_SOURCE_HANDLE;
  const kind = graph.nodes.get(edge.source)?.kind;
  if (kind === 'match') {
    const index = graph.caseHandles.get(edge.source)?.indexOf(handle) ?? -1;
    return index >= 0 && source.cases.includes(index);
  }
  if (kind === 'forEach' && handle === 'item') return source.runs > 0;
  if (kind === 'pause' && handle === 'timeout') return source.timeouts > 0;
  return source.inferred ? source.state === 'done' : source.completed > 0;
}

/** The node started (or, not reporting, was inferred done). */
export function reached(lookup: Lookup, nodeId: string): boolean {
  const target = lookup(nodeId);
  return target !== undefined && (target.runs > 0 || (target.inferred && target.state === 'done'));
}

/** The edges into `nodeId` that fired (none before it was reached). */
export function firedInto(graph: RunGraph, lookup: Lookup, nodeId: string): string[] {
  if (!reached(lookup, nodeId)) return [];
  const edges = graph.incoming.get(nodeId) ?? [];
  return edges.filter((edge) => emitted(graph, lookup, edge)).map((edge) => edge.id);
}

/** The edges out of `nodeId` that fired (into targets that already started). */
export function firedOutOf(graph: RunGraph, lookup: Lookup, nodeId: string): string[] {
  const edges = graph.outgoing.get(nodeId) ?? [];
  return edges
    .filter((edge) => reached(lookup, edge.target) && emitted(graph, lookup, edge))
    .map((edge) => edge.id);
}
