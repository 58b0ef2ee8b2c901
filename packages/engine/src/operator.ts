import type { CancelToken } from './concurrency';
import type { ExecutionCore } from './execution-core';
import type { Signal, TriggerRef } from './signal';

export type OperatorKind =
  | 'chunk'
  | 'signalGate'
  | 'batchFanout'
  | 'batchCollect'
  | 'forEachSplit'
  | 'forEachCollect'
  | 'matchRoute'
  | 'matchCollect'
  | 'collectBranch';

/**
 * One node of a flow definition: listens to signals, emits others. The description fields are plain
 * JSON (they become the blueprint); `run` is the behaviour, looked up by the execution's handler table.
 */
export interface Operator {
  readonly id: string;
  readonly kind: OperatorKind;
  readonly listen: readonly TriggerRef[];
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;
  run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void>;
}
