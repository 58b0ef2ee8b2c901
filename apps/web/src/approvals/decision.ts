import type { PausePrompt } from '@triggerflow/blueprint';
import type { ShownIssue } from '../api/errors';

export type Outcome = 'approved' | 'rejected';

/** The words a form's `decision` field takes for each outcome (the default approval form's). */
export type DecisionWords = Record<Outcome, string>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `decision` field's words when the form has one the buttons can fill (`approve`/`reject`,
 * or `approved`/`rejected`), as the server reads it; null otherwise.
 */
export function decisionWordsOf(form: PausePrompt['form']): DecisionWords | null {
  const properties = form?.['properties'];
  const decision = isRecord(properties) ? properties['decision'] : undefined;
  const choices = isRecord(decision) ? decision['enum'] : undefined;
  if (!Array.isArray(choices)) return null;
  for (const [approved, rejected] of [
    ['approve', 'reject'],
    ['approved', 'rejected'],
  ] as const) {
    if (choices.includes(approved) && choices.includes(rejected)) return { approved, rejected };
  }
  return null;
}

const OUTCOME_OF_WORD = new Map<unknown, Outcome>([
  ['approve', 'approved'],
  ['approved', 'approved'],
  ['reject', 'rejected'],
  ['rejected', 'rejected'],
]);

export interface Decision {
  outcome: Outcome;
  response: unknown;
}

/**
 * What to send for a button press. An approval's outcome is the button's, written into the form's
 * `decision` field when it has one; any other pause is answered (its outcome only matters for a
 * `decision` the answer carries itself).
 */
export function decisionFor(
  prompt: Pick<PausePrompt, 'type' | 'form'>,
  pressed: Outcome | 'respond',
  answer: unknown,
): Decision {
  if (pressed === 'respond') {
    const word = isRecord(answer) ? answer['decision'] : undefined;
    return { outcome: OUTCOME_OF_WORD.get(word) ?? 'approved', response: answer ?? null };
  }
  const words = decisionWordsOf(prompt.form);
  if (words === null) return { outcome: pressed, response: prompt.form === null ? null : answer };
  return {
    outcome: pressed,
    response: { ...(isRecord(answer) ? answer : {}), decision: words[pressed] },
  };
}

/** rjsf's shape for errors by field: `{ comment: { __errors: ['…'] } }`. */
export interface FieldErrors {
  [field: string]: FieldErrors | string[] | undefined;
  __errors?: string[];
}

/**
 * The server's issues placed on the form: `response.comment` goes next to `comment`; anything
 * not about a form field (the outcome, the response as a whole, rights) is listed on its own.
 */
export function placeIssues(
  issues: readonly ShownIssue[],
  fields: ReadonlySet<string>,
): { fieldErrors: FieldErrors; general: ShownIssue[] } {
  const fieldErrors: FieldErrors = {};
  const general: ShownIssue[] = [];
  for (const issue of issues) {
    const path = issue.field?.split('.') ?? [];
    const [head, field, ...rest] = path;
    if (head !== 'response' || field === undefined || !fields.has(field)) {
      general.push(issue);
      continue;
    }
    let at = fieldErrors;
    for (const segment of [field, ...rest]) {
      const next = at[segment];
      const inner: FieldErrors = Array.isArray(next) || next === undefined ? {} : next;
      at[segment] = inner;
      at = inner;
    }
    at.__errors = [...(at.__errors ?? []), issue.message];
  }
  return { fieldErrors, general };
}

/** The form's top-level field names. */
export function fieldsOf(form: PausePrompt['form']): Set<string> {
  const properties = form?.['properties'];
  return new Set(isRecord(properties) ? Object.keys(properties) : []);
}
