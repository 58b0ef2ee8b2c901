import { useCallback, useLayoutEffect, useRef } from 'react';

/**
 * Keeps a scrolling list at its bottom while new rows arrive, unless the reader scrolled up.
 * Returns the ref and scroll handler to put on the scrolling element.
 */
export function useStickToBottom<T extends HTMLElement>(rows: number) {
  const ref = useRef<T>(null);
  const atBottom = useRef(true);
  const onScroll = useCallback(() => {
    const el = ref.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 32;
  }, []);
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && atBottom.current) el.scrollTop = el.scrollHeight;
  }, [rows]);
  return { ref, onScroll };
}
