import type { CancelToken } from '../concurrency';
import type { TriggerFlowExecution } from '../execution';
import type { ExecutionCore, SubFlowFrame } from '../execution-core';
import type { ExecutionHost } from '../execution-host';
import type { InterruptBook } from '../interrupts';
import type { Operator } from '../operator';
import type { PendingWork } from '../work';
import type { CloseSnapshot, ExecutionStatus, LifecycleState } from './types';

/**
 * The private side of a `TriggerFlowExecution` that its pause, sub-flow and snapshot modules work
 * on. The execution builds it on first use (a pause, a save, a load), so runs that never need it
 * pay nothing for it; the dispatch path never goes through it.
 */
export interface ExecutionInternals {
  /** The execution itself, as far as these modules use it. */
  readonly execution: ExecutionView;
  readonly host: ExecutionHost;
  /** The handler table the execution dispatches on. */
  readonly table: ReadonlyMap<string, readonly Operator[]>;
  readonly interrupts: InterruptBook;
  /** Sub-flow frames that are running or waiting, by id. */
  readonly frames: Map<string, SubFlowFrame>;
  /** Token of work started from outside; read it at use (a close deadline replaces it). */
  rootToken(): CancelToken;
  /** Dispatches and tracked tasks in flight. */
  inflight(): number;
  signalSeq(): number;
  setStatus(status: ExecutionStatus): void;
  /** 'running' ⇄ 'waiting' as interrupts come and go; re-schedules the auto-close when none wait. */
  refreshStatus(): void;
  scheduleAutoClose(): void;
  /** Counts work that runs outside `dispatch` as in flight. */
  track(work: Promise<void>): Promise<void>;
  closeSnapshot(): CloseSnapshot | undefined;
  closeReason(): string | undefined;
  /** The work a load restored, handed over once (later calls get `[]`). */
  takeRestoredWork(): PendingWork[];
  /** Sets what a load restores of the run itself: id, counters, status and lifecycle. */
  restoreRun(run: RestoredRun): void;
}

/** What operators see of an execution, plus the public reads the helper modules need. */
export type ExecutionView = ExecutionCore &
  Pick<
    TriggerFlowExecution,
    | 'status'
    | 'lifecycleState'
    | 'started'
    | 'hidden'
    | 'autoClose'
    | 'autoCloseTimeoutMs'
    | 'operatorById'
  >;

export interface RestoredRun {
  readonly id: string;
  readonly signalSeq: number;
  readonly status: ExecutionStatus;
  readonly lifecycle: LifecycleState;
  readonly started: boolean;
  /** The frozen state, when the saved execution was closed. */
  readonly closeSnapshot: CloseSnapshot | undefined;
  readonly closeReason: string | undefined;
  readonly pendingWork: PendingWork[];
}
