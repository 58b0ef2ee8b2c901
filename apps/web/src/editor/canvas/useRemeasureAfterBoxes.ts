import { useUpdateNodeInternals } from '@xyflow/react';
import { useEffect, useRef, type RefObject } from 'react';
import type { DetailLevel } from './detail-level';

/**
 * Plain boxes (detail level `box`) have no handles, and RF measures a node's handles when it
 * mounts or resizes, not when its content changes: so when the zoom leaves that level, RF is asked
 * to measure every node on the canvas again (their edges come back with it, a frame later).
 */
export function useRemeasureAfterBoxes(
  level: DetailLevel,
  frame: RefObject<HTMLElement | null>,
): void {
  const update = useUpdateNodeInternals();
  const previous = useRef(level);
  useEffect(() => {
    const was = previous.current;
    previous.current = level;
    if (was !== 'box' || level === 'box' || frame.current === null) return;
    const ids = [...frame.current.querySelectorAll('.react-flow__node')]
      .map((element) => element.getAttribute('data-id'))
      .filter((id) => id !== null);
    update(ids);
  }, [level, frame, update]);
}
