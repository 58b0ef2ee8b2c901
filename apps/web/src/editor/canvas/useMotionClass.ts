import { useMemo, type RefObject } from 'react';

/**
 * While the viewport moves (pan, zoom, animated fit), `className` is set on the element: the
 * stylesheet then keeps the flow on its own compositor layer and lays a shield over it, so a pan
 * frame neither repaints nor hit-tests a thousand nodes. Set straight on the DOM: no re-render.
 * Returns RF's `onMoveStart` / `onMoveEnd` handlers (d3-zoom pairs them; a wheel gesture ends
 * 150 ms after its last event).
 */
export function useMotionClass(ref: RefObject<HTMLElement | null>, className: string) {
  return useMemo(
    () => ({
      onMoveStart: () => ref.current?.classList.add(className),
      onMoveEnd: () => ref.current?.classList.remove(className),
    }),
    [ref, className],
  );
}
