export { TriggerFlow, type TriggerFlowOptions, type WhenTrigger } from './flow';
export { FlowProcess, type SubFlowOptions, type ToOptions } from './process';
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
export {
  PauseSignal,
  type ContinueOptions,
  type LedgerEntry,
  type PauseOptions,
  type ResumeLedger,
} from './interrupts';
export type { LoadInspection, LoadOptions, LoadStatus } from './persistence';
export type { PendingWork } from './work';
export type {
  ExecutionObservation,
  ExecutionObserver,
  FanOutProgress,
  NodeScope,
} from './observer';
export type { SubFlowFrame } from './execution-core';
export { validateBlueprint } from './blueprint/validate';
export type { AbortEventLike, AbortListener, AbortSignalLike } from './abort';
export { blueprintValueIssues, FORBIDDEN_KEYS } from './blueprint/validate-values';
export { blueprintFingerprint } from './blueprint/fingerprint';
export { layoutBlueprint } from './blueprint/layout';
export type {
  ConditionHandler,
  FlowRef,
  HandlerRegistry,
  Registration,
} from './blueprint/registry';
export type { Bindings } from './blueprint/sub-flow-bindings';
export type { ChildFlow } from './blueprint/sub-flow-operator';
