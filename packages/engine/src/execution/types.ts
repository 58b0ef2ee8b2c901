import type { TriggerFlowExecution } from '../execution';
import type { ExecutionObserver } from '../observer';

export type ExecutionStatus =
  'created' | 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';
export type LifecycleState = 'open' | 'sealed' | 'closed';
/** What `close()` returns: a copy of every state key. */
export type CloseSnapshot = Record<string, unknown>;

export interface ExecutionOptions<AutoClose extends boolean = boolean> {
  /** Close automatically once idle for `autoCloseTimeoutMs` (default true). */
  readonly autoClose?: AutoClose;
  /** Idle time before an auto-close, default 10 000 ms; `null` never auto-closes. */
  readonly autoCloseTimeoutMs?: number | null;
  readonly runtimeResources?: Record<string, unknown>;
  /** At most this many handlers run at once in this execution. */
  readonly concurrency?: number;
  /** Swallow (and report) handler errors instead of failing the execution. */
  readonly skipExceptions?: boolean;
  readonly executionId?: string;
  /** Told, synchronously, about every step start / end, fan-out progress, interrupt and stream item. */
  readonly observer?: ExecutionObserver;
}

export interface CloseOptions {
  /** Deadline for draining owned tasks; remaining ones are cancelled and close fails. */
  readonly timeoutMs?: number;
  readonly pendingInterrupts?: 'error' | 'cancel';
  readonly reason?: string;
}

export type StartResult<AutoClose extends boolean> = AutoClose extends false
  ? TriggerFlowExecution<false>
  : CloseSnapshot;
