import {
  describeNode,
  graphNode,
  graphNodes,
  nodesOfKind,
  report,
  type GraphNode,
  type Link,
  type ValidationContext,
} from './validate-context';

/**
 * Reachability from the entry nodes. Invalid nodes are passed through (so one bad node does not
 * make everything after it "unreachable") but never reported.
 */
export function checkReachability(ctx: ValidationContext): void {
  const entries = ctx.nodes.filter(
    (n) => n.primary && n.id !== undefined && (n.rawKind === 'start' || n.rawKind === 'event'),
  );
  if (entries.length === 0) return; // MISSING_ENTRY says it all
  const next = new Map<string, string[]>();
  const add = (from: string, to: string): void => {
    const list = next.get(from);
    if (list === undefined) next.set(from, [to]);
    else list.push(to);
  };
  for (const { source, target } of ctx.links) {
    if (source.id !== undefined && target.id !== undefined) add(source.id, target.id);
  }
  for (const [group, child] of batchChildren(ctx)) add(group.id, child.id);
  for (const [match, end] of matchEnds(ctx)) add(match.id, end.id);

  const reached = new Set(entries.flatMap((e) => e.id ?? []));
  const queue = [...reached];
  for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
    for (const to of next.get(id) ?? []) {
      if (reached.has(to)) continue;
      reached.add(to);
      queue.push(to);
    }
  }
  for (const node of graphNodes(ctx)) {
    if (reached.has(node.id)) continue;
    report(ctx, 'UNREACHABLE_NODE', 'warning', {
      message: `${describeNode(node)} is not reachable from any start or event node`,
      nodeId: node.id,
      path: ['nodes', node.index],
    });
  }
}

/**
 * A cycle of edges never ends unless a match can route out of it: one of its cases (or, with no
 * else, its pass-through to the merge) must lead outside the cycle. A match whose every way leads
 * back in does not end the loop. Groups are split into an entry and an exit vertex (forEach:
 * `in`/`item` and `end`/`out`; batch: `in` and `out`) so that a group's own body is not mistaken
 * for a cycle.
 */
export function checkCycles(ctx: ValidationContext): void {
  const nodes = graphNodes(ctx);
  const vertexOf = new Map<string, { in: number; out: number }>();
  const owner: GraphNode[] = [];
  for (const node of nodes) {
    const split = node.node.kind === 'forEach' || node.node.kind === 'batch';
    const inVertex = owner.push(node) - 1;
    const outVertex = split ? owner.push(node) - 1 : inVertex;
    vertexOf.set(node.id, { in: inVertex, out: outVertex });
  }
  const next: number[][] = owner.map(() => []);
  const add = (from: number | undefined, to: number | undefined): void => {
    if (from !== undefined && to !== undefined) next[from]?.push(to);
  };
  for (const link of ctx.links) {
    if (link.wired) add(sourceVertex(link, vertexOf), targetVertex(link, vertexOf));
  }
  for (const v of vertexOf.values()) {
    if (v.in !== v.out) add(v.in, v.out); // an empty forEach or batch still emits
  }
  for (const [group, child] of batchChildren(ctx)) {
    add(vertexOf.get(group.id)?.in, vertexOf.get(child.id)?.in);
    add(vertexOf.get(child.id)?.out, vertexOf.get(group.id)?.out);
  }
  const hasElse = (match: GraphNode): boolean =>
    match.node.kind === 'match' && match.node.options.cases.some((c) => c.isElse === true);
  const merged = new Set<string>();
  for (const [match, end] of matchEnds(ctx)) {
    merged.add(match.id);
    // No case matched: the value passes through to the merge.
    if (!hasElse(match)) add(vertexOf.get(match.id)?.out, vertexOf.get(end.id)?.in);
  }

  /**
   * A match of the cycle with a way out of it: a case leading outside; a case that leads nowhere,
   * or no else and no merge (the run stops there).
   */
  const leaves = (component: readonly number[]): boolean => {
    const inside = new Set(component);
    return component.some((v) => {
      const node = owner[v];
      if (node?.node.kind !== 'match') return false;
      if (!hasElse(node) && !merged.has(node.id)) return true;
      if (hasDeadEndCase(ctx, node)) return true;
      return (next[v] ?? []).some((to) => !inside.has(to));
    });
  };
  const cycles = stronglyConnected(next)
    .filter((c) => c.length > 1 || c.some((v) => next[v]?.includes(v) === true))
    .filter((c) => !leaves(c))
    .map((c) => [...new Set(c.map((v) => owner[v] as GraphNode))].sort((a, b) => a.index - b.index))
    .sort((a, b) => (a[0]?.index ?? 0) - (b[0]?.index ?? 0));
  for (const members of cycles) {
    const first = members[0] as GraphNode;
    const ids = members.map((m) => `'${m.id}'`).join(', ');
    const through = members.length === 1 ? `node ${ids}` : `nodes ${ids}`;
    const why = members.some((m) => m.node.kind === 'match')
      ? 'every case of its match leads back into the loop'
      : 'it has no match node to route out of the loop';
    report(ctx, 'CYCLE_WITHOUT_LOOP', 'error', {
      message: `the cycle through ${through} never ends: ${why}`,
      nodeId: first.id,
      path: ['nodes', first.index],
    });
  }
}

/** A case whose handle no edge leaves: when it is taken, the run stops there. */
function hasDeadEndCase(ctx: ValidationContext, match: GraphNode): boolean {
  if (match.node.kind !== 'match') return false;
  const wired = new Set(
    ctx.links.filter((l) => l.wired && l.source.id === match.id).map((l) => l.sourceHandle),
  );
  return match.node.options.cases.some(
    (c) => !wired.has(c.isElse === true ? 'else' : `case:${c.id}`),
  );
}

type Vertices = ReadonlyMap<string, { in: number; out: number }>;

function sourceVertex(link: Link, vertexOf: Vertices): number | undefined {
  const v = link.source.id === undefined ? undefined : vertexOf.get(link.source.id);
  return link.sourceHandle === 'item' ? v?.in : v?.out;
}

function targetVertex(link: Link, vertexOf: Vertices): number | undefined {
  const v = link.target.id === undefined ? undefined : vertexOf.get(link.target.id);
  return link.targetHandle === 'end' ? v?.out : v?.in;
}

function batchChildren(ctx: ValidationContext): [GraphNode, GraphNode][] {
  const batches = new Map(nodesOfKind(ctx, 'batch').map((b) => [b.id, b]));
  return graphNodes(ctx).flatMap((child) => {
    const group = child.node.parentId === undefined ? undefined : batches.get(child.node.parentId);
    return group === undefined || group === child ? [] : [[group, child] as [GraphNode, GraphNode]];
  });
}

function matchEnds(ctx: ValidationContext): [GraphNode, GraphNode][] {
  return nodesOfKind(ctx, 'endMatch').flatMap((end) => {
    const match = graphNode(ctx.byId.get(end.node.options.match));
    return match?.node.kind === 'match' ? [[match, end] as [GraphNode, GraphNode]] : [];
  });
}

/** Tarjan's algorithm, iterative (a long chain must not overflow the stack). */
function stronglyConnected(next: readonly (readonly number[])[]): number[][] {
  const index: number[] = next.map(() => -1);
  const low: number[] = next.map(() => 0);
  const onStack: boolean[] = next.map(() => false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (let root = 0; root < next.length; root += 1) {
    if (index[root] !== -1) continue;
    const work: { v: number; edge: number }[] = [{ v: root, edge: 0 }];
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = true;
    while (work.length > 0) {
      const frame = work[work.length - 1] as { v: number; edge: number };
      const out = next[frame.v] ?? [];
      if (frame.edge < out.length) {
        const w = out[frame.edge++] as number;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = true;
          work.push({ v: w, edge: 0 });
        } else if (onStack[w] === true) {
          low[frame.v] = Math.min(low[frame.v] as number, index[w] as number);
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined)
        low[parent.v] = Math.min(low[parent.v] as number, low[frame.v] as number);
      if (low[frame.v] !== index[frame.v]) continue;
      const component: number[] = [];
      for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
        onStack[w] = false;
        component.push(w);
        if (w === frame.v) break;
      }
      components.push(component);
    }
  }
  return components;
}
