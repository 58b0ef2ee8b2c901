/**
 * The pure part of the overview map (OverviewMap.tsx): where every node is in flow coordinates
 * (children are placed relative to their group), and the scale that fits them into the map.
 */
import type { Rect } from '@xyflow/react';
import type { FlowNode } from '../model/convert';

export interface PlacedBox extends Rect {
  readonly kind: string;
  readonly group: boolean;
}

/** Every node's box in flow coordinates, parents first (as the document keeps them). */
export function placedBoxes(nodes: readonly FlowNode[]): PlacedBox[] {
  const origin = new Map<string, { x: number; y: number }>();
  const out: PlacedBox[] = [];
  for (const node of nodes) {
    const parent = node.parentId === undefined ? undefined : origin.get(node.parentId);
    const x = node.position.x + (parent?.x ?? 0);
    const y = node.position.y + (parent?.y ?? 0);
    origin.set(node.id, { x, y });
    if (node.hidden === true) continue;
    const kind = node.type ?? node.data.kind;
    out.push({
      x,
      y,
      width: node.measured?.width ?? 0,
      height: node.measured?.height ?? 0,
      kind,
      group: kind === 'forEach' || kind === 'batch',
    });
  }
  return out;
}

export interface MapFrame {
  /** Flow coordinates of the map's top left corner. */
  readonly x: number;
  readonly y: number;
  /** Map pixels per flow unit. */
  readonly scale: number;
}

/** Fits `boxes` (with a margin) into a `width` × `height` map, centred. */
export function mapFrame(
  boxes: readonly Rect[],
  width: number,
  height: number,
  margin = 0.05,
): MapFrame {
  if (boxes.length === 0) return { x: 0, y: 0, scale: 1 };
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of boxes) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.width);
    y1 = Math.max(y1, b.y + b.height);
  }
  const w = Math.max(x1 - x0, 1) * (1 + 2 * margin);
  const h = Math.max(y1 - y0, 1) * (1 + 2 * margin);
  const scale = Math.min(width / w, height / h);
  return {
    x: (x0 + x1) / 2 - width / scale / 2,
    y: (y0 + y1) / 2 - height / scale / 2,
    scale,
  };
}
