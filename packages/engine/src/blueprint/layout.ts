import type { Blueprint, BlueprintNode } from '@triggerflow/blueprint';

const COLUMN = 260;
const ROW = 120;
const NODE = { width: 200, height: 64 };
const PAD = { x: 30, top: 50, bottom: 30 };

/**
 * A readable left-to-right layout: each node in the column of its longest path from an entry,
 * stacked in blueprint order; groups (forEach, batch) wrap their children, whose positions become
 * relative to the group (React Flow sub flows). The editor lays out again with elkjs on demand.
 */
export function layoutBlueprint(blueprint: Blueprint): Blueprint {
  const { nodes, edges } = blueprint;
  const column = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const outgoing = new Map<string, string[]>();
  // A forEach body's edge back into its group's `end` handle closes the group, it is no loop.
  for (const e of edges) {
    if (e.targetHandle === 'end') continue;
    outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e.target]);
  }
  const parent = new Map(nodes.map((n) => [n.id, n.parentId]));
  // Batch children sit one column to the right of their batch.
  for (const n of nodes) {
    if (n.parentId && !edges.some((e) => e.target === n.id)) {
      outgoing.set(n.parentId, [...(outgoing.get(n.parentId) ?? []), n.id]);
    }
  }
  // Longest path from the entries (Kahn's order; nodes on a loop keep the column reached so far).
  const indegree = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  for (const targets of outgoing.values()) {
    for (const t of targets) indegree.set(t, (indegree.get(t) ?? 0) + 1);
  }
  const queue = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  for (let i = 0; i < queue.length; i += 1) {
    const id = queue[i] as string;
    for (const next of outgoing.get(id) ?? []) {
      column.set(next, Math.max(column.get(next) ?? 0, (column.get(id) ?? 0) + 1));
      const left = (indegree.get(next) ?? 1) - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }

  const rows = new Map<number, number>();
  const absolute = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const c = column.get(n.id) ?? 0;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    absolute.set(n.id, { x: 80 + c * COLUMN, y: 80 + r * ROW });
  }
  // Groups wrap their descendants, innermost first.
  const depthOf = (id: string): number => {
    let d = 0;
    for (let p = parent.get(id); p !== undefined && d <= nodes.length; p = parent.get(p)) d += 1;
    return d;
  };
  const groups = nodes
    .filter((n) => n.kind === 'forEach' || n.kind === 'batch')
    .sort((a, b) => depthOf(b.id) - depthOf(a.id));
  const size = new Map<string, { width: number; height: number }>();
  for (const g of groups) {
    const children = nodes.filter((n) => n.parentId === g.id);
    if (children.length === 0) continue;
    const boxes = children.map((c) => ({
      ...(absolute.get(c.id) ?? { x: 0, y: 0 }),
      ...(size.get(c.id) ?? NODE),
    }));
    const minX = Math.min(...boxes.map((b) => b.x)) - PAD.x;
    const minY = Math.min(...boxes.map((b) => b.y)) - PAD.top;
    const maxX = Math.max(...boxes.map((b) => b.x + b.width)) + PAD.x;
    const maxY = Math.max(...boxes.map((b) => b.y + b.height)) + PAD.bottom;
    absolute.set(g.id, { x: minX, y: minY });
    size.set(g.id, { width: maxX - minX, height: maxY - minY });
  }
  const placed: BlueprintNode[] = nodes.map((n) => {
    const at = absolute.get(n.id) ?? { x: 0, y: 0 };
    const origin = n.parentId ? absolute.get(n.parentId) : undefined;
    const position = origin ? { x: at.x - origin.x, y: at.y - origin.y } : at;
    const box = size.get(n.id);
    return box ? { ...n, position, size: box } : { ...n, position };
  });
  return { ...blueprint, nodes: placed };
}
