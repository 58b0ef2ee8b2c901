import type { PausePrompt, Vote } from '@triggerflow/blueprint';
import type { ApiOutputs } from '../api/trpc';

/** A pending prompt as `approvals.pending` lists it (the server's `PendingApproval`). */
export interface PendingApproval {
  approvalId: string;
  prompt: PausePrompt;
  votes: Vote[];
  /** Whether the signed-in user may decide it (else it is shown read-only). */
  mayDecide: boolean;
}

/**
 * tRPC's inferred output marks `unknown` fields (`payload`, a vote's `response`) optional, as
 * JSON may drop `undefined`; the server always sends them (null when empty).
 */
export const asPending = (rows: ApiOutputs['approvals']['pending']): PendingApproval[] =>
  rows as PendingApproval[];
