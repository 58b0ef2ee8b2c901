export { TriggerFlow, type TriggerFlowOptions, type WhenTrigger } from './flow';
export { FlowProcess, type ToOptions } from './process';
export {
  TriggerFlowExecution,
  type CloseOptions,
  type CloseSnapshot,
  type ExecutionOptions,
  type ExecutionStatus,
  type LifecycleState,
  type StartResult,
} from './execution';
export {
  TriggerFlowRuntimeData,
  type FlowDataOptions,
  type StateWriteOptions,
} from './runtime-data';
export { Chunk, type ChunkHandler } from './chunk';
export type { ChunkTarget } from './flow-builder';
export type { Operator, OperatorKind } from './operator';
export type { CaseCondition, MatchMode } from './operators/match';
export type { WhenMode } from './operators/gate';
export type { CollectMode } from './operators/collect';
export type { LayerMark, Signal, SignalSource, TriggerRef, TriggerType } from './signal';
export type { StreamReadOptions } from './stream';
export { CancelledError, EngineError, type EngineErrorCode } from './errors';
export {
  ManualClock,
  settle,
  systemClock,
  type Clock,
  type TimerHandle,
  type TriggerFlowWarning,
  type WarningSink,
} from './platform';
