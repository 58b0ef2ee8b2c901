import type { Bookkeeping } from './bookkeeping';
import type { CancelToken, Semaphore } from './concurrency';
import type { FlowDataAccess } from './flow-data';
import type { ResourceScope } from './resources';
import type { LayerMark, Signal, SignalMeta, SignalSource, TriggerType } from './signal';
import type { StateStore } from './state-store';
import type { TriggerFlowRuntimeData } from './runtime-data';
import type { TriggerFlowExecution } from './execution';
import type { InterruptRecord } from '@triggerflow/blueprint';
import type { PauseOptions, PauseSignal } from './interrupts';
import type { WorkLedger } from './work';
import type { ExecutionObservation } from './observer';

/** One run of a sub-flow step: the child execution and where the parent continues. */
export interface SubFlowFrame {
  readonly id: string;
  readonly operatorId: string;
  /** The parent signal that started the sub-flow. */
  readonly signal: Signal;
  status: 'running' | 'waiting' | 'cancel_requested' | 'cancelled' | 'failed' | 'completed';
  child?: TriggerFlowExecution<false>;
  /** The child's snapshot, when the frame was restored by a load and not resumed yet. */
  childSnapshot?: unknown;
}

export interface NewSignal {
  readonly event: string;
  readonly value: unknown;
  readonly layers: readonly LayerMark[];
  readonly source: SignalSource;
  readonly meta: SignalMeta;
  readonly type?: TriggerType;
}

/** What an execution lends to its operators and to the `data` object while they run. */
export interface ExecutionCore {
  readonly id: string;
  readonly status: string;
  /** The public handle of this execution. */
  readonly execution: TriggerFlowExecution;
  readonly state: StateStore;
  readonly flowData: FlowDataAccess;
  readonly resources: ResourceScope;
  readonly bookkeeping: Bookkeeping;
  readonly semaphore: Semaphore | undefined;
  readonly skipExceptions: boolean;
  /** Unfinished work, for save/resume. */
  readonly work: WorkLedger;
  /** Cancelled when the execution is closed with `pendingInterrupts: 'cancel'`. */
  readonly closingToken: CancelToken;
  newSignal(init: NewSignal): Signal;
  dispatch(signal: Signal, token: CancelToken): Promise<void>;
  /** Start an owned background dispatch (emitNowait). */
  spawn(signal: Signal): void;
  createData(signal: Signal, token: CancelToken): TriggerFlowRuntimeData;
  collectionBranches(name: string): readonly string[];
  /** A handler threw: mark the execution failed (or report it when exceptions are skipped). */
  handlerFailed(error: unknown, operatorId: string): void;
  warn(code: string, message: string): void;
  /** Resolves after `ms` on the flow's clock (simulated in tests). */
  sleep(ms: number): Promise<void>;
  /** Records a pause of the step handling `signal`; its branch stops until resumed. */
  pause(
    options: PauseOptions,
    signal: Signal,
    operatorId: string,
    continuationEvent: string,
  ): PauseSignal;
  interrupt(id: string): InterruptRecord | undefined;
  openFrame(frame: SubFlowFrame): SubFlowFrame;
  closeFrame(id: string): void;
  /** Shows a child's waiting interrupt on this execution as `<frameId>:<id>`. */
  projectInterrupt(
    frame: SubFlowFrame,
    interrupt: InterruptRecord,
    continuationEvent: string,
  ): void;
  putIntoStream(item: unknown): void;
  stopStream(): void;
  /** Whether anyone observes this execution (build observations only then). */
  readonly observed: boolean;
  observe(observation: ExecutionObservation): void;
  /** Live counts of fan-out activations (`<group>@<instance>`), for `node.progress`. */
  readonly fanOutCounts: Map<string, FanOutCount>;
}

export interface FanOutCount {
  total: number;
  done: number;
  running: number;
  failed: number;
  cap: number | null;
}
