import type { InterruptRecord } from '@triggerflow/blueprint';
import type { LayerMark } from './signal';

/** Where a step ran: the keys of the fan-outs it is inside (forEach index, batch branch, case). */
export type NodeScope = readonly (string | number)[];

/** Counts of one fan-out activation (forEach, batch, hitAll match), after every change. */
export interface FanOutProgress {
  readonly total: number;
  readonly done: number;
  readonly running: number;
  readonly failed: number;
  /** The concurrency cap; `null` when every branch may run at once. */
  readonly cap: number | null;
}

/**
 * What an execution reports while it runs, synchronously and in order. `nodeId` is the chunk's
 * name (a blueprint node's id) or the structural node's id.
 */
export type ExecutionObservation =
  | {
      readonly type: 'node.started';
      readonly nodeId: string;
      readonly input: unknown;
      readonly scope: NodeScope;
    }
  | {
      readonly type: 'node.completed';
      readonly nodeId: string;
      readonly output: unknown;
      readonly scope: NodeScope;
    }
  | {
      readonly type: 'node.failed';
      readonly nodeId: string;
      readonly error: unknown;
      readonly scope: NodeScope;
    }
  | ({
      readonly type: 'node.progress';
      readonly nodeId: string;
      readonly scope: NodeScope;
    } & FanOutProgress)
  /** An interrupt was opened, re-armed, or left `waiting` (`previous` is its prior status). */
  | {
      readonly type: 'interrupt';
      readonly interrupt: InterruptRecord;
      readonly previous: InterruptRecord['status'] | null;
    }
  /** An item a step put into the runtime stream (engine interrupt items are reported as `interrupt`). */
  | { readonly type: 'stream.item'; readonly item: unknown };

/**
 * Called for every observation. It must not throw (a throw is reported as an
 * `OBSERVER_FAILED` warning and otherwise ignored) and should be cheap: it runs on the hot path.
 */
export type ExecutionObserver = (observation: ExecutionObservation) => void;

export const scopeOf = (layers: readonly LayerMark[]): NodeScope =>
  layers.length === 0 ? [] : layers.map((mark) => mark.key);
