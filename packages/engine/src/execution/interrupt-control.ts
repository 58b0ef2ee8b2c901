import type { InterruptRecord } from '@triggerflow/blueprint';
import { EngineError } from '../errors';
import { pauseTimeoutEvent } from '../events';
import { PauseSignal, type ContinueOptions, type PauseOptions } from '../interrupts';
import { deepEqual } from '../paths';
import { childScope, signalRecord, type Signal } from '../signal';
import type { ExecutionInternals } from './internals';
import { isProjected, type SubFlowControl } from './sub-flow-control';

/**
 * Pause and resume bookkeeping of one execution: registers pauses, answers them (`continueWith`,
 * an awaited event, a timeout policy) and carries the resumed branch on.
 */
export class InterruptControl {
  constructor(
    private readonly internals: ExecutionInternals,
    private readonly subFlows: SubFlowControl,
  ) {}

  /** Records a pause of the step handling `signal`; its branch stops until resumed. */
  pause(
    options: PauseOptions,
    signal: Signal,
    operatorId: string,
    continuationEvent: string,
  ): PauseSignal {
    const { execution, host, interrupts } = this.internals;
    if (execution.hidden) {
      throw new EngineError(
        'PAUSE_REQUIRES_HANDLE',
        'TriggerFlow pause requires an exposed execution handle: flow.start() and flow.getRuntimeStream() ' +
          'cannot be resumed. Use flow.createExecution({ autoClose: false }), start() and continueWith().',
      );
    }
    const resumeTo = options.resumeTo ?? 'next';
    const context = signal.meta.resume;
    const again =
      context && (options.interruptId ?? context.interruptId) === context.interruptId
        ? interrupts.get(context.interruptId)
        : undefined;
    if (again) {
      // A step resumed with 'self' pausing again: allowed while resumeCount < maxResumes.
      if (again.resumeCount >= again.maxResumes) {
        throw new EngineError(
          'SELF_RESUME_LIMIT',
          `TriggerFlow self resume limit reached for interrupt '${again.id}' (maxResumes ${again.maxResumes}).`,
          { interruptId: again.id, maxResumes: again.maxResumes },
        );
      }
    }
    const record: InterruptRecord = {
      id: again?.id ?? options.interruptId ?? `interrupt-${host.newId()}`,
      type: options.type ?? 'pause',
      payload: options.payload ?? null,
      resumeTo,
      status: 'waiting',
      sourceExecutionId: execution.id,
      sourceFlowName: host.name,
      sourceOperatorId: operatorId,
      sourceSignal: again?.sourceSignal ?? signalRecord(stripResume(signal)),
      continuationEvent,
      resumeCount: again?.resumeCount ?? 0,
      maxResumes: again?.maxResumes ?? options.maxResumes ?? 1,
      createdAt: host.clock.now(),
      resumedAt: null,
      resumeValue: null,
      actor: null,
      ...(options.timeout
        ? {
            timeout: { ...options.timeout, event: pauseTimeoutEvent(chunkName(continuationEvent)) },
          }
        : {}),
    };
    if (!again && interrupts.get(record.id)) {
      throw new EngineError(
        'INVALID_OPTION',
        `Interrupt id '${record.id}' is already used in execution ${execution.id}.`,
      );
    }
    interrupts.put(record);
    this.internals.refreshStatus();
    execution.putIntoStream({
      type: 'interrupt',
      action: 'pause',
      executionId: execution.id,
      interrupt: record,
      signal: signalRecord(signal),
    });
    return new PauseSignal(record);
  }

  /** See `TriggerFlowExecution.continueWith`. */
  async continueWith(
    interruptId: string,
    value: unknown,
    options: ContinueOptions,
  ): Promise<InterruptRecord | undefined> {
    const { execution, interrupts } = this.internals;
    if (execution.lifecycleState !== 'open') {
      this.internals.host.warn(
        'SIGNAL_IGNORED',
        `ignored continueWith('${interruptId}') because lifecycle state is '${execution.lifecycleState}'`,
      );
      return undefined;
    }
    const interrupt = interrupts.get(interruptId);
    const prefix = `Can not continue execution ${execution.id}, interrupt '${interruptId}'`;
    if (!interrupt) {
      throw new EngineError('INTERRUPT_NOT_FOUND', `${prefix} not found.`, { interruptId });
    }
    const { resumeRequestId } = options;
    const replay = resumeRequestId ? interrupts.ledger[interruptId]?.[resumeRequestId] : undefined;
    if (replay) {
      if (deepEqual(replay.value, value)) return interrupt;
      throw new EngineError(
        'RESUME_REQUEST_CONFLICT',
        `${prefix} got a conflicting resume_request_id '${resumeRequestId}': it was already used with another value.`,
        { interruptId, resumeRequestId },
      );
    }
    if (interrupt.status !== 'waiting') {
      throw new EngineError('INTERRUPT_NOT_WAITING', `${prefix} is not waiting.`, {
        interruptId,
        status: interrupt.status,
      });
    }
    if (isProjected(interrupt)) this.subFlows.frameOf(interrupt);
    const resumed = this.markResumed(interrupt, value, options);
    if (isProjected(resumed)) {
      await this.subFlows.answerFrame(resumed, (child, local) =>
        child.continueWith(local, value, options),
      );
    } else {
      await this.dispatchResume(resumed, value);
    }
    return interrupts.get(interruptId);
  }

  /** See `TriggerFlowExecution.expireInterrupt`. */
  async expireInterrupt(
    interruptId: string,
    options: { actor?: string },
  ): Promise<InterruptRecord | undefined> {
    const { execution, interrupts } = this.internals;
    const interrupt = interrupts.get(interruptId);
    const policy = interrupt?.timeout;
    if (!interrupt || !policy) {
      throw new EngineError(
        interrupt ? 'INVALID_OPTION' : 'INTERRUPT_NOT_FOUND',
        interrupt
          ? `Interrupt '${interruptId}' of execution ${execution.id} has no timeout policy.`
          : `Can not continue execution ${execution.id}, interrupt '${interruptId}' not found.`,
      );
    }
    const resumeRequestId = `timeout:${interruptId}`;
    const actor = options.actor ?? 'timeout';
    if (interrupt.status !== 'waiting') return interrupt;
    const value = policy.value ?? null;
    if (isProjected(interrupt)) {
      // A child's pause: its own policy applies inside the child, then the frame settles.
      this.subFlows.frameOf(interrupt);
      const resumed = this.markResumed(interrupt, value, { resumeRequestId, actor });
      if (isProjected(resumed)) {
        await this.subFlows.answerFrame(resumed, (child, local) =>
          child.expireInterrupt(local, { actor }),
        );
      }
      return interrupts.get(interruptId);
    }
    if (policy.action === 'continue')
      return this.continueWith(interruptId, value, { resumeRequestId, actor });
    if (policy.action === 'fail') {
      const failed = interrupts.resolve(interruptId, {
        status: 'cancelled',
        actor,
        resumedAt: this.internals.host.clock.now(),
      });
      this.internals.setStatus('failed');
      execution.putIntoStream({
        type: 'interrupt',
        action: 'timeout',
        executionId: execution.id,
        interrupt: failed,
      });
      this.internals.scheduleAutoClose();
      return failed;
    }
    const resumed = this.markResumed(interrupt, value, { resumeRequestId, actor });
    const origin = resumed.sourceSignal;
    const signal = execution.newSignal({
      event: policy.event,
      value,
      layers: origin.layers,
      source: 'interrupt',
      meta: childScope(origin),
    });
    await execution.dispatch(signal, this.internals.rootToken());
    return interrupts.get(interruptId);
  }

  /** Marks `interrupt` answered with `value` (recording the request id, if any) and reports it. */
  markResumed(
    interrupt: InterruptRecord,
    value: unknown,
    options: ContinueOptions,
  ): InterruptRecord {
    const { execution, interrupts } = this.internals;
    const at = this.internals.host.clock.now();
    const actor = options.actor ?? null;
    const resumed = interrupts.resolve(interrupt.id, {
      status: 'resumed',
      resumeValue: value,
      resumedAt: at,
      actor,
      resumeCount: interrupt.resumeCount + 1,
    });
    if (options.resumeRequestId) {
      interrupts.record(interrupt.id, options.resumeRequestId, { value, actor, at });
    }
    this.internals.refreshStatus();
    execution.putIntoStream({
      type: 'interrupt',
      action: 'resume',
      executionId: execution.id,
      interrupt: resumed,
      value,
    });
    return resumed;
  }

  /** Carries a resumed branch on: to the step's successor, the step itself, or an event. */
  private async dispatchResume(interrupt: InterruptRecord, value: unknown): Promise<void> {
    const { execution } = this.internals;
    const origin = interrupt.sourceSignal;
    const { resumeTo } = interrupt;
    if (resumeTo === 'self') {
      const operator = execution.operatorById(interrupt.sourceOperatorId);
      const signal = execution.newSignal({
        event: origin.event,
        type: origin.type,
        value: origin.value,
        layers: origin.layers,
        source: 'interrupt',
        meta: {
          scope: origin.meta.scope ?? origin.id,
          resume: { interruptId: interrupt.id, value },
        },
      });
      await this.internals.track(operator.run(signal, execution, this.internals.rootToken()));
      return;
    }
    const event = resumeTo === 'next' ? interrupt.continuationEvent : resumeTo.event;
    const signal = execution.newSignal({
      event,
      value,
      layers: origin.layers,
      source: 'interrupt',
      meta: childScope(origin),
    });
    await execution.dispatch(signal, this.internals.rootToken());
  }
}

/** The saved origin of a pause keeps no resume context of its own. */
function stripResume(signal: Signal): Signal {
  if (!signal.meta.resume) return signal;
  return { ...signal, meta: { scope: signal.meta.scope } };
}

/** `Chunk[<name>]-<id>` → `<name>`. */
function chunkName(triggerEvent: string): string {
  const match = /^Chunk\[(.*)\]-[^\]]*$/.exec(triggerEvent);
  return match?.[1] ?? triggerEvent;
}
