import { memo } from 'react';
import { describeError, type ShownError, type ShownIssue } from '../api/errors';

interface ErrorMessageProps {
  /** What failed, e.g. "Could not import the file". */
  title: string;
  /** Anything a call threw, or an already described error. */
  error: unknown;
  onDismiss?: () => void;
}

const isShown = (error: unknown): error is ShownError =>
  typeof error === 'object' &&
  error !== null &&
  'message' in error &&
  'issues' in error &&
  Array.isArray(error.issues);

/** An inline error: the server's message and, when it names them, each field with its problem. */
export const ErrorMessage = memo(function ErrorMessage({
  title,
  error,
  onDismiss,
}: ErrorMessageProps) {
  const shown = isShown(error) ? error : describeError(error);
  return (
    <div className="error-box" role="alert">
      <div className="error-box__head">
        <strong>{title}</strong>
        {onDismiss !== undefined && (
          <button type="button" className="button button--quiet" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
      {shown.issues.length === 0 ? <p>{shown.message}</p> : <IssueList issues={shown.issues} />}
    </div>
  );
});

export const IssueList = memo(function IssueList({ issues }: { issues: readonly ShownIssue[] }) {
  return (
    <ul className="issue-list">
      {issues.map((issue, index) => (
        <li key={index}>
          {issue.field !== null && <code className="issue-list__field">{issue.field}</code>}{' '}
          {issue.message}
        </li>
      ))}
    </ul>
  );
});
