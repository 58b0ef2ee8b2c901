import { nodeHandles, type BlueprintNode } from '@triggerflow/blueprint';
import {
  describeEdge,
  describeNode,
  graphNode,
  nodesOfKind,
  report,
  type EdgeEntry,
  type Link,
  type NodeEntry,
  type ValidationContext,
} from './validate-context';

/** The handles edges may leave a node by: a match has `case:<id>` per case and `else`. */
export function sourceHandles(node: BlueprintNode): readonly string[] {
  if (node.kind !== 'match') return nodeHandles[node.kind].sources;
  const cases = node.options.cases;
  const handles = cases.filter((c) => c.isElse !== true).map((c) => `case:${c.id}`);
  return cases.some((c) => c.isElse === true) ? [...handles, 'else'] : handles;
}

export function targetHandles(node: BlueprintNode): readonly string[] {
  return nodeHandles[node.kind].targets;
}

/** Dangling ends and unknown handles; fills `ctx.links` with every edge whose ends are nodes. */
export function checkEdges(ctx: ValidationContext): void {
  for (const entry of ctx.edges) {
    const edge = entry.edge;
    if (edge === undefined) continue;
    const edgeId = edge.id;
    const source = ctx.byId.get(edge.source);
    const target = ctx.byId.get(edge.target);
    for (const [end, node] of [
      ['source', source],
      ['target', target],
    ] as const) {
      if (node !== undefined) continue;
      report(ctx, 'DANGLING_EDGE', 'error', {
        message: `${describeEdge(entry)} ${end === 'source' ? 'starts at' : 'ends at'} '${edge[end]}', which is not a node`,
        edgeId,
        path: ['edges', entry.index, end],
      });
    }
    if (source === undefined || target === undefined) continue;
    const sourceHandle = edge.sourceHandle ?? 'out';
    const targetHandle = edge.targetHandle ?? 'in';
    const sourceOk = checkHandle(ctx, {
      entry,
      node: source,
      handle: sourceHandle,
      side: 'source',
    });
    const targetOk = checkHandle(ctx, {
      entry,
      node: target,
      handle: targetHandle,
      side: 'target',
    });
    const wired =
      sourceOk && targetOk && graphNode(source) !== undefined && graphNode(target) !== undefined;
    const link: Link = {
      edgeIndex: entry.index,
      edgeId,
      source,
      target,
      sourceHandle,
      targetHandle,
      wired,
    };
    ctx.links.push(link);
  }
}

interface HandleCheck {
  readonly entry: EdgeEntry;
  readonly node: NodeEntry;
  readonly handle: string;
  readonly side: 'source' | 'target';
}

/** True when the handle exists; false (and reported) when not, or when the node is invalid. */
function checkHandle(ctx: ValidationContext, check: HandleCheck): boolean {
  const node = check.node.node;
  if (node === undefined) return false;
  const handles = check.side === 'source' ? sourceHandles(node) : targetHandles(node);
  if (handles.includes(check.handle)) return true;
  const field = check.side === 'source' ? 'sourceHandle' : 'targetHandle';
  const way = check.side === 'source' ? 'leaves' : 'enters';
  const expected =
    handles.length === 0
      ? `${describeNode(check.node)} has no ${check.side === 'source' ? 'output' : 'input'} handles`
      : `expected one of ${handles.map((h) => `'${h}'`).join(', ')}`;
  report(ctx, 'UNKNOWN_HANDLE', 'error', {
    message: `${describeEdge(check.entry)} ${way} ${describeNode(check.node)} by handle '${check.handle}'; ${expected}`,
    edgeId: check.entry.id,
    nodeId: check.node.id,
    path: ['edges', check.entry.index, field],
  });
  return false;
}

/** A flow starts at its `start` node or at an `event` node; two starts are ambiguous. */
export function checkEntry(ctx: ValidationContext): void {
  const starts = nodesOfKind(ctx, 'start');
  for (const extra of starts.slice(1)) {
    report(ctx, 'DUPLICATE_START', 'error', {
      message: `${describeNode(extra)} is a second start node; '${starts[0]?.id ?? ''}' is the first`,
      nodeId: extra.id,
      path: ['nodes', extra.index],
    });
  }
  // An entry node that is itself invalid already has its issue; do not add a second one.
  const hasEntry = ctx.nodes.some((n) => n.rawKind === 'start' || n.rawKind === 'event');
  if (!hasEntry) {
    report(ctx, 'MISSING_ENTRY', 'error', {
      message: 'the flow has no entry: add a start node or an event node',
      path: ['nodes'],
    });
  }
}
