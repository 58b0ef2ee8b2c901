import { memo } from 'react';
import { Link } from '../app/Link';
import '../styles/approvals.css';
import { useApprovalsFeed } from './ApprovalsFeedProvider';

/** `Approvals` in the top bar, with the live count of prompts the user may decide. */
export const ApprovalsNavLink = memo(function ApprovalsNavLink({ current }: { current: boolean }) {
  const { state } = useApprovalsFeed();
  const count = state.prompts.length;
  const known = state.synced || count > 0;
  const label = !known
    ? 'Approvals'
    : `Approvals, ${count} waiting${state.synced ? '' : ' (reconnecting)'}`;
  return (
    <Link
      href="/approvals"
      className="top-bar__link"
      aria-current={current ? 'page' : undefined}
      aria-label={label}
    >
      Approvals
      {known && count > 0 && (
        <span
          className={`top-bar__badge${state.synced ? '' : ' top-bar__badge--stale'}`}
          data-testid="approvals-badge"
          aria-hidden="true"
        >
          {count}
        </span>
      )}
    </Link>
  );
});
