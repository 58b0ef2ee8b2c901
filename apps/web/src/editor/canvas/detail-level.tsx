/**
 * Level of detail by zoom (issue 6, large flows): zoomed out, text is a few pixels tall and only
 * costs time to draw, so nodes draw less. Every level keeps the node's box (node-size.ts) and its
 * handles in the DOM, so RF measures nothing again when the level changes and edges stay attached.
 *
 * The canvas reads the zoom once (`DetailLevelProvider`) and hands the level down by context: a
 * store subscription per node would run a thousand selectors on every pan frame.
 */
import { useStore, type ReactFlowState } from '@xyflow/react';
import { createContext, useContext, type ReactNode } from 'react';

export type DetailLevel = 'full' | 'title' | 'box';

/** Below this zoom a node shows its title only. */
export const TITLE_ONLY_BELOW = 0.4;
/** Below this zoom a node is a plain box (colour by kind and by issues, no text). */
export const BOX_ONLY_BELOW = 0.2;

export function detailLevel(zoom: number): DetailLevel {
  if (zoom < BOX_ONLY_BELOW) return 'box';
  if (zoom < TITLE_ONLY_BELOW) return 'title';
  return 'full';
}

// Until RF has set up its pan and zoom, its store holds zoom 1, not the viewport it opens at.
const selectLevel = (s: ReactFlowState): DetailLevel | null =>
  s.panZoom === null ? null : detailLevel(s.transform[2]);

/**
 * The detail level of RF's current zoom (for the canvas itself), or of `openingZoom` while RF is
 * not set up yet: the first render already draws at the level the flow opens at.
 */
export const useZoomDetailLevel = (openingZoom: number): DetailLevel =>
  useStore(selectLevel) ?? detailLevel(openingZoom);

const DetailLevelContext = createContext<DetailLevel>('full');

/** Provides the detail level (from `useZoomDetailLevel`, read once by the canvas). */
export function DetailLevelProvider({
  level,
  children,
}: {
  level: DetailLevel;
  children: ReactNode;
}) {
  return <DetailLevelContext.Provider value={level}>{children}</DetailLevelContext.Provider>;
}

export const useDetailLevel = (): DetailLevel => useContext(DetailLevelContext);
