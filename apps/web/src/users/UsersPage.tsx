import { useQuery } from '@tanstack/react-query';
import { useCallback, useId, useState } from 'react';
import { useTRPC } from '../api/trpc';
import { ErrorMessage } from '../app/ErrorMessage';
import '../styles/users.css';
import { AdminsOnly } from './AdminsOnly';
import { NewUserForm } from './NewUserForm';
import { SignInLinkPanel } from './SignInLinkPanel';
import { useAdminAccess } from './useAdminAccess';
import type { IssuedLink, ShownLink } from './user-types';
import { UsersTable } from './UsersTable';

/** `/users`: people and their roles. Admins invite people and change roles; others are told so. */
export function UsersPage() {
  const access = useAdminAccess();
  return (
    <main className="page" aria-labelledby="users-title">
      <h1 id="users-title" className="users-title">
        Users
      </h1>
      {access.status === 'loading' && (
        <p role="status" className="page-status">
          Loading…
        </p>
      )}
      {access.status === 'error' && (
        <ErrorMessage title="Could not load your profile" error={access.error} />
      )}
      {access.status === 'notAdmin' && <AdminsOnly name={access.name} roles={access.roles} />}
      {access.status === 'admin' && <UserAdmin meId={access.userId} />}
    </main>
  );
}

/** What an admin sees: the "New user" panel, the last link issued, and the table. */
function UserAdmin({ meId }: { meId: string }) {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  const [creating, setCreating] = useState(false);
  const [link, setLink] = useState<ShownLink | null>(null);
  const panelId = useId();

  const created = useCallback((issued: IssuedLink) => {
    setCreating(false);
    setLink({ issued, reason: 'created' });
  }, []);
  const renewed = useCallback((issued: IssuedLink) => setLink({ issued, reason: 'renewed' }), []);
  const closeForm = useCallback(() => setCreating(false), []);
  const dismissLink = useCallback(() => setLink(null), []);

  return (
    <>
      <div className="page__header">
        <p className="help">
          Invite people and choose what they may do. Each new person gets a one-time sign-in link
          for you to hand them.
        </p>
        <div className="page__actions">
          <button
            type="button"
            className="button button--primary"
            aria-expanded={creating}
            aria-controls={creating ? panelId : undefined}
            onClick={() => setCreating((open) => !open)}
          >
            New user
          </button>
        </div>
      </div>
      {creating && <NewUserForm id={panelId} onCreated={created} onClose={closeForm} />}
      {link !== null && (
        <SignInLinkPanel key={link.issued.signInUrl} link={link} onDismiss={dismissLink} />
      )}
      {users.isError && <ErrorMessage title="Could not load the users" error={users.error} />}
      {users.isPending ? (
        <p role="status" className="page-status">
          Loading users…
        </p>
      ) : (
        users.isSuccess && <UsersTable users={users.data} meId={meId} onLinkIssued={renewed} />
      )}
    </>
  );
}
