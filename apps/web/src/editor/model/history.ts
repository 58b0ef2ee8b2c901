/**
 * Undo / redo of document snapshots (DESIGN.md §5: undo/redo for every mutation).
 *
 * An immutable value with pure functions, so a zustand store can keep it as state and derive
 * `canUndo` / `canRedo` with selectors. Every mutation (move, connect, config edit, paste, import,
 * layout, delete) is one `push` of the next document; snapshots are stored by reference, so the
 * unchanged nodes and edges of consecutive snapshots are shared, never copied.
 *
 * Coalescing: pushes with the same `coalesceKey` in a row replace the newest step instead of
 * adding one (a drag of nodes `a,b` pushing on every frame = one step). The group stays open
 * until `seal` (call it on drag stop), an undo / redo, or a push with another key or none.
 */

export interface HistoryStep<T> {
  readonly doc: T;
  /** What produced this document ("Move 2 nodes"), for "Undo …" menus. */
  readonly label: string;
  readonly coalesceKey?: string;
}

export interface History<T> {
  /** Older steps, oldest first. */
  readonly past: readonly HistoryStep<T>[];
  readonly present: HistoryStep<T>;
  /** Undone steps, next redo first. */
  readonly future: readonly HistoryStep<T>[];
  /** Whether a push with the present's `coalesceKey` merges into it. */
  readonly open: boolean;
  /** The most steps `undo` can go back. */
  readonly maxDepth: number;
}

export interface PushOptions {
  /** Consecutive pushes with the same key are one step (e.g. `move:a,b`). */
  readonly coalesceKey?: string;
}

export const DEFAULT_MAX_DEPTH = 200;

export function createHistory<T>(
  doc: T,
  options: { label?: string; maxDepth?: number } = {},
): History<T> {
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 1) {
    throw new RangeError(`maxDepth must be a positive integer, got ${maxDepth}`);
  }
  return {
    past: [],
    present: { doc, label: options.label ?? 'Open' },
    future: [],
    open: false,
    maxDepth,
  };
}

/** Records `doc` as the new present and clears redo; the same document object is no step. */
export function push<T>(
  history: History<T>,
  doc: T,
  label: string,
  options: PushOptions = {},
): History<T> {
  if (doc === history.present.doc) return history;
  const key = options.coalesceKey;
  const present: HistoryStep<T> =
    key === undefined ? { doc, label } : { doc, label, coalesceKey: key };
  if (key !== undefined && history.open && history.present.coalesceKey === key) {
    return { ...history, present, future: [] };
  }
  const past = [...history.past, history.present];
  if (past.length > history.maxDepth) past.splice(0, past.length - history.maxDepth);
  return { ...history, past, present, future: [], open: key !== undefined };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return {
    ...history,
    past: history.past.slice(0, -1),
    present: previous,
    future: [history.present, ...history.future],
    open: false,
  };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return {
    ...history,
    past: [...history.past, history.present],
    present: next,
    future: rest,
    open: false,
  };
}

/** Ends the open coalescing group: the next push is a step of its own. */
export function seal<T>(history: History<T>): History<T> {
  return history.open ? { ...history, open: false } : history;
}

/** Starts over with `doc` (a flow opened or restored): nothing to undo or redo. */
export function reset<T>(history: History<T>, doc: T, label = 'Open'): History<T> {
  return createHistory(doc, { label, maxDepth: history.maxDepth });
}

export const canUndo = (history: History<unknown>): boolean => history.past.length > 0;
export const canRedo = (history: History<unknown>): boolean => history.future.length > 0;

/** The label of the step `undo` would take back, if any. */
export const undoLabel = (history: History<unknown>): string | undefined =>
  canUndo(history) ? history.present.label : undefined;

/** The label of the step `redo` would bring back, if any. */
export const redoLabel = (history: History<unknown>): string | undefined =>
  history.future[0]?.label;
