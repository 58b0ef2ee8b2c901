import type { PausePrompt } from '@triggerflow/blueprint';

/** A valid approval prompt for tests; `overrides` change any field. */
export function promptFixture(overrides: Partial<PausePrompt> = {}): PausePrompt {
  return {
    runId: 'run-1',
    interruptId: 'int-1',
    nodeId: 'review',
    type: 'approval',
    title: 'Publish this document?',
    description: null,
    payload: { doc: 'a' },
    form: null,
    approvers: { roles: ['approver'], users: [] },
    quorum: 2,
    allowSelfApproval: false,
    deadlineAt: null,
    timeout: null,
    startedBy: 'u-admin',
    createdAt: 1_000,
    ...overrides,
  };
}
