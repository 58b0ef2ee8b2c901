import { Chunk, createChunk, type ChunkHandler } from './chunk';
import { EngineError } from './errors';
import { TriggerFlowExecution, type CloseSnapshot, type ExecutionOptions } from './execution';
import type { ExecutionHost } from './execution-host';
import type { ChunkTarget, FlowBuilder } from './flow-builder';
import { digestId } from './hash';
import { getPath } from './paths';
import { ChunkOperator } from './operators/chunk-operator';
import type { CollectMode } from './operators/collect';
import { SignalGateOperator, type WhenMode } from './operators/gate';
import type { CaseCondition, MatchMode } from './operators/match';
import type { Operator } from './operator';
import {
  consoleWarningSink,
  randomId,
  systemClock,
  type Clock,
  type WarningSink,
} from './platform';
import { FlowProcess, type SubFlowOptions, type ToOptions } from './process';
import type { Blueprint } from '@triggerflow/blueprint';
import { blueprintFingerprint } from './blueprint/fingerprint';
import { flowFromBlueprint, handlerRegistryOf } from './blueprint/flow-blueprint';
import type { HandlerRegistry } from './blueprint/registry';
import { toBlueprint, type DefinitionView } from './blueprint/to-blueprint';
import { listenRefs, START_EVENT, type Signal, type TriggerRef, type TriggerType } from './signal';
import type { Bag } from './state-store';
import type { StreamReadOptions } from './stream';
import { triggerRefs, type WhenTrigger } from './when-trigger';

export type { WhenTrigger } from './when-trigger';

export interface TriggerFlowOptions {
  /** Defaults to a random id. */
  readonly name?: string;
  /** Default for executions: swallow (and report) handler errors. */
  readonly skipExceptions?: boolean;
  readonly clock?: Clock;
  /** Makes execution ids (and a default flow name). */
  readonly idGenerator?: () => string;
  readonly onWarning?: WarningSink;
}

/**
 * A flow definition: chunks wired by events. Build it with `to`, `when`, `batch`, `forEach`, `match`,
 * then run it with `createExecution` (or the `start` sugar).
 */
export class TriggerFlow implements FlowBuilder {
  readonly name: string;
  readonly clock: Clock;
  readonly skipExceptions: boolean;
  private readonly idGenerator: () => string;
  private readonly onWarning: WarningSink;
  private readonly chunks = new Map<string, Chunk>();
  private readonly attached = new Map<string, TriggerRef>();
  private readonly operatorList: Operator[] = [];
  private table = new Map<string, Operator[]>();
  private tableShared = false;
  private readonly collectionBranches = new Map<string, string[]>();
  private readonly ordinals = new Map<string, number>();
  private readonly sharedData: Bag = {};
  private readonly resources = new Map<string, unknown>();
  private readonly live = new Set<TriggerFlowExecution>();
  private readonly parents = new Map<string, string>();
  private readonly eventNodeIds = new Map<string, string>();
  private cachedFingerprint: string | undefined;

  constructor(options: TriggerFlowOptions = {}) {
    this.idGenerator = options.idGenerator ?? randomId;
    this.name = options.name ?? this.idGenerator();
    this.clock = options.clock ?? systemClock;
    this.skipExceptions = options.skipExceptions ?? false;
    this.onWarning = options.onWarning ?? consoleWarningSink;
  }

  // Definition.

  /** Register a chunk under `name` (or the function's own name) for `to('name')` and `when('name')`. */
  chunk(nameOrHandler: string | ChunkHandler, handler?: ChunkHandler): Chunk {
    if (typeof nameOrHandler === 'string') {
      if (!handler)
        throw new EngineError('INVALID_OPTION', `chunk('${nameOrHandler}') needs a handler.`);
      return this.resolveChunk(handler, nameOrHandler);
    }
    return this.resolveChunk(nameOrHandler, undefined);
  }

  get root(): FlowProcess {
    return new FlowProcess(this, { type: 'event', event: START_EVENT });
  }

  to(target: ChunkTarget | TriggerFlow, options?: ToOptions): FlowProcess {
    return this.root.to(target, options);
  }
  toSubFlow(child: TriggerFlow, options?: SubFlowOptions): FlowProcess {
    return this.root.toSubFlow(child, options);
  }
  sideBranch(target: ChunkTarget, options?: Omit<ToOptions, 'sideBranch'>): FlowProcess {
    return this.root.sideBranch(target, options);
  }
  batch(
    targets: readonly ChunkTarget[],
    options?: { concurrency?: number; sideBranch?: boolean },
  ): FlowProcess {
    return this.root.batch(targets, options);
  }
  forEach(options?: { concurrency?: number }): FlowProcess {
    return this.root.forEach(options);
  }
  match(options?: { mode?: MatchMode }): FlowProcess {
    return this.root.match(options);
  }
  ifCondition(condition: CaseCondition): FlowProcess {
    return this.root.ifCondition(condition);
  }
  collect(name: string, branchId?: string, options?: { mode?: CollectMode }): FlowProcess {
    return this.root.collect(name, branchId, options);
  }

  /**
   * A new root cursor on one trigger, or on a gate joining several: `and` waits for one value of each
   * (per join scope), `or` / `simpleOr` fire on every arrival.
   */
  when(trigger: WhenTrigger, options: { mode?: WhenMode } = {}): FlowProcess {
    const refs = triggerRefs(trigger, this.chunks);
    const [first] = refs;
    if (!first) throw new EngineError('INVALID_TRIGGER', 'when() needs at least one trigger.');
    if (refs.length === 1) return new FlowProcess(this, first);
    const mode = options.mode ?? 'and';
    const gate = new SignalGateOperator(this.nextId('when', { refs, mode }), refs, mode);
    this.attach(gate);
    return new FlowProcess(this, gate.emits[0] as TriggerRef);
  }

  /** Every operator, in definition order (the serialisable shape of the flow). */
  get operators(): readonly Operator[] {
    return this.operatorList;
  }

  // FlowBuilder.

  resolveChunk(target: ChunkTarget, explicitName: string | undefined): Chunk {
    if (typeof target === 'string') {
      const found = this.chunks.get(target);
      if (!found)
        throw new EngineError('CHUNK_NOT_FOUND', `Cannot find chunk named '${target}'`, {
          name: target,
        });
      return found;
    }
    if (target instanceof Chunk) return this.register(target);
    if (typeof target === 'function') {
      return this.register(createChunk(target, explicitName, () => this.bump('anonymous')));
    }
    const [name, handler] = target;
    return this.register(createChunk(handler, name, () => 0));
  }

  attachChunk(chunk: Chunk, listen: TriggerRef | readonly TriggerRef[], parent?: string): void {
    const existing = this.attached.get(chunk.id);
    if (existing) {
      throw new EngineError(
        'DUPLICATE_CHUNK_USE',
        `Chunk '${chunk.name}' is already attached to '${existing.event}'. Using one handler in two places ` +
          `without distinct names would make them one chunk (and can loop on its own result). ` +
          `Name this use: .to(handler, { name: '${chunk.name}-2' }).`,
        { chunk: chunk.name, attachedTo: existing.event },
      );
    }
    this.attached.set(chunk.id, listenRefs(listen)[0] ?? { type: 'event', event: START_EVENT });
    this.attach(new ChunkOperator(chunk, listen), parent);
  }

  attach(operator: Operator, parent?: string): void {
    if (parent !== undefined) this.parents.set(operator.id, parent);
    this.cachedFingerprint = undefined;
    if (this.tableShared) {
      this.table = new Map([...this.table].map(([key, ops]) => [key, [...ops]]));
      this.tableShared = false;
    }
    for (const ref of operator.listen) {
      const key = `${ref.type}:${ref.event}`;
      const list = this.table.get(key);
      if (list) list.push(operator);
      else this.table.set(key, [operator]);
    }
    this.operatorList.push(operator);
  }

  nextId(kind: string, at: unknown): string {
    return digestId(kind, { kind, at, ordinal: this.bump(kind) });
  }

  nameEventNode(ref: TriggerRef, id: string): void {
    this.eventNodeIds.set(`${ref.type}:${ref.event}`, id);
  }

  registerCollectionBranch(name: string, branchId: string): void {
    const branches = this.collectionBranches.get(name) ?? [];
    if (!branches.includes(branchId)) this.collectionBranches.set(name, [...branches, branchId]);
  }

  // Blueprints.

  /**
   * The flow as a blueprint (DESIGN.md §3), laid out for a canvas. Anonymous handlers cannot be
   * named in a blueprint: they are an error here (`NON_SERIALIZABLE_HANDLER`).
   */
  toBlueprint(options: { layout?: boolean; strict?: boolean } = {}): Blueprint {
    return toBlueprint(this.definitionView(), {
      strict: options.strict ?? true,
      layout: options.layout ?? true,
    });
  }

  /** `sha256:<hex>` of the definition: same wiring, same fingerprint; layout and labels ignored. */
  fingerprint(): string {
    this.cachedFingerprint ??= blueprintFingerprint(
      toBlueprint(this.definitionView(), { strict: false, layout: false }),
    );
    return this.cachedFingerprint;
  }

  /**
   * Builds a flow from a blueprint whose handler names resolve in `registry`. The blueprint is
   * validated first: a missing registration fails with `HANDLER_NOT_REGISTERED` naming the node,
   * any other error with `INVALID_BLUEPRINT` listing every issue.
   */
  static fromBlueprint(
    input: unknown,
    registry: HandlerRegistry,
    options: Omit<TriggerFlowOptions, 'name'> = {},
  ): TriggerFlow {
    return flowFromBlueprint(input, registry, (name) => new TriggerFlow({ ...options, name }));
  }

  /**
   * The handlers this flow uses, by the names its blueprint gives them: what `fromBlueprint` needs
   * to rebuild it.
   */
  handlerRegistry(): HandlerRegistry {
    return handlerRegistryOf(this.operatorList);
  }

  /** @internal */
  definitionView(): DefinitionView {
    return {
      name: this.name,
      operators: this.operatorList,
      parentOf: (id) => this.parents.get(id),
      eventNodeId: (ref) => this.eventNodeIds.get(`${ref.type}:${ref.event}`),
    };
  }

  // Executions.

  createExecution<const AutoClose extends boolean = true>(
    options: ExecutionOptions<AutoClose> = {},
  ): TriggerFlowExecution<AutoClose> {
    return new TriggerFlowExecution<AutoClose>(this.executionHost(), options);
  }

  /** Hidden execution: starts, waits for it to close (default right when idle), returns the snapshot. */
  async start(
    value?: unknown,
    options: { timeoutMs?: number; autoClose?: boolean } = {},
  ): Promise<CloseSnapshot> {
    if (options.autoClose === false) {
      throw new EngineError(
        'INVALID_OPTION',
        'flow.start() always auto-closes; use flow.createExecution({ autoClose: false }) to keep control.',
      );
    }
    const execution = this.createExecution({
      autoClose: true,
      autoCloseTimeoutMs: options.timeoutMs ?? 0,
    });
    execution.hidden = true;
    return execution.start(value);
  }

  /** Creates and starts an execution; resolves with it once the synchronous chain has finished. */
  async startExecution<const AutoClose extends boolean = true>(
    value?: unknown,
    options: ExecutionOptions<AutoClose> = {},
  ): Promise<TriggerFlowExecution<AutoClose>> {
    const execution = this.createExecution(options);
    await execution.begin(value);
    return execution;
  }

  /** Hidden execution read as a stream; it closes when idle, or when the reader stops. */
  getRuntimeStream(
    value?: unknown,
    options: StreamReadOptions = {},
  ): AsyncIterableIterator<unknown> {
    const execution = this.createExecution({ autoClose: true, autoCloseTimeoutMs: 0 });
    execution.hidden = true;
    return execution.getRuntimeStream({
      ...options,
      initialValue: value,
      onFinish: () => void execution.close().catch(() => undefined),
    });
  }

  // Flow data (shared by every execution of this flow) and flow-scope resources.

  getFlowData<T = unknown>(key?: string, defaultValue?: T): T {
    if (key === undefined) return { ...this.sharedData } as T;
    const { found, value } = getPath(this.sharedData, key);
    return (found ? value : defaultValue) as T;
  }

  /** Sets shared flow data and notifies `flowData:<key>` listeners in every live execution. */
  async setFlowData(key: string, value: unknown): Promise<void> {
    this.sharedData[key] = value;
    await this.notifyLive('flowData', key, value, undefined, undefined);
  }

  setRuntimeResource(key: string, value: unknown): void {
    this.resources.set(key, value);
  }

  updateRuntimeResources(resources: Record<string, unknown>): void {
    for (const [key, value] of Object.entries(resources)) this.resources.set(key, value);
  }

  // Internals.

  private executionHost(): ExecutionHost {
    this.tableShared = true;
    const table = this.table;
    const collections = new Map(this.collectionBranches);
    return {
      name: this.name,
      clock: this.clock,
      skipExceptions: this.skipExceptions,
      flowData: this.sharedData,
      flowResources: this.resources,
      handlerTable: () => table,
      collections: () => collections,
      newId: this.idGenerator,
      fingerprint: () => this.fingerprint(),
      warn: (code, message) => this.onWarning({ code, message }),
      register: (execution) => this.live.add(execution),
      unregister: (execution) => this.live.delete(execution),
      broadcastFlowData: (key, value, from, origin) =>
        this.notifyLive('flowData', key, value, from, origin),
    };
  }

  private async notifyLive(
    type: TriggerType,
    key: string,
    value: unknown,
    from: TriggerFlowExecution | undefined,
    origin: Signal | undefined,
  ): Promise<void> {
    const targets = [...this.live].filter((e) => e.listensTo(type, key));
    await Promise.all(
      targets.map((e) => e.notifyWrite(type, key, value, e === from ? origin : undefined)),
    );
  }

  private register(chunk: Chunk): Chunk {
    const existing = this.chunks.get(chunk.name);
    if (!existing) {
      this.chunks.set(chunk.name, chunk);
      return chunk;
    }
    if (existing === chunk || existing.handler === chunk.handler) return existing;
    throw new EngineError(
      'CHUNK_NAME_CONFLICT',
      `Chunk name '${chunk.name}' is already bound to a different handler; give this one another name.`,
      { name: chunk.name },
    );
  }

  private bump(kind: string): number {
    const next = (this.ordinals.get(kind) ?? 0) + 1;
    this.ordinals.set(kind, next);
    return next;
  }
}
