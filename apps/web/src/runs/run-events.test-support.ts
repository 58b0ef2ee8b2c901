/**
 * Test support (not a test): builds a run's RunEvents the way the server stores them (seq 1, 2,
 * 3, … and a clock that ticks 10 ms per event), with the payload shapes of
 * `apps/server/test/api-runs.test.ts`.
 */
import type {
  PausePrompt,
  RunEvent,
  RunEventPayload,
  RunEventType,
  Vote,
} from '@triggerflow/blueprint';

export const RUN = 'run-1';
export const T0 = 1_700_000_000_000;

export class EventLog {
  readonly events: RunEvent[] = [];

  constructor(readonly runId = RUN) {}

  add<T extends RunEventType>(type: T, payload: RunEventPayload<T>): RunEvent {
    const seq = this.events.length + 1;
    const event = { runId: this.runId, seq, at: T0 + seq * 10, type, payload } as RunEvent;
    this.events.push(event);
    return event;
  }

  started(input: unknown = null, extra: Partial<RunEventPayload<'run.started'>> = {}): this {
    this.add('run.started', {
      flowId: 'flow-1',
      version: 1,
      input,
      startedBy: 'u-admin',
      rerunOf: null,
      ...extra,
    });
    return this;
  }

  /** `node.started` then `node.completed`, outside any fan-out unless `scope` says otherwise. */
  step(nodeId: string, input: unknown, output: unknown = input, scope: (string | number)[] = []) {
    this.add('node.started', { nodeId, scope, input });
    this.add('node.completed', { nodeId, scope, output });
    return this;
  }

  begin(nodeId: string, input: unknown, scope: (string | number)[] = []): this {
    this.add('node.started', { nodeId, scope, input });
    return this;
  }

  end(nodeId: string, output: unknown, scope: (string | number)[] = []): this {
    this.add('node.completed', { nodeId, scope, output });
    return this;
  }

  /** The first `count` events, or those from `from` (1-based seq) on. */
  seqs(from: number, to = this.events.length): RunEvent[] {
    return this.events.slice(from - 1, to);
  }
}

export function prompt(overrides: Partial<PausePrompt> = {}): PausePrompt {
  return {
    runId: RUN,
    interruptId: 'interrupt-1',
    nodeId: 'approve',
    type: 'approval',
    title: 'Close the ticket?',
    description: null,
    payload: null,
    form: null,
    approvers: { roles: ['approver'], users: [] },
    quorum: 1,
    allowSelfApproval: false,
    deadlineAt: null,
    timeout: null,
    startedBy: 'u-admin',
    createdAt: T0,
    ...overrides,
  };
}

export const vote = (actor: string, at: number, outcome: Vote['outcome'] = 'approved'): Vote => ({
  actor,
  outcome,
  response: { decision: outcome === 'approved' ? 'approve' : 'reject' },
  at,
});
