import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo } from 'react';
import { useTRPC } from '../api/trpc';
import { useSessionStore } from '../session/SessionContext';
import { ErrorMessage } from './ErrorMessage';
import { navigate } from './router';

/** Who is signed in (auth.me), and signing out (auth.signOut revokes this session's token). */
export const UserMenu = memo(function UserMenu() {
  const trpc = useTRPC();
  const session = useSessionStore();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      onSuccess: () => {
        session.clear('signedOut');
        queryClient.clear();
        navigate('/flows', { replace: true });
      },
    }),
  );
  const user = me.data?.user;
  return (
    <div className="user-menu">
      {user !== undefined && (
        <span className="user-menu__who" aria-label="Signed in as">
          <span className="user-menu__name">{user.name}</span>
          <span className="user-menu__roles">{user.roles.join(', ')}</span>
        </span>
      )}
      {me.isError && <span className="user-menu__error">Could not load your profile</span>}
      <button
        type="button"
        className="button button--quiet"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        {signOut.isPending ? 'Signing out…' : 'Sign out'}
      </button>
      {signOut.isError && (
        <div className="user-menu__popover">
          <ErrorMessage
            title="Could not sign out"
            error={signOut.error}
            onDismiss={signOut.reset}
          />
        </div>
      )}
    </div>
  );
});
