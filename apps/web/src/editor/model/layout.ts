/**
 * Auto-layout with ELK's layered algorithm (issue 6: "auto-layout with elkjs in a web worker").
 *
 * `layoutElements` is a pure async function of plain data (no DOM, no React), so it runs the same
 * in vitest, on the main thread, or in `layout.worker.ts` (`handleLayoutRequest` is its protocol).
 * Groups (any node with children: forEach, batch) are ELK compound nodes, laid out bottom-up so a
 * batch keeps its branches in order; children's positions come back relative to their group, as
 * React Flow wants, and groups get new sizes. An edge that crosses a group's border is lifted to
 * the two nodes that are siblings; one between a group and its own child (forEach `item` / `end`)
 * is left out. `applyLayout` writes a result into RF nodes.
 *
 * Handle order: a node that lists its handles (`sources` / `targets`, as `handlesOf` gives them,
 * top to bottom) gets ELK ports at the places the canvas draws them (`FIXED_POS`), and its edges
 * attach to those ports, so ELK orders the next layer by them: a branch's case a lands above
 * case b above else, and their edges do not cross.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import ELK from 'elkjs/lib/elk.bundled.js';
import type { XYPosition } from '@xyflow/react';
import type { FlowNode, Size } from './convert';

/** What the layout reads of a node (an RF node is one). */
export interface LayoutNode {
  id: string;
  parentId?: string | undefined;
  width?: number | undefined;
  height?: number | undefined;
  measured?: { width?: number | undefined; height?: number | undefined } | undefined;
  style?: { width?: unknown; height?: unknown } | undefined;
  /** Output handle ids, top to bottom (ports on the right side). */
  sources?: readonly string[] | undefined;
  /** Input handle ids, top to bottom (ports on the left side). */
  targets?: readonly string[] | undefined;
}

export interface LayoutEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null | undefined;
  targetHandle?: string | null | undefined;
}

export interface LayoutOptions {
  readonly direction?: 'RIGHT' | 'DOWN';
  /** Between nodes of one layer (default 40). */
  readonly nodeSpacing?: number;
  /** Between layers (default 80). */
  readonly layerSpacing?: number;
  /** For nodes not measured yet and without a size (default 200 × 64). */
  readonly defaultSize?: Size;
}

/** New positions (relative to the parent, like RF) for every node; sizes for groups. */
export interface LayoutResult {
  positions: Record<string, XYPosition>;
  sizes: Record<string, Size>;
}

const GROUP_PADDING = '[top=50,left=30,bottom=30,right=30]';
let elk: InstanceType<typeof ELK> | undefined;

export async function layoutElements(
  nodes: readonly LayoutNode[],
  edges: readonly LayoutEdge[],
  options: LayoutOptions = {},
): Promise<LayoutResult> {
  const { defaultSize = { width: 200, height: 64 } } = options;
  const byId = new Map<string, LayoutNode>();
  for (const n of nodes) if (!byId.has(n.id)) byId.set(n.id, n);
  const chainOf = (id: string): string[] => ancestors(byId, id);
  const children = new Map<string, LayoutNode[]>();
  for (const n of byId.values()) {
    const container = chainOf(n.id)[0] ?? '';
    const siblings = children.get(container);
    if (siblings) siblings.push(n);
    else children.set(container, [n]);
  }
  const shared: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': options.direction ?? 'RIGHT',
    'elk.spacing.nodeNode': String(options.nodeSpacing ?? 40),
    'elk.layered.spacing.nodeNodeBetweenLayers': String(options.layerSpacing ?? 80),
  };
  const elkNodes = new Map<string, ElkNode>();
  const ported = new Set<string>();
  const toElk = (n: LayoutNode): ElkNode => {
    const kids = children.get(n.id) ?? [];
    let node: ElkNode;
    if (kids.length > 0) {
      node = {
        id: n.id,
        layoutOptions: { ...shared, 'elk.padding': GROUP_PADDING },
        children: kids.map(toElk),
      };
    } else {
      const size = sizeOf(n, defaultSize);
      node = { id: n.id, ...size };
      if (n.sources !== undefined || n.targets !== undefined) {
        node.ports = portsOf(n, size);
        node.layoutOptions = { 'elk.portConstraints': 'FIXED_POS' };
        ported.add(n.id);
      }
    }
    elkNodes.set(n.id, node);
    return node;
  };
  const root: ElkNode = {
    id: '',
    layoutOptions: shared,
    children: (children.get('') ?? []).map(toElk),
  };
  elkNodes.set('', root);
  edges.forEach((e, index) => {
    if (!byId.has(e.source) || !byId.has(e.target)) return;
    // Lift the edge to the nodes that are siblings in the innermost common container.
    const up = [e.source, ...chainOf(e.source), ''];
    const down = [e.target, ...chainOf(e.target), ''];
    const at = up.findIndex((id, i) => i > 0 && down.indexOf(id) > 0);
    const container = up[at] ?? '';
    const source = up[at - 1];
    const target = down[down.indexOf(container) - 1];
    if (source === undefined || target === undefined || source === target) return;
    // An edge that was not lifted attaches to its handles' ports.
    const from =
      source === e.source && ported.has(source)
        ? portId(source, 'source', e.sourceHandle, byId.get(source)?.sources)
        : source;
    const to =
      target === e.target && ported.has(target)
        ? portId(target, 'target', e.targetHandle, byId.get(target)?.targets)
        : target;
    const edge: ElkExtendedEdge = { id: `e${index}`, sources: [from], targets: [to] };
    const node = elkNodes.get(container);
    if (node) (node.edges ??= []).push(edge);
  });
  elk ??= new ELK();
  const laid = await elk.layout(root);
  const result: LayoutResult = { positions: {}, sizes: {} };
  const collect = (node: ElkNode): void => {
    for (const child of node.children ?? []) {
      result.positions[child.id] = { x: child.x ?? 0, y: child.y ?? 0 };
      if (child.children?.length) {
        result.sizes[child.id] = { width: child.width ?? 0, height: child.height ?? 0 };
        collect(child);
      }
    }
  };
  collect(laid);
  return result;
}

/**
 * The nodes placed as `result` says: laid-out groups get `style` sizes (a resizer's `width` /
 * `height` attributes are dropped), placeholders (`data.auto`) become real; others are shared.
 */
export function applyLayout(nodes: readonly FlowNode[], result: LayoutResult): FlowNode[] {
  return nodes.map((node) => {
    const position = result.positions[node.id];
    const size = result.sizes[node.id];
    if (position === undefined && size === undefined) return node;
    const next: FlowNode = { ...node };
    if (position) next.position = position;
    if (size) {
      delete next.width;
      delete next.height;
      next.style = { ...node.style, ...size };
    }
    if (node.data.auto) {
      next.data = { ...node.data };
      delete next.data.auto;
    }
    return next;
  });
}

export interface LayoutRequest {
  readonly id: number;
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
  readonly options?: LayoutOptions;
}

export type LayoutResponse =
  | { readonly id: number; readonly ok: true; readonly result: LayoutResult }
  | { readonly id: number; readonly ok: false; readonly error: string };

/** One worker message in, one out: never rejects, an ELK failure is an `ok: false` answer. */
export async function handleLayoutRequest(request: LayoutRequest): Promise<LayoutResponse> {
  try {
    const result = await layoutElements(request.nodes, request.edges, request.options);
    return { id: request.id, ok: true, result };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: request.id, ok: false, error: `Auto-layout failed: ${message}` };
  }
}

/** A port per handle where the canvas draws it: sources right, targets left, evenly spread. */
function portsOf(node: LayoutNode, size: Size): ElkNode['ports'] {
  const side = (handles: readonly string[], type: 'source' | 'target') =>
    handles.map((handle, i) => ({
      id: `${node.id}\u0000${type}\u0000${handle}`,
      width: 1,
      height: 1,
      x: type === 'source' ? size.width : -1,
      y: (size.height * (i + 1)) / (handles.length + 1),
      layoutOptions: { 'elk.port.side': type === 'source' ? 'EAST' : 'WEST' },
    }));
  return [...side(node.sources ?? [], 'source'), ...side(node.targets ?? [], 'target')];
}

/** The port of an edge end: its handle's, or the node's default (first) handle's. */
function portId(
  nodeId: string,
  type: 'source' | 'target',
  handle: string | null | undefined,
  handles: readonly string[] | undefined,
): string {
  const known = handle != null && handles?.includes(handle) ? handle : handles?.[0];
  return known === undefined ? nodeId : `${nodeId}\u0000${type}\u0000${known}`;
}

function sizeOf(node: LayoutNode, fallback: Size): Size {
  const pick = (...values: unknown[]): number | undefined =>
    values.find((v): v is number => typeof v === 'number' && v > 0);
  return {
    width: pick(node.measured?.width, node.width, node.style?.width) ?? fallback.width,
    height: pick(node.measured?.height, node.height, node.style?.height) ?? fallback.height,
  };
}

/** The node's ancestors, innermost first; a missing parent or a loop ends the chain. */
function ancestors(byId: ReadonlyMap<string, LayoutNode>, id: string): string[] {
  const chain: string[] = [];
  for (let p = byId.get(id)?.parentId; p !== undefined && byId.has(p); p = byId.get(p)?.parentId) {
    if (p === id || chain.includes(p)) return [];
    chain.push(p);
  }
  return chain;
}
