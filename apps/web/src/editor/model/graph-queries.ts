/**
 * Questions the inspector asks of the graph, so that what it already knows is derived, not typed:
 * which branch a merge closes, which names the flow uses for state keys and events.
 */
import type { Suggestions } from '@triggerflow/nodes';
import type { FlowDocument, FlowNode } from './convert';

/** How a person names a node: its label, else its kind's label. */
export type NameOf = (node: FlowNode) => string;

/**
 * The branches (match nodes) upstream of `nodeId`, nearest first: the one a merge there closes
 * is the first, unless the person picked another.
 */
export function branchesUpstream(doc: FlowDocument, nodeId: string): FlowNode[] {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const into = new Map<string, string[]>();
  for (const e of doc.edges) into.set(e.target, [...(into.get(e.target) ?? []), e.source]);
  const seen = new Set([nodeId]);
  const found: FlowNode[] = [];
  let frontier = [nodeId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const source of into.get(id) ?? []) {
        if (seen.has(source)) continue;
        seen.add(source);
        const node = byId.get(source);
        if (node?.data.kind === 'match') found.push(node);
        next.push(source);
      }
    }
    frontier = next;
  }
  return found;
}

/** The names the flow already uses: state keys written or read, events, collections. */
export function namesInFlow(doc: FlowDocument, kind: Suggestions): string[] {
  const out = new Set<string>();
  for (const node of doc.nodes) {
    const data = node.data;
    if (data.kind === 'chunk') {
      const config = (data.handler.config ?? {}) as Record<string, unknown>;
      const ref = data.handler.ref;
      if (kind === 'stateKeys' && (ref === 'setState' || ref === 'getState'))
        add(out, config['key']);
      if (kind === 'events' && ref === 'emitEvent') add(out, config['event']);
    } else if (data.kind === 'event' && kind === 'events') {
      add(out, data.options.event);
    } else if (data.kind === 'collect' && kind === 'collections') {
      add(out, data.options.name);
    }
  }
  return [...out].sort();
}

function add(out: Set<string>, value: unknown): void {
  if (typeof value === 'string' && value !== '') out.add(value);
}
