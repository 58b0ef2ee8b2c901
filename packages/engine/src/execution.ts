import { AutoCloser } from './auto-close';
import { emptyBookkeeping, type Bookkeeping } from './bookkeeping';
import { CancelToken, runPool, Semaphore } from './concurrency';
import { CancelledError, EngineError, isCancelled } from './errors';
import type { ExecutionCore, NewSignal } from './execution-core';
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

interface Waiter {
  resolve(snapshot: CloseSnapshot): void;
  reject(error: unknown): void;
}

/** One run of a flow: its state, its signals, its lifecycle, its stream. */
export class TriggerFlowExecution<AutoClose extends boolean = boolean> implements ExecutionCore {
  readonly id: string;
  readonly state: StateStore;
  readonly flowData: FlowDataAccess;
  readonly resources: ResourceScope;
  readonly bookkeeping: Bookkeeping = emptyBookkeeping();
  readonly semaphore: Semaphore | undefined;
  readonly skipExceptions: boolean;
  readonly autoClose: boolean;
  readonly autoCloseTimeoutMs: number | null;

  private statusValue: ExecutionStatus = 'created';
  private lifecycle: LifecycleState = 'open';
  private closeReason: string | undefined;
  private readonly table: ReadonlyMap<string, readonly Operator[]>;
  private readonly collections: ReadonlyMap<string, readonly string[]>;
  private readonly stream = new RuntimeStream();
  private readonly autoCloser: AutoCloser | undefined;
  /** Token of work started from outside; replaced after a close deadline cancels the old one. */
  private rootToken = new CancelToken();
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

  constructor(
    private readonly host: ExecutionHost,
    options: ExecutionOptions<AutoClose> = {},
  ) {
    this.id = options.executionId ?? host.newId();
    this.table = host.handlerTable();
    this.collections = host.collections();
    this.skipExceptions = options.skipExceptions ?? host.skipExceptions;
    this.semaphore = options.concurrency ? new Semaphore(options.concurrency) : undefined;
    this.autoClose = options.autoClose ?? true;
    this.autoCloseTimeoutMs =
      options.autoCloseTimeoutMs === undefined ? 10_000 : options.autoCloseTimeoutMs;
    this.lastActivity = host.clock.now();
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
          this.lifecycle === 'open' && this.statusValue !== 'waiting' && this.inflight === 0,
        lastActivityAt: () => this.lastActivity,
        close: () => void this.closeAndNotify({ reason: 'autoClose' }),
      });
    }
    host.register(this);
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
   * Seal, drain owned tasks, raise errors retained from them, then freeze the state snapshot and
   * close the stream. Idempotent: later calls return the same snapshot.
   */
  close(options: CloseOptions = {}): Promise<CloseSnapshot> {
    if (this.snapshot) return Promise.resolve({ ...this.snapshot });
    this.closing ??= this.performClose(options).finally(() => (this.closing = undefined));
    return this.closing;
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
    void Promise.resolve()
      .then(() => this.dispatch(signal, token))
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

  putIntoStream(item: unknown): void {
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
    this.rootToken.cancel();
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
}
