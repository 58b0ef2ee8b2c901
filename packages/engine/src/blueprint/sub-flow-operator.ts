import type {
  Blueprint,
  BlueprintNode,
  InterruptRecord,
  SubFlowNode,
} from '@triggerflow/blueprint';
import { chunkIdOf, Chunk } from '../chunk';
import type { CancelToken } from '../concurrency';
import { EngineError } from '../errors';
import { scopeOf, type ExecutionObservation } from '../observer';
import type { ExecutionCore, SubFlowFrame } from '../execution-core';
import type { TriggerFlowExecution } from '../execution';
import type { Operator } from '../operator';
import { childScope, listenRefs, type Signal, type TriggerRef } from '../signal';
import { capture, writeBack, type Bindings } from './sub-flow-bindings';
import type { HandlerRegistry } from './registry';

/** The part of a flow a sub-flow step needs (kept structural to avoid an import cycle). */
export interface ChildFlow {
  readonly name: string;
  createExecution(options: {
    autoClose: false;
    concurrency?: number;
    runtimeResources?: Record<string, unknown>;
    executionId?: string;
  }): TriggerFlowExecution<false>;
  toBlueprint(options?: { layout?: boolean; strict?: boolean }): Blueprint;
  handlerRegistry(): HandlerRegistry;
}

export interface SubFlowSpec {
  readonly id: string;
  /** How the child is resolved; `describe` is what the blueprint node says about it. */
  readonly child: () => Promise<ChildFlow>;
  /** The child, when it is known up front (built in code, or inline). */
  readonly known?: ChildFlow;
  readonly describe: (options: { strict: boolean }) => SubFlowNode['options']['flow'];
  readonly capture?: Bindings;
  readonly writeBack?: Bindings;
  readonly concurrency?: number;
}

/**
 * Runs a child flow as one step: captures its input, starts it and waits for its synchronous
 * chain; a paused child projects its interrupts onto the parent (`<frameId>:<id>`) and resumes
 * through `parent.continueWith`; a finished child is closed and its result written back.
 */
export class SubFlowOperator implements Operator {
  readonly kind = 'subFlow';
  readonly listen: readonly TriggerRef[];
  readonly emits: readonly TriggerRef[];
  readonly options: Readonly<Record<string, unknown>>;
  readonly id: string;
  readonly chunk: Chunk;

  constructor(
    private readonly spec: SubFlowSpec,
    listen: TriggerRef | readonly TriggerRef[],
  ) {
    this.id = chunkIdOf(spec.id);
    this.chunk = new Chunk(this.id, spec.id, () => undefined);
    this.listen = listenRefs(listen);
    this.emits = [{ type: 'event', event: this.chunk.triggerEvent }];
    this.options = { capture: spec.capture ?? null, writeBack: spec.writeBack ?? null };
  }

  /** The handlers of a child known up front, for the parent's `handlerRegistry()`. */
  childRegistry(): HandlerRegistry | undefined {
    return this.spec.known?.handlerRegistry();
  }

  toBlueprintNode(options: { strict: boolean }): { node: BlueprintNode } {
    const { capture: c, writeBack: w, concurrency } = this.spec;
    const node: SubFlowNode = {
      id: this.spec.id,
      kind: 'subFlow',
      options: {
        flow: this.spec.describe(options),
        ...(c ? { capture: c } : {}),
        ...(w ? { writeBack: w } : {}),
        ...(concurrency ? { concurrency } : {}),
      },
    };
    return { node };
  }

  async run(signal: Signal, core: ExecutionCore, token: CancelToken): Promise<void> {
    token.throwIfCancelled();
    const ticket = core.work.add({ kind: 'run', operatorId: this.id, signal });
    if (core.observed) {
      const scope = scopeOf(signal.layers);
      core.observe({ type: 'node.started', nodeId: this.spec.id, input: signal.value, scope });
    }
    try {
      const captured = capture(this.spec.capture, {
        value: signal.value,
        state: core.state.get<Record<string, unknown>>(undefined, {}),
        flowData: core.flowData.get<Record<string, unknown>>(undefined, {}, true),
        resources: core.resources.view(),
      });
      const frameId = `${this.spec.id}@${signal.id}`;
      const child = await this.createChild(core, frameId, captured.resources);
      for (const [key, value] of Object.entries(captured.state))
        await child.state.set(key, value, false);
      for (const [key, value] of Object.entries(captured.flowData)) {
        await child.flowData.set(key, value, { emit: false, noWarning: true });
      }
      const frame = core.openFrame({
        id: frameId,
        operatorId: this.id,
        signal,
        status: 'running',
        child,
      });
      try {
        await child.start(captured.input);
      } catch (error) {
        this.fail(frame, core, error);
        if (core.skipExceptions) return;
        throw error;
      }
      core.work.remove(ticket);
      await this.settle(frame, core, token);
    } finally {
      core.work.remove(ticket);
    }
  }

  /** Answers a projected interrupt in the child, then settles the frame. */
  async answerChild(
    frame: SubFlowFrame,
    answer: (child: TriggerFlowExecution<false>) => Promise<unknown>,
    core: ExecutionCore,
    token: CancelToken,
  ): Promise<void> {
    const child = frame.child ?? (await this.restoreChild(frame, core));
    frame.status = 'running';
    try {
      await answer(child);
    } catch (error) {
      this.fail(frame, core, error);
      if (core.skipExceptions) return;
      throw error;
    }
    await this.settle(frame, core, token);
  }

  /** A failed child: the frame goes away, the child is closed, the parent fails (or reports). */
  private fail(frame: SubFlowFrame, core: ExecutionCore, error: unknown): void {
    frame.status = 'failed';
    if (core.observed) {
      const scope = scopeOf(frame.signal.layers);
      core.observe({ type: 'node.failed', nodeId: this.spec.id, error, scope });
    }
    core.closeFrame(frame.id);
    void frame.child
      ?.close({ pendingInterrupts: 'cancel', reason: 'failed' })
      .catch(() => undefined);
    core.handlerFailed(error, this.id);
  }

  /** A child still waiting projects its interrupts; a finished one closes and writes back. */
  private async settle(
    frame: SubFlowFrame,
    core: ExecutionCore,
    token: CancelToken,
  ): Promise<void> {
    const child = frame.child as TriggerFlowExecution<false>;
    if (frame.status === 'cancel_requested' || frame.status === 'cancelled') return;
    const waiting = Object.values(child.getPendingInterrupts());
    if (waiting.length > 0) {
      frame.status = 'waiting';
      for (const interrupt of waiting)
        core.projectInterrupt(frame, interrupt, this.chunk.triggerEvent);
      return;
    }
    let snapshot: Record<string, unknown>;
    try {
      snapshot = await child.close();
    } catch (error) {
      this.fail(frame, core, error);
      throw error;
    }
    if (child.status === 'failed') {
      // A child failed by a timeout policy: nothing to write back, the parent fails too.
      const error = new EngineError(
        'SUB_FLOW_FAILED',
        `Sub-flow '${this.spec.id}' failed (execution ${child.id}).`,
        {
          frameId: frame.id,
        },
      );
      this.fail(frame, core, error);
      if (core.skipExceptions) return;
      throw error;
    }
    frame.status = 'completed';
    core.closeFrame(frame.id);
    const back = writeBack(this.spec.writeBack, snapshot, frame.signal.value);
    for (const [key, value] of Object.entries(back.state))
      await core.state.set(key, value, true, frame.signal);
    for (const [key, value] of Object.entries(back.flowData)) {
      await core.flowData.set(key, value, { emit: true, noWarning: true }, frame.signal);
    }
    token.throwIfCancelled();
    if (core.observed) {
      const scope = scopeOf(frame.signal.layers);
      core.observe({ type: 'node.completed', nodeId: this.spec.id, output: back.value, scope });
    }
    await core.dispatch(
      core.newSignal({
        event: this.chunk.triggerEvent,
        value: back.value,
        layers: frame.signal.layers,
        source: 'subFlow',
        meta: childScope(frame.signal),
      }),
      token,
    );
  }

  private async createChild(
    core: ExecutionCore,
    frameId: string,
    resources: Record<string, unknown>,
  ): Promise<TriggerFlowExecution<false>> {
    const flow = await this.spec.child();
    const child = flow.createExecution({
      autoClose: false,
      runtimeResources: { ...core.resources.view(), ...resources },
      executionId: `${core.id}/${frameId}`,
      ...(this.spec.concurrency ? { concurrency: this.spec.concurrency } : {}),
      // The child's own steps stay inside the sub-flow node; its stream items reach the parent's.
      ...(core.observed && {
        observer: (o: ExecutionObservation) => o.type === 'stream.item' && core.observe(o),
      }),
    });
    child.streamListener = (item) => core.putIntoStream(item);
    return child;
  }

  /** After a load: the child comes back from the snapshot saved with its frame. */
  private async restoreChild(
    frame: SubFlowFrame,
    core: ExecutionCore,
  ): Promise<TriggerFlowExecution<false>> {
    const child = await this.createChild(core, frame.id, {});
    child.load(frame.childSnapshot, { runtimeResources: core.resources.view() });
    frame.child = child;
    return child;
  }
}

export type ProjectedInterrupt = InterruptRecord & {
  subFlow: { frameId: string; localInterruptId: string };
};
