import { AutoCloser } from './auto-close';
import { emptyBookkeeping, type Bookkeeping } from './bookkeeping';
import { CancelToken, runPool, Semaphore } from './concurrency';
import { CancelledError, EngineError, isCancelled } from './errors';
import type { ExecutionCore, FanOutCount, NewSignal, SubFlowFrame } from './execution-core';
import type { ExecutionObservation, ExecutionObserver } from './observer';
import { FlowDataAccess } from './flow-data';
import type { ExecutionHost } from './execution-host';
import type { Operator } from './operator';
import { ResourceScope } from './resources';
import { TriggerFlowRuntimeData } from './runtime-data';
import {
  childScope,
  emptyLayers,
  START_EVENT,
  triggerKey,
  type Signal,
  type TriggerType,
} from './signal';
import { StateStore, type DataHost } from './state-store';
import { getPath } from './paths';
import type { TimerHandle } from './platform';
import { RuntimeStream, type StreamReadOptions } from './stream';
import type { ExecutionSnapshot, InterruptRecord } from '@triggerflow/blueprint';
import {
  InterruptBook,
  type ContinueOptions,
  type PauseOptions,
  type PauseSignal,
} from './interrupts';
import { WorkLedger, type PendingWork } from './work';
import type { LoadInspection, LoadOptions } from './persistence';
import type { ExecutionInternals, RestoredRun } from './execution/internals';
import { InterruptControl } from './execution/interrupt-control';
import { inspectLoad, loadSnapshot, resumeWork, saveSnapshot } from './execution/snapshot-io';
import { SubFlowControl } from './execution/sub-flow-control';
import type {
  CloseOptions,
  CloseSnapshot,
  ExecutionOptions,
  ExecutionStatus,
  LifecycleState,
  StartResult,
} from './execution/types';

export type {
  CloseOptions,
  CloseSnapshot,
  ExecutionOptions,
  ExecutionStatus,
  LifecycleState,
  StartResult,
} from './execution/types';

interface Waiter {
  resolve(snapshot: CloseSnapshot): void;
  reject(error: unknown): void;
}

/** One run of a flow: its state, its signals, its lifecycle, its stream. */
export class TriggerFlowExecution<AutoClose extends boolean = boolean> implements ExecutionCore {
  private idValue: string;
  readonly state: StateStore;
  readonly flowData: FlowDataAccess;
  readonly resources: ResourceScope;
  readonly bookkeeping: Bookkeeping = emptyBookkeeping();
  readonly semaphore: Semaphore | undefined;
  readonly skipExceptions: boolean;
  readonly autoClose: boolean;
  readonly autoCloseTimeoutMs: number | null;
  readonly work = new WorkLedger();
  /** @internal */
  readonly interrupts = new InterruptBook();
  /** @internal Set for the hidden executions of `flow.start` / `flow.getRuntimeStream`. */
  hidden = false;
  /** @internal A sub-flow's child forwards its stream items to its parent through this. */
  streamListener: ((item: unknown) => void) | undefined;
  private readonly frames = new Map<string, SubFlowFrame>();
  private readonly observer: ExecutionObserver | undefined;
  readonly observed: boolean;
  readonly fanOutCounts = new Map<string, FanOutCount>();

  private statusValue: ExecutionStatus = 'created';
  private lifecycle: LifecycleState = 'open';
  private closeReason: string | undefined;
  private readonly table: ReadonlyMap<string, readonly Operator[]>;
  private readonly collections: ReadonlyMap<string, readonly string[]>;
  private readonly stream = new RuntimeStream();
  private readonly autoCloser: AutoCloser | undefined;
  /** Token of work started from outside; replaced after a close deadline cancels the old one. */
  private rootToken = new CancelToken();
  /** Cancelled by a close with `pendingInterrupts: 'cancel'`: handlers' abort signals fire. */
  readonly closingToken = new CancelToken();
  private signalSeq = 0;
  private inflight = 0;
  private lastActivity: number;
  private startPromise: Promise<void> | undefined;
  private startFailure: { error: unknown } | undefined;
  private retainedErrors: unknown[] = [];
  private idleWaiters: (() => void)[] = [];
  private closeWaiters: Waiter[] = [];
  private closing: Promise<CloseSnapshot> | undefined;
  private snapshot: CloseSnapshot | undefined;
  private restoredWork: PendingWork[] = [];
  /** Built on first use: most runs never pause, save or load. */
  private internalsValue: ExecutionInternals | undefined;
  private pauseControl: InterruptControl | undefined;
  private subFlowControl: SubFlowControl | undefined;

  constructor(
    private readonly host: ExecutionHost,
    options: ExecutionOptions<AutoClose> = {},
  ) {
    this.idValue = options.executionId ?? host.newId();
    this.table = host.handlerTable();
    this.collections = host.collections();
    this.skipExceptions = options.skipExceptions ?? host.skipExceptions;
    this.semaphore = options.concurrency ? new Semaphore(options.concurrency) : undefined;
    this.autoClose = options.autoClose ?? true;
    this.autoCloseTimeoutMs =
      options.autoCloseTimeoutMs === undefined ? 10_000 : options.autoCloseTimeoutMs;
    this.lastActivity = host.clock.now();
    this.observer = options.observer;
    this.observed = options.observer !== undefined;
    if (this.observed) {
      this.interrupts.onChange = (interrupt, previous) =>
        this.observe({ type: 'interrupt', interrupt, previous: previous?.status ?? null });
    }
    const stateHost = this.dataHost();
    this.state = new StateStore(stateHost);
    this.flowData = new FlowDataAccess(host.flowData, stateHost, () =>
      host.warn(
        'FLOW_DATA_SHARED',
        `Flow data of flow '${host.name}' is shared by every execution of the flow; use state for execution-local data or pass { noWarning: true }.`,
      ),
    );
    this.resources = new ResourceScope(() => this.id, host.flowResources, options.runtimeResources);
    if (this.autoClose && this.autoCloseTimeoutMs !== null) {
      this.autoCloser = new AutoCloser(host.clock, this.autoCloseTimeoutMs, {
        isIdle: () =>
          this.lifecycle === 'open' && !this.interrupts.hasWaiting && this.inflight === 0,
        lastActivityAt: () => this.lastActivity,
        close: () => void this.closeAndNotify({ reason: 'autoClose' }),
      });
    }
    host.register(this);
  }

  get id(): string {
    return this.idValue;
  }
  get status(): ExecutionStatus {
    return this.statusValue;
  }
  get lifecycleState(): LifecycleState {
    return this.lifecycle;
  }
  get started(): boolean {
    return this.startPromise !== undefined;
  }
  get execution(): TriggerFlowExecution {
    return this;
  }
  get flowName(): string {
    return this.host.name;
  }

  /** Live state before close, the frozen close snapshot after. */
  getState<T = unknown>(key?: string, defaultValue?: T): T {
    if (!this.snapshot) return this.state.get(key, defaultValue);
    if (key === undefined) return { ...this.snapshot } as T;
    const { found, value } = getPath(this.snapshot, key);
    return (found ? value : defaultValue) as T;
  }

  getMeta(): Record<string, unknown> {
    return {
      executionId: this.id,
      flowName: this.host.name,
      status: this.statusValue,
      lifecycleState: this.lifecycle,
      closeReason: this.closeReason ?? null,
    };
  }

  /**
   * Dispatch `START` with `value`. Resolves after the synchronous chain finished: with the execution
   * itself when `autoClose` is false, else with the close snapshot once it auto-closed.
   */
  async start(value?: unknown): Promise<StartResult<AutoClose>> {
    if (this.lifecycle !== 'open') {
      this.host.warn(
        'EXECUTION_NOT_OPEN',
        `ignored start because lifecycle state is '${this.lifecycle}'`,
      );
    } else {
      await this.begin(value);
    }
    if (!this.autoClose) return this as unknown as StartResult<AutoClose>;
    return (await this.closed()) as StartResult<AutoClose>;
  }

  /** Stop accepting external events; in-flight work continues. */
  seal(): void {
    if (this.lifecycle === 'open') this.lifecycle = 'sealed';
  }

  unseal(): void {
    if (this.lifecycle === 'sealed') this.lifecycle = 'open';
    this.autoCloser?.schedule();
  }

  /** External event: accepted while open (also before start); ignored with a warning after seal. */
  async emit(event: string, value?: unknown): Promise<void> {
    if (this.lifecycle !== 'open') {
      this.host.warn(
        'SIGNAL_IGNORED',
        `ignored event '${event}' because lifecycle state is '${this.lifecycle}'`,
      );
      return;
    }
    if (this.statusValue === 'created') this.statusValue = 'running';
    const signal = this.newSignal({
      event,
      value,
      layers: emptyLayers(),
      source: 'runtime',
      meta: {},
    });
    await this.dispatch(signal, this.rootToken);
  }

  /**
   * Applies a waiting interrupt's timeout policy (call it when its `afterMs` has passed): `continue`
   * answers it with the policy's value, `branch` resolves it and emits `PauseTimeout[<step>]`, `fail`
   * cancels it and fails the execution. Idempotent: a second call returns the stored interrupt.
   */
  expireInterrupt(
    interruptId: string,
    options: { actor?: string } = {},
  ): Promise<InterruptRecord | undefined> {
    return this.pauses.expireInterrupt(interruptId, options);
  }

  /** Sub-flow frames that are running or waiting. */
  getSubFlowFrames(): { id: string; operatorId: string; status: SubFlowFrame['status'] }[] {
    return this.subFlows.list();
  }

  /** Emits an event inside a sub-flow's child execution. */
  emitToSubFlow(frameId: string, event: string, value?: unknown): Promise<void> {
    return this.subFlows.emitTo(frameId, event, value);
  }

  /**
   * Cancels a running or waiting sub-flow: its interrupts are cancelled, nothing is written back and
   * the parent branch does not continue (the parent stays open). True only for the winning cancel.
   */
  cancelSubFlow(frameId: string, reason = 'cancelled'): Promise<boolean> {
    return this.subFlows.cancel(frameId, reason);
  }

  /**
   * Starts the execution at one step instead of at `START`: `state` is set first, then the node
   * (a chunk's name or a structural node's id, outside any fan-out) runs with `input` as if its
   * predecessor had just produced it. For re-runs from a node; resolves like `start`.
   */
  async startAt(
    nodeId: string,
    input: unknown,
    options: { state?: Record<string, unknown> } = {},
  ): Promise<void> {
    if (this.startPromise || this.lifecycle !== 'open') {
      throw new EngineError(
        'EXECUTION_NOT_OPEN',
        `Execution ${this.id} has started already; startAt needs a fresh execution.`,
      );
    }
    const operator = this.nodeOperator(nodeId);
    if (options.state)
      this.state.replaceAll(JSON.parse(JSON.stringify(options.state)) as Record<string, unknown>);
    this.statusValue = 'running';
    const signal = this.newSignal({
      event: `StartAt[${nodeId}]`,
      value: input,
      layers: emptyLayers(),
      source: 'start',
      meta: {},
    });
    this.startPromise = this.track(operator.run(signal, this, this.rootToken));
    this.autoCloser?.arm();
    return this.startPromise;
  }

  /** Whether the flow has a node with this id (a chunk's name or a structural node's id). */
  hasNode(nodeId: string): boolean {
    return this.findNodeOperator(nodeId) !== undefined;
  }

  /** Waiting interrupts by id. */
  getPendingInterrupts(): Record<string, InterruptRecord> {
    return Object.fromEntries(this.interrupts.waiting().map((r) => [r.id, r]));
  }

  getInterrupt(id: string): InterruptRecord | undefined {
    return this.interrupts.get(id);
  }

  /**
   * Answer a pause: marks the interrupt resumed and carries its branch on (to the paused step's
   * successor, the step itself, or an event), resolving once that dispatch has finished. Replaying
   * the same `resumeRequestId` with an equal value returns the stored interrupt and does nothing.
   */
  continueWith(
    interruptId: string,
    value: unknown,
    options: ContinueOptions = {},
  ): Promise<InterruptRecord | undefined> {
    return this.pauses.continueWith(interruptId, value, options);
  }

  /**
   * Seal, drain owned tasks, raise errors retained from them, then freeze the state snapshot and
   * close the stream. Idempotent: later calls return the same snapshot.
   */
  close(options: CloseOptions = {}): Promise<CloseSnapshot> {
    if (this.snapshot) return Promise.resolve({ ...this.snapshot });
    this.closing ??= this.performClose(options).finally(() => (this.closing = undefined));
    return this.closing;
  }

  /**
   * A JSON-safe, versioned snapshot: state, flow data, interrupts and the resume ledger, join /
   * fan-in / collect progress, and the work that was dispatched but not finished (which `resume()`
   * after `load()` runs again: at-least-once). Live resources are not saved, only their keys.
   */
  save(options: { requireIdle?: boolean } = {}): ExecutionSnapshot {
    return saveSnapshot(this.internals, options);
  }

  /** Checks a snapshot against this flow without loading it. */
  inspectLoad(saved: unknown, options: LoadOptions = {}): LoadInspection {
    return inspectLoad(this.internals, saved, options);
  }

  /**
   * Restores a saved execution into this fresh one (object or JSON string): its id, state, flow
   * data, interrupts, progress and unfinished work; the stream starts empty. Then `continueWith`,
   * `emit`, `resume` and `close` work as on the original.
   */
  load(saved: unknown, options: LoadOptions = {}): this {
    loadSnapshot(this.internals, saved, options);
    return this;
  }

  /** Work restored by `load()` that `resume()` will run again. */
  get unfinishedWork(): readonly PendingWork[] {
    return this.restoredWork;
  }

  /**
   * Runs again the work a loaded snapshot had not finished (steps in flight, background emits,
   * fan-outs not fully launched); resolves when it has finished, like `start`.
   */
  resume(): Promise<void> {
    return resumeWork(this.internals);
  }

  /** The runtime stream, replayed from its first item. Reading it first starts the execution. */
  getRuntimeStream(
    options: StreamReadOptions & { initialValue?: unknown; onFinish?: () => void } = {},
  ): AsyncIterableIterator<unknown> {
    return this.stream.reader({
      clock: this.host.clock,
      timeoutMs: options.timeoutMs === undefined ? 10_000 : options.timeoutMs,
      // Like a task scheduled in the reference, the lazy start waits one tick, so that a reader
      // created just before `start(value)` does not start the run with `initialValue` instead.
      onFirstRead: () =>
        void Promise.resolve().then(() => {
          if (this.started || this.lifecycle !== 'open') return;
          this.begin(options.initialValue).catch((error: unknown) => {
            this.startFailure = { error };
            this.stream.wake();
          });
        }),
      failure: () => this.startFailure,
      onTimeout: () =>
        this.host.warn(
          'STREAM_TIMEOUT',
          `Runtime stream of execution ${this.id} timed out waiting for an item.`,
        ),
      onFinish: options.onFinish,
    });
  }

  // ExecutionCore: what operators and `data` use.

  newSignal(init: NewSignal): Signal {
    this.signalSeq += 1;
    return {
      id: `s${this.signalSeq}`,
      type: init.type ?? 'event',
      event: init.event,
      value: init.value,
      layers: init.layers,
      source: init.source,
      meta: init.meta,
    };
  }

  async dispatch(signal: Signal, token: CancelToken): Promise<void> {
    if (token.cancelled) throw new CancelledError();
    if (this.interrupts.hasWaiting && signal.source !== 'interrupt') {
      for (const waiting of this.interrupts.waitingOn(signal.event)) {
        this.pauses.markResumed(waiting, signal.value, {});
      }
    }
    const handlers = this.table.get(triggerKey(signal.type, signal.event));
    this.lastActivity = this.host.clock.now();
    if (!handlers) return;
    this.inflight += 1;
    try {
      if (handlers.length === 1) await (handlers[0] as Operator).run(signal, this, token);
      else {
        const siblings = new CancelToken(token);
        await runPool({
          count: handlers.length,
          limit: undefined,
          token: siblings,
          task: (i) => (handlers[i] as Operator).run(signal, this, siblings),
        });
      }
    } finally {
      this.settled();
    }
  }

  spawn(signal: Signal): void {
    // Counted as in flight at once (close waits for it), started on a later microtask: the emitter
    // returns first, and a handler re-emitting its own event loops without growing the stack.
    this.inflight += 1;
    const token = this.rootToken;
    const ticket = this.work.add({ kind: 'dispatch', signal });
    void Promise.resolve()
      .then(() => {
        this.work.remove(ticket);
        return this.dispatch(signal, token);
      })
      .catch((error: unknown) => {
        if (isCancelled(error) || this.skipExceptions) return;
        this.retainedErrors.push(error);
      })
      .finally(() => this.settled());
  }

  createData(signal: Signal, token: CancelToken): TriggerFlowRuntimeData {
    return new TriggerFlowRuntimeData(this, signal, token, this.semaphore);
  }

  collectionBranches(name: string): readonly string[] {
    return this.collections.get(name) ?? [];
  }

  handlerFailed(error: unknown, operatorId: string): void {
    if (this.skipExceptions) {
      const message = error instanceof Error ? error.message : String(error);
      this.host.warn(
        'HANDLER_ERROR_SKIPPED',
        `Handler '${operatorId}' failed and was skipped: ${message}`,
      );
      return;
    }
    this.statusValue = 'failed';
  }

  warn(code: string, message: string): void {
    this.host.warn(code, message);
  }

  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => this.host.clock.setTimer(ms, resolve));
  }

  interrupt(id: string): InterruptRecord | undefined {
    return this.interrupts.get(id);
  }

  openFrame(frame: SubFlowFrame): SubFlowFrame {
    this.frames.set(frame.id, frame);
    return frame;
  }

  closeFrame(id: string): void {
    this.frames.delete(id);
  }

  projectInterrupt(
    frame: SubFlowFrame,
    interrupt: InterruptRecord,
    continuationEvent: string,
  ): void {
    this.subFlows.project(frame, interrupt, continuationEvent);
  }

  pause(
    options: PauseOptions,
    signal: Signal,
    operatorId: string,
    continuationEvent: string,
  ): PauseSignal {
    return this.pauses.pause(options, signal, operatorId, continuationEvent);
  }

  putIntoStream(item: unknown): void {
    if (this.streamListener) {
      this.streamListener(item);
      this.lastActivity = this.host.clock.now();
      return;
    }
    if (!this.stream.push(item)) {
      this.host.warn(
        'STREAM_CLOSED',
        `Ignored an item put into the closed runtime stream of execution ${this.id}.`,
      );
      return;
    }
    this.lastActivity = this.host.clock.now();
  }

  stopStream(): void {
    this.stream.close();
  }

  observe(observation: ExecutionObservation): void {
    if (!this.observer) return;
    try {
      this.observer(observation);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.host.warn('OBSERVER_FAILED', `The observer of execution ${this.id} threw: ${message}`);
    }
  }

  /** Does any handler listen to `type:<key>` (runtimeData / flowData triggers)? */
  listensTo(type: TriggerType, key: string): boolean {
    return this.table.has(triggerKey(type, key));
  }

  /** Dispatch a state or flow-data write to its listeners, inside the writer's causal tree. */
  notifyWrite(
    type: TriggerType,
    key: string,
    value: unknown,
    origin: Signal | undefined,
  ): Promise<void> {
    if (!this.listensTo(type, key)) return Promise.resolve();
    const signal = this.newSignal({
      type,
      event: key,
      value,
      layers: origin?.layers ?? emptyLayers(),
      source: type === 'flowData' ? 'flowData' : 'runtimeData',
      meta: origin ? childScope(origin) : {},
    });
    return this.dispatch(signal, this.rootToken);
  }

  // Internals.

  private refreshStatus(): void {
    if (this.statusValue === 'running' || this.statusValue === 'waiting') {
      this.statusValue = this.interrupts.hasWaiting ? 'waiting' : 'running';
    }
    if (!this.interrupts.hasWaiting) this.autoCloser?.schedule();
  }

  /** @internal The operator with `id` in this execution's handler table. */
  operatorById(id: string): Operator {
    for (const operators of this.table.values()) {
      const found = operators.find((o) => o.id === id);
      if (found) return found;
    }
    throw new EngineError(
      'INVALID_FLOW_STRUCTURE',
      `Operator '${id}' is not part of flow '${this.host.name}'.`,
    );
  }

  private findNodeOperator(nodeId: string): Operator | undefined {
    for (const operators of this.table.values()) {
      for (const operator of operators) {
        // Chunks and sub-flows are named by their node; structural operators by their id.
        const named = (operator as { chunk?: { name: string } }).chunk?.name;
        if ((named ?? operator.id) === nodeId) return operator;
      }
    }
    return undefined;
  }

  private nodeOperator(nodeId: string): Operator {
    const operator = this.findNodeOperator(nodeId);
    if (!operator) {
      throw new EngineError(
        'CHUNK_NOT_FOUND',
        `Flow '${this.host.name}' has no node '${nodeId}' to start at.`,
        { nodeId },
      );
    }
    return operator;
  }

  /** Counts work that runs outside `dispatch` as in flight. */
  private async track(work: Promise<void>): Promise<void> {
    this.inflight += 1;
    try {
      await work;
    } finally {
      this.settled();
    }
  }

  /** @internal Dispatch START (once) without waiting for a close. */
  begin(value: unknown): Promise<void> {
    if (!this.startPromise) {
      if (this.statusValue === 'created') this.statusValue = 'running';
      const signal = this.newSignal({
        event: START_EVENT,
        value,
        layers: emptyLayers(),
        source: 'start',
        meta: {},
      });
      this.startPromise = this.dispatch(signal, this.rootToken);
      this.autoCloser?.arm();
    }
    return this.startPromise;
  }

  private closed(): Promise<CloseSnapshot> {
    if (this.snapshot) return Promise.resolve({ ...this.snapshot });
    return new Promise<CloseSnapshot>((resolve, reject) =>
      this.closeWaiters.push({ resolve, reject }),
    );
  }

  /** Auto-close: a failure is reported to whoever waits for the close (`start()`), then stops retrying. */
  private async closeAndNotify(options: CloseOptions): Promise<void> {
    try {
      await this.close(options);
    } catch (error) {
      const waiters = this.closeWaiters;
      this.closeWaiters = [];
      for (const waiter of waiters) waiter.reject(error);
    }
  }

  private async performClose(options: CloseOptions): Promise<CloseSnapshot> {
    const policy = options.pendingInterrupts ?? 'error';
    if (policy !== 'error' && policy !== 'cancel') {
      throw new EngineError(
        'INVALID_OPTION',
        `pendingInterrupts must be 'error' or 'cancel', got '${String(policy)}'.`,
      );
    }
    const waiting = this.interrupts.waiting();
    if (waiting.length > 0) {
      if (policy === 'error') {
        throw new EngineError(
          'PENDING_INTERRUPTS',
          `Can not close TriggerFlow execution ${this.id} while pending interrupts are waiting: ` +
            `[${waiting.map((w) => `'${w.id}'`).join(', ')}]. Resume them with continueWith() or close with { pendingInterrupts: 'cancel' }.`,
          { interruptIds: waiting.map((w) => w.id) },
        );
      }
      for (const w of waiting) this.interrupts.resolve(w.id, { status: 'cancelled' });
      this.statusValue = 'cancelled';
    }
    // Closing with 'cancel' means: what is still running is not wanted (a run cancelled or
    // failed). Handlers that listen to `data.abortSignal` stop their I/O now.
    if (policy === 'cancel' && this.inflight > 0) {
      this.closingToken.cancel(
        `TriggerFlow execution ${this.id} was closed (${options.reason ?? 'cancel'})`,
      );
    }
    const before = this.lifecycle;
    this.seal();
    try {
      await this.drain(options.timeoutMs);
      const retained = this.retainedErrors;
      this.retainedErrors = [];
      if (retained.length > 0 && !this.skipExceptions) {
        this.statusValue = 'failed';
        const first: unknown = retained[0];
        throw first;
      }
    } catch (error) {
      if (before === 'open') this.unseal();
      throw error;
    }
    this.autoCloser?.disarm();
    const bookkeeping = this.bookkeeping;
    bookkeeping.when = {};
    bookkeeping.collect = {};
    bookkeeping.fanIn = {};
    const snapshot = { ...this.state.raw() };
    if (this.statusValue !== 'failed' && this.statusValue !== 'cancelled')
      this.statusValue = 'completed';
    this.snapshot = { ...snapshot };
    this.closeReason = options.reason ?? 'manual';
    this.lifecycle = 'closed';
    this.stream.close();
    this.host.unregister(this);
    const waiters = this.closeWaiters;
    this.closeWaiters = [];
    for (const waiter of waiters) waiter.resolve(snapshot);
    return snapshot;
  }

  /** Wait until nothing is in flight; past the deadline, cancel what remains and fail. */
  private async drain(timeoutMs: number | undefined): Promise<void> {
    if (this.inflight === 0) return;
    let deadline: TimerHandle | undefined;
    const idle = new Promise<boolean>((resolve) => {
      this.idleWaiters.push(() => resolve(true));
      if (timeoutMs !== undefined)
        deadline = this.host.clock.setTimer(timeoutMs, () => resolve(false));
    });
    const drained = await idle;
    deadline?.cancel();
    if (drained) return;
    // Cancel what is still running; work started after this gets a fresh token.
    this.rootToken.cancel(
      `TriggerFlow execution ${this.id} was still running ${timeoutMs} ms into its close`,
    );
    this.rootToken = new CancelToken();
    this.host.warn(
      'CLOSE_DRAIN_TIMEOUT',
      `Cancelled tasks still running after ${timeoutMs} ms while closing execution ${this.id}.`,
    );
    throw new EngineError(
      'CLOSE_TIMEOUT',
      `TriggerFlow execution ${this.id} could not drain its tasks within ${timeoutMs} ms.`,
      { timeoutMs },
    );
  }

  private settled(): void {
    this.inflight -= 1;
    this.lastActivity = this.host.clock.now();
    if (this.inflight === 0) this.becameIdle();
  }

  private becameIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
    this.autoCloser?.schedule();
  }

  private dataHost(): DataHost {
    return {
      touch: () => (this.lastActivity = this.host.clock.now()),
      notify: (type, key, value, origin) =>
        type === 'flowData'
          ? this.host.broadcastFlowData(key, value, this, origin)
          : this.notifyWrite(type, key, value, origin),
    };
  }

  /** The private side lent to the pause, sub-flow and snapshot modules; built on first use. */
  private get internals(): ExecutionInternals {
    return (this.internalsValue ??= {
      execution: this,
      host: this.host,
      table: this.table,
      interrupts: this.interrupts,
      frames: this.frames,
      rootToken: () => this.rootToken,
      inflight: () => this.inflight,
      signalSeq: () => this.signalSeq,
      setStatus: (status) => (this.statusValue = status),
      refreshStatus: () => this.refreshStatus(),
      scheduleAutoClose: () => this.autoCloser?.schedule(),
      track: (work) => this.track(work),
      closeSnapshot: () => this.snapshot,
      closeReason: () => this.closeReason,
      takeRestoredWork: () => {
        const work = this.restoredWork;
        this.restoredWork = [];
        return work;
      },
      restoreRun: (run) => this.restoreRun(run),
    });
  }

  private get pauses(): InterruptControl {
    return (this.pauseControl ??= new InterruptControl(this.internals, this.subFlows));
  }

  private get subFlows(): SubFlowControl {
    return (this.subFlowControl ??= new SubFlowControl(this.internals));
  }

  private restoreRun(run: RestoredRun): void {
    this.idValue = run.id;
    this.restoredWork = run.pendingWork;
    this.signalSeq = run.signalSeq;
    this.statusValue = run.status;
    this.closeReason = run.closeReason;
    if (run.started) this.startPromise = Promise.resolve();
    if (run.lifecycle === 'closed') {
      this.snapshot = run.closeSnapshot;
      this.lifecycle = 'closed';
      this.stream.close();
      this.host.unregister(this);
    } else {
      this.lifecycle = run.lifecycle;
      if (run.started) this.autoCloser?.arm();
    }
  }
}
