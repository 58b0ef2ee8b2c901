import { memo } from 'react';
import { toShownIssue } from '../api/errors';
import { IssueList } from '../app/ErrorMessage';
import { Link } from '../app/Link';
import { flowPath } from '../app/router';
import type { FlowNotice } from './flow-types';

/** The outcome of the last action; a saved draft's validation issues are listed. */
export const FlowNoticeView = memo(function FlowNoticeView({
  notice,
  onDismiss,
}: {
  notice: FlowNotice;
  onDismiss: () => void;
}) {
  const issues = notice.kind === 'created' ? notice.result.issues : [];
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  return (
    <div className={`notice${errors > 0 ? ' notice--warning' : ''}`} role="status">
      <div className="notice__head">
        {notice.kind === 'created' ? (
          <span>
            {notice.verb} <strong>{notice.result.flow.name}</strong>.{' '}
            <Link href={flowPath(notice.result.flow.id)}>Open it in the editor</Link>
          </span>
        ) : (
          <span>
            Deleted <strong>{notice.name}</strong>.
          </span>
        )}
        <button type="button" className="button button--quiet" onClick={onDismiss}>
          Dismiss
        </button>
      </div>
      {issues.length > 0 && (
        <>
          <p>
            Saved as a draft with {issues.length} {issues.length === 1 ? 'issue' : 'issues'}
            {errors > 0 ? ` (${errors} must be fixed before it can run)` : ''}:
          </p>
          <IssueList issues={issues.map(toShownIssue)} />
        </>
      )}
    </div>
  );
});
