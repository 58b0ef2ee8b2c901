import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../api/trpc';
import { isAdmin, type Role } from './roles';

export type AdminAccess =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'admin'; userId: string }
  | { status: 'notAdmin'; name: string; roles: readonly Role[] };

/** Whether the signed-in user may manage users, from `auth.me` (the user menu's query). */
export function useAdminAccess(): AdminAccess {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  if (me.isPending) return { status: 'loading' };
  if (me.isError) return { status: 'error', error: me.error };
  const { user } = me.data;
  return isAdmin(user.roles)
    ? { status: 'admin', userId: user.id }
    : { status: 'notAdmin', name: user.name, roles: user.roles };
}
