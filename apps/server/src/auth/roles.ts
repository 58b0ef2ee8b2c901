import { ROLES, type Role } from '../storage';

/**
 * What each role includes. Roles are a set per user; a role grants itself and what it lists.
 * `approver` does not include `editor`: people who sign off on runs need not change flows
 * (give both roles to someone who does both). `admin` includes every role.
 */
export const ROLE_INCLUDES: Readonly<Record<Role, readonly Role[]>> = {
  viewer: ['viewer'],
  editor: ['editor', 'viewer'],
  approver: ['approver', 'viewer'],
  admin: ROLES,
};

/** Whether a user holding `roles` may do what `needed` may. */
export function hasRole(roles: readonly Role[], needed: Role): boolean {
  return roles.some((role) => ROLE_INCLUDES[role].includes(needed));
}
