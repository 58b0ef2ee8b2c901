import { useMe } from '../approvals/useMe';
import { permissionsOf, type Permissions } from './permissions';

/**
 * The signed-in user's permissions; `undefined` until `auth.me` has answered (show no editing
 * control before then, rather than one that disappears).
 */
export function usePermissions(): Permissions | undefined {
  const me = useMe();
  return me === undefined ? undefined : permissionsOf(me.roles);
}
