import { HandlerAbortSignal, type AbortSignalLike } from './abort';
import type { CancelToken, Semaphore } from './concurrency';
import type { ExecutionCore } from './execution-core';
import type { TriggerFlowExecution } from './execution';
import type { InterruptRecord } from '@triggerflow/blueprint';
import type { Chunk } from './chunk';
import { EngineError } from './errors';
import type { PauseOptions, PauseSignal } from './interrupts';
import { childScope, type Signal, type TriggerType } from './signal';

export interface StateWriteOptions {
  /** Dispatch `runtimeData:<key>` to listeners (default true). */
  readonly emit?: boolean;
}

export interface FlowDataOptions extends StateWriteOptions {
  /** Silence the "flow data is shared" warning for this call. */
  readonly noWarning?: boolean;
}

/**
 * The `data` argument every handler receives: its input, the execution's state, flow data,
 * resources, events and stream.
 */
export class TriggerFlowRuntimeData {
  private current: unknown;
  /** Whether this invocation holds an execution-level concurrency permit right now. */
  permitHeld = false;
  private done = false;
  private abort: HandlerAbortSignal | undefined;
  /** The pause this invocation registered, if any: its branch stops here. */
  paused: PauseSignal | undefined;
  /** The step being run (set for chunk handlers). */
  chunk: Chunk | undefined;

  constructor(
    private readonly core: ExecutionCore,
    readonly signal: Signal,
    private readonly token: CancelToken,
    private readonly semaphore: Semaphore | undefined,
  ) {
    this.current = signal.value;
  }

  /** Set once the handler returned: its abort signal lets go of its listeners. */
  get finished(): boolean {
    return this.done;
  }
  set finished(value: boolean) {
    this.done = value;
    if (value) this.abort?.dispose();
  }

  /**
   * Fires when this step's work is no longer wanted: the execution is closed with
   * `pendingInterrupts: 'cancel'` (the run was cancelled or failed), a fan-out sibling failed, or
   * a close deadline passed. Shaped like the platform's `AbortSignal`: hand it to `fetch` or
   * `http.request`, or listen to it. `cancelled` reads the same state.
   */
  get abortSignal(): AbortSignalLike {
    return (this.abort ??= new HandlerAbortSignal([this.token, this.core.closingToken]));
  }

  get input(): unknown {
    return this.current;
  }
  set input(value: unknown) {
    this.current = value;
  }
  get value(): unknown {
    return this.current;
  }
  set value(value: unknown) {
    this.current = value;
  }
  get inputs(): unknown {
    return this.current;
  }
  set inputs(value: unknown) {
    this.current = value;
  }

  get event(): string {
    return this.signal.event;
  }
  get type(): TriggerType {
    return this.signal.type;
  }
  get signalId(): string {
    return this.signal.id;
  }
  get execution(): TriggerFlowExecution {
    return this.core.execution;
  }
  get executionId(): string {
    return this.core.id;
  }
  /** The step's name (its node id in a blueprint). */
  get nodeId(): string | undefined {
    return this.chunk?.name;
  }
  /** The node's `handler.config` when the flow came from a blueprint. */
  get config(): unknown {
    return this.chunk?.origin.config;
  }
  /** True when this run of the step answers its own pause (`resumeTo: 'self'`). */
  get isResume(): boolean {
    return this.signal.meta.resume !== undefined;
  }
  get resume():
    { interruptId: string; value: unknown; interrupt: InterruptRecord | undefined } | undefined {
    const context = this.signal.meta.resume;
    if (!context) return undefined;
    return {
      interruptId: context.interruptId,
      value: context.value,
      interrupt: this.core.interrupt(context.interruptId),
    };
  }
  /** True once a sibling branch failed or the execution was force-closed: stop early if you can. */
  get cancelled(): boolean {
    return this.token.cancelled || this.core.closingToken.cancelled;
  }
  get status(): string {
    return this.core.status;
  }

  // State (execution-local, serialisable).
  getState<T = unknown>(key?: string, defaultValue?: T): T {
    return this.core.state.get(key, defaultValue);
  }
  setState(key: string, value: unknown, options?: StateWriteOptions): Promise<void> {
    return this.core.state.set(key, value, options?.emit ?? true, this.signal);
  }
  appendState(key: string, value: unknown, options?: StateWriteOptions): Promise<void> {
    return this.core.state.append(key, value, options?.emit ?? true, this.signal);
  }
  delState(key: string, options?: StateWriteOptions): Promise<void> {
    return this.core.state.delete(key, options?.emit ?? true, this.signal);
  }

  // Flow data (shared by every execution of the flow; warns).
  getFlowData<T = unknown>(key?: string, defaultValue?: T, options?: FlowDataOptions): T {
    return this.core.flowData.get(key, defaultValue, options?.noWarning ?? false);
  }
  setFlowData(key: string, value: unknown, options?: FlowDataOptions): Promise<void> {
    return this.core.flowData.set(key, value, flowDataOptions(options), this.signal);
  }
  appendFlowData(key: string, value: unknown, options?: FlowDataOptions): Promise<void> {
    return this.core.flowData.append(key, value, flowDataOptions(options), this.signal);
  }
  delFlowData(key: string, options?: FlowDataOptions): Promise<void> {
    return this.core.flowData.delete(key, flowDataOptions(options), this.signal);
  }

  // Runtime resources (live objects, never serialised).
  requireResource<T = unknown>(key: string): T {
    return this.core.resources.require(key) as T;
  }
  getResource<T = unknown>(key: string, defaultValue?: T): T {
    return this.core.resources.get(key, defaultValue) as T;
  }
  setResource(key: string, value: unknown): void {
    this.core.resources.set(key, value);
  }
  delResource(key: string): void {
    this.core.resources.delete(key);
  }
  get resources(): Readonly<Record<string, unknown>> {
    return this.core.resources.view();
  }

  // Events.
  /** Dispatch `event` and resolve when every handler (and what it awaited) has finished. */
  async emit(event: string, value?: unknown): Promise<void> {
    const signal = this.derived(event, value);
    if (!this.permitHeld || !this.semaphore) return this.core.dispatch(signal, this.token);
    // Release our permit while the nested dispatch runs, so a cap of 1 never deadlocks.
    this.permitHeld = false;
    this.semaphore.release();
    try {
      await this.core.dispatch(signal, this.token);
    } finally {
      await this.semaphore.acquire();
      // An un-awaited emit can outlive its handler: then the permit goes straight back.
      if (this.finished) this.semaphore.release();
      else this.permitHeld = true;
    }
  }

  /** Dispatch `event` as a background task owned by the execution; `close()` drains it. */
  emitNowait(event: string, value?: unknown): void {
    this.core.spawn(this.derived(event, value));
  }

  // Pause.
  /**
   * Pause this branch until `execution.continueWith(interrupt.id, value)`. Return the result from
   * the step: `return data.pauseFor({ type: 'approval', payload })`.
   */
  pauseFor(options: PauseOptions = {}): Promise<PauseSignal> {
    const chunk = this.chunk;
    if (!chunk) {
      return Promise.reject(
        new EngineError('INVALID_OPTION', 'pauseFor() can only be called from a step (chunk).'),
      );
    }
    try {
      this.paused = this.core.pause(options, this.signal, chunk.id, chunk.triggerEvent);
      return Promise.resolve(this.paused);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Waits `ms` milliseconds on the engine's clock (a `ManualClock` in tests). */
  async sleep(ms: number): Promise<void> {
    await this.core.sleep(ms);
    this.token.throwIfCancelled();
  }

  // Runtime stream.
  putIntoStream(item: unknown): void {
    this.core.putIntoStream(item);
    if (this.core.observed) this.core.observe({ type: 'stream.item', item });
  }
  stopStream(): void {
    this.core.stopStream();
  }

  private derived(event: string, value: unknown): Signal {
    return this.core.newSignal({
      event,
      value,
      layers: this.signal.layers,
      source: 'chunk',
      meta: childScope(this.signal),
    });
  }
}

const flowDataOptions = (options: FlowDataOptions | undefined) => ({
  emit: options?.emit ?? true,
  noWarning: options?.noWarning ?? false,
});
