/**
 * Node sizes known before React Flow measures anything (issue 6, large flows).
 *
 * Every node but the groups has a fixed size, taller when it has a detail line (`.flow-node` in
 * editor.css draws exactly these boxes); a group is as large as its `style` says. Giving RF these
 * sizes as `measured` when a flow opens lets it show every node, compute the initial viewport and
 * cull by visibility on the first frame: RF still reads the handles from the DOM once, but no node
 * reports a size change, so opening a 1,000-node flow costs one render of the nodes, not three.
 */
import { isGroupKind, type FlowNode, type Size } from '../model/convert';
import { detailText } from './node-text';

/** A node with a kind line and a title (kept in step with `.flow-node` in editor.css). */
export const NODE_SIZE: Size = { width: 150, height: 46 };
/** A node with a detail line too (`.flow-node--detailed`). */
export const DETAILED_NODE_SIZE: Size = { width: 150, height: 63 };

/** The size a node is drawn at, or undefined when the DOM has to tell (a group without style). */
export function drawnSize(
  node: Pick<FlowNode, 'type' | 'style' | 'width' | 'height' | 'data'>,
): Size | undefined {
  if (node.type === undefined || !isGroupKind(node.type)) {
    return detailText(node.data) ? DETAILED_NODE_SIZE : NODE_SIZE;
  }
  const width = node.width ?? node.style?.width;
  const height = node.height ?? node.style?.height;
  return typeof width === 'number' && typeof height === 'number'
    ? { width: Math.round(width), height: Math.round(height) }
    : undefined;
}

/** `nodes` with `measured` filled in where missing (nodes already measured stay as they are). */
export function withDrawnSizes(nodes: readonly FlowNode[]): FlowNode[] {
  return nodes.map((node) => {
    if (node.measured?.width !== undefined && node.measured.height !== undefined) return node;
    const size = drawnSize(node);
    return size === undefined ? node : { ...node, measured: { ...size } };
  });
}
