/**
 * The viewport a flow opens at: RF's "fit view" (same padding and zoom limits), computed from the
 * nodes' known sizes (node-size.ts) before the canvas mounts, so the first frame already shows
 * the whole flow at its final zoom instead of zoom 1 followed by a jump once every node has been
 * measured.
 */
import { getViewportForBounds, type Rect, type Viewport } from '@xyflow/react';
import type { FlowNode } from '../model/convert';

export interface ViewportLimits {
  readonly minZoom: number;
  readonly maxZoom: number;
  /** A share of the pane kept free around the flow (RF's `fitView` default: 0.1). */
  readonly padding: number;
}

/** The box around the top-level nodes (children sit inside their groups); undefined when empty. */
export function flowBounds(nodes: readonly FlowNode[]): Rect | undefined {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const node of nodes) {
    if (node.parentId !== undefined || node.hidden === true) continue;
    const width = node.measured?.width ?? 0;
    const height = node.measured?.height ?? 0;
    x0 = Math.min(x0, node.position.x);
    y0 = Math.min(y0, node.position.y);
    x1 = Math.max(x1, node.position.x + width);
    y1 = Math.max(y1, node.position.y + height);
  }
  if (x0 === Infinity) return undefined;
  return { x: x0, y: y0, width: Math.max(x1 - x0, 1), height: Math.max(y1 - y0, 1) };
}

/** Fits `nodes` into a pane of `pane` pixels; zoom 1 at the origin when there is nothing to fit. */
export function initialViewport(
  nodes: readonly FlowNode[],
  pane: { readonly width: number; readonly height: number },
  limits: ViewportLimits,
): Viewport {
  const bounds = flowBounds(nodes);
  if (bounds === undefined || pane.width <= 0 || pane.height <= 0) return { x: 0, y: 0, zoom: 1 };
  return getViewportForBounds(
    bounds,
    pane.width,
    pane.height,
    limits.minZoom,
    limits.maxZoom,
    limits.padding,
  );
}
