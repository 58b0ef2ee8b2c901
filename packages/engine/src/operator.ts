import type { CancelToken } from './concurrency';
import type { ExecutionCore } from './execution-core';
import type { Signal, TriggerRef } from './signal';
import type { PendingWork } from './work';
import type { BlueprintNode } from '@triggerflow/blueprint';

export type OperatorKind =
  | 'chunk'
  | 'signalGate'
  | 'batchFanout'
  | 'batchCollect'
  | 'forEachSplit'
  | 'forEachCollect'
  | 'matchRoute'
  | 'matchCollect'
  | 'collectBranch'
  | 'subFlow';

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
  /** Continues a saved, partly launched fan-out (forEach, batch). */
  resume?(work: FanOutWork, core: ExecutionCore, token: CancelToken): Promise<void>;
  /** Operators with no built-in blueprint form (sub-flows) describe themselves. */
  toBlueprintNode?(options: { strict: boolean }): { node: BlueprintNode };
}

export type FanOutWork = Extract<PendingWork, { kind: 'fanOut' }>;
