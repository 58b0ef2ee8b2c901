import type { InterruptRecord, PausePrompt } from '@triggerflow/blueprint';
import type { ExecutionObservation, TriggerFlowExecution } from '@triggerflow/engine';
import { promptFromInterrupt } from '../approvals/prompt';
import type { RunRecord } from '../storage';
import type { InterruptEnd } from './active-run';
import { pauseNodeId, toRunError } from './run-error';
import type { RunJournal } from './run-journal';

/** What the observer needs of the run it records (an ActiveRun). */
export interface ObservedRun {
  readonly id: string;
  readonly record: RunRecord;
  readonly journal: RunJournal;
  readonly execution: TriggerFlowExecution<false>;
  /** Interrupts the server is expiring (their end is `timedOut`). */
  readonly expiring: ReadonlySet<string>;
  /** A step failed: the run fails with this error, naming the node, unless it already ended. */
  stepFailed(error: unknown, nodeId: string): void;
  /** A step completed here (durable progress once checkpointed). */
  stepCompleted(): void;
  /** A pause opened (after its events are committed). */
  opened(prompt: PausePrompt): Promise<void>;
  /** An interrupt stopped waiting (after its events are committed). */
  closed(interrupt: InterruptRecord, how: InterruptEnd): Promise<void>;
}

/**
 * Turns one engine observation into the run's RunEvents: steps, progress (coalesced per node
 * and scope), stream items, pauses and resumes (with the run's status and a checkpoint).
 */
export function recordObservation(run: ObservedRun, observation: ExecutionObservation): void {
  const journal = run.journal;
  switch (observation.type) {
    case 'node.started':
      journal.push('node.started', {
        nodeId: observation.nodeId,
        scope: observation.scope,
        input: observation.input,
      });
      return;
    case 'node.completed':
      run.stepCompleted();
      journal.push(
        'node.completed',
        { nodeId: observation.nodeId, scope: observation.scope, output: observation.output },
        { checkpoint: 'step' },
      );
      return;
    case 'node.failed':
      run.stepFailed(observation.error, observation.nodeId);
      journal.push('node.failed', {
        nodeId: observation.nodeId,
        scope: observation.scope,
        error: toRunError(observation.error, observation.nodeId),
      });
      return;
    case 'node.progress': {
      const { nodeId, scope, total, done, running, failed, cap } = observation;
      journal.push(
        'node.progress',
        { nodeId, scope, total, done, running, failed, cap },
        { coalesce: `${nodeId}:${JSON.stringify(scope)}` },
      );
      return;
    }
    case 'stream.item':
      journal.push('stream.item', { item: observation.item });
      return;
    case 'interrupt':
      interruptChanged(run, observation.interrupt, observation.previous);
      return;
  }
}

function interruptChanged(
  run: ObservedRun,
  interrupt: InterruptRecord,
  previous: InterruptRecord['status'] | null,
): void {
  if (interrupt.status === 'waiting' && previous !== 'waiting') {
    const prompt = promptFromInterrupt({
      runId: run.id,
      startedBy: run.record.startedBy,
      interrupt,
      now: Date.now(),
    });
    run.journal.push(
      'run.paused',
      { prompt },
      { checkpoint: 'urgent', update: { status: 'paused' } },
    );
    run.journal.then(() => run.opened(prompt));
    return;
  }
  if (interrupt.status !== 'waiting' && previous === 'waiting') {
    const how: InterruptEnd =
      interrupt.status === 'cancelled' && !run.expiring.has(interrupt.id)
        ? 'cancelled'
        : run.expiring.has(interrupt.id)
          ? 'timedOut'
          : 'answered';
    const stillWaiting = Object.keys(run.execution.getPendingInterrupts()).length > 0;
    run.journal.push(
      'run.resumed',
      {
        interruptId: interrupt.id,
        nodeId: pauseNodeId(interrupt),
        how,
        actor: interrupt.actor,
      },
      { checkpoint: 'urgent', ...(!stillWaiting && { update: { status: 'running' } }) },
    );
    run.journal.then(() => run.closed(interrupt, how));
  }
}
