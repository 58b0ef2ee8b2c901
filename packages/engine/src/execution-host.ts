import type { Operator } from './operator';
import type { Clock } from './platform';
import type { Signal } from './signal';
import type { Bag } from './state-store';
import type { TriggerFlowExecution } from './execution';

/** What a flow definition gives each of its executions. */
export interface ExecutionHost {
  readonly name: string;
  readonly clock: Clock;
  readonly skipExceptions: boolean;
  readonly flowData: Bag;
  readonly flowResources: ReadonlyMap<string, unknown>;
  /** The handler table as of now; later definition changes do not reach this execution. */
  handlerTable(): ReadonlyMap<string, readonly Operator[]>;
  collections(): ReadonlyMap<string, readonly string[]>;
  newId(): string;
  /** `sha256:<hex>` of the flow definition. */
  fingerprint(): string;
  warn(code: string, message: string): void;
  register(execution: TriggerFlowExecution): void;
  unregister(execution: TriggerFlowExecution): void;
  broadcastFlowData(
    key: string,
    value: unknown,
    from: TriggerFlowExecution,
    origin: Signal | undefined,
  ): Promise<void>;
}
