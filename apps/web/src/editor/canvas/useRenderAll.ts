import { useStore, type ReactFlowState, type Rect } from '@xyflow/react';
import { useCallback, useRef } from 'react';

/** Render every element while the view shows at least this share of the flow's area… */
const ALL_FROM_SHARE = 0.6;
/** …and keep doing so until it shows less than this (no flapping around one zoom). */
const ALL_UNTIL_SHARE = 0.35;

/** The view a flow opens at, before RF knows it: RF's transform and the pane's size. */
export type OpeningView = Pick<ReactFlowState, 'transform' | 'width' | 'height'>;

/** The share of `bounds` (flow coordinates) inside the view of `s`, 0 to 1. */
export function viewShare(s: Pick<ReactFlowState, 'transform' | 'width' | 'height'>, bounds: Rect) {
  const [tx, ty, zoom] = s.transform;
  const x0 = Math.max(bounds.x, -tx / zoom);
  const y0 = Math.max(bounds.y, -ty / zoom);
  const x1 = Math.min(bounds.x + bounds.width, (s.width - tx) / zoom);
  const y1 = Math.min(bounds.y + bounds.height, (s.height - ty) / zoom);
  if (x1 <= x0 || y1 <= y0) return 0;
  return ((x1 - x0) * (y1 - y0)) / Math.max(bounds.width * bounds.height, 1);
}

/**
 * Whether RF should render every node and edge rather than only those in view
 * (`onlyRenderVisibleElements`). Culling pays when most of a large flow is out of view; when most
 * of it is in view it renders nearly everything anyway, and only adds work on every pan frame:
 * nodes crossing the view's edge mount, get measured, and unmount again.
 */
export function useRenderAll(bounds: Rect | undefined, opening: OpeningView | null): boolean {
  const last = useRef(false);
  const selector = useCallback(
    (s: ReactFlowState): boolean => {
      if (bounds === undefined) return true;
      // Until RF has set up its pan and zoom and measured its pane, judge by the opening view.
      const view = (s.panZoom === null || s.width === 0) && opening !== null ? opening : s;
      const share = viewShare(view, bounds);
      return share >= (last.current ? ALL_UNTIL_SHARE : ALL_FROM_SHARE);
    },
    [bounds, opening],
  );
  const all = useStore(selector);
  last.current = all;
  return all;
}
