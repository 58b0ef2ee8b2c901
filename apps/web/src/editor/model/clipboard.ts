/**
 * Copy / paste as blueprint fragments (issue 6): the clipboard holds JSON
 * `{ schema: 'triggerflow.clipboard/v1', nodes, edges }` whose nodes and edges are blueprint
 * nodes and edges, so a fragment can be read, edited and pasted across tabs and flows.
 *
 * - Copy takes the selected nodes, every descendant of a selected group, and the edges whose two
 *   ends are copied. A child copied without its group becomes top-level at its absolute position.
 * - The clipboard text is written and checked by `clipboard-text.ts`.
 * - Paste gives every node and edge a fresh id (`fetch` → `fetch-copy`, `fetch-copy-2`, …),
 *   renames the references (edges, `parentId`, batch `branches`, endMatch `match`; match case ids
 *   stay), offsets the top-level nodes and returns the new elements, selected.
 */
import type { BlueprintEdge, BlueprintNode } from '@triggerflow/blueprint';
import type { XYPosition } from '@xyflow/react';
import {
  edgeToBlueprint,
  nodeToBlueprint,
  parentsFirst,
  sizeOf,
  toFlowEdge,
  toFlowNode,
  type FlowDocument,
  type FlowNode,
} from './convert';

export const CLIPBOARD_SCHEMA = 'triggerflow.clipboard/v1';

export interface ClipboardFragment {
  schema: typeof CLIPBOARD_SCHEMA;
  nodes: BlueprintNode[];
  edges: BlueprintEdge[];
}

export interface PasteOptions {
  /** Added to the position of every top-level pasted node (default 40, 40). */
  readonly offset?: XYPosition;
  /** A fresh id for `id`, not in `taken` (default: `<id>-copy`, `<id>-copy-2`, …). */
  readonly freshId?: (id: string, taken: ReadonlySet<string>) => string;
}

/** The fragment for `selected` (default: the nodes RF marks selected). */
export function copyFragment(
  doc: FlowDocument,
  selected: ReadonlySet<string> = new Set(doc.nodes.filter((n) => n.selected).map((n) => n.id)),
): ClipboardFragment {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const copied = new Set(
    doc.nodes.filter((n) => ancestry(byId, n.id).some((a) => selected.has(a.id))).map((n) => n.id),
  );
  const nodes = doc.nodes
    .filter((n) => copied.has(n.id))
    .map((n): BlueprintNode => {
      // Placeholders (`data.auto`) become real: the copy lands where the original is shown.
      const size = sizeOf(n);
      const node = { ...nodeToBlueprint(n), position: { ...n.position }, ...(size && { size }) };
      if (n.parentId === undefined || copied.has(n.parentId)) return node;
      delete node.parentId;
      node.position = ancestry(byId, n.id).reduce(
        (sum, a) => ({ x: sum.x + a.position.x, y: sum.y + a.position.y }),
        { x: 0, y: 0 },
      );
      return node;
    });
  const edges = doc.edges
    .filter((e) => copied.has(e.source) && copied.has(e.target))
    .map(edgeToBlueprint);
  return { schema: CLIPBOARD_SCHEMA, nodes, edges };
}

/** New RF elements for `fragment`, with fresh ids against `doc`, all selected. */
export function pasteFragment(
  doc: FlowDocument,
  fragment: ClipboardFragment,
  options: PasteOptions = {},
): FlowDocument {
  const { offset = BESIDE, freshId = copyId } = options;
  const fresh = (ids: Set<string>, id: string): string => {
    const next = freshId(id, ids);
    ids.add(next);
    return next;
  };
  const nodeIds = new Set(doc.nodes.map((n) => n.id));
  const edgeIds = new Set(doc.edges.map((e) => e.id));
  const renamed = new Map(fragment.nodes.map((n) => [n.id, fresh(nodeIds, n.id)]));
  const to = (id: string): string => renamed.get(id) ?? id;
  const nodes = parentsFirst(fragment.nodes).map((n) => {
    const at = n.position ?? { x: 0, y: 0 };
    const position = n.parentId ? at : { x: at.x + offset.x, y: at.y + offset.y };
    const node = { ...n, id: to(n.id), position } as BlueprintNode;
    if (n.parentId !== undefined) node.parentId = to(n.parentId);
    if (node.kind === 'batch') {
      node.options = { ...node.options, branches: node.options.branches.map(to) };
    } else if (node.kind === 'endMatch') {
      node.options = { ...node.options, match: to(node.options.match) };
    }
    return { ...toFlowNode(node), selected: true };
  });
  const edges = fragment.edges.map((e) => ({
    ...toFlowEdge({ ...e, id: fresh(edgeIds, e.id), source: to(e.source), target: to(e.target) }),
    selected: true,
  }));
  return { nodes, edges };
}

/** The default paste offset: beside the originals, when the pointer is not over the canvas. */
export const BESIDE: XYPosition = { x: 40, y: 40 };

/**
 * The offset that puts a fragment's top-level nodes at the pointer: their top left corner at
 * `pointer` (flow coordinates); beside the originals (`BESIDE`) when the pointer is unknown.
 */
export function pasteOffset(fragment: ClipboardFragment, pointer: XYPosition | null): XYPosition {
  if (pointer === null) return BESIDE;
  const tops = fragment.nodes.filter((n) => n.parentId === undefined);
  if (tops.length === 0) return BESIDE;
  const x = Math.min(...tops.map((n) => n.position?.x ?? 0));
  const y = Math.min(...tops.map((n) => n.position?.y ?? 0));
  return { x: Math.round(pointer.x - x), y: Math.round(pointer.y - y) };
}

/** `doc` with `pasted` appended and everything else deselected (unchanged objects shared). */
export function withPasted(doc: FlowDocument, pasted: FlowDocument): FlowDocument {
  const deselect = <T extends { selected?: boolean }>(item: T): T =>
    item.selected ? { ...item, selected: false } : item;
  return {
    nodes: [...doc.nodes.map(deselect), ...pasted.nodes],
    edges: [...doc.edges.map(deselect), ...pasted.edges],
  };
}

/** `fetch` → `fetch-copy`, then `fetch-copy-2`, … (a copy of a copy does not grow the name). */
export function copyId(id: string, taken: ReadonlySet<string>): string {
  const base = `${id.replace(/-copy(-\d+)?$/, '')}-copy`;
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** The node and its ancestors, innermost first (stopping at a missing parent or a loop). */
function ancestry(byId: ReadonlyMap<string, FlowNode>, id: string): FlowNode[] {
  const chain: FlowNode[] = [];
  for (let at = byId.get(id); at && !chain.includes(at);) {
    chain.push(at);
    at = at.parentId === undefined ? undefined : byId.get(at.parentId);
  }
  return chain;
}
