/** The editor store's ui slice: notices, the kind picker, a diff shown on the canvas. */
import type { XYPosition } from '@xyflow/react';
import type { HandleRef } from './graph-ops';

export type Dialog = 'help' | 'versions' | 'dryRun' | 'json' | 'settings' | null;

/** A notice shown as a toast (nothing on the page moves for it). */
export interface Toast {
  readonly id: number;
  readonly message: string;
  /** `error` toasts stay until dismissed; `info` ones go by themselves. */
  readonly tone: 'info' | 'error';
}

/** The searchable kind picker: where it opens, where the node lands, and how it is wired. */
export interface PickerRequest {
  /** Client (screen) coordinates of the picker's top left corner. */
  readonly screen: XYPosition;
  /** The new node's flow position (absolute). */
  readonly at: XYPosition;
  /** Connect the new node from this output handle. */
  readonly from?: HandleRef;
  /** Put the new node on this edge. */
  readonly edgeId?: string;
}

/** Version differences highlighted on the canvas (VersionsDialog → "Show on the canvas"). */
export interface DiffView {
  readonly from: number;
  readonly to: number;
  readonly added: ReadonlySet<string>;
  readonly changed: ReadonlySet<string>;
  /** Labels of the nodes the newer version no longer has (they are not on the canvas). */
  readonly removed: readonly string[];
}

/**
 * Where the pointer last was over the canvas, in flow coordinates (paste lands there). A mutable
 * holder, not state: it changes on every mouse move and nothing renders from it.
 */
export interface PointerHolder {
  at: XYPosition | null;
}
