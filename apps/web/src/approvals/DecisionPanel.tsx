import type { PausePrompt } from '@triggerflow/blueprint';
import { memo, useId, useMemo, useState } from 'react';
import { describeError, type ShownIssue } from '../api/errors';
import { ErrorMessage, IssueList } from '../app/ErrorMessage';
import { decisionFor, decisionWordsOf, fieldsOf, placeIssues, type Outcome } from './decision';
import { JsonAnswerField } from './JsonAnswerField';
import { parseJsonAnswer } from './json-answer';
import { checkResponse } from './response-check';
import { ResponseForm } from './ResponseForm';
import type { useDecide } from './useDecide';

type Press = Outcome | 'respond';

export interface DecisionPanelProps {
  prompt: PausePrompt;
  /** Only `rejectOnly`: the run's starter without self-approval. */
  rejectOnly: boolean;
  decide: ReturnType<typeof useDecide>;
}

const NO_ISSUES: ShownIssue[] = [];

/**
 * The answer and its buttons: the prompt's form (or a JSON answer for a pause without one),
 * Approve / Reject for approvals, Respond for other pauses. The form is checked before sending;
 * the server's refusals show next to their fields, anything else above the buttons.
 */
export const DecisionPanel = memo(function DecisionPanel(props: DecisionPanelProps) {
  const { prompt, rejectOnly, decide } = props;
  const id = useId();
  const isApproval = prompt.type === 'approval';
  const hidden = useMemo(
    () => (isApproval && decisionWordsOf(prompt.form) !== null ? ['decision'] : []),
    [isApproval, prompt.form],
  );
  const fields = useMemo(() => {
    const names = fieldsOf(prompt.form);
    for (const field of hidden) names.delete(field);
    return names;
  }, [prompt.form, hidden]);
  const [value, setValue] = useState<Record<string, unknown>>({});
  const [jsonText, setJsonText] = useState('');
  const [jsonProblem, setJsonProblem] = useState<string | null>(null);
  const [lastPress, setLastPress] = useState<Press | null>(null);
  const [checked, setChecked] = useState<ShownIssue[]>(NO_ISSUES);

  const check = (press: Press, answer: Record<string, unknown>) =>
    prompt.form === null
      ? NO_ISSUES
      : checkResponse(prompt.form, decisionFor(prompt, press, answer).response);

  const press = (pressed: Press) => {
    setLastPress(pressed);
    let answer: unknown = value;
    if (prompt.form === null) {
      if (isApproval) answer = null;
      else {
        const parsed = parseJsonAnswer(jsonText);
        setJsonProblem(parsed.ok ? null : parsed.message);
        if (!parsed.ok) return;
        answer = parsed.value;
      }
    }
    const problems = check(pressed, value);
    setChecked(problems);
    if (problems.length > 0) return;
    decide.send(decisionFor(prompt, pressed, answer));
  };

  const onFormChange = (next: Record<string, unknown>) => {
    setValue(next);
    // Once problems are shown, they follow the edits; the server's go until the next send.
    if (checked.length > 0 && lastPress !== null) setChecked(check(lastPress, next));
    if (decide.isError) decide.reset();
  };

  const serverError = decide.isError ? describeError(decide.error) : null;
  const placed = placeIssues([...checked, ...(serverError?.issues ?? [])], fields);
  const busy = decide.isPending;

  return (
    <div className="decision-panel">
      {prompt.form !== null && (
        <ResponseForm
          schema={prompt.form}
          hidden={hidden}
          value={value}
          onChange={onFormChange}
          errors={placed.fieldErrors}
          idPrefix={`${id}-response`}
          disabled={busy}
        />
      )}
      {prompt.form === null && !isApproval && (
        <JsonAnswerField
          id={`${id}-answer`}
          text={jsonText}
          problem={jsonProblem}
          disabled={busy}
          onChange={(text) => {
            setJsonText(text);
            if (jsonProblem !== null) {
              const parsed = parseJsonAnswer(text);
              setJsonProblem(parsed.ok ? null : parsed.message);
            }
          }}
        />
      )}
      {serverError !== null ? (
        <ErrorMessage
          title="Your decision was not recorded"
          error={{ ...serverError, issues: placed.general }}
        />
      ) : (
        placed.general.length > 0 && (
          <div className="error-box" role="alert">
            <strong>Check the answer</strong>
            <IssueList issues={placed.general} />
          </div>
        )
      )}
      <div className="decision-panel__buttons">
        {isApproval ? (
          <>
            {!rejectOnly && (
              <button
                type="button"
                className="button button--primary"
                disabled={busy}
                onClick={() => press('approved')}
              >
                {busy && lastPress === 'approved' ? 'Approving…' : 'Approve'}
              </button>
            )}
            <button
              type="button"
              className="button button--danger"
              disabled={busy}
              onClick={() => press('rejected')}
            >
              {busy && lastPress === 'rejected' ? 'Rejecting…' : 'Reject'}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => press('respond')}
          >
            {busy ? 'Sending…' : 'Respond'}
          </button>
        )}
      </div>
    </div>
  );
});
