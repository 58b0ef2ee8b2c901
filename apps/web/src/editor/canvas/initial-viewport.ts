/**
 * The viewport a flow opens at, computed from the nodes' known sizes (node-size.ts) before the
 * canvas mounts, so the first frame is already the final one (no zoom 1 followed by a jump):
 *
 * - a flow that fits at a readable zoom (`READABLE_ZOOM`, labels still legible) opens fitted, as
 *   RF's "fit view" would (same padding and zoom limits);
 * - a larger one opens at that readable zoom on its start node: vertically centred on it, and
 *   horizontally centred too unless that would show empty canvas left of the flow (the start
 *   node usually is the flow's left end: it then sits at the left margin, the flow after it).
 */
import { getViewportForBounds, type Rect, type Viewport } from '@xyflow/react';
import type { FlowNode } from '../model/convert';

export interface ViewportLimits {
  readonly minZoom: number;
  readonly maxZoom: number;
  /** A share of the pane kept free around the flow (RF's `fitView` default: 0.1). */
  readonly padding: number;
  /** The smallest zoom a flow opens at (default `READABLE_ZOOM`). */
  readonly readableZoom?: number;
}

/** Below this zoom node titles get hard to read: a flow never opens smaller. */
export const READABLE_ZOOM = 0.6;

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
  const fit = getViewportForBounds(
    bounds,
    pane.width,
    pane.height,
    limits.minZoom,
    limits.maxZoom,
    limits.padding,
  );
  const readable = Math.min(limits.readableZoom ?? READABLE_ZOOM, limits.maxZoom);
  if (fit.zoom >= readable) return fit;
  const start = startBox(nodes) ?? bounds;
  const zoom = readable;
  const centre = { x: start.x + start.width / 2, y: start.y + start.height / 2 };
  const centred = pane.width / 2 - centre.x * zoom;
  // Not past the flow's left end (plus the usual padding).
  const leftmost = pane.width * (limits.padding / 2) - bounds.x * zoom;
  return { x: Math.min(centred, leftmost), y: pane.height / 2 - centre.y * zoom, zoom };
}

/** The start node's box (the first top-level `start`), if the flow has one. */
function startBox(nodes: readonly FlowNode[]): Rect | undefined {
  const start = nodes.find((n) => n.type === 'start' && n.parentId === undefined);
  if (start === undefined) return undefined;
  return {
    x: start.position.x,
    y: start.position.y,
    width: start.measured?.width ?? 0,
    height: start.measured?.height ?? 0,
  };
}
