import type { PausePrompt } from '@triggerflow/blueprint';
import { ApiError } from '../errors';
import { checkAgainstSchema } from '../json-schema/check';

/**
 * Checks a response against the prompt's form (a free answer when the form is null). Throws a
 * BAD_REQUEST ApiError at the first problem's path (`['response', 'decision']`) whose message
 * names every problem.
 */
export function validateResponse(prompt: PausePrompt, response: unknown): void {
  if (prompt.form === null) return;
  checkAgainstSchema(
    prompt.form,
    response,
    'response',
    (why) =>
      `the response form of "${prompt.title}" is not a usable JSON Schema (${why}), so no response can be checked`,
  );
}

const DECISIONS = new Map<unknown, 'approved' | 'rejected'>([
  ['approve', 'approved'],
  ['approved', 'approved'],
  ['reject', 'rejected'],
  ['rejected', 'rejected'],
]);

/** The vote's outcome: the explicit one, else the response's `decision` (the default form's). */
export function outcomeOf(
  outcome: 'approved' | 'rejected' | undefined,
  response: unknown,
): 'approved' | 'rejected' {
  const decision =
    response !== null && typeof response === 'object'
      ? (response as Record<string, unknown>).decision
      : undefined;
  const derived = DECISIONS.get(decision);
  if (outcome !== undefined) {
    if (derived !== undefined && derived !== outcome) {
      throw new ApiError(
        'BAD_REQUEST',
        `response.decision says ${String(decision)}, but outcome is '${outcome}'; send one or make them agree`,
        ['response', 'decision'],
      );
    }
    return outcome;
  }
  if (derived) return derived;
  throw new ApiError(
    'BAD_REQUEST',
    "pass outcome: 'approved' | 'rejected', or a response with decision: 'approve' | 'reject'",
    ['outcome'],
  );
}

/**
 * The response to validate and record: an outcome sent alone to a form with a `decision` field
 * (the default form) answers it as `{ decision: 'approve' | 'reject' }`.
 */
export function completeResponse(
  form: Record<string, unknown> | null,
  outcome: 'approved' | 'rejected' | undefined,
  response: unknown,
): unknown {
  if ((response !== undefined && response !== null) || outcome === undefined || !form) {
    return response ?? null;
  }
  const properties = form['properties'] as Record<string, { enum?: unknown[] }> | undefined;
  const choices = properties?.['decision']?.enum;
  const word = outcome === 'approved' ? 'approve' : 'reject';
  if (Array.isArray(choices) && choices.includes(word)) return { decision: word };
  if (Array.isArray(choices) && choices.includes(outcome)) return { decision: outcome };
  return response ?? null;
}
