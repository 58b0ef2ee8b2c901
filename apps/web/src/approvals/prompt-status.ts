import type { PausePrompt } from '@triggerflow/blueprint';
import type { ClosedStatus } from './feed-state';

/** What the run does when nobody decides in time (the prompt's `timeout.action`). */
export function timeoutConsequence(timeout: PausePrompt['timeout']): string {
  if (timeout === null) return 'It waits until someone decides.';
  switch (timeout.action) {
    case 'branch':
      return 'Then the run takes its timeout branch.';
    case 'continue':
      return 'Then the run goes on with its default decision.';
    case 'fail':
      return 'Then the run fails.';
    default:
      return `Then the run does “${timeout.action}”.`;
  }
}

/**
 * Why a prompt shown in a dialog no longer takes decisions. `status` null: it is no longer
 * pending, but the page did not see how it closed. `decidedByMe` null: the user's own decision
 * is still on its way, so who settled it is not known yet.
 */
export function closedText(
  status: ClosedStatus | null,
  prompt: Pick<PausePrompt, 'timeout' | 'type'> | null,
  decidedByMe: boolean | null,
): string {
  switch (status) {
    case 'decided':
      if (prompt !== null && prompt.type !== 'approval') {
        if (decidedByMe === null) return 'This prompt was answered: the run goes on.';
        return decidedByMe
          ? 'Your answer was taken: the run goes on.'
          : 'Someone answered this prompt: the run goes on.';
      }
      if (decidedByMe === null) return 'This prompt is decided: the run goes on.';
      return decidedByMe
        ? 'Your vote decided this prompt: the run goes on.'
        : 'Someone decided this prompt: the run goes on.';
    case 'timedOut': {
      const then = prompt?.timeout?.action;
      const consequence =
        then === 'branch'
          ? ': the run took its timeout branch'
          : then === 'continue'
            ? ': the run went on with its default decision'
            : then === 'fail'
              ? ': the run failed'
              : '';
      return `Nobody decided in time, so this prompt timed out${consequence}.`;
    }
    case 'cancelled':
      return 'The run was cancelled, so this prompt takes no more decisions.';
    case null:
      return 'This prompt is no longer waiting for a decision: it was decided, timed out, or its run ended.';
  }
}
