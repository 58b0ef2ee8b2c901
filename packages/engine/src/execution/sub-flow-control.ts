import type { InterruptRecord } from '@triggerflow/blueprint';
import type { ProjectedInterrupt, SubFlowOperator } from '../blueprint/sub-flow-operator';
import { EngineError } from '../errors';
import type { SubFlowFrame } from '../execution-core';
import type { TriggerFlowExecution } from '../execution';
import { signalRecord } from '../signal';
import type { ExecutionInternals } from './internals';

/**
 * The sub-flow frames of one execution as its parent sees them: listing, emitting into and
 * cancelling a child, showing a child's interrupts on the parent, and answering them.
 */
export class SubFlowControl {
  constructor(private readonly internals: ExecutionInternals) {}

  /** See `TriggerFlowExecution.getSubFlowFrames`. */
  list(): { id: string; operatorId: string; status: SubFlowFrame['status'] }[] {
    return [...this.internals.frames.values()].map(({ id, operatorId, status }) => ({
      id,
      operatorId,
      status,
    }));
  }

  /** See `TriggerFlowExecution.emitToSubFlow`. */
  async emitTo(frameId: string, event: string, value: unknown): Promise<void> {
    const child = this.internals.frames.get(frameId)?.child;
    if (!child)
      throw new EngineError(
        'SUB_FLOW_NOT_FOUND',
        `Sub-flow frame '${frameId}' not found in execution ${this.internals.execution.id}.`,
      );
    await child.emit(event, value);
  }

  /** See `TriggerFlowExecution.cancelSubFlow`. */
  async cancel(frameId: string, reason: string): Promise<boolean> {
    const { frames, interrupts } = this.internals;
    const frame = frames.get(frameId);
    if (!frame || (frame.status !== 'running' && frame.status !== 'waiting')) return false;
    frame.status = 'cancel_requested';
    for (const projected of interrupts.waiting()) {
      if (projected.subFlow?.frameId === frameId)
        interrupts.resolve(projected.id, { status: 'cancelled' });
    }
    this.internals.refreshStatus();
    const child = frame.child;
    if (child && child.lifecycleState !== 'closed') {
      await child.close({ pendingInterrupts: 'cancel', reason }).catch(() => undefined);
    }
    frame.status = 'cancelled';
    frames.delete(frameId);
    return true;
  }

  /** Shows a child's waiting interrupt on this execution as `<frameId>:<id>`. */
  project(frame: SubFlowFrame, interrupt: InterruptRecord, continuationEvent: string): void {
    const { execution, interrupts } = this.internals;
    const id = `${frame.id}:${interrupt.id}`;
    if (interrupts.get(id)?.status === 'waiting') return;
    const projected: InterruptRecord = {
      ...interrupt,
      id,
      sourceExecutionId: execution.id,
      sourceFlowName: this.internals.host.name,
      sourceOperatorId: frame.operatorId,
      sourceSignal: signalRecord(frame.signal),
      continuationEvent,
      resumeCount: 0,
      subFlow: { frameId: frame.id, localInterruptId: interrupt.id },
    };
    interrupts.put(projected);
    this.internals.refreshStatus();
    execution.putIntoStream({
      type: 'interrupt',
      action: 'project',
      executionId: execution.id,
      interrupt: projected,
    });
  }

  /** The frame of a projected interrupt, or an error naming it (checked before resolving it). */
  frameOf(interrupt: ProjectedInterrupt): SubFlowFrame {
    const frame = this.internals.frames.get(interrupt.subFlow.frameId);
    if (frame) return frame;
    const { execution } = this.internals;
    throw new EngineError(
      'INTERRUPT_NOT_FOUND',
      `Can not continue execution ${execution.id}, interrupt '${interrupt.id}' belongs to a sub-flow frame that is gone.`,
    );
  }

  /**
   * Answers a resumed projected interrupt in its child (`continueWith`, or the timeout policy);
   * resolves once the frame has settled.
   */
  answerFrame(
    resumed: ProjectedInterrupt,
    answer: (child: TriggerFlowExecution<false>, localInterruptId: string) => Promise<unknown>,
  ): Promise<void> {
    const { execution } = this.internals;
    const frame = this.frameOf(resumed);
    const operator = execution.operatorById(frame.operatorId) as unknown as SubFlowOperator;
    const local = resumed.subFlow.localInterruptId;
    return this.internals.track(
      operator.answerChild(
        frame,
        (child) => answer(child, local),
        execution,
        this.internals.rootToken(),
      ),
    );
  }
}

/** Is `interrupt` a child's interrupt shown on its parent? */
export function isProjected(interrupt: InterruptRecord): interrupt is ProjectedInterrupt {
  return Boolean(interrupt.subFlow);
}
