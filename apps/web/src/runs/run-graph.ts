import type { Blueprint, BlueprintEdge, BlueprintNode, NodeKind } from '@triggerflow/blueprint';

/**
 * What the run view needs to know about the blueprint a run ran: its nodes by id, the edges in
 * and out of each node, and the handle of each match case (by case position, as a match's
 * `node.completed` reports the cases it took: `{ cases: [index, …] }`).
 */
export interface RunGraph {
  readonly nodes: ReadonlyMap<string, BlueprintNode>;
  readonly incoming: ReadonlyMap<string, readonly BlueprintEdge[]>;
  readonly outgoing: ReadonlyMap<string, readonly BlueprintEdge[]>;
  /** Match node id → the source handle of each case, in case order (`case:<id>` or `else`). */
  readonly caseHandles: ReadonlyMap<string, readonly string[]>;
}

/**
 * Kinds the engine never reports on (no `node.started` / `node.completed`): a start, an external
 * trigger, a join, the end of a match, a collect. Their state is inferred from their neighbours.
 */
export const SILENT_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>([
  'start',
  'event',
  'when',
  'endMatch',
  'collect',
]);

/** The handle an edge leaves by when it names none (the kind's default). */
export const DEFAULT_SOURCE_HANDLE = 'out';

export const EMPTY_GRAPH: RunGraph = {
  nodes: new Map(),
  incoming: new Map(),
  outgoing: new Map(),
  caseHandles: new Map(),
};

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export function runGraph(blueprint: Pick<Blueprint, 'nodes' | 'edges'>): RunGraph {
  const nodes = new Map<string, BlueprintNode>();
  const caseHandles = new Map<string, readonly string[]>();
  for (const node of blueprint.nodes) {
    nodes.set(node.id, node);
    if (node.kind === 'match') {
      caseHandles.set(
        node.id,
        node.options.cases.map((c) => (c.isElse === true ? 'else' : `case:${c.id}`)),
      );
    }
  }
  const incoming = new Map<string, BlueprintEdge[]>();
  const outgoing = new Map<string, BlueprintEdge[]>();
  for (const edge of blueprint.edges) {
    push(incoming, edge.target, edge);
    push(outgoing, edge.source, edge);
  }
  return { nodes, incoming, outgoing, caseHandles };
}

export const isSilent = (graph: RunGraph, nodeId: string): boolean => {
  const kind = graph.nodes.get(nodeId)?.kind;
  return kind !== undefined && SILENT_KINDS.has(kind);
};

/** A node's label, else its id. */
export const labelOf = (graph: RunGraph, nodeId: string): string =>
  graph.nodes.get(nodeId)?.label ?? nodeId;
